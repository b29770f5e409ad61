"""PostgreSQL's pool asks the server whether a connection is alive only after it sat idle.

An update checks a connection out again after each Bot API call (commit before speaking); a
ping on every checkout cost a BEGIN / ``;`` / ROLLBACK round trip each time.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.db import engine as engine_module
from bot.db.engine import create_engine
from tests.support.databases import pg_connect

pytestmark = pytest.mark.postgres


@pytest.fixture
async def engine(pg_url: str) -> AsyncIterator[AsyncEngine]:
    built = create_engine(pg_url, pool_size=1)
    yield built
    await built.dispose()


def count_pings(engine: AsyncEngine) -> list[int]:
    """Count the dialect's pings (the pool's own check of a connection) on this engine."""
    pings: list[int] = []
    dialect: Any = engine.sync_engine.dialect
    real = dialect.do_ping

    def counting(dbapi_connection: Any) -> bool:
        pings.append(1)
        return bool(real(dbapi_connection))

    dialect.do_ping = counting
    return pings


async def backend_pid(engine: AsyncEngine) -> int:
    async with engine.connect() as connection:
        return int((await connection.execute(text("SELECT pg_backend_pid()"))).scalar_one())


async def terminate(pg_url: str, pid: int) -> None:
    admin = await pg_connect(pg_url)
    try:
        await admin.execute("SELECT pg_terminate_backend($1)", pid)
    finally:
        await admin.close()


async def test_a_connection_back_in_the_pool_just_now_is_used_without_a_ping(
    engine: AsyncEngine,
) -> None:
    pings = count_pings(engine)
    first = await backend_pid(engine)
    for _ in range(5):
        assert await backend_pid(engine) == first
    assert pings == []


async def test_a_connection_that_died_while_idle_is_replaced_before_it_is_used(
    engine: AsyncEngine, pg_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    pings = count_pings(engine)
    dead = await backend_pid(engine)
    await terminate(pg_url, dead)
    # As if it had sat in the pool longer than the idle bound.
    monkeypatch.setattr(engine_module, "IDLE_BEFORE_PING_SECONDS", 0.0)

    fresh = await backend_pid(engine)

    assert fresh != dead
    assert len(pings) == 1


async def test_a_connection_killed_within_the_idle_bound_fails_one_statement_only(
    engine: AsyncEngine, pg_url: str
) -> None:
    dead = await backend_pid(engine)
    await terminate(pg_url, dead)

    with pytest.raises(DBAPIError) as failure:
        await backend_pid(engine)
    assert failure.value.connection_invalidated

    assert await backend_pid(engine) != dead
