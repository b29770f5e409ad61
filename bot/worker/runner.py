"""Runs every job in a loop until stopped; several workers may run side by side.

Jobs claim their rows themselves (``FOR UPDATE SKIP LOCKED`` on PostgreSQL), so the runner
needs no coordination: it only paces the jobs and keeps one failure from stopping the rest.
"""

from __future__ import annotations

import asyncio
import logging
import os
import random
import socket

from aiogram import Bot

# The worker is a composition root: it hands the features' registries down to the jobs.
from bot.features import plugins as all_plugins
from bot.plugins import Job, JobContext, Plugins
from bot.services import Services
from bot.worker.builtin import builtin_jobs
from bot.worker.wake import CommitNotices, WakeUps

log = logging.getLogger(__name__)

# After a failure a job waits longer, up to this many seconds, so a broken dependency is
# not hammered.
MAX_BACKOFF = 300.0


def all_jobs(plugins: Plugins) -> list[Job]:
    """Every job: the shared layers' and each feature's (its descriptor's ``jobs``)."""
    return [*builtin_jobs(plugins), *plugins.jobs]


def commit_notices(services: Services, plugins: Plugins) -> CommitNotices | None:
    """On PostgreSQL, make this process's commits wake the jobs that watch what they wrote in
    every worker process (``NOTIFY``); the caller closes it. ``None`` on SQLite (one process)."""
    if services.engine.dialect.name != "postgresql":
        return None
    tables = {table for job in all_jobs(plugins) for table in job.wakes_on}
    return CommitNotices(services.sessions, tables)


class Worker:
    def __init__(
        self,
        services: Services,
        bot: Bot,
        jobs: list[Job] | None = None,
        plugins: Plugins | None = None,
    ) -> None:
        """``plugins`` defaults to every feature's; ``jobs`` to theirs and the built-in ones."""
        if plugins is None:
            plugins = all_plugins()
        self.context = JobContext(
            services=services,
            bot=bot,
            worker_id=f"{socket.gethostname()}:{os.getpid()}",
            plugins=plugins,
        )
        self.jobs = all_jobs(plugins) if jobs is None else jobs
        self._stop = self.context.stopping
        # Set while the worker hears other processes' commits (PostgreSQL: bot.worker.wake).
        self.listening = asyncio.Event()

    def stop(self) -> None:
        self._stop.set()

    async def run(self) -> None:
        """Run until :meth:`stop`; each job in its own loop."""
        log.info("worker %s: %d jobs", self.context.worker_id, len(self.jobs))
        services = self.context.services
        wake_ups = WakeUps(services.sessions)
        try:
            async with asyncio.TaskGroup() as group:
                for job in self.jobs:
                    woken = wake_ups.watch(job.wakes_on) if job.wakes_on else None
                    group.create_task(self._loop(job, woken), name=f"job:{job.name}")
                if services.engine.dialect.name == "postgresql":
                    # Commits of other processes (bot replicas): see bot.worker.wake.
                    group.create_task(
                        wake_ups.listen(services.engine, self._stop, self.listening),
                        name="worker:listen",
                    )
        finally:
            wake_ups.close()

    async def run_once(self) -> dict[str, int]:
        """Every job once, in order (tests and the CLI use this)."""
        return {job.name: await job.run(self.context) for job in self.jobs}

    async def _loop(self, job: Job, woken: asyncio.Event | None = None) -> None:
        # Spread the first rounds so replicas do not all wake at the same instant.
        delay = random.uniform(0, min(job.interval, 5.0))
        failures = 0
        while not await self._sleep(delay, woken):
            try:
                handled = await job.run(self.context)
                self.context.services.metrics.job_runs.labels(job.name, "ok").inc()
                failures = 0
                delay = 0.0 if handled and job.interval >= 1 and handled >= 100 else job.interval
            except Exception as error:
                self.context.services.metrics.job_runs.labels(job.name, "failed").inc()
                failures += 1
                delay = min(MAX_BACKOFF, job.interval * 2**failures)
                log.exception(
                    "job %s failed (%s); again in %.0fs", job.name, type(error).__name__, delay
                )

    async def _sleep(self, seconds: float, woken: asyncio.Event | None = None) -> bool:
        """Wait ``seconds`` (less when ``woken`` is set meanwhile); True when asked to stop."""
        if woken is None:
            try:
                await asyncio.wait_for(self._stop.wait(), timeout=seconds)
            except TimeoutError:
                return False
            return True
        waits = [asyncio.ensure_future(self._stop.wait()), asyncio.ensure_future(woken.wait())]
        try:
            await asyncio.wait(waits, timeout=seconds, return_when=asyncio.FIRST_COMPLETED)
        finally:
            for each in waits:
                each.cancel()
        woken.clear()
        return self._stop.is_set()
