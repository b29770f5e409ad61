"""SQLite: each statement is one hand-off to aiosqlite's thread (``bot.db.sqlite_driver``), with
everything SQLAlchemy reads afterwards — rows, counts, new ids, errors — as with SQLAlchemy's
own adapter, and the event loop free while a statement runs."""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import AsyncIterator, Iterator
from typing import Any

import aiosqlite
import pytest
from sqlalchemy import (
    Column,
    Integer,
    MetaData,
    String,
    Table,
    event,
    insert,
    select,
    text,
    update,
)
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine

from bot.db import engine as engine_module
from bot.db.engine import create_engine

BOUND = 30.0  # generous: how long a slow query may take on a busy machine

metadata = MetaData()
notes = Table(
    "notes",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("body", String, nullable=False, unique=True),
)


@pytest.fixture
async def engine(sqlite_url: str) -> AsyncIterator[AsyncEngine]:
    engine = create_engine(sqlite_url)
    async with engine.begin() as connection:
        await connection.run_sync(metadata.create_all)
    yield engine
    await engine.dispose()


@pytest.fixture
def hand_offs() -> Iterator[list[str]]:
    """Every call aiosqlite hands to its thread, by the called function's name (the real calls
    are made: this only counts them)."""
    seen: list[str] = []
    real = aiosqlite.Connection._execute

    async def counted(self: aiosqlite.Connection, fn: Any, *args: Any, **kwargs: Any) -> Any:
        seen.append(getattr(fn, "__name__", repr(fn)))
        return await real(self, fn, *args, **kwargs)

    aiosqlite.Connection._execute = counted  # type: ignore[method-assign]
    try:
        yield seen
    finally:
        aiosqlite.Connection._execute = real  # type: ignore[method-assign]


async def test_a_read_is_one_hand_off_to_the_thread(
    engine: AsyncEngine, hand_offs: list[str]
) -> None:
    async with engine.connect() as connection:
        await connection.execute(text("SELECT 1"))  # the connection is open from here on
        hand_offs.clear()
        rows = (await connection.execute(select(notes.c.id))).all()
        assert rows == []
        assert len(hand_offs) == 1, hand_offs


async def test_sqlalchemys_own_adapter_takes_more_hand_offs(
    sqlite_url: str, hand_offs: list[str]
) -> None:
    """What the driver saves (and that the count above can fail): open, execute, fetch, close."""
    stock = create_async_engine(sqlite_url)
    try:
        async with stock.connect() as connection:
            await connection.execute(text("SELECT 1"))
            hand_offs.clear()
            await connection.execute(text("SELECT 1"))
            assert len(hand_offs) >= 3, hand_offs
    finally:
        await stock.dispose()


async def test_rows_counts_and_new_ids_come_back(engine: AsyncEngine) -> None:
    async with engine.begin() as connection:
        first = await connection.execute(insert(notes).values(body="first"))
        assert first.inserted_primary_key == (1,)  # lastrowid
        await connection.execute(insert(notes), [{"body": "second"}, {"body": "third"}])
        returned = await connection.execute(
            insert(notes).values(body="fourth").returning(notes.c.id, notes.c.body)
        )
        assert returned.all() == [(4, "fourth")]
        changed = await connection.execute(
            update(notes).where(notes.c.id > 2).values(body=notes.c.body + "!")
        )
        assert changed.rowcount == 2
    async with engine.connect() as connection:
        rows = (await connection.execute(select(notes.c.body).order_by(notes.c.id))).scalars()
        assert list(rows) == ["first", "second", "third!", "fourth!"]
        streamed = await connection.stream(select(notes.c.id).order_by(notes.c.id))
        assert [row.id async for row in streamed] == [1, 2, 3, 4]


async def test_an_error_is_sqlalchemys_and_the_connection_goes_on(engine: AsyncEngine) -> None:
    async with engine.begin() as connection:
        await connection.execute(insert(notes).values(body="once"))
    with pytest.raises(IntegrityError):
        async with engine.begin() as connection:
            await connection.execute(insert(notes).values(body="once"))
    async with engine.connect() as connection:
        count = await connection.scalar(text("SELECT count(*) FROM notes"))
        assert count == 1


