"""Hostile import files: how fast they are refused, and how long another member waits meanwhile.

    python bench/hostile_import.py [--quick]

An admin sends files to the production dispatcher (``bot.factory``, embedded SQLite, the
in-memory Bot API of the tests) while another member sends ``/start`` at the same moment:

* **alias bomb** — the "billion laughs", 9 ** 8 values in a few hundred bytes (before issue 13
  it took 25 s and 1.8 GB at 7 levels and killed the bot at 8);
* **deep nesting** — 1,000 nested brackets;
* **big valid file** — a directory of groups close to the 2 MB a document may have: checked in
  a thread (the other member is answered meanwhile).

For each: milliseconds until the admin had the refusal (or the summary), and until the other
member had their answer. The last line is one JSON object: ``bomb_refused_ms``,
``bomb_other_member_ms``, ``deep_refused_ms``, ``deep_other_member_ms``, ``big_checked_ms``,
``big_other_member_ms``, ``big_bytes``.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bot import taxonomy  # noqa: E402
from bot.config import load_settings  # noqa: E402
from bot.db.crypto import configure_data_keys  # noqa: E402
from bot.factory import create_bot, create_dispatcher, create_services  # noqa: E402
from tests.support.databases import TEST_DATA_KEY, prepare  # noqa: E402
from tests.support.fake_telegram import BOT_TOKEN, FakeTelegram  # noqa: E402
from tests.support.story import Harness, Person  # noqa: E402

ADMIN = 1
OTHER = 2


def alias_bomb(levels: int = 8) -> bytes:
    lines = ['a: &a ["x","x","x","x","x","x","x","x","x"]']
    previous = "a"
    for level in range(levels):
        name = chr(ord("b") + level)
        lines.append(f"{name}: &{name} [" + ",".join([f"*{previous}"] * 9) + "]")
        previous = name
    return ("\n".join(lines) + "\n").encode()


def big_directory(target_bytes: int) -> bytes:
    rows: list[str] = []
    size = len("groups:\n")
    number = 0
    while size < target_bytes:
        row = (
            f"  - {{slug: ge-bench-{number}, title: Group {number}, "
            f"link: '@example_bench_{number}', country: GE, professions: [it, design], "
            f"languages: [ru, en], description: 'Portfolio reviews, jobs and meetups'}}\n"
        )
        rows.append(row)
        size += len(row.encode())
        number += 1
    return ("groups:\n" + "".join(rows)).encode()


async def timed(person: Person, action: Any) -> float:
    started = time.perf_counter()
    await action
    return (time.perf_counter() - started) * 1000


async def round_of(harness: Harness, name: str, content: bytes) -> tuple[float, float]:
    admin = harness.member(ADMIN, language_code="en")
    other = harness.member(OTHER + len(harness.telegram.requests), language_code="en")
    admin_ms, other_ms = await asyncio.gather(
        timed(admin, admin.send_document(content, f"{name}.yaml")),
        timed(other, other.send("/start")),
    )
    answer = admin.last.text.splitlines()
    assert "Choose your language" in other.last.text, other.last.text
    print(
        f"{name}: {len(content):,} bytes; admin answered in {admin_ms:.0f} ms ({answer[-1][:90]})"
    )
    print(f"{name}: another member answered in {other_ms:.0f} ms meanwhile")
    return admin_ms, other_ms


async def main(quick: bool) -> dict[str, float]:
    configure_data_keys([TEST_DATA_KEY])
    folder = Path(tempfile.mkdtemp(prefix="prichal-bench-"))
    url = await prepare(f"sqlite+aiosqlite:///{folder / 'prichal.db'}")
    settings = load_settings(
        environment=False,
        bot_token=BOT_TOKEN,
        telegram_api_url="http://telegram.invalid",
        database_url=url,
        admin_ids=str(ADMIN),
        PRICHAL_THROTTLE_RATE=1000,
        PRICHAL_THROTTLE_BURST=1000,
        PRICHAL_DATA_KEYS=TEST_DATA_KEY,
    )
    taxonomy.forget_cache()
    services = create_services(settings)
    telegram = FakeTelegram()
    bot = create_bot(settings, session=telegram)
    dispatcher = create_dispatcher(settings, services)
    harness = Harness(bot=bot, dispatcher=dispatcher, telegram=telegram, services=services)
    await harness.member(ADMIN, language_code="en").send("/start")
    figures: dict[str, float] = {}
    try:
        bomb = await round_of(harness, "alias-bomb", alias_bomb(8))
        deep = await round_of(harness, "deep-nesting", b"groups: " + b"[" * 1000 + b"]" * 1000)
        big_content = big_directory(300_000 if quick else 1_900_000)
        big = await round_of(harness, "big-valid", big_content)
        figures = {
            "bomb_refused_ms": round(bomb[0], 1),
            "bomb_other_member_ms": round(bomb[1], 1),
            "deep_refused_ms": round(deep[0], 1),
            "deep_other_member_ms": round(deep[1], 1),
            "big_checked_ms": round(big[0], 1),
            "big_other_member_ms": round(big[1], 1),
            "big_bytes": len(big_content),
        }
    finally:
        await services.close()
    return figures


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="a smaller big file")
    arguments = parser.parse_args()
    logging.basicConfig(level=logging.ERROR)
    print(json.dumps(asyncio.run(main(arguments.quick))))
