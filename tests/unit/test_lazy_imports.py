"""The embedded default (SQLite, no Redis) never loads the clients it does not use: the Redis
client, PostgreSQL's driver and the calendar library stay out of its memory (issue 15: peak RSS
of ``python -m bot run``), and come in where they are needed."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from cryptography.fernet import Fernet

PROBE = """
import asyncio, sys
from bot.config import load_settings
from bot.factory import create_bot, create_dispatcher, create_services
from bot.features import plugins

async def main():
    settings = load_settings()
    services = create_services(settings)
    bot = create_bot(settings)
    create_dispatcher(settings, services, plugins())
    print(" ".join(m for m in ("redis", "asyncpg", "icalendar") if m in sys.modules))
    from bot.features.events.ics import event_ics  # a calendar file asked for: loaded then
    await bot.session.close()
    await services.close()

asyncio.run(main())
"""


def test_the_embedded_default_builds_its_bot_without_redis_asyncpg_or_icalendar(
    tmp_path: Path,
) -> None:
    environment = {
        **os.environ,
        "BOT_TOKEN": "123456:TEST",
        "DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path / 'prichal.db'}",
        "PRICHAL_DATA_KEYS": Fernet.generate_key().decode(),
    }
    environment.pop("REDIS_URL", None)
    result = subprocess.run(
        [sys.executable, "-c", PROBE],
        capture_output=True,
        text=True,
        timeout=120,
        env=environment,
        cwd=Path(__file__).resolve().parents[2],
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.split() == [], f"loaded at start-up: {result.stdout}"
