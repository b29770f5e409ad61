"""Real databases for tests: a migrated SQLite file per test, PostgreSQL and Redis when reachable.

The schema always comes from ``alembic upgrade head`` (once per session, into a template that
each test copies: a file for SQLite, ``CREATE DATABASE ... TEMPLATE`` for PostgreSQL).
Without PostgreSQL or Redis the tests that need them skip with the reason — except under
``CI=true``, where a missing service is a failure.
"""

from __future__ import annotations

import asyncio
import os
import uuid

import asyncpg
import pytest
from redis.asyncio import Redis
from sqlalchemy.engine import make_url

from bot.content.loader import load_starter_content
from bot.db.engine import create_engine, create_session_factory
from bot.db.migrate import upgrade
from bot.db.uow import unit_of_work
from bot.features import plugins

# A Fernet key for the tests' databases (never a real one: it is in the source).
TEST_DATA_KEY = "cHJpY2hhbC10ZXN0cy1rZXktMDEyMzQ1Njc4OWFiY2Q="
DEFAULT_PG = "postgresql+asyncpg://postgres@127.0.0.1:5432/postgres"
DEFAULT_REDIS = "redis://127.0.0.1:6379/0"
IN_CI = os.environ.get("CI", "").lower() == "true"


def pg_admin_url() -> str:
    return os.environ.get("TEST_DATABASE_URL", DEFAULT_PG)


def redis_url() -> str:
    return os.environ.get("TEST_REDIS_URL", DEFAULT_REDIS)


def redis_test_db_url() -> str:
    """The Redis database of this test run (``TEST_REDIS_DB``, default 15): concurrent runs on
    one machine pick different numbers. Under pytest-xdist each worker takes the next lower
    number (gw0 → 15, gw1 → 14, ...), so workers never empty each other's database."""
    base = int(os.environ.get("TEST_REDIS_DB", "15"))
    worker = os.environ.get("PYTEST_XDIST_WORKER", "gw0").removeprefix("gw")
    number = base - (int(worker) if worker.isdigit() else 0)
    return redis_url().rsplit("/", 1)[0] + "/" + str(number % 16)


def unavailable(service: str, error: BaseException) -> None:
    """Skip — or, under CI=true, fail — when a service the test needs is not running."""
    reason = f"{service} is not reachable ({type(error).__name__}: {error})"
    if IN_CI:
        pytest.fail(f"{reason}; CI=true requires it", pytrace=False)
    pytest.skip(f"{reason}; set TEST_DATABASE_URL / TEST_REDIS_URL or start it")


async def prepare(url: str, *, seed: bool = True) -> str:
    """``alembic upgrade head`` and, unless told otherwise, the starter content."""
    engine = create_engine(url)
    try:
        await upgrade(engine)
        if seed:
            async with unit_of_work(create_session_factory(engine)) as session:
                await load_starter_content(session, plugins().starter_content)
    finally:
        await engine.dispose()
    return url


def _dsn(url: str, database: str | None = None) -> str:
    parsed = make_url(url).set(drivername="postgresql")
    if database is not None:
        parsed = parsed.set(database=database)
    return parsed.render_as_string(hide_password=False)


async def pg_connect(url: str) -> asyncpg.Connection:
    return await asyncio.wait_for(asyncpg.connect(_dsn(url)), timeout=5)


class PgTemplates:
    """Creates throwaway PostgreSQL databases, each a copy of one migrated template."""

    def __init__(self, admin_url: str) -> None:
        self.admin_url = admin_url
        self.template: str | None = None
        self.created: list[str] = []

    async def _ensure_template(self) -> str:
        if self.template is None:
            name = f"prichal_tpl_{uuid.uuid4().hex[:10]}"
            admin = await pg_connect(self.admin_url)
            try:
                await admin.execute(f'CREATE DATABASE "{name}"')
            finally:
                await admin.close()
            self.created.append(name)
            await prepare(self.url_of(name))
            self.template = name
        return self.template

    def url_of(self, database: str) -> str:
        return (
            make_url(self.admin_url)
            .set(drivername="postgresql+asyncpg", database=database)
            .render_as_string(hide_password=False)
        )

    async def new_database(self, *, migrated: bool = True) -> str:
        name = f"prichal_test_{uuid.uuid4().hex[:10]}"
        admin = await pg_connect(self.admin_url)
        try:
            if migrated:
                template = await self._ensure_template()
                await admin.execute(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
            else:
                await admin.execute(f'CREATE DATABASE "{name}"')
        finally:
            await admin.close()
        self.created.append(name)
        return self.url_of(name)

    async def drop(self, url: str) -> None:
        name = make_url(url).database
        admin = await pg_connect(self.admin_url)
        try:
            await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        finally:
            await admin.close()
        if name in self.created:
            self.created.remove(name)

    async def drop_all(self) -> None:
        for name in list(reversed(self.created)):
            await self.drop(self.url_of(name))


async def redis_reachable(url: str) -> Redis:
    client = Redis.from_url(url)
    await asyncio.wait_for(client.ping(), timeout=3)
    return client
