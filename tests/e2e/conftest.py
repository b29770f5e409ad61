"""End to end: the emulator and the real bot, each its own process, for the whole session.

``python -m bot.emulator`` stands in for Telegram; ``python -m bot run`` is the bot exactly as
deployed (``TELEGRAM_API_URL`` names the emulator, a fresh SQLite file is its database, one
bootstrap admin in ``ADMIN_IDS``). Tests get the :func:`e2e` fixture and play people through
the control API (see :mod:`tests.support.e2e`); features add their own ``tests/e2e/test_*.py``.

When the session ends the bot must stop cleanly on SIGINT, must have logged no error, and the
emulator must have refused none of its Bot API calls — except those a test announced with
``e2e.expect_refusal(...)``.
"""

from __future__ import annotations

import json
import signal
import time
import urllib.request
from collections.abc import AsyncIterator, Iterator
from typing import Any

import pytest

from bot.emulator import EmulatorClient
from tests.support.databases import TEST_DATA_KEY
from tests.support.e2e import E2E, Stack, unexpected_refusals
from tests.support.processes import Child, clean_env

BOT_TOKEN = "123456:TEST"
ADMIN_ID = 700_000_000
START_TIMEOUT = 120.0  # imports and migrations on a machine shared with other test runs


def get_json(url: str) -> Any:
    with urllib.request.urlopen(url, timeout=10) as response:
        return json.load(response)


def wait_until_polling(url: str, bot: Child) -> None:
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if bot.process.poll() is not None:
            raise AssertionError(f"the bot exited with {bot.process.returncode}\n{bot.output()}")
        if get_json(url + "/_emulator/stats")["calls"].get("getUpdates"):
            return
        time.sleep(0.1)
    raise AssertionError(f"the bot did not start polling in {START_TIMEOUT} s\n{bot.output()}")


def logged_errors(log: str) -> list[str]:
    return [line for line in log.splitlines() if " ERROR " in line or " CRITICAL " in line]


@pytest.fixture(scope="session")
def e2e_stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    """The emulator and ``python -m bot run`` as processes, shared by every e2e test."""
    folder = tmp_path_factory.mktemp("e2e")
    emulator = Child(
        ["-m", "bot.emulator", "--host", "127.0.0.1", "--port", "0", "--bot-token", BOT_TOKEN],
        env=clean_env(),
        cwd=folder,
        log=folder / "emulator.log",
    )
    bot: Child | None = None
    try:
        url = emulator.wait_for_line(r"Telegram Bot API emulator: (http://\S+)").group(1)
        database_url = f"sqlite+aiosqlite:///{folder / 'prichal.db'}"
        bot = Child(
            ["-m", "bot", "run"],
            env=clean_env(
                BOT_TOKEN=BOT_TOKEN,
                TELEGRAM_API_URL=url,
                DATABASE_URL=database_url,
                ADMIN_IDS=str(ADMIN_ID),
                DEFAULT_LOCALE="en",
                LOG_LEVEL="INFO",
                # People here press buttons faster than people do; flood control has its tests.
                PRICHAL_THROTTLE_RATE="1000",
                PRICHAL_THROTTLE_BURST="1000",
                # The tests read the bot's database too: the same keys for encrypted columns.
                PRICHAL_DATA_KEYS=TEST_DATA_KEY,
            ),
            cwd=folder,
            log=folder / "bot.log",
        )
        wait_until_polling(url, bot)
        stack = Stack(url, database_url, ADMIN_ID, bot.log)
        yield stack

        stats = get_json(url + "/_emulator/stats")
        exit_code = bot.stop(signal.SIGINT)
        bot_log = bot.stderr()
        assert emulator.stop(signal.SIGINT) == 0, emulator.output()
        assert exit_code == 0, f"the bot did not stop cleanly on SIGINT\n{bot.output()}"
        assert logged_errors(bot_log) == [], f"the bot logged errors\n{bot_log[-6000:]}"
        refused = unexpected_refusals(stats["refusals"], stack.expected_refusals)
        assert refused == [], f"the emulator refused calls of the bot: {refused}"
        assert sum(stats["errors"].values()) == len(stats["refusals"]), stats["errors"]
    finally:
        for child in (bot, emulator):
            if child is not None:
                child.kill()


@pytest.fixture
async def e2e(e2e_stack: Stack) -> AsyncIterator[E2E]:
    """People, the emulator's control client and the bot's database, for one test."""
    async with EmulatorClient(e2e_stack.url) as client:
        world = E2E(e2e_stack, client)
        try:
            yield world
        finally:
            await world.close()
