"""The embedded worker: idle rounds take no write lock, and a commit of the tables a job
serves wakes it at once instead of after its interval."""

from __future__ import annotations

import asyncio
from typing import Any

from sqlalchemy import event

from bot.db.models import Member
from bot.db.uow import unit_of_work
from bot.features import plugins
from bot.plugins import Job, JobContext
from bot.worker.runner import Worker, all_jobs
from tests.support.story import Harness

# listings.notices (every 30 s) still writes on an idle round (it drops stale claims with a
# DELETE): left to the listings feature, see the closing note of issue 15.
# outbox.deliver delivers the broadcasts' feed too (bot.outbox.engine).
FREQUENT = ("events.notices", "chats.actions", "outbox.deliver")


async def test_idle_rounds_of_the_frequent_jobs_take_no_write_lock(harness: Harness) -> None:
    statements: list[str] = []

    def executed(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        statements.append(statement.lstrip()[:20].upper())

    jobs = [job for job in all_jobs(plugins()) if job.name in FREQUENT]
    assert len(jobs) == len(FREQUENT)
    worker = Worker(harness.services, harness.bot, jobs=jobs)
    engine = harness.services.engine.sync_engine
    event.listen(engine, "before_cursor_execute", executed)
    try:
        handled = await worker.run_once()
    finally:
        event.remove(engine, "before_cursor_execute", executed)
    assert handled == dict.fromkeys(FREQUENT, 0)
    assert statements, "the jobs read nothing"
    assert not [s for s in statements if s.startswith(("BEGIN", "INSERT", "UPDATE", "DELETE"))]


async def test_a_commit_to_a_watched_table_wakes_the_job_and_a_rollback_does_not(
    harness: Harness,
) -> None:
    rounds: list[int] = []
    ran = asyncio.Event()

    async def count(_context: JobContext) -> int:
        rounds.append(1)
        ran.set()
        return 0

    # An hour between rounds: only a wake-up can run it again within the test.
    job = Job("test.members", count, interval=3600.0, wakes_on=("members",))
    worker = Worker(harness.services, harness.bot, jobs=[job])
    running = asyncio.create_task(worker.run())
    try:
        await asyncio.wait_for(ran.wait(), 30)  # the first round comes within 5 s
        ran.clear()

        sessions = harness.services.sessions
        try:
            async with unit_of_work(sessions) as session:
                session.add(Member(id=4242, locale="en"))
                await session.flush()
                raise LookupError("changed my mind")
        except LookupError:
            pass
        await asyncio.sleep(0.5)  # a wake-up, if any, would have run by now
        assert len(rounds) == 1, "a rolled-back write woke the job"

        async with unit_of_work(sessions) as session:
            session.add(Member(id=4242, locale="en"))
        await asyncio.wait_for(ran.wait(), 30)
        assert len(rounds) == 2
    finally:
        worker.stop()
        await asyncio.wait_for(running, 30)
