"""Notices sent through the real Bot API emulator: Telegram's 429 and 403 as Telegram says them."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import timedelta

import pytest
from sqlalchemy import select

from bot.access import Access
from bot.db.models import Event, EventNotice, Member, MemberStatus
from bot.db.types import utcnow
from bot.db.uow import unit_of_work
from bot.emulator import EmulatorClient, EmulatorConfig, EmulatorServer
from bot.factory import create_bot, create_services
from bot.features.events import service
from bot.features.events.notices import send_due_notices
from bot.outbox.delivery import deliver_all
from bot.outbox.kinds import kinds_of
from bot.services import Services
from bot.worker.runner import Worker
from tests import conftest
from tests.integration.features.events.stories import draft

TOKEN = "123456:TEST"
ADMIN, ANNA, BORIS = 1, 2701, 2702


@pytest.fixture
async def emulator() -> AsyncIterator[EmulatorServer]:
    async with EmulatorServer(EmulatorConfig(port=0, bot_token=TOKEN)) as server:
        yield server


@pytest.fixture
async def world(
    emulator: EmulatorServer, sqlite_url: str
) -> AsyncIterator[tuple[Services, Worker]]:
    settings = conftest.test_settings(sqlite_url, bot_token=TOKEN, telegram_api_url=emulator.url)
    services = create_services(settings)
    bot = create_bot(settings)
    yield services, Worker(services, bot)
    await bot.session.close()
    await services.close()


async def events_anna_goes_to(services: Services, count: int) -> list[int]:
    """``count`` events at the same hour, Anna and Boris going to each."""
    admin = Access(ADMIN, is_admin=True)
    ids = []
    async with unit_of_work(services.sessions) as session:
        for user_id in (ADMIN, ANNA, BORIS):
            session.add(
                Member(id=user_id, locale="en", country="GE", city="Tbilisi", onboarded_at=utcnow())
            )
        await session.flush()
        for number in range(count):
            event = await service.create_event(session, admin, draft(title=f"Event {number}"))
            await service.publish(session, event.id)
            for user_id in (ANNA, BORIS):
                await service.answer(session, event.id, user_id, going=True)
            ids.append(event.id)
    return ids


async def test_a_429_is_waited_out_and_the_same_member_retried_a_403_marks_unreachable(
    emulator: EmulatorServer, world: tuple[Services, Worker]
) -> None:
    services, worker = world
    async with EmulatorClient(emulator.url) as tg:
        await tg.create_user("Anna", user_id=ANNA, language_code="en")
        await tg.create_user("Boris", user_id=BORIS, language_code="en")
        await tg.block(BORIS)
        # One chat takes a burst of 3, then 1 message a second: 5 reminders at once hit 429.
        await tg.config(rate_limits=True, per_chat_rate=1)
        event_ids = await events_anna_goes_to(services, 5)
        async with services.sessions() as session:
            starts = await session.scalars(select(Event.starts_at).where(Event.id.in_(event_ids)))
            start = min(starts)
        due = start - timedelta(hours=24) + timedelta(minutes=1)

        assert await send_due_notices(worker.context, now=due) == 10
        assert await send_due_notices(worker.context, now=due) == 0
        # The job owed them; the outbox's one loop sends them (429 waited out, 403 marked).
        kinds = kinds_of(worker.context.plugins)
        assert await deliver_all(services, worker.context.bot, kinds=kinds) == 10

        chat = await tg.chat(ANNA)
        reminders = sorted(m["text"].splitlines()[0] for m in chat if "Tomorrow:" in m["text"])
        assert reminders == [f"⏰ Tomorrow: Event {n}" for n in range(5)]  # each exactly once
        stats = await tg.stats()
        assert stats["errors"].get("429", 0) >= 1
        assert stats["errors"].get("403", 0) == 5

    by_member: dict[int, set[str]] = {}
    for event_id in event_ids:
        for notice in await notices_of(services, event_id):
            by_member.setdefault(notice[0], set()).add(notice[1])
    assert by_member == {ANNA: {"sent"}, BORIS: {"failed"}}
    async with services.sessions() as session:
        boris = await session.get(Member, BORIS)
        assert boris is not None and boris.status == MemberStatus.UNREACHABLE


async def notices_of(services: Services, event_id: int) -> list[tuple[int, str]]:
    async with services.sessions() as session:
        rows = await session.execute(
            select(EventNotice.member_ref, EventNotice.status).where(
                EventNotice.event_id == event_id, EventNotice.kind == "remind-24h"
            )
        )
        return [(member_id, str(status)) for member_id, status in rows]
