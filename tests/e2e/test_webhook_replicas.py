"""Two bot replicas in webhook mode behind a load balancer, one worker, one PostgreSQL, one
Redis: many newcomers at once, and nothing lost, doubled or mixed up.

The emulator delivers webhook updates as Telegram does — many chats at once (up to
``max_connections``), one chat's updates one after another, each only after the previous one was
answered — and the bot answers an update only once it was handled and committed. So one
member's updates never overlap however many replicas run, and they are handled in order. Event
isolation (a Redis lock per member) is what keeps them apart when something lets two through at
once; ``test_two_updates_of_one_member_on_two_replicas_at_once_take_turns`` makes the balancer
do exactly that.
"""

from __future__ import annotations

import asyncio
import itertools
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from dataclasses import dataclass
from typing import Any

import aiohttp
import pytest
from aiogram import Dispatcher
from aiogram.fsm.storage.base import StorageKey
from redis.asyncio import Redis
from sqlalchemy import select

from bot.db.models import Member, MemberInterest, MemberProfession
from bot.emulator import EmulatorClient
from bot.features import build_routers
from bot.features.profile.onboarding.keyboards import SetupCb
from bot.fsm import create_redis_storage
from tests.support.databases import PgTemplates, redis_test_db_url, unavailable
from tests.support.e2e import E2E, BotMessage, Player
from tests.support.replicas import BOT_TOKEN, WEBHOOK_SECRET, WebhookCluster, http, until

pytestmark = [pytest.mark.e2e, pytest.mark.postgres, pytest.mark.redis]

CROWD = 200
# Bounds, not expectations: how long a condition may take before the test gives up. They are
# generous because the machine may be shared with other test runs (a crowd of 200 on two busy
# cores can take minutes); on an idle machine every wait ends within a second or two.
WAIT = 300.0  # one step of one newcomer while everyone else acts too, on a shared machine
SETTLE = 300.0  # background work (forwards, pending deliveries) draining after the crowd
BOT_ID = int(BOT_TOKEN.split(":")[0])
SLOW_API_MS = 3000  # every Bot API call takes this long: an update stays in flight
# The production default. A member's lock must outlive their slowest update: on a busy machine
# an update of the crowd can take over 20 s, and a lock that expires under it lets the member's
# next update run beside it (and fails its release). The replica-killed story waits for it.
ISOLATION_LOCK_SECONDS = 60


@pytest.fixture(scope="module")
def cluster(
    pg_templates: PgTemplates | BaseException, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[WebhookCluster]:
    """Emulator → balancer → two replicas (+ a worker) on a fresh PostgreSQL database and the
    tests' Redis database. At the end every process must stop cleanly on SIGTERM, none may have
    logged an error and the emulator must have refused none of the bot's calls."""
    if isinstance(pg_templates, BaseException):
        unavailable("PostgreSQL", pg_templates)
    assert isinstance(pg_templates, PgTemplates)
    redis_url = redis_test_db_url()
    try:
        asyncio.run(_flush(redis_url))
    except Exception as error:
        unavailable("Redis", error)
    database_url = asyncio.run(pg_templates.new_database())
    cluster = WebhookCluster(
        tmp_path_factory.mktemp("replicas"),
        database_url=database_url,
        redis_url=redis_url,
        env={"PRICHAL_ISOLATION_LOCK_SECONDS": str(ISOLATION_LOCK_SECONDS)},
    )
    try:
        cluster.start()
        yield cluster
        stats = cluster.emulator_stats()
        codes = cluster.stop()
        assert all(code == 0 for code in codes.values()), codes
        assert cluster.errors_logged() == {name: [] for name in cluster.errors_logged()}
        assert stats["refusals"] == [], stats["refusals"]
        assert stats["errors"] == {}, stats["errors"]
    finally:
        cluster.kill()
        asyncio.run(pg_templates.drop(database_url))
        asyncio.run(_flush(redis_url))


async def _flush(url: str) -> None:
    client = Redis.from_url(url)
    try:
        await asyncio.wait_for(client.flushdb(), timeout=5)
    finally:
        await client.aclose()


@pytest.fixture
async def e2e(cluster: WebhookCluster) -> AsyncIterator[E2E]:
    # Every newcomer waits on the emulator at once: no cap on the client's connections.
    session = aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=0))
    async with session, EmulatorClient(cluster.url, session) as client:
        world = E2E(cluster.stack(), client)
        try:
            yield world
        finally:
            await world.close()


# ---- newcomers ----------------------------------------------------------------------------


def ticked(label: str) -> Callable[[BotMessage], bool]:
    """The newest message shows ``label``'s button ticked."""
    return lambda message: any(b.startswith("✅") and label in b for b in message.buttons)


