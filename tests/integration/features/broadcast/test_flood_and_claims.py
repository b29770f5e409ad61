"""Through the real Bot API emulator with its flood limits on: a 429 is waited out and the
same recipient retried, each gets exactly one copy. On PostgreSQL, two workers claiming at
the same moment get disjoint rows (``FOR UPDATE SKIP LOCKED``)."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import timedelta

import pytest
from sqlalchemy import select

from bot.access import Access
from bot.db.models import BroadcastDelivery, Member
from bot.db.types import utcnow
from bot.db.uow import unit_of_work
from bot.emulator import EmulatorClient, EmulatorConfig, EmulatorServer
from bot.factory import create_bot, create_services
from bot.features.broadcast import delivery, service
from bot.features.broadcast.segment import Segment
from bot.features.broadcast.service import Content
from bot.outbox.delivery import deliver_round
from bot.services import Services
from tests import conftest
from tests.integration.features.broadcast.stories import body

TOKEN = "123456:TEST"
ADMIN = 1
RECIPIENTS = list(range(3501, 3509))


@pytest.fixture
async def emulator() -> AsyncIterator[EmulatorServer]:
    async with EmulatorServer(EmulatorConfig(port=0, bot_token=TOKEN)) as server:
        yield server


async def members_and_a_broadcast(services: Services, ids: list[int]) -> int:
    async with unit_of_work(services.sessions) as session:
        for member_id in [ADMIN, *ids]:
            session.add(
                Member(
                    id=member_id,
                    locale="en",
                    country="GE",
                    city="Tbilisi",
                    broadcasts_opt_in=member_id != ADMIN,
                    onboarded_at=utcnow(),
                )
            )
        await session.flush()
        broadcast = await service.create_broadcast(
            session,
            Access(ADMIN, is_admin=True),
            Content(text="Hello from the community"),
            Segment(countries=("GE",)),
            send_now=True,
        )
        return broadcast.id


async def test_a_429_is_waited_out_and_the_same_recipient_retried_exactly_once_each(
    emulator: EmulatorServer, sqlite_url: str
) -> None:
    # Our limiter lets everything through; the emulator allows 3 a second overall.
    settings = conftest.test_settings(
        sqlite_url, bot_token=TOKEN, telegram_api_url=emulator.url, PRICHAL_SEND_RATE=1000
    )
    services = create_services(settings)
    bot = create_bot(settings)
    try:
        async with EmulatorClient(emulator.url) as tg:
            for member_id in RECIPIENTS:
                await tg.create_user(f"M{member_id}", user_id=member_id, language_code="en")
            await tg.config(rate_limits=True, global_rate=3)
            broadcast_id = await members_and_a_broadcast(services, RECIPIENTS)

            while await deliver_round(services, bot, worker_id="w", feeds=[delivery.FEED]):
                pass

            for member_id in RECIPIENTS:
                chat = await tg.chat(member_id)
                assert [body(m["text"]) for m in chat] == ["Hello from the community"]
            stats = await tg.stats()
            assert stats["errors"].get("429", 0) >= 1
        async with services.sessions() as session:
            statuses = set(
                await session.scalars(
                    select(BroadcastDelivery.status).where(
                        BroadcastDelivery.broadcast_id == broadcast_id
                    )
                )
            )
        assert statuses == {"sent"}
    finally:
        await bot.session.close()
        await services.close()


@pytest.mark.postgres
async def test_two_workers_claiming_at_once_get_disjoint_rows(pg_url: str) -> None:
    services = create_services(conftest.test_settings(pg_url))
    try:
        broadcast_id = await members_and_a_broadcast(services, list(range(3601, 3641)))
        now = utcnow()
        async with unit_of_work(services.sessions) as session:
            await delivery.start_approved(session, now)
            await delivery.materialise(session, broadcast_id, "en", now)
        lease = timedelta(minutes=1)
        first_holds = asyncio.Event()
        release_first = asyncio.Event()

        async def first() -> set[int]:
            async with unit_of_work(services.sessions) as session:
                rows = await delivery.claim(session, broadcast_id, "A", now, lease=lease, limit=15)
                first_holds.set()
                await release_first.wait()  # still holding the row locks
                return {row.id for row in rows}

        async def second() -> set[int]:
            await first_holds.wait()
            async with unit_of_work(services.sessions) as session:
                rows = await delivery.claim(session, broadcast_id, "B", now, lease=lease, limit=15)
            release_first.set()
            return {row.id for row in rows}

        a, b = await asyncio.wait_for(asyncio.gather(first(), second()), timeout=30)
        assert len(a) == len(b) == 15 and not a & b
        async with unit_of_work(services.sessions) as session:
            rest = await delivery.claim(session, broadcast_id, "C", now, lease=lease, limit=50)
        assert len(rest) == 10 and not {row.id for row in rest} & (a | b)
    finally:
        await services.close()