async def test_a_long_query_leaves_the_event_loop_free(engine: AsyncEngine) -> None:
    """The statement still runs in aiosqlite's thread: members' other updates go on."""
    ticks = 0
    query_done = asyncio.Event()

    async def tick() -> None:
        nonlocal ticks
        while not query_done.is_set():
            ticks += 1
            await asyncio.sleep(0)

    ticker = asyncio.create_task(tick())
    slow = text(
        "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 3000000) "
        "SELECT count(*) FROM n"
    )
    async with engine.connect() as connection:
        await connection.execute(text("SELECT 1"))
        before = ticks
        counted = await asyncio.wait_for(connection.scalar(slow), BOUND)
        during = ticks - before
    query_done.set()
    await ticker
    assert counted == 3_000_000
    # The ticker runs once per pass of the loop: a query run on the loop itself would have
    # allowed one or two passes; in the thread, the loop went round while SQLite counted.
    assert during > 100, during


async def test_a_write_transaction_begins_in_the_same_hand_off_as_its_first_write(
    engine: AsyncEngine, hand_offs: list[str]
) -> None:
    """``BEGIN IMMEDIATE`` goes with the first write: the write lock is held one trip round
    the event loop fewer, and the transaction is as atomic as before."""
    async with engine.connect() as connection:
        await connection.execute(text("SELECT 1"))  # the connection is open from here on
        await connection.commit()
        hand_offs.clear()
        async with connection.begin() as transaction:
            await connection.execute(insert(notes).values(body="kept back"))
            assert len(hand_offs) == 1, hand_offs  # BEGIN IMMEDIATE and INSERT together
            async with engine.connect() as other:  # another member's read meanwhile
                assert await other.scalar(text("SELECT count(*) FROM notes")) == 0
            await transaction.rollback()
    async with engine.begin() as connection:
        await connection.execute(insert(notes).values(body="kept"))
    async with engine.connect() as connection:
        rows = (await connection.execute(select(notes.c.body))).scalars().all()
    assert rows == ["kept"]


async def test_a_begin_that_finds_the_lock_taken_fails_its_write_and_frees_the_turn(
    sqlite_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Another process holds SQLite's write lock past the busy timeout: the write fails with
    "database is locked" (as before, when BEGIN ran on its own), nothing of it is kept, and
    the next writer of this process gets its turn once the other process is done."""
    monkeypatch.setattr(engine_module, "SQLITE_BUSY_SECONDS", 0.2)
    engine = create_engine(sqlite_url)
    try:
        async with engine.begin() as connection:
            await connection.run_sync(metadata.create_all)
        other_process = sqlite3.connect(sqlite_url.removeprefix("sqlite+aiosqlite:///"))
        other_process.execute("BEGIN IMMEDIATE")
        with pytest.raises(OperationalError, match="database is locked"):
            async with engine.begin() as connection:
                await connection.execute(insert(notes).values(body="refused"))
        other_process.rollback()
        other_process.close()
        async with engine.begin() as connection:
            await asyncio.wait_for(connection.execute(insert(notes).values(body="next")), BOUND)
        async with engine.connect() as connection:
            rows = (await connection.execute(select(notes.c.body))).scalars().all()
        assert rows == ["next"]
    finally:
        await engine.dispose()


async def test_members_reading_at_once_reuse_the_pools_connections(engine: AsyncEngine) -> None:
    """Opening a SQLite connection starts a thread and sets it up (3–4 ms of the event loop's
    time, 20 times a second at a community's peak): the pool keeps as many as ten members
    reading at once use, instead of closing what it had beyond five."""
    opened = 0

    def connected(*_: Any) -> None:
        nonlocal opened
        opened += 1

    event.listen(engine.sync_engine, "connect", connected)

    async def read(ready: asyncio.Barrier) -> None:
        async with engine.connect() as connection:
            await connection.execute(text("SELECT 1"))
            await asyncio.wait_for(ready.wait(), BOUND)  # everyone holds one at once

    async def round_of_ten() -> None:
        ready = asyncio.Barrier(10)
        await asyncio.gather(*(read(ready) for _ in range(10)))

    await round_of_ten()
    after_the_first = opened
    await round_of_ten()
    await round_of_ten()
    assert opened == after_the_first
