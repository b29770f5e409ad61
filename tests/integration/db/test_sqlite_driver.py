"""SQLite: each statement is one hand-off to aiosqlite's thread (``bot.db.sqlite_driver``), with
everything SQLAlchemy reads afterwards — rows, counts, new ids, errors — as with SQLAlchemy's
own adapter, and the event loop free while a statement runs."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Iterator
from typing import Any

import aiosqlite
import pytest
from sqlalchemy import Column, Integer, MetaData, String, Table, insert, select, text, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine

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
