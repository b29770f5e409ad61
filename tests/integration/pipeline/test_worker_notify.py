"""On PostgreSQL a bot replica and the worker are separate processes: a commit that wrote a table
a job watches tells every worker (NOTIFY), which wakes the job at once instead of after its
interval; a rollback tells nobody."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import asyncpg
import pytest

from bot.db.models import Member
from bot.db.uow import unit_of_work
from bot.plugins import Job, JobContext
from bot.worker.runner import Worker
from bot.worker.wake import WAKE_CHANNEL, CommitNotices
from tests.conftest import HarnessFactory

pytestmark = pytest.mark.postgres


def _dsn(url: str) -> str:
    return url.replace("postgresql+asyncpg://", "postgresql://", 1)


@pytest.fixture
async def listener(pg_url: str) -> AsyncIterator[asyncio.Queue[str]]:
    """What another process listening on the wake-up channel hears, in order."""
    heard: asyncio.Queue[str] = asyncio.Queue()
    connection = await asyncpg.connect(_dsn(pg_url))
    await connection.add_listener(WAKE_CHANNEL, lambda *args: heard.put_nowait(args[3]))
    yield heard
    await connection.close()


async def test_a_commit_to_a_watched_table_is_announced_and_a_rollback_is_not(
    make_harness: HarnessFactory, pg_url: str, listener: asyncio.Queue[str]
) -> None:
    harness = await make_harness(pg_url)
    notices = CommitNotices(harness.services.sessions, {"members", "fsm_states"})
    sessions = harness.services.sessions
    try:
        try:
            async with unit_of_work(sessions) as session:
                session.add(Member(id=4343, locale="en"))
                await session.flush()
                raise LookupError("changed my mind")
        except LookupError:
            pass
        async with unit_of_work(sessions) as session:
            session.add(Member(id=4343, locale="en"))
        # The first thing heard is the commit, not the rolled-back write before it.
        assert await asyncio.wait_for(listener.get(), 30) == "members"
        assert listener.empty()
    finally:
        notices.close()


async def test_a_worker_wakes_on_another_process_notice(
    make_harness: HarnessFactory, pg_url: str
) -> None:
    harness = await make_harness(pg_url)
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
    other_process = await asyncpg.connect(_dsn(pg_url))
    try:
        await asyncio.wait_for(worker.listening.wait(), 30)
        # Listening wakes every watched job once (a notice may have been missed before): the
        # job runs once more after this, whatever it was doing.
        listened_at = len(rounds)
        for _ in range(600):
            if len(rounds) > listened_at:
                break
            await asyncio.sleep(0.05)
        ran.clear()
        done = len(rounds)

        # Another process (no session of this one) commits a member: only NOTIFY can tell.
        await other_process.execute("SELECT pg_notify($1, 'members')", WAKE_CHANNEL)
        await asyncio.wait_for(ran.wait(), 30)
        assert len(rounds) == done + 1
    finally:
        await other_process.close()
        worker.stop()
        await asyncio.wait_for(running, 30)
