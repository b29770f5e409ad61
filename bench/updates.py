"""Dispatcher benchmark: the full Prichal dispatcher against a bare aiogram echo dispatcher.

    python bench/updates.py [--quick]

Both dispatchers get the same stream of updates (members onboarding by pressing buttons and
typing, then using the menu: a mix of messages and callback queries), fed one at a time with
``Dispatcher.feed_update`` — the work a polling loop or a webhook hands to aiogram. The network
is the in-memory Bot API of the tests (``tests/support/fake_telegram.py``, which still runs the
real Bot methods, serialisation and response parsing), so what is measured is aiogram plus our
middlewares, handlers and database — not a network.

* **echo** — ``Dispatcher()`` with one message handler that answers the text and one callback
  handler that answers the query: aiogram's own cost per update.
* **prichal** — ``bot.factory.create_dispatcher`` (the production wiring: throttling, one DB
  session per update, member loader, i18n, ban gate, SQL FSM storage, every feature router) on
  a migrated SQLite file and, when reachable, on a fresh PostgreSQL database
  (``TEST_DATABASE_URL``, default ``postgresql+asyncpg://postgres@127.0.0.1:5432/postgres``).

For each it prints updates/s and p50/p99 milliseconds per update. ``ratio_*`` is Prichal's
updates/s divided by the echo dispatcher's in the same run (1.0 = free; 0.5 = our handlers
cost as much again as aiogram itself). The last line is one JSON object: ``ratio_sqlite``,
``ratio_pg``, ``updates_per_s_pg``, ``p99_ms_pg``, plus ``updates_per_s_echo``,
``updates_per_s_sqlite``, ``p50_ms_*``, ``p99_ms_sqlite``, ``updates``.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import json
import logging
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from aiogram import Bot, Dispatcher, Router  # noqa: E402
from aiogram.types import CallbackQuery, Message  # noqa: E402

from bot import taxonomy  # noqa: E402
from bot.config import load_settings  # noqa: E402
from bot.factory import create_bot, create_dispatcher, create_services  # noqa: E402
from tests.support.databases import TEST_DATA_KEY, pg_admin_url, pg_connect, prepare  # noqa: E402
from tests.support.fake_telegram import BOT_TOKEN, FakeTelegram  # noqa: E402
from tests.support.story import Harness, Person  # noqa: E402

Script = Callable[[Person], Awaitable[None]]


class TimedHarness(Harness):
    """A harness that times each ``feed_update`` (the dispatcher's work, nothing around it)."""

    durations: list[float]
    kinds: list[str]  # "message" or "callback_query", in the order fed

    async def feed(self, update: dict[str, Any]) -> None:
        start = time.perf_counter()
        await super().feed(update)
        self.durations.append(time.perf_counter() - start)
        self.kinds.append(next(iter(update)))


# ---- what members do -------------------------------------------------------------------


async def russian_newcomer(person: Person) -> None:
    await person.send("/start")
    await person.press("Русский")
    await person.press("Грузия")
    await person.press("Тбилиси")
    await person.press("Дизайн")
    await person.press("IT")
    await person.press("Готово")
    await person.press("Банки")
    await person.press("Жильё")
    await person.press("Готово")
    await person.press("Да, присылайте")
    await _menu_round(person, "Мой профиль")


async def english_newcomer(person: Person) -> None:
    await person.send("/start")
    await person.press("English")
    await person.send("Serbia")
    await person.send("novi sad")
    await person.press("IT")
    await person.press("Done")
    await person.press("Skip")
    await person.press("No, thanks")
    await _menu_round(person, "My profile")


async def _menu_round(person: Person, profile_label: str) -> None:
    await person.send("/menu")
    await person.press(profile_label)
    await person.send("/help")
    await person.send("what is this?")
    await person.send("/privacy")
    await person.send("/menu")


async def echo_member(person: Person, kinds: list[str]) -> None:
    """The same sequence of messages and button presses, to the echo dispatcher."""
    for step, kind in enumerate(kinds):
        if kind == "callback_query":
            await person.press_data(f"echo:{step}")
        else:
            await person.send(f"hello {step}")


# ---- the two worlds --------------------------------------------------------------------


def echo_dispatcher() -> Dispatcher:
    router = Router(name="echo")

    @router.message()
    async def echo(message: Message) -> None:
        await message.answer(message.text or "…")

    @router.callback_query()
    async def pressed(query: CallbackQuery) -> None:
        await query.answer()

    dispatcher = Dispatcher()
    dispatcher.include_router(router)
    return dispatcher


async def run_echo(scripts: list[list[str]], first_id: int) -> list[float]:
    telegram = FakeTelegram()
    bot = Bot(token=BOT_TOKEN, session=telegram)
    harness = TimedHarness(bot=bot, dispatcher=echo_dispatcher(), telegram=telegram, services=None)  # type: ignore[arg-type]
    harness.durations, harness.kinds = [], []
    for index, kinds in enumerate(scripts):
        person = harness.member(first_id + index, language_code="ru")
        await echo_member(person, kinds)
        _forget_chat(telegram, person.user_id)
    return harness.durations


async def run_prichal(
    database_url: str, members: int, first_id: int
) -> tuple[list[float], list[list[str]]]:
    """Every member plays a newcomer's script; returns the timings, and the kinds of update
    each member sent (the echo run replays them)."""
    settings = load_settings(
        bot_token=BOT_TOKEN,
        telegram_api_url="http://telegram.invalid",
        database_url=database_url,
        redis_url=None,
        admin_ids="",
        default_locale="en",
        # Members here press faster than people; flood control is not what is measured.
        PRICHAL_THROTTLE_RATE=100_000,
        PRICHAL_THROTTLE_BURST=100_000,
        PRICHAL_DATA_KEYS=TEST_DATA_KEY,  # PostgreSQL needs the keys of the encrypted columns
    )
    taxonomy.forget_cache()
    services = create_services(settings)
    telegram = FakeTelegram()
    bot = create_bot(settings, session=telegram)
    dispatcher = create_dispatcher(settings, services)
    await dispatcher.emit_startup(bot=bot, dispatcher=dispatcher, **dispatcher.workflow_data)
    harness = TimedHarness(bot=bot, dispatcher=dispatcher, telegram=telegram, services=services)
    harness.durations, harness.kinds = [], []
    scripts: list[list[str]] = []
    try:
        for index in range(members):
            script: Script = russian_newcomer if index % 2 == 0 else english_newcomer
            person = harness.member(
                first_id + index, language_code="ru" if index % 2 == 0 else "en"
            )
            before = len(harness.kinds)
            await script(person)
            scripts.append(harness.kinds[before:])
            _forget_chat(telegram, person.user_id)
    finally:
        await dispatcher.emit_shutdown(bot=bot, dispatcher=dispatcher, **dispatcher.workflow_data)
        await services.close()
    return harness.durations, scripts


def _forget_chat(telegram: FakeTelegram, chat_id: int) -> None:
    # The fake keeps every request for tests; a benchmark must not grow with its length.
    telegram.chats.pop(chat_id, None)
    telegram.requests.clear()
    telegram.callback_answers.clear()


# ---- figures ---------------------------------------------------------------------------


def summary(name: str, durations: list[float]) -> dict[str, float]:
    total = sum(durations)
    ordered = sorted(durations)
    figures = {
        "updates_per_s": round(len(durations) / total, 1),
        "p50_ms": round(statistics.median(ordered) * 1000, 3),
        "p99_ms": round(ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))] * 1000, 3),
    }
    print(
        f"{name:>8}: {len(durations)} updates, {figures['updates_per_s']:.0f} updates/s, "
        f"p50 {figures['p50_ms']:.2f} ms, p99 {figures['p99_ms']:.2f} ms",
        flush=True,
    )
    return figures


