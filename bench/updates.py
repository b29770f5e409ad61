"""Dispatcher benchmark: the full Prichal dispatcher against a bare aiogram echo dispatcher.

    python bench/updates.py [--quick] [--no-latency | --no-sequential] [--baseline DIR] [--rounds N]

**Sequential mode** (one update at a time, in this process). Both dispatchers get the same
stream of updates, fed with ``Dispatcher.feed_update`` — the work a polling loop or a webhook
hands to aiogram. The network is the in-memory Bot API of the tests
(``tests/support/fake_telegram.py``, which still runs the real Bot methods, serialisation and
response parsing), so what is measured is aiogram plus our middlewares, handlers and database.
Two mixes, each timed on its own:

* **onboarding** — newcomers pressing and typing through the setup wizard (Russian and English);
* **returning** — the same members afterwards, as a community's peak looks: the menu,
  communities, a question to the knowledge base, jobs, events, their profile, help — mostly
  button presses (callbacks), a few messages. The onboarding is not timed here.

For each backend (a migrated SQLite file and, when reachable, a fresh PostgreSQL database,
``TEST_DATABASE_URL``) it prints updates/s, p50/p99 ms and **SQL statements per update**
(every statement the driver executes, BEGIN / COMMIT / ROLLBACK included), also for the
read-only updates of the returning mix alone. ``ratio_*`` is Prichal's updates/s divided by the
echo dispatcher's on the same sequence of messages and presses, in the same run, with the echo in
a process of its own, on aiogram as it ships. Prichal's start-up speeds up aiogram's classes for
its whole process (``bot.speed``); ``ratio_*_same_aiogram`` is the stricter figure, against the
echo given those speed-ups too (in Prichal's process), so it counts only Prichal's own work.

**Latency mode** (through the emulator, ``--no-latency`` leaves it out): the emulator answers
every Bot API call after 50 ms (``latency_ms``, a real server's round trip); ``python -m bot
run`` in webhook mode (on SQLite with its embedded worker, then on PostgreSQL) serves 20
members at once, each in a closed loop (the next action once the bot reacted): they onboard,
then do the returning mix until the time is up. The same 20 members play against
``tests/support/echo_bot.py`` (answer / answer + edit: the same Bot API calls) under the same
latency. Latency is end to end, from the control-API call to the bot's reaction in the chat
(each member keeps its own copy of the chat, updated with what changed, as a Telegram client
does). The echo bot answers a press and then edits, one round trip after the other, as a bare
aiogram bot does; Prichal sends a silent answer beside its work (``bot.middlewares.answers``),
so its presses wait for one round trip, not two — the ratio and the percentiles include that on
purpose: it is what members feel.
``peak_rss_mb_run`` is the peak resident memory of the SQLite ``python -m bot run`` process
(bot + embedded worker) at the end of its run (``VmHWM``).

The last line is one JSON object: ``ratio_sqlite_returning``, ``ratio_pg_returning``,
``ratio_sqlite_onboarding``, ``ratio_pg_onboarding``, ``ratio_sqlite_latency``,
``ratio_pg_latency``, ``p99_ms_sqlite_latency``, ``p99_ms_pg_latency``,
``statements_per_update_*``, ``statements_per_read_only_update_*``, ``peak_rss_mb_run``, and
the updates/s, p50 and p99 behind each figure.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import gc
import json
import logging
import signal
import statistics
import subprocess
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

import aiohttp  # noqa: E402
from aiogram import Bot  # noqa: E402
from sqlalchemy import event  # noqa: E402

from bot import taxonomy  # noqa: E402
from bot.config import load_settings  # noqa: E402
from bot.db.engine import TRANSACTION_PENDING  # noqa: E402
from bot.emulator import EmulatorClient  # noqa: E402
from bot.factory import create_bot, create_dispatcher, create_services  # noqa: E402
from tests.support.databases import TEST_DATA_KEY, pg_admin_url, pg_connect, prepare  # noqa: E402
from tests.support.e2e import E2E, BotMessage, Player, Stack  # noqa: E402
from tests.support.echo_bot import echo_dispatcher  # noqa: E402
from tests.support.fake_telegram import BOT_TOKEN, FakeTelegram  # noqa: E402
from tests.support.processes import Child, clean_env, free_port  # noqa: E402
from tests.support.replicas import ADMIN_ID, WEBHOOK_SECRET, WebhookCluster  # noqa: E402
from tests.support.story import Harness, Person  # noqa: E402

Script = Callable[[Person], Awaitable[None]]
WRITES = ("INSERT", "UPDATE", "DELETE")


class TimedHarness(Harness):
    """A harness that times each ``feed_update`` (the dispatcher's work, nothing around it) and
    counts the SQL statements it caused, into the bucket named by ``mix``."""

    mix: str = "onboarding"
    durations: dict[str, list[float]]
    statements: dict[str, list[int]]
    read_only: dict[str, list[int]]  # statements of the updates that wrote nothing
    kinds: dict[str, list[str]]  # "message" or "callback_query", in the order fed
    _executed: list[str]

    def start(self) -> None:
        self.durations, self.statements, self.read_only, self.kinds = {}, {}, {}, {}
        self._executed = []

    def count_statements(self) -> None:
        """Count what the engine sends to the database: every statement, BEGIN and COMMIT.

        A session "begins" and "commits" even when nothing is sent: reads run in autocommit
        until the first write (``bot/db/engine.py``), so BEGIN and COMMIT (or ROLLBACK) are
        counted only for a transaction that really began — asyncpg's BEGIN and SQLite's
        ``BEGIN IMMEDIATE`` are sent by the engine's own hook, out of the events' sight.
        """
        engine = self.services.engine.sync_engine

        in_transaction = False

        def executed(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
            nonlocal in_transaction
            # The engine's hook (it runs first) has just begun the transaction at this write.
            if conn.info.get(TRANSACTION_PENDING) is False and not in_transaction:
                in_transaction = True
                self._executed.append("BEGIN")
            self._executed.append(statement.lstrip()[:6].upper())

        def ended(word: str) -> Callable[[Any], None]:
            def end(conn: Any) -> None:
                nonlocal in_transaction
                if in_transaction:
                    in_transaction = False
                    self._executed.append(word)

            return end

        event.listen(engine, "before_cursor_execute", executed)
        event.listen(engine, "commit", ended("COMMIT"))
        event.listen(engine, "rollback", ended("ROLLBACK"))

    async def feed(self, update: dict[str, Any]) -> None:
        self._executed.clear()
        start = time.perf_counter()
        await super().feed(update)
        elapsed = time.perf_counter() - start
        self.durations.setdefault(self.mix, []).append(elapsed)
        self.kinds.setdefault(self.mix, []).append(next(iter(update)))
        count = len(self._executed)
        self.statements.setdefault(self.mix, []).append(count)
        if not any(statement.startswith(WRITES) for statement in self._executed):
            self.read_only.setdefault(self.mix, []).append(count)
        if self.services is not None:
            # What the update owed to others is the worker's to send, after the figures.
            await self.deliver()


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


# What a returning member does, in their language: (kind, what) — "send" types, "press" taps.
RETURNING: dict[str, list[tuple[str, str]]] = {
    "ru": [
        ("send", "/menu"),
        ("press", "Сообщества"),
        ("press", "В меню"),
        ("press", "Работа"),
        ("press", "В меню"),
        ("send", "как открыть счёт в банке"),
        ("send", "/menu"),
        ("press", "События"),
        ("press", "В меню"),
        ("press", "Мой профиль"),
        ("press", "В меню"),
        ("press", "Помощь"),
        ("press", "В меню"),
    ],
    "en": [
        ("send", "/menu"),
        ("press", "Communities"),
        ("press", "Main menu"),
        ("press", "Jobs"),
        ("press", "Main menu"),
        ("send", "how to open a bank account"),
        ("send", "/menu"),
        ("press", "Events"),
        ("press", "Main menu"),
        ("press", "My profile"),
        ("press", "Main menu"),
        ("press", "Help"),
        ("press", "Main menu"),
    ],
}


async def returning_member(person: Person) -> None:
    for kind, what in RETURNING[person.language_code or "en"]:
        if kind == "send":
            await person.send(what)
        else:
            await person.press(what)


async def echo_member(person: Person, kinds: list[str]) -> None:
    """The same sequence of messages and button presses, to the echo dispatcher."""
    for step, kind in enumerate(kinds):
        if kind == "callback_query":
            await person.press_data(f"echo:{step}")
        else:
            await person.send(f"hello {step}")


# ---- sequential mode: the two worlds in this process ----------------------------------


async def run_echo(scripts: list[list[str]], first_id: int) -> list[float]:
    telegram = FakeTelegram()
    bot = Bot(token=BOT_TOKEN, session=telegram)
    harness = TimedHarness(
        bot=bot,
        dispatcher=echo_dispatcher(),
        telegram=telegram,
        services=None,
        deliver_outbox=False,
    )  # type: ignore[arg-type]
    harness.start()
    for index, kinds in enumerate(scripts):
        person = harness.member(first_id + index, language_code="ru")
        await echo_member(person, kinds)
        _forget_chat(telegram, person.user_id)
    return [d for durations in harness.durations.values() for d in durations]


async def run_prichal(database_url: str, members: int, first_id: int) -> TimedHarness:
    """Every member onboards (the "onboarding" mix), then comes back (the "returning" mix)."""
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
    harness = TimedHarness(
        bot=bot, dispatcher=dispatcher, telegram=telegram, services=services, deliver_outbox=False
    )
    harness.start()
    harness.count_statements()
    try:
        for index in range(members):
            russian = index % 2 == 0
            script: Script = russian_newcomer if russian else english_newcomer
            person = harness.member(first_id + index, language_code="ru" if russian else "en")
            harness.mix = "onboarding"
            await script(person)
            harness.mix = "returning"
            await returning_member(person)
            _forget_chat(telegram, person.user_id)
    finally:
        await dispatcher.emit_shutdown(bot=bot, dispatcher=dispatcher, **dispatcher.workflow_data)
        await services.close()
    return harness


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
        f"{name:>22}: {len(durations)} updates, {figures['updates_per_s']:.0f} updates/s, "
        f"p50 {figures['p50_ms']:.2f} ms, p99 {figures['p99_ms']:.2f} ms",
        flush=True,
    )
    return figures


def mean(values: list[int]) -> float | None:
    return round(statistics.fmean(values), 2) if values else None


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


async def sequential(quick: bool) -> dict[str, Any]:
    members = 40 if quick else 300
    warmup = 10
    print(f"sequential: {members} members per world (+{warmup} warm-up), one update at a time")
    results: dict[str, Any] = {}
    worlds: dict[str, TimedHarness] = {}

    with tempfile.TemporaryDirectory() as folder:
        sqlite_url = f"sqlite+aiosqlite:///{Path(folder) / 'bench.db'}"
        await prepare(sqlite_url)
        await run_prichal(sqlite_url, warmup, 1)  # imports, caches, catalogs
        gc.collect()
        worlds["sqlite"] = await run_prichal(sqlite_url, members, 1_000_000)

    database = await pg_database()
    if database is not None:
        url, drop = database
        try:
            await run_prichal(url, warmup, 1)
            gc.collect()
            worlds["pg"] = await run_prichal(url, members, 1_000_000)
        finally:
            await drop()

    kinds = worlds["sqlite"].kinds
    echo = echo_in_a_process_of_its_own(kinds)
    # The stricter baseline: the echo on aiogram with Prichal's speed-ups (this process's).
    echo_sped_up = await echo_figures(kinds, as_shipped=False)
    results["updates_per_s_echo"] = echo["returning"]["updates_per_s"]
    results["updates_per_s_echo_same_aiogram"] = echo_sped_up["returning"]["updates_per_s"]
    for name, harness in worlds.items():
        for mix in ("onboarding", "returning"):
            figures = summary(f"{name} {mix}", harness.durations[mix])
            results[f"ratio_{name}_{mix}"] = round(
                figures["updates_per_s"] / echo[mix]["updates_per_s"], 3
            )
            results[f"ratio_{name}_{mix}_same_aiogram"] = round(
                figures["updates_per_s"] / echo_sped_up[mix]["updates_per_s"], 3
            )
            results[f"updates_per_s_{name}_{mix}"] = figures["updates_per_s"]
            results[f"p99_ms_{name}_{mix}"] = figures["p99_ms"]
            results[f"statements_per_update_{name}_{mix}"] = mean(harness.statements[mix])
            results[f"statements_per_read_only_update_{name}_{mix}"] = mean(
                harness.read_only.get(mix, [])
            )
            print(
                f"{'':>22}  statements per update {mean(harness.statements[mix])}, per "
                f"read-only update {mean(harness.read_only.get(mix, []))} "
                f"({len(harness.read_only.get(mix, []))} of {len(harness.statements[mix])} "
                "updates read only)",
                flush=True,
            )
    results["updates"] = sum(len(d) for d in worlds["sqlite"].durations.values())
    for mix in ("onboarding", "returning"):
        results.setdefault(f"ratio_pg_{mix}", None)
    return results


async def echo_figures(
    kinds: dict[str, list[str]], *, as_shipped: bool
) -> dict[str, dict[str, float]]:
    """The echo dispatcher through the same sequence of messages and presses, per mix: on
    aiogram as it ships (``as_shipped``, a fresh process) or with the speed-ups Prichal's
    start-up gives aiogram's classes for the whole process (``bot.speed``; "sped up")."""
    from aiogram.types import Message

    from bot import speed

    assert (Message.__dict__.get("model_post_init") is speed._bind_bot) is not as_shipped
    name = "echo" if as_shipped else "echo, sped up"
    await run_echo([kinds["onboarding"][:50]], 1)
    gc.collect()
    return {mix: summary(f"{name} {mix}", await run_echo([kinds[mix]], 1_000_000)) for mix in kinds}


def echo_in_a_process_of_its_own(kinds: dict[str, list[str]]) -> dict[str, dict[str, float]]:
    """:func:`echo_figures` in a fresh interpreter: Prichal's start-up changes aiogram's classes
    for its whole process (``bot.speed.bind_bot_in_one_step``), and the echo bot is measured on
    aiogram as it ships, not on aiogram sped up by Prichal."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "kinds.json"
        path.write_text(json.dumps(kinds))
        done = subprocess.run(
            [sys.executable, __file__, "--echo-kinds", str(path)],
            check=True,
            capture_output=True,
            text=True,
        )
    *printed, figures = done.stdout.rstrip().splitlines()
    for line in printed:
        print(line, flush=True)
    result: dict[str, dict[str, float]] = json.loads(figures)
    return result


# ---- latency mode: real processes through the emulator --------------------------------

LATENCY_MS = 50
CONCURRENT = 20
WAIT = 60.0  # a reaction that takes longer than this is a lost update
KEPT = 10  # messages a member's copy of the chat keeps (the newest)


class Member:
    """One member in a closed loop: each action as soon as the bot reacted to the last one;
    times each from the control-API call to the reaction in the chat.

    The member keeps its own copy of the chat, brought up to date with what changed since its
    last look (``changes``), as a Telegram client does: fetching the whole transcript before and
    after every action made the emulator, not the bots, the busiest process of the run, and
    more so the longer the bot's messages (Prichal's, not the echo bot's).
    """

    def __init__(
        self, player: Player, latencies: list[float], by_action: dict[str, list[float]]
    ) -> None:
        self.player = player
        self.latencies = latencies
        self.by_action = by_action  # the same latencies, by what the member did
        self.timing = False
        self.ready = asyncio.Event()  # set when the member reaches the measured loop
        self.updates = 0
        self.version = 0
        self.chat: dict[int, Any] = {}  # message_id → the newest transcript seen

    async def _look(self, wait: float | None = None) -> set[str]:
        """Bring the copy up to date (``wait``: hold until something changes); returns the
        callback queries answered since the last look."""
        data = await self.player.client.changes(self.player.id, since=self.version, wait=wait)
        self.version = int(data["version"])
        for message in data["messages"]:
            self.chat[message["message_id"]] = message
        if len(self.chat) > 2 * KEPT:
            # Only the newest messages matter (buttons are pressed there); a growing copy
            # would make the members, not the bots, slower as the run goes on.
            for key in sorted(self.chat)[:-KEPT]:
                del self.chat[key]
        return {answer["callback_query_id"] for answer in data["callback_answers"]}

    def _bot_messages(self) -> list[BotMessage]:
        """The bot's messages, newest first."""
        return [
            BotMessage.of(self.chat[key])
            for key in sorted(self.chat, reverse=True)
            if self.chat[key]["from_bot"] and not self.chat[key]["deleted"]
        ]

    async def _react(
        self,
        act: Callable[[], Awaitable[set[str]]],
        shows: Callable[[BotMessage], bool],
        action: str,
    ) -> None:
        """Do ``act`` (it returns the callback queries it raised), then wait until they were
        answered and the bot's newest message ``shows`` the reaction."""
        started = time.perf_counter()
        unanswered = await act()
        deadline = time.monotonic() + WAIT
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise AssertionError(f"no reaction to {action} in {WAIT} s")
            unanswered -= await self._look(wait=remaining)
            newest = self._bot_messages()[:1]
            if not unanswered and newest and shows(newest[0]):
                break
        if self.timing:
            took = time.perf_counter() - started
            self.latencies.append(took)
            self.by_action.setdefault(action, []).append(took)
            self.updates += 1

    async def send(self, text: str) -> None:
        await self._look()
        newest = self._bot_messages()[:1]
        after = newest[0].message_id if newest else 0

        async def act() -> set[str]:
            await self.player.client.send_text(self.player.id, text)
            return set()

        await self._react(act, lambda m: m.message_id > after, f"send {text!r}")

    async def press(self, button: str) -> None:
        await self._look()
        messages = self._bot_messages()
        target = next((m for m in messages if m.button(button) is not None), None)
        assert target is not None, f"no button {button!r} in the chat"
        label = target.button(button)
        before = (messages[0].message_id, messages[0].text, messages[0].buttons)

        async def act() -> set[str]:
            ref = await self.player.client.press(self.player.id, target.message_id, text=label)
            query = ref.get("callback_query_id")
            return {query} if query else set()

        await self._react(
            act, lambda m: (m.message_id, m.text, m.buttons) != before, f"press {label!r}"
        )

    async def prichal(self, stop_at: list[float]) -> None:
        await self.player.onboard("rs-belgrade")  # not timed: the returning mix is
        await self.send("/menu")
        self.timing = True
        self.ready.set()
        while time.monotonic() < stop_at[0]:
            for kind, what in RETURNING["en"]:
                await (self.send(what) if kind == "send" else self.press(what))

    async def echo(self, stop_at: list[float]) -> None:
        await self.send("hello")
        self.timing = True
        self.ready.set()
        while time.monotonic() < stop_at[0]:
            for kind, _ in RETURNING["en"]:
                await (self.send("hello") if kind == "send" else self.press("Again"))


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return round(ordered[int(share * (len(ordered) - 1))] * 1000, 1)


async def play(url: str, stack: Stack, seconds: float, script: str) -> dict[str, Any]:
    latencies: list[float] = []
    by_action: dict[str, list[float]] = {}
    session = aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=0))
    async with session, EmulatorClient(url, session) as client:
        await client.config(latency_ms=LATENCY_MS)
        world = E2E(stack, client)
        players = [await world.user(f"Member {n}", language="en") for n in range(CONCURRENT)]
        members = [Member(p, latencies, by_action) for p in players]
        # Everyone reaches the returning loop first (onboarding is not timed); then the
        # window of ``seconds`` is measured.
        stop_at = [time.monotonic() + 3600.0]

        async def live(member: Member) -> None:
            await getattr(member, script)(stop_at)

        tasks = [asyncio.create_task(live(m)) for m in members]
        everyone = asyncio.ensure_future(asyncio.gather(*(m.ready.wait() for m in members)))
        await asyncio.wait([everyone, *tasks], return_when=asyncio.FIRST_COMPLETED)
        everyone.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await everyone
        latencies.clear()
        by_action.clear()
        for member in members:
            member.updates = 0
        started = time.monotonic()
        stop_at[0] = started + seconds
        outcomes = await asyncio.gather(*tasks, return_exceptions=True)
        elapsed = time.monotonic() - started
        lost = sum(isinstance(outcome, AssertionError) for outcome in outcomes)
        for outcome in outcomes:
            if isinstance(outcome, AssertionError):
                print(f"  lost: {str(outcome)[:300]}", flush=True)
        for outcome in outcomes:
            if isinstance(outcome, BaseException) and not isinstance(outcome, AssertionError):
                raise outcome
        await world.close()
    updates = sum(m.updates for m in members)
    slowest = sorted(by_action.items(), key=lambda item: percentile(item[1], 0.99))[-3:]
    return {
        "updates_per_s": round(updates / elapsed, 1),
        "p50_ms": percentile(latencies, 0.5),
        "p99_ms": percentile(latencies, 0.99),
        "updates": updates,
        "lost": lost,
        # Where the tail is: the three actions with the highest p99 (p50 / p99 ms).
        "slowest": {
            action: (percentile(values, 0.5), percentile(values, 0.99))
            for action, values in reversed(slowest)
        },
    }