def unticked(label: str) -> Callable[[BotMessage], bool]:
    return lambda message: (
        any(label in b and not b.startswith("✅") for b in message.buttons)
        and not ticked(label)(message)
    )


@dataclass(frozen=True)
class Newcomer:
    """One way through onboarding, and what it must leave in the database."""

    name: str
    language: str  # the Telegram app's language
    walk: Callable[[Player], Awaitable[None]]
    messages: int  # updates it sends: messages typed...
    presses: int  # ...and buttons pressed
    stored: tuple[str, str, str | None, frozenset[str], frozenset[str], bool]


async def russian_in_tbilisi(person: Player) -> None:
    await person.send("/start", wait=WAIT, until="Выберите язык")
    await person.press("Русский", wait=WAIT, until="В какой стране")
    await person.send("Грузия", wait=WAIT, until="В каком городе")
    await person.press("Тбилиси", wait=WAIT, until="Чем вы занимаетесь")
    await person.press("Дизайн", wait=WAIT, until=ticked("Дизайн"))
    await person.press("Готово", wait=WAIT, until="Что вам нужно")
    await person.press("Банки", wait=WAIT, until=ticked("Банки"))
    await person.press("Готово", wait=WAIT, until="Новости и события")
    await person.press("Да, присылайте", wait=WAIT, until="Готово!")


async def english_in_novi_sad(person: Player) -> None:
    await person.send("/start", wait=WAIT, until="Choose your language")
    await person.press("English", wait=WAIT, until="Which country are you in now?")
    await person.send("Serbia", wait=WAIT, until="Which city in Serbia")
    await person.send("novi sad", wait=WAIT, until="What do you do?")
    await person.press("IT", wait=WAIT, until=ticked("IT"))
    await person.press("Done", wait=WAIT, until="What do you need")
    await person.press("Skip", wait=WAIT, until="News and events")
    await person.press("No, thanks", wait=WAIT, until="All set!")


async def double_tapper_in_yerevan(person: Player) -> None:
    """Taps "IT" twice in a row, faster than the bot answers: on, then off again."""
    await person.send("/start", wait=WAIT, until="Выберите язык")
    await person.press("Русский", wait=WAIT, until="В какой стране")
    await person.press("Армения", wait=WAIT, until="В каком городе")
    await person.press("Ереван", wait=WAIT, until="Чем вы занимаетесь")
    it = SetupCb(step="p", v="it").pack()
    await person.press_data(it, times=2, wait=WAIT, until=unticked("IT"))
    await person.press("Пропустить", wait=WAIT, until="Что вам нужно")
    await person.press("Пропустить", wait=WAIT, until="Новости и события")
    await person.press("Нет, спасибо", wait=WAIT, until="Готово!")


NEWCOMERS = (
    Newcomer(
        "russian_in_tbilisi",
        "ru",
        russian_in_tbilisi,
        2,
        7,
        ("ru", "GE", "Tbilisi", frozenset({"design"}), frozenset({"banking"}), True),
    ),
    Newcomer(
        "english_in_novi_sad",
        "en",
        english_in_novi_sad,
        3,
        5,
        ("en", "RS", "Novi Sad", frozenset({"it"}), frozenset(), False),
    ),
    Newcomer(
        "double_tapper_in_yerevan",
        "ru",
        double_tapper_in_yerevan,
        1,
        8,
        ("ru", "AM", "Yerevan", frozenset(), frozenset(), False),
    ),
)


def transcript(chat: list[dict[str, Any]]) -> list[tuple[bool, str, tuple[str, ...]]]:
    """The chat as a person sees it at the end: who wrote, the text, the buttons."""
    return [
        (message["from_bot"], message["text"], BotMessage.of(message).buttons)
        for message in chat
        if not message["deleted"]
    ]


async def stored(e2e: E2E, user_id: int) -> tuple[Any, ...]:
    """What the database keeps about an onboarded member."""
    async with e2e.session() as session:
        member = await session.get(Member, user_id)
        assert member is not None and member.is_onboarded, user_id
    return await stored_profile(e2e, user_id)


async def stored_profile(e2e: E2E, user_id: int) -> tuple[Any, ...]:
    """Locale, country, city, professions, interests and the announcements opt-in."""
    async with e2e.session() as session:
        member = await session.get(Member, user_id)
        assert member is not None, user_id
        professions = await session.scalars(
            select(MemberProfession.slug).where(MemberProfession.member_id == user_id)
        )
        interests = await session.scalars(
            select(MemberInterest.slug).where(MemberInterest.member_id == user_id)
        )
        return (
            member.locale,
            member.country,
            member.city,
            frozenset(professions),
            frozenset(interests),
            member.broadcasts_opt_in,
        )


