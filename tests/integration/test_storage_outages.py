"""The database or Redis goes away while members are talking to the bot: members hear that the
bot is briefly unavailable (never a stack trace), nothing half-done is kept, and the bot works
again as soon as the storage is back. Each test runs servers of its own (tests/support/services)."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator

import pytest
from sqlalchemy import select

from bot.db.models import Member
from tests.conftest import HarnessFactory
from tests.support.copy import has
from tests.support.databases import prepare
from tests.support.fake_telegram import Sent
from tests.support.services import PrivatePostgres, PrivateRedis, skip_or_fail
from tests.support.story import Harness, Person

UNAVAILABLE_EN = "briefly unavailable"
UNAVAILABLE_RU = "ненадолго недоступен"


@pytest.fixture
def private_redis() -> Iterator[PrivateRedis]:
    skip_or_fail("redis")
    redis = PrivateRedis()
    redis.start()
    yield redis
    redis.stop()


@pytest.fixture
def private_postgres() -> Iterator[PrivatePostgres]:
    skip_or_fail("postgres")
    postgres = PrivatePostgres()
    try:
        postgres.start()
        yield postgres
    finally:
        postgres.remove()


async def test_redis_down_is_said_plainly_and_the_bot_recovers(
    make_harness: HarnessFactory, private_redis: PrivateRedis
) -> None:
    harness = await make_harness(redis_url=private_redis.url)
    anna = harness.member(4001, language_code="ru")
    await anna.send("/start")
    await anna.press("Русский")

    private_redis.stop()
    await anna.press("Грузия")  # FSM state lives in Redis: this press cannot be handled
    assert UNAVAILABLE_RU in (anna.last_answer() or "")
    await anna.send("/menu")
    assert UNAVAILABLE_RU in anna.last.text

    private_redis.start()  # back on the same port, empty (it kept nothing on disk)
    await anna.send("/start")
    assert UNAVAILABLE_RU not in anna.last.text
    await anna.press("Грузия")
    assert "В каком городе" in anna.last.text


async def test_postgres_down_is_said_plainly_and_the_bot_recovers(
    make_harness: HarnessFactory, private_postgres: PrivatePostgres
) -> None:
    await prepare(private_postgres.url)
    harness = await make_harness(private_postgres.url)
    # What the updates owe others waits for the worker (its rounds back off while the
    # database is down, bot/worker/runner.py): here only the updates are played.
    harness.deliver_outbox = False
    tom = harness.member(4002, language_code="en", name="Tom")
    await tom.send("/start")
    await tom.press("English")

    await asyncio.to_thread(private_postgres.stop)
    assert await tom.press("Georgia") == []  # nothing changed on screen...
    assert UNAVAILABLE_EN in (tom.last_answer() or "")  # ...and he is told why
    await tom.send("/help")
    assert UNAVAILABLE_EN in tom.last.text

    await asyncio.to_thread(private_postgres.start)
    changed = await tom.press("Georgia")  # the same press again, as the notice asked
    assert any(has(message.text, "setup-city", country="Georgia") for message in changed)
    assert await country_of(harness, 4002) == "GE"


async def test_postgres_restarts_while_members_onboard_and_nobody_is_lost(
    make_harness: HarnessFactory, private_postgres: PrivatePostgres
) -> None:
    await prepare(private_postgres.url)
    harness = await make_harness(private_postgres.url)
    # What the updates owe others waits for the worker (its rounds back off while the
    # database is down, bot/worker/runner.py): here only the updates are played.
    harness.deliver_outbox = False
    people = [harness.member(4100 + i, language_code="en", name=f"P{i}") for i in range(20)]

    async def restart_midway() -> None:
        await asyncio.sleep(0.2)
        await asyncio.to_thread(private_postgres.restart)

    await asyncio.gather(restart_midway(), *(onboard_whatever_happens(p) for p in people))

    async with harness.services.sessions() as session:
        members = list(await session.scalars(select(Member).where(Member.id >= 4100)))
    assert len(members) == len(people)
    assert all(m.is_onboarded and (m.country, m.city) == ("GE", "Tbilisi") for m in members)


# What a member presses on each screen of the set-up, recognised by its question.
ANSWERS = (
    ("Choose your language", "English"),
    ("Which country", "Georgia"),
    ("Which city", "Tbilisi"),
    ("What do you do", "IT"),
    ("What do you need", "Skip"),
    ("News and events", "No, thanks"),
)


async def onboard_whatever_happens(person: Person) -> None:
    """A member who follows what the bot says: answers the question on screen, and when told
    the bot is briefly unavailable or that a button is old, waits and sends /start again."""
    screen = await restart_setup(person)
    for _ in range(60):
        if "All set!" in screen.text:
            return
        label = next(answer for question, answer in ANSWERS if question in screen.text)
        if label == "IT" and any(text.startswith("✅") for text, _ in screen.buttons()):
            label = "Done"
        changed = await person.press_on(screen, label)
        if changed:
            screen = changed[-1]
            continue
        told = person.last_answer() or ""
        assert UNAVAILABLE_EN in told or "/start" in told, told
        await asyncio.sleep(0.1)
        screen = await restart_setup(person)
    raise AssertionError(f"{person.user_id} never finished setting up")


async def restart_setup(person: Person) -> Sent:
    for _ in range(60):
        shown = [m for m in await person.send("/start") if m.buttons() or "All set!" in m.text]
        if shown:
            return shown[-1]
        assert UNAVAILABLE_EN in person.last.text, person.last.text
        await asyncio.sleep(0.1)
    raise AssertionError(f"/start never worked for {person.user_id}")


async def country_of(harness: Harness, user_id: int) -> str | None:
    async with harness.services.sessions() as session:
        member = await session.get(Member, user_id)
        return None if member is None else member.country