def peak_rss_mb(pid: int) -> float:
    """The process's peak resident set size so far (Linux ``VmHWM``), in MB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return round(int(line.split()[1]) / 1024, 1)
    raise RuntimeError("no VmHWM")


def latency_prichal(database_url: str, seconds: float, code: Path | None = None) -> dict[str, Any]:
    """``python -m bot run`` (this checkout's code, or ``code``'s) under the latency mode."""
    folder = Path(tempfile.mkdtemp(prefix="prichal-bench-latency-"))
    env = {"PRICHAL_EMBEDDED_WORKER": "true", "LOG_LEVEL": "WARNING"}
    if code is not None:
        env["PYTHONPATH"] = str(code)  # the bot package of another checkout comes first
    cluster = WebhookCluster(
        folder,
        database_url=database_url,
        redis_url=None,
        replicas=1,
        balancer=False,
        worker=False,
        env=env,
    )
    try:
        cluster.start()
        figures = asyncio.run(play(cluster.url, cluster.stack(), seconds, "prichal"))
        figures["peak_rss_mb"] = peak_rss_mb(cluster.replicas[0].child.process.pid)
        errors = cluster.errors_logged()
        cluster.stop()
        figures["errors_logged"] = sum(len(lines) for lines in errors.values())
    finally:
        cluster.kill()
    return figures


def latency_echo(seconds: float) -> dict[str, Any]:
    folder = Path(tempfile.mkdtemp(prefix="prichal-bench-echo-"))
    emulator = Child(
        ["-m", "bot.emulator", "--host", "127.0.0.1", "--port", "0", "--bot-token", BOT_TOKEN],
        env=clean_env(),
        cwd=folder,
        log=folder / "emulator.log",
    )
    echo: Child | None = None
    try:
        url = emulator.wait_for_line(r"Telegram Bot API emulator: (http://\S+)").group(1)
        port = free_port()
        echo = Child(
            ["-m", "tests.support.echo_bot", url, BOT_TOKEN, str(port), WEBHOOK_SECRET],
            env=clean_env(),
            cwd=folder,
            log=folder / "echo.log",
        )
        echo.wait_for_line(r"echo bot: listening", timeout=120)
        stack = Stack(url, "sqlite+aiosqlite://", ADMIN_ID, folder / "echo.log")
        return asyncio.run(play(url, stack, seconds, "echo"))
    finally:
        if echo is not None:
            echo.stop(signal.SIGTERM)
        emulator.stop(signal.SIGINT)


def latency(quick: bool, baseline: Path | None, *, baseline_first: bool = False) -> dict[str, Any]:
    seconds = 15.0 if quick else 40.0
    print(
        f"latency mode: {CONCURRENT} members at once for {seconds:.0f} s, "
        f"{LATENCY_MS} ms per Bot API call",
        flush=True,
    )
    results: dict[str, Any] = {}
    echo = latency_echo(seconds)
    print(f"{'echo latency':>22}: {echo}", flush=True)
    results.update(
        updates_per_s_echo_latency=echo["updates_per_s"], p99_ms_echo_latency=echo["p99_ms"]
    )
    database = asyncio.run(pg_database())
    worlds: list[tuple[str, Path | None]] = [("", None)]
    if baseline is not None:
        worlds.append(("_baseline", baseline))
    if baseline_first:
        worlds.reverse()
    for position, (suffix, code) in enumerate(worlds):
        with tempfile.TemporaryDirectory() as folder:
            url = f"sqlite+aiosqlite:///{Path(folder) / 'bench.db'}"
            sqlite = latency_prichal(url, seconds, code)
        print(f"{'sqlite latency' + suffix:>22}: {sqlite}", flush=True)
        results.update(
            {
                f"updates_per_s_sqlite_latency{suffix}": sqlite["updates_per_s"],
                f"ratio_sqlite_latency{suffix}": round(
                    sqlite["updates_per_s"] / echo["updates_per_s"], 3
                ),
                f"p50_ms_sqlite_latency{suffix}": sqlite["p50_ms"],
                f"p99_ms_sqlite_latency{suffix}": sqlite["p99_ms"],
                f"lost_sqlite_latency{suffix}": sqlite["lost"],
                f"peak_rss_mb_run{suffix}": sqlite["peak_rss_mb"],
            }
        )
        if database is None:
            results.update({f"ratio_pg_latency{suffix}": None, f"p99_ms_pg_latency{suffix}": None})
            continue
        url, drop = database
        pg = latency_prichal(url, seconds, code)
        print(f"{'postgres latency' + suffix:>22}: {pg}", flush=True)
        results.update(
            {
                f"updates_per_s_pg_latency{suffix}": pg["updates_per_s"],
                f"ratio_pg_latency{suffix}": round(pg["updates_per_s"] / echo["updates_per_s"], 3),
                f"p50_ms_pg_latency{suffix}": pg["p50_ms"],
                f"p99_ms_pg_latency{suffix}": pg["p99_ms"],
                f"lost_pg_latency{suffix}": pg["lost"],
            }
        )
        asyncio.run(drop())
        database = asyncio.run(pg_database()) if position + 1 < len(worlds) else None
    return results


def medians(rounds: list[dict[str, Any]]) -> dict[str, Any]:
    """Each figure's median over the rounds (``None`` where a round had none)."""
    out: dict[str, Any] = {}
    for key in rounds[0]:
        values = [r[key] for r in rounds if isinstance(r.get(key), int | float)]
        out[key] = round(statistics.median(values), 3) if values else None
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="fewer members (a smoke run)")
    parser.add_argument("--no-latency", action="store_true", help="sequential mode only")
    parser.add_argument("--no-sequential", action="store_true", help="latency mode only")
    parser.add_argument(
        "--baseline",
        type=Path,
        help="also run the latency mode's bots from this checkout (a before/after in one run; "
        "figures suffixed _baseline)",
    )
    parser.add_argument(
        "--rounds",
        type=int,
        default=1,
        help="run the latency mode this many times (the baseline first in every other round) "
        "and print each figure's median: one run swings by up to 20%% on a shared machine",
    )
    parser.add_argument("--echo-kinds", type=Path, help=argparse.SUPPRESS)  # see echo_figures
    args = parser.parse_args()
    logging.basicConfig(level=logging.WARNING)
    if args.echo_kinds is not None:
        kinds = json.loads(args.echo_kinds.read_text())
        print(json.dumps(asyncio.run(echo_figures(kinds, as_shipped=True))))
        return
    figures: dict[str, Any] = {}
    if not args.no_sequential:
        figures.update(asyncio.run(sequential(args.quick)))
    if not args.no_latency:
        rounds = []
        for number in range(args.rounds):
            if args.rounds > 1:
                print(f"latency round {number + 1} of {args.rounds}", flush=True)
            rounds.append(latency(args.quick, args.baseline, baseline_first=number % 2 == 1))
        figures.update(medians(rounds))
        if args.rounds > 1:
            figures["latency_rounds"] = rounds
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
