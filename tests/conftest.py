"""Shared fixtures: real databases, and a harness that plays members through the Dispatcher."""

from __future__ import annotations

import asyncio
import logging
import shutil
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from bot import taxonomy
from bot.config import Settings, load_settings
from bot.db.crypto import configure_data_keys
from bot.factory import create_bot, create_dispatcher, create_services
from bot.features.faq import service as faq_service
from bot.plugins import Plugins
from tests.support.databases import (
    TEST_DATA_KEY,
    PgTemplates,
    pg_admin_url,
    pg_connect,
    prepare,
    redis_reachable,
    redis_test_db_url,
    unavailable,
)
from tests.support.fake_telegram import BOT_TOKEN, FakeTelegram
from tests.support.story import Harness

HarnessFactory = Callable[..., Awaitable[Harness]]


@pytest.fixture(scope="session", autouse=True)
def data_keys() -> None:
    """Encrypted columns readable from the first test on, harness or not."""
    configure_data_keys([TEST_DATA_KEY])


@pytest.fixture(scope="session", autouse=True)
def patient_faq_index() -> Iterator[None]:
    """A question asked right after a moderator's edit waits for the rebuilt index however busy
    the machine is (the bot answers from the previous index after 5 s; a story must see the
    edit, and xdist workers beside other work may take longer than that to build it)."""
    previous, faq_service.REBUILD_WAIT_SECONDS = faq_service.REBUILD_WAIT_SECONDS, 300.0
    yield
    faq_service.REBUILD_WAIT_SECONDS = previous


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("template") / "template.db"
    asyncio.run(prepare(f"sqlite+aiosqlite:///{path}"))
    return path


@pytest.fixture
def sqlite_url(sqlite_template: Path, tmp_path: Path) -> str:
    """A migrated, seeded SQLite file of this test's own."""
    path = tmp_path / "prichal.db"
    shutil.copyfile(sqlite_template, path)
    return f"sqlite+aiosqlite:///{path}"


@pytest.fixture(scope="session")
def pg_templates() -> Iterator[PgTemplates | BaseException]:
    async def probe() -> None:
        connection = await pg_connect(pg_admin_url())
        await connection.close()

    try:
        asyncio.run(probe())
    except (TimeoutError, OSError, Exception) as error:
        yield error
        return
    templates = PgTemplates(pg_admin_url())
    yield templates
    asyncio.run(templates.drop_all())


@pytest.fixture
async def pg_url(pg_templates: PgTemplates | BaseException) -> AsyncIterator[str]:
    """A migrated, seeded PostgreSQL database of this test's own (dropped afterwards)."""
    if isinstance(pg_templates, BaseException):
        unavailable("PostgreSQL", pg_templates)
    assert isinstance(pg_templates, PgTemplates)
    url = await pg_templates.new_database()
    yield url
    await pg_templates.drop(url)


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def database_url(request: pytest.FixtureRequest) -> str:
    """Runs the test on both backends."""
    if request.param == "sqlite":
        return str(request.getfixturevalue("sqlite_url"))
    return str(request.getfixturevalue("pg_url"))


@pytest.fixture
async def redis_test_url() -> AsyncIterator[str]:
    """A Redis database of the tests' own (``TEST_REDIS_DB``, default 15), emptied before and
    after the test; concurrent test runs on one machine pick different numbers."""
    url = redis_test_db_url()
    try:
        client = await redis_reachable(url)
    except Exception as error:
        unavailable("Redis", error)
    await client.flushdb()
    yield url
    await client.flushdb()
    await client.aclose()


def test_settings(database_url: str, **overrides: Any) -> Settings:
    values: dict[str, Any] = {
        "bot_token": BOT_TOKEN,
        "telegram_api_url": "http://telegram.invalid",
        "database_url": database_url,
        "redis_url": None,
        "admin_ids": "",
        "default_locale": "en",
        # Stories press buttons faster than people; flood control has its own tests.
        "PRICHAL_THROTTLE_RATE": 1000,
        "PRICHAL_THROTTLE_BURST": 1000,
        # One key for every test database (the key file of the embedded default has its own
        # tests), so rows written by one engine read with another in the same process.
        "PRICHAL_DATA_KEYS": TEST_DATA_KEY,
    }
    values.update(overrides)
    return load_settings(**values)


@pytest.fixture
async def make_harness(
    sqlite_url: str, caplog: pytest.LogCaptureFixture
) -> AsyncIterator[HarnessFactory]:
    """Build the production wiring (``bot.factory``) on a test database; fake only the network."""
    built: list[Harness] = []

    async def build(
        database_url: str | None = None,
        plugins: Plugins | None = None,
        telegram: FakeTelegram | None = None,
        **overrides: Any,
    ) -> Harness:
        settings = test_settings(database_url or sqlite_url, **overrides)
        taxonomy.forget_cache()
        services = create_services(settings)
        telegram = telegram or FakeTelegram()
        bot = create_bot(settings, session=telegram)
        dispatcher = create_dispatcher(settings, services, plugins)
        await dispatcher.emit_startup(bot=bot, dispatcher=dispatcher, **dispatcher.workflow_data)
        harness = Harness(bot=bot, dispatcher=dispatcher, telegram=telegram, services=services)
        built.append(harness)
        return harness

    caplog.set_level(logging.WARNING)
    yield build
    for harness in built:
        await harness.dispatcher.emit_shutdown(
            bot=harness.bot, dispatcher=harness.dispatcher, **harness.dispatcher.workflow_data
        )
        await harness.services.close()
    failures = [
        r for r in caplog.records if r.levelno >= logging.ERROR and r.name.startswith("bot")
    ]
    assert not failures, f"the bot logged errors: {[r.getMessage() for r in failures]}"


@pytest.fixture
async def harness(make_harness: HarnessFactory) -> Harness:
    """The default world: SQLite, no Redis, admin 1."""
    return await make_harness(admin_ids="1")