def handled_by_each(cluster: WebhookCluster) -> dict[str, float]:
    return {r.name: sum(r.updates_handled().values()) for r in cluster.replicas}


# ---- the stories --------------------------------------------------------------------------


async def test_two_hundred_newcomers_onboard_at_once(e2e: E2E, cluster: WebhookCluster) -> None:
    # One of each alone first: what each way through onboarding shows when nothing else runs.
    reference: dict[str, list[tuple[bool, str, tuple[str, ...]]]] = {}
    for newcomer in NEWCOMERS:
        person = await e2e.user(newcomer.name, language=newcomer.language)
        await newcomer.walk(person)
        assert await e2e.client.wait_idle(WAIT)
        reference[newcomer.name] = transcript(await e2e.client.chat(person.id))
        assert await stored(e2e, person.id) == newcomer.stored
    before = handled_by_each(cluster)
    calls_before = cluster.emulator_stats()["calls"]
    answers_before = cluster.balancer_stats()["statuses"]

    crowd = [
        (newcomer, await e2e.user(f"{newcomer.name}-{number}", language=newcomer.language))
        for number, newcomer in zip(range(CROWD), itertools.cycle(NEWCOMERS), strict=False)
    ]
    started = time.monotonic()
    await asyncio.gather(*(newcomer.walk(person) for newcomer, person in crowd))
    assert await e2e.client.wait_idle(WAIT)
    took = time.monotonic() - started

    # Every newcomer saw exactly what a newcomer alone sees: no reply lost, none doubled.
    for newcomer, person in crowd:
        chat = transcript(await e2e.client.chat(person.id))
        assert chat == reference[newcomer.name], person.user["first_name"]
    # What each chose is what the database keeps; no wizard is left half-way in Redis.
    storage = create_redis_storage(Redis.from_url(cluster.redis_url or ""))
    try:
        for newcomer, person in crowd:
            assert await stored(e2e, person.id) == newcomer.stored, person.user["first_name"]
            key = StorageKey(bot_id=BOT_ID, chat_id=person.id, user_id=person.id)
            assert await storage.get_state(key) is None
            assert await storage.get_data(key) == {}
    finally:
        await storage.close()

    # Both replicas worked, and together handled each update exactly once.
    after = handled_by_each(cluster)
    handled = {name: after[name] - before[name] for name in after}
    assert all(count > 0 for count in handled.values()), handled
    presses = sum(newcomer.presses for newcomer, _ in crowd)
    updates = presses + sum(newcomer.messages for newcomer, _ in crowd)
    assert sum(handled.values()) == updates
    # Each press answered once (a second answer would have been refused).
    calls = cluster.emulator_stats()["calls"]
    assert calls["answerCallbackQuery"] - calls_before["answerCallbackQuery"] == presses
    # Every delivery was taken the first time: no webhook answer but 200, nothing pending.
    answers = cluster.balancer_stats()["statuses"]
    assert {code: n - answers_before.get(code, 0) for code, n in answers.items()} == {
        "200": updates
    }
    info = cluster.webhook_info()
    assert info["pending_update_count"] == 0 and "last_error_message" not in info, info
    print(f"\n{CROWD} newcomers, {updates} updates in {took:.1f} s; per replica {handled}")


async def test_every_replica_sets_the_same_webhook(cluster: WebhookCluster) -> None:
    dispatcher = Dispatcher()
    dispatcher.include_routers(*build_routers())
    info = cluster.webhook_info()
    assert info["url"] == cluster.webhook_base + "/webhook"  # the balancer, not a replica
    assert info["max_connections"] == 40
    assert info["allowed_updates"] == sorted(dispatcher.resolve_used_update_types())
    assert cluster.emulator_stats()["calls"]["setWebhook"] >= len(cluster.replicas)
    assert cluster.emulator_stats()["calls"].get("deleteWebhook", 0) == 0