async def pg_database() -> tuple[str, Callable[[], Awaitable[None]]] | None:
    admin_url = pg_admin_url()
    try:
        admin = await pg_connect(admin_url)
    except Exception as error:
        print(f"PostgreSQL not reachable ({type(error).__name__}): skipping it", flush=True)
        return None
    name = f"prichal_bench_{uuid.uuid4().hex[:8]}"
    await admin.execute(f'CREATE DATABASE "{name}"')
    await admin.close()
    from sqlalchemy.engine import make_url

    url = (
        make_url(admin_url)
        .set(drivername="postgresql+asyncpg", database=name)
        .render_as_string(hide_password=False)
    )

    async def drop() -> None:
        connection = await pg_connect(admin_url)
        try:
            await connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        finally:
            await connection.close()

    await prepare(url)
    return url, drop


async def main(quick: bool) -> dict[str, Any]:
    logging.basicConfig(level=logging.WARNING)
    members = 60 if quick else 400
    warmup = 10
    print(f"{members} members per world (+{warmup} warm-up), one update at a time", flush=True)
    results: dict[str, Any] = {}

    with tempfile.TemporaryDirectory() as folder:
        sqlite_url = f"sqlite+aiosqlite:///{Path(folder) / 'bench.db'}"
        await prepare(sqlite_url)
        await run_prichal(sqlite_url, warmup, 1)  # imports, caches, catalogs
        gc.collect()
        durations, scripts = await run_prichal(sqlite_url, members, 1_000_000)
        sqlite = summary("sqlite", durations)

    await run_echo(scripts[:warmup], 1)
    gc.collect()
    echo = summary("echo", await run_echo(scripts, 1_000_000))

    pg: dict[str, float] | None = None
    database = await pg_database()
    if database is not None:
        url, drop = database
        try:
            await run_prichal(url, warmup, 1)
            gc.collect()
            pg = summary("postgres", (await run_prichal(url, members, 1_000_000))[0])
        finally:
            await drop()

    results["updates"] = len(durations)
    results["updates_per_s_echo"] = echo["updates_per_s"]
    results["p50_ms_echo"] = echo["p50_ms"]
    results["updates_per_s_sqlite"] = sqlite["updates_per_s"]
    results["p50_ms_sqlite"] = sqlite["p50_ms"]
    results["p99_ms_sqlite"] = sqlite["p99_ms"]
    results["ratio_sqlite"] = round(sqlite["updates_per_s"] / echo["updates_per_s"], 3)
    if pg is not None:
        results["updates_per_s_pg"] = pg["updates_per_s"]
        results["p50_ms_pg"] = pg["p50_ms"]
        results["p99_ms_pg"] = pg["p99_ms"]
        results["ratio_pg"] = round(pg["updates_per_s"] / echo["updates_per_s"], 3)
    else:
        results.update(updates_per_s_pg=None, p50_ms_pg=None, p99_ms_pg=None, ratio_pg=None)
    return results


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="fewer members (a smoke run)")
    figures = asyncio.run(main(parser.parse_args().quick))
    print(json.dumps(figures))
