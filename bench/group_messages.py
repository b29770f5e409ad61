"""Group anti-spam benchmark: 10,000 labelled group messages through the real bot.

    python bench/group_messages.py [--quick] [--messages N] [--concurrency C]

The topology of the end-to-end tests: ``python -m bot.emulator`` stands in for Telegram and
``python -m bot run`` (SQLite, the embedded worker) is the bot exactly as deployed. One
supergroup, listed in the directory, with the bot as an administrator; its established
members were there before the bot (the newcomer layers leave them alone); newcomers join
while the bot is there (its door check is switched off, as a group's admins may, so that what
is measured is the message filtering — the door has its own end-to-end tests).

The corpus (``tests/support/group_corpus.py``) is generated from templates in Russian and
English with a fixed seed: 70% honest, 15% spam, 15% scam; spam and scams from fresh newcomers
(one message each, as throwaway accounts do), a tenth of the scams from established members.
Messages are sent through the control API, ``--concurrency`` at a time and never more than
``BACKLOG`` ahead of the bot (the emulator keeps a chat's last 2,000 messages, Telegram all of
them: a longer backlog would have the bot delete messages the emulator already forgot);
**msgs_per_s** is the
messages divided by the time from the first send until the bot has handled every update
(its own ``prichal_updates_total``, read from its metrics port).

Against the labels: a message counts as *acted on* when the bot deleted it, or held it for
the moderators (a scam from an established member), or when its sender could no longer write
(restricted or muted earlier). **false_positive_rate** = honest messages acted on / honest;
**false_negative_rate** = spam and scam not acted on / spam and scam (also per label).

Last line: ``{"msgs_per_s", "messages", "honest", "spam", "scam", "false_positive_rate",
"false_negative_rate", "fn_rate_spam", "fn_rate_scam", "false_positives",
"false_negatives", "false_positives_by_sender", "seconds", "actions_refused",
"errors_logged"}``.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import signal
import sys
import tempfile
import time
import urllib.request
from collections import Counter
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from sqlalchemy import select  # noqa: E402

from bot.db.crypto import configure_data_keys  # noqa: E402
from bot.db.engine import create_engine, create_session_factory  # noqa: E402
from bot.db.models import (  # noqa: E402
    ActionStatus,
    ChatAction,
    Group,
    GroupChat,
    GroupStatus,
)
from bot.emulator import EmulatorClient  # noqa: E402
from bot.emulator.client import EmulatorError  # noqa: E402
from bot.features.directory.links import link_key  # noqa: E402
from tests.support.databases import TEST_DATA_KEY  # noqa: E402
from tests.support.group_corpus import GroupMessage, corpus  # noqa: E402
from tests.support.processes import Child, clean_env, free_port  # noqa: E402

BOT_TOKEN = "123456:BENCH"
ESTABLISHED = 300  # members who were there before the bot
USERNAME = "bench_almaty_newcomers"
BACKLOG = 500  # updates sent and not yet handled, at most


def get_json(url: str) -> Any:
    with urllib.request.urlopen(url, timeout=10) as response:
        return json.load(response)


def wait_until_polling(url: str, bot: Child, timeout: float = 120.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if bot.process.poll() is not None:
            raise SystemExit(f"the bot exited\n{bot.output()}")
        if get_json(url + "/_emulator/stats")["calls"].get("getUpdates"):
            return
        time.sleep(0.1)
    raise SystemExit(f"the bot did not start polling\n{bot.output()}")


async def wait_idle(client: EmulatorClient, seconds: float = 600.0) -> None:
    deadline = time.monotonic() + seconds
    while not await client.wait_idle(10.0):
        if time.monotonic() > deadline:
            raise SystemExit("the bot never went idle")


def handled(metrics_url: str) -> int:
    """Updates the bot has handled (``prichal_updates_total``, every kind)."""
    with urllib.request.urlopen(metrics_url, timeout=10) as response:
        text = response.read().decode()
    return int(
        sum(
            float(line.rsplit(" ", 1)[1])
            for line in text.splitlines()
            if line.startswith("prichal_updates_total{")
        )
    )


async def wait_handled(metrics_url: str, upto: int, seconds: float = 900.0) -> None:
    """Until the bot has handled every update up to ``upto`` (the emulator numbers the
    updates it keeps 1, 2, 3...). The emulator's "idle" is not enough here: the bot fetches
    updates in batches and handles them as tasks, so it may be quiet towards Telegram while
    hundreds still wait for the database."""
    deadline = time.monotonic() + seconds
    while handled(metrics_url) < upto:
        if time.monotonic() > deadline:
            raise SystemExit(f"the bot handled {handled(metrics_url)} of {upto} updates")
        await asyncio.sleep(0.1)


async def add_directory_entry(database_url: str) -> None:
    engine = create_engine(database_url)
    try:
        async with create_session_factory(engine)() as session:
            link = f"https://t.me/{USERNAME}"
            session.add(
                Group(
                    slug="bench-almaty-newcomers",
                    title="Almaty newcomers",
                    link=link,
                    link_key=link_key(link),
                    country="KZ",
                    city="Almaty",
                    professions=[],
                    interests=["networking"],
                    languages=["ru", "en"],
                    description="",
                    status=GroupStatus.PUBLISHED,
                )
            )
            await session.commit()
    finally:
        await engine.dispose()


async def switch_off_the_door(database_url: str, chat_id: int) -> None:
    engine = create_engine(database_url)
    try:
        async with create_session_factory(engine)() as session:
            chat = await session.get(GroupChat, chat_id)
            assert chat is not None, "the bot never registered the group"
            chat.settings = {**chat.settings, "door_check": False, "welcome": False}
            await session.commit()
    finally:
        await engine.dispose()


async def failed_actions(database_url: str, chat_id: int) -> dict[str, int]:
    """Actions Telegram refused (by reason): each a message the bot meant to act on."""
    engine = create_engine(database_url)
    try:
        async with create_session_factory(engine)() as session:
            rows = await session.scalars(
                select(ChatAction.reason).where(
                    ChatAction.chat_id == chat_id, ChatAction.status == ActionStatus.FAILED
                )
            )
            return dict(Counter(rows))
    finally:
        await engine.dispose()


async def acted_on(database_url: str, chat_id: int) -> set[int]:
    """The messages the bot deleted or held for the moderators, from its own records (the
    emulator's transcript keeps only a chat's last 2,000 messages)."""
    engine = create_engine(database_url)
    try:
        async with create_session_factory(engine)() as session:
            rows = await session.scalars(
                select(ChatAction.message_id).where(
                    ChatAction.chat_id == chat_id,
                    ChatAction.status.in_((ActionStatus.HELD, ActionStatus.DONE)),
                )
            )
            return {row for row in rows if row is not None}
    finally:
        await engine.dispose()


async def replay(
    url: str, metrics_url: str, database_url: str, size: int, concurrency: int
) -> dict[str, Any]:
    messages = corpus(size)
    async with EmulatorClient(url) as client:
        owner = await client.create_user("Owner", language_code="ru")
        print(f"creating {ESTABLISHED} established members and the group", flush=True)
        established = [
            (await client.create_user(f"Member {n}", language_code="ru"))["id"]
            for n in range(ESTABLISHED)
        ]
        await add_directory_entry(database_url)
        chat = await client.create_group(
            "Almaty newcomers", [owner["id"], *established], bot_is_admin=True, username=USERNAME
        )
        chat_id = int(chat["id"])
        await wait_idle(client)
        await switch_off_the_door(database_url, chat_id)
        newcomers_needed = sum(1 for m in messages if m.sender == "newcomer")
        print(f"{newcomers_needed} newcomers join", flush=True)
        senders: list[int] = []
        honest_newcomers: list[int] = []
        last_update = 0
        for index, message in enumerate(messages):
            if message.sender == "established":
                senders.append(established[index % ESTABLISHED])
            elif message.label == "honest" and len(honest_newcomers) >= 50:
                # A few honest newcomers write several messages each, as people do.
                senders.append(honest_newcomers[index % len(honest_newcomers)])
            else:
                user = await client.create_user(f"New {index}", language_code=message.language)
                joined = await client.join_group(chat_id, user["id"])
                last_update = max(
                    last_update,
                    joined.get("update_id") or 0,
                    joined.get("chat_member_update_id") or 0,
                )
                senders.append(user["id"])
                if message.label == "honest":
                    honest_newcomers.append(user["id"])
        await wait_handled(metrics_url, last_update)
        await wait_idle(client)

        print(f"replaying {len(messages)} messages, {concurrency} at a time", flush=True)
        sent: list[int | None] = [None] * len(messages)
        queue: asyncio.Queue[int] = asyncio.Queue()
        for index in range(len(messages)):
            queue.put_nowait(index)

        seen = [handled(metrics_url)]
        progress = asyncio.Condition()

        async def watch() -> None:
            while True:
                seen[0] = await asyncio.to_thread(handled, metrics_url)
                async with progress:
                    progress.notify_all()
                await asyncio.sleep(0.05)

        async def sender() -> None:
            while True:
                try:
                    index = queue.get_nowait()
                except asyncio.QueueEmpty:
                    return
                # The emulator keeps a chat's last 2,000 messages (Telegram keeps them all):
                # a backlog beyond that would have the bot delete messages already gone.
                async with progress:
                    await progress.wait_for(lambda: newest[0] - seen[0] <= BACKLOG)
                try:
                    ref = await client.group_send(chat_id, senders[index], messages[index].text)
                    sent[index] = ref["message_id"]
                    newest[0] = max(newest[0], ref["update_id"] or 0)
                except EmulatorError as error:
                    if error.status != 403:  # 403: the sender may no longer write
                        raise

        newest = [last_update]
        started = time.monotonic()
        watcher = asyncio.create_task(watch())
        await asyncio.gather(*(sender() for _ in range(concurrency)))
        await wait_handled(metrics_url, newest[0])
        watcher.cancel()
        seconds = time.monotonic() - started
        await wait_idle(client)  # and what the handlers set off (notes, counts) is done
        # Where the transcript still has them, the bot's records must agree with it.
        transcript = await client.group_chat(chat_id)
        refusals = (await client.stats())["refusals"]
        for refusal in refusals[:5]:
            print(f"  refused: {refusal}", flush=True)
    acted = await acted_on(database_url, chat_id)
    deleted = {m["message_id"] for m in transcript if m["deleted"] and not m["from_bot"]}
    assert deleted <= acted, f"deleted without a record: {sorted(deleted - acted)[:10]}"
    figures = score(messages, sent, acted, seconds)
    figures["actions_refused"] = await failed_actions(database_url, chat_id)
    return figures


def score(
    messages: list[GroupMessage], sent: list[int | None], acted: set[int], seconds: float
) -> dict[str, Any]:
    counts = Counter(m.label for m in messages)
    false_positives = Counter[str]()
    misses = Counter[str]()
    examples: dict[str, str] = {}
    for message, message_id in zip(messages, sent, strict=True):
        caught = message_id is None or message_id in acted
        if message.label == "honest" and caught:
            false_positives[message.sender] += 1
            examples.setdefault(f"fp {message.text[:40]}", message.text)
        elif message.label != "honest" and not caught:
            misses[message.label] += 1
            examples.setdefault(f"fn {message.text[:40]}", message.text)
    for key, text in sorted(examples.items()):
        print(f"  {key[:2]}: {text}", flush=True)
    bad = counts["spam"] + counts["scam"]
    return {
        "msgs_per_s": round(len(messages) / seconds, 1),
        "messages": len(messages),
        "honest": counts["honest"],
        "spam": counts["spam"],
        "scam": counts["scam"],
        "false_positive_rate": round(sum(false_positives.values()) / max(counts["honest"], 1), 4),
        "false_negative_rate": round(sum(misses.values()) / max(bad, 1), 4),
        "fn_rate_spam": round(misses["spam"] / max(counts["spam"], 1), 4),
        "fn_rate_scam": round(misses["scam"] / max(counts["scam"], 1), 4),
        "false_positives": sum(false_positives.values()),
        "false_positives_by_sender": dict(false_positives),
        "false_negatives": sum(misses.values()),
        "seconds": round(seconds, 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="1,000 messages instead of 10,000")
    parser.add_argument("--messages", type=int, help="how many messages (default 10,000)")
    parser.add_argument("--concurrency", type=int, default=16, help="sends in flight")
    args = parser.parse_args()
    size = args.messages or (1000 if args.quick else 10_000)
    configure_data_keys([TEST_DATA_KEY])
    folder = Path(tempfile.mkdtemp(prefix="prichal-group-bench-"))
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
        metrics_port = free_port()
        bot = Child(
            ["-m", "bot", "run"],
            env=clean_env(
                BOT_TOKEN=BOT_TOKEN,
                TELEGRAM_API_URL=url,
                DATABASE_URL=database_url,
                DEFAULT_LOCALE="ru",
                LOG_LEVEL="WARNING",
                PRICHAL_DATA_KEYS=TEST_DATA_KEY,
                PRICHAL_METRICS_PORT=str(metrics_port),
            ),
            cwd=folder,
            log=folder / "bot.log",
        )
        print(f"starting the emulator and the bot (logs in {folder})", flush=True)
        wait_until_polling(url, bot)
        metrics_url = f"http://127.0.0.1:{metrics_port}/metrics"
        figures = asyncio.run(replay(url, metrics_url, database_url, size, args.concurrency))
        bot.stop(signal.SIGINT)
        errors = [line for line in bot.stderr().splitlines() if " ERROR " in line]
        figures["errors_logged"] = len(errors)
    finally:
        for child in (bot, emulator):
            if child is not None:
                child.kill()
    print(
        f"{figures['messages']} messages in {figures['seconds']} s: {figures['msgs_per_s']} "
        f"messages/s; false positives {figures['false_positive_rate']:.2%} of honest, false "
        f"negatives {figures['false_negative_rate']:.2%} of spam and scam "
        f"(spam {figures['fn_rate_spam']:.2%}, scam {figures['fn_rate_scam']:.2%})",
        flush=True,
    )
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