async def test_a_request_without_the_secret_is_refused_and_not_handled(
    e2e: E2E, cluster: WebhookCluster
) -> None:
    mallory = await e2e.user("Mallory", language="en")
    update = {
        "update_id": 900_000_001,
        "message": {
            "message_id": 1,
            "date": int(time.time()),
            "chat": {"id": mallory.id, "type": "private", "first_name": "Mallory"},
            "from": {"id": mallory.id, "is_bot": False, "first_name": "Mallory"},
            "text": "/start",
            "entities": [{"type": "bot_command", "offset": 0, "length": 6}],
        },
    }
    replica = cluster.replicas[0]
    before = sum(replica.updates_handled().values())
    for headers in ({}, {"X-Telegram-Bot-Api-Secret-Token": "not-the-secret-at-all"}):
        status, _ = http(replica.url + "/webhook", body=update, headers=headers)
        assert status == 401
    assert sum(replica.updates_handled().values()) == before
    assert await e2e.client.chat(mallory.id) == []

    # The very same request with the secret is an update like any other.
    headers = {"X-Telegram-Bot-Api-Secret-Token": WEBHOOK_SECRET}
    status, _ = http(replica.url + "/webhook", body=update, headers=headers)
    assert status == 200
    assert sum(replica.updates_handled().values()) == before + 1
    reply = await e2e.client.last_bot_message(mallory.id)
    assert reply is not None and "Choose your language" in reply["text"]


async def test_two_updates_of_one_member_on_two_replicas_at_once_take_turns(
    e2e: E2E, cluster: WebhookCluster
) -> None:
    # Telegram never sends a chat's next update before the last one was answered, but an
    # update can still be handled twice at once — aiogram answers after 55 s while the handler
    # goes on, a redelivery can overtake a stuck replica. Here the balancer answers at once and
    # forwards in the background, so a double tap reaches both replicas together.
    twins = [await e2e.user(f"Twin {number}", language="en") for number in range(8)]
    for twin in twins:
        await twin.send("/start ge-tbilisi", wait=WAIT, until="What do you do?")
    it = SetupCb(step="p", v="it").pack()
    balancer_before = cluster.balancer_stats()
    cluster.acknowledge_early(True)
    try:
        for twin in twins:
            # One after another, so each double tap is split between the two replicas.
            await twin.press_data(it, times=2, wait=WAIT, until=unticked("IT"))
    finally:
        cluster.acknowledge_early(False)
    # The replicas answer the balancer after the member saw the reply (then they commit).
    await until(lambda: cluster.balancer_stats()["in_background"] == 0, "forwards finished", SETTLE)
    balancer = cluster.balancer_stats()
    assert balancer["overlapped"] - balancer_before["overlapped"] >= len(twins) // 2, balancer
    assert balancer["failures"] == balancer_before["failures"], balancer

    # Each tap saw what the other had done: ticked, then unticked — never both adding "IT".
    storage = create_redis_storage(Redis.from_url(cluster.redis_url or ""))
    try:
        for twin in twins:
            _, _, _, professions, _, _ = await stored_profile(e2e, twin.id)
            assert professions == frozenset(), twin.user["first_name"]
            key = StorageKey(bot_id=BOT_ID, chat_id=twin.id, user_id=twin.id)
            assert await storage.get_state(key) == "Setup:professions"
    finally:
        await storage.close()
    assert cluster.errors_logged() == {name: [] for name in cluster.errors_logged()}


async def test_a_replica_that_dies_mid_update_leaves_the_update_to_the_other(
    e2e: E2E, cluster: WebhookCluster
) -> None:
    olga = await e2e.user("Olga", language="en")
    sent_before = cluster.emulator_stats()["calls"].get("sendMessage", 0)
    await e2e.client.config(latency_ms=SLOW_API_MS)
    try:
        await e2e.client.send_text(olga.id, "/start")
        # A replica is answering Olga (its sendMessage is being served)...
        await until(
            lambda: cluster.emulator_stats()["calls"].get("sendMessage", 0) > sent_before,
            "the bot answering Olga",
            SETTLE,
        )
        serving = cluster.balancer_stats()["serving"]
        (victim_index,) = [i for i, r in enumerate(cluster.replicas) if serving.get(r.url)]
        victim = cluster.replicas[victim_index]
        # ...when its machine dies: no drain, no answer to the webhook, no commit.
        victim.child.process.kill()
        victim.child.process.wait()
    finally:
        await e2e.client.config(latency_ms=0)

    # Telegram delivers the update again; the other replica handles it, once the dead one's
    # lock on Olga has expired.
    await e2e.client.wait_bot_message(olga.id, timeout=ISOLATION_LOCK_SECONDS + WAIT)
    await until(
        lambda: cluster.webhook_info()["pending_update_count"] == 0, "nothing pending", SETTLE
    )
    assert await e2e.client.wait_idle(WAIT)
    # She is at the first step (the welcome may have died with the replica that sent it: it
    # had committed the new member before it spoke, so the other one goes on from the step).
    reply = await e2e.client.last_bot_message(olga.id)
    assert reply is not None and "Choose your language" in reply["text"]
    async with e2e.session() as session:
        assert await session.get(Member, olga.id) is not None
    await asyncio.to_thread(cluster.restart, victim_index)
