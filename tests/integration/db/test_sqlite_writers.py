"""SQLite: the writers of one process take the write lock one at a time, in arrival order, each
woken when the one before it ends — never left to sqlite3's busy handler, which sleeps up to
100 ms between tries whether or not the lock was freed (``bot.db.engine.SqliteWriters``)."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable
from typing import Any

import pytest
from sqlalchemy import event, text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from bot.db.engine import acquire_within, create_engine, create_session_factory, sqlite_writers

BOUND = 30.0  # generous: a turn comes at once once the writer before it is done


@pytest.fixture
async def engine(sqlite_url: str) -> AsyncIterator[AsyncEngine]:
    engine = create_engine(sqlite_url)
    _statements[engine] = trace(engine)  # before its first connection
    async with engine.begin() as connection:
        await connection.execute(text("CREATE TABLE probe (n INTEGER PRIMARY KEY)"))
    yield engine
    await engine.dispose()
    del _statements[engine]


_statements: dict[AsyncEngine, list[tuple[str, str]]] = {}


def trace(engine: AsyncEngine) -> list[tuple[str, str]]:
    """Every statement SQLite itself runs, as (connection, statement) — ``BEGIN IMMEDIATE``
    included, and each try of it that found the lock taken."""
    seen: list[tuple[str, str]] = []
    names: dict[int, str] = {}

    def connected(dbapi_connection: Any, _record: Any) -> None:
        raw = dbapi_connection.driver_connection._conn  # aiosqlite's sqlite3 connection
        name = names.setdefault(id(raw), f"c{len(names) + 1}")
        raw.set_trace_callback(lambda statement: seen.append((name, statement)))

    event.listen(engine.sync_engine, "connect", connected)
    return seen


async def until(condition: Callable[[], bool]) -> None:
    """Wait (generously) until ``condition`` holds."""
    deadline = asyncio.get_running_loop().time() + BOUND
    while not condition():
        assert asyncio.get_running_loop().time() < deadline, "never happened"
        await asyncio.sleep(0.01)


async def write(
    sessions: async_sessionmaker[AsyncSession],
    n: int,
    wrote: asyncio.Event | None = None,
    go_on: asyncio.Event | None = None,
) -> None:
    async with sessions() as session:
        await session.execute(text("INSERT INTO probe (n) VALUES (:n)"), {"n": n})
        if wrote is not None:
            wrote.set()
        if go_on is not None:
            await asyncio.wait_for(go_on.wait(), BOUND)
        await session.commit()


async def test_a_second_writer_begins_only_after_the_first_committed(engine: AsyncEngine) -> None:
    statements = _statements[engine]
    statements.clear()
    sessions = create_session_factory(engine)
    first_wrote, first_may_commit = asyncio.Event(), asyncio.Event()
    first = asyncio.create_task(write(sessions, 1, first_wrote, first_may_commit))
    await asyncio.wait_for(first_wrote.wait(), BOUND)
    second = asyncio.create_task(write(sessions, 2))
    writers = sqlite_writers(engine)
    assert writers is not None
    await until(lambda: writers.waiting == 1)  # in line here, not in sqlite3's busy handler
    assert not second.done()

    first_may_commit.set()
    await asyncio.wait_for(asyncio.gather(first, second), BOUND)

    begins = [(name, s) for name, s in statements if s.startswith(("BEGIN", "COMMIT"))]
    assert [s for _, s in begins] == ["BEGIN IMMEDIATE", "COMMIT", "BEGIN IMMEDIATE", "COMMIT"]
    assert begins[0][0] != begins[2][0], "two connections wrote, one after the other"
    async with sessions() as session:
        assert (await session.execute(text("SELECT n FROM probe ORDER BY n"))).scalars().all() == [
            1,
            2,
        ]


async def test_a_writer_that_fails_gives_its_turn_to_the_next(engine: AsyncEngine) -> None:
    sessions = create_session_factory(engine)
    await write(sessions, 1)
    with pytest.raises(IntegrityError):
        await write(sessions, 1)  # the same key again: refused, rolled back
    await asyncio.wait_for(write(sessions, 2), BOUND)


async def test_a_connection_dropped_in_its_transaction_gives_its_turn_to_the_next(
    engine: AsyncEngine,
) -> None:
    async with engine.connect() as connection:
        await connection.execute(text("INSERT INTO probe (n) VALUES (1)"))
        await connection.invalidate()  # the pool discards it, transaction and all
    await asyncio.wait_for(write(create_session_factory(engine), 2), BOUND)


async def test_a_free_turn_is_taken_without_a_trip_round_the_event_loop() -> None:
    """Each trip round the loop waits behind every other member's work queued on it; a
    writer that finds the line empty goes straight on (``asyncio.wait_for`` made it a task
    of its own, and a trip, on Python 3.11)."""
    others_ran = asyncio.Event()
    asyncio.get_running_loop().call_soon(others_ran.set)
    lock = asyncio.Lock()
    await acquire_within(lock, BOUND)
    assert lock.locked()
    assert not others_ran.is_set()


async def test_a_turn_that_never_comes_ends_in_a_timeout() -> None:
    lock = asyncio.Lock()
    await lock.acquire()
    with pytest.raises(TimeoutError):
        await acquire_within(lock, 0.05)
    lock.release()
    await asyncio.wait_for(acquire_within(lock, BOUND), BOUND)  # the line is not stuck
