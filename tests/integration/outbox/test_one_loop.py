"""One loop for every message owed: a broadcast's copies and an ordinary notice go out in the
same worker round, through the same send, and a 403 on either marks the member unreachable
through the one ``mark_unreachable``."""

from __future__ import annotations

from typing import Any

import pytest
from aiogram import Bot
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import Member, MemberStatus, OutboxMessage
from bot.db.uow import unit_of_work
from bot.features import plugins
from bot.features.broadcast.delivery import BroadcastSource
from bot.features.broadcast.segment import Segment
from bot.outbox import Outgoing, engine, enqueue
from bot.outbox.delivery import OutboxRows
from bot.outbox.job import outbox_job
from bot.outbox.policy import Sent
from bot.services import Services
from bot.worker.runner import Worker
from tests.integration.features.broadcast.stories import (
    approve,
    broadcast_by,
    deliveries,
    received,
    residents,
)
from tests.integration.features.events.stories import make_organiser
from tests.support.story import Harness

DAVID = 3901  # the organiser
ANNA, BORIS, GLEB = 3911, 3912, 3913
PICNIC = "Community picnic on Saturday!"


async def test_one_worker_round_sends_a_broadcast_and_a_notice_through_the_same_loop(
    harness: Harness, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Anna and Boris take announcements; Gleb does not. Boris and Gleb have blocked the bot.
    await residents(
        harness,
        {"id": ANNA, "country": "GE"},
        {"id": BORIS, "country": "GE"},
        {"id": GLEB, "country": "GE", "opt_in": False},
    )
    harness.telegram.blocked.update({BORIS, GLEB})
    await make_organiser(harness, DAVID)
    broadcast_id = await broadcast_by(harness, DAVID, Segment(countries=("GE",)))
    await approve(harness, broadcast_id)
    async with unit_of_work(harness.services.sessions) as session:
        await enqueue(session, "test.notice", ANNA, Outgoing("Your offer was approved"))
        await enqueue(session, "test.notice", GLEB, Outgoing("Your offer was approved"))

    # Every message the round sends, and every member it marks unreachable, as the loop saw them.
    through_the_loop: list[tuple[str, int]] = []
    marked: list[int] = []
    send_once, mark_unreachable = engine.send_once, engine.mark_unreachable

    async def watched_send(
        services: Services, bot: Bot, source: engine.Source[Any], item: engine.Item
    ) -> Sent:
        through_the_loop.append((type(source).__name__, item.recipient_id))
        return await send_once(services, bot, source, item)

    async def watched_mark(session: AsyncSession, member_id: int) -> None:
        marked.append(member_id)
        await mark_unreachable(session, member_id)

    monkeypatch.setattr(engine, "send_once", watched_send)
    monkeypatch.setattr(engine, "mark_unreachable", watched_mark)

    # One round of the worker's one delivery job.
    worker = Worker(harness.services, harness.bot, jobs=[outbox_job(plugins())], plugins=plugins())
    handled = await worker.run_once()

    assert list(handled) == ["outbox.deliver"]
    # The notices (the moderator's decision to David among them) and the copies, one send.
    assert {
        (OutboxRows.__name__, ANNA),
        (OutboxRows.__name__, GLEB),
        (BroadcastSource.__name__, ANNA),
        (BroadcastSource.__name__, BORIS),
    } <= set(through_the_loop)
    assert received(harness, ANNA) == ["Your offer was approved", PICNIC]
    # A 403 to the notice and a 403 to the copy: both marked in the one place.
    assert sorted(marked) == [BORIS, GLEB]
    async with harness.services.sessions() as session:
        statuses = dict(
            (await session.execute(select(Member.id, Member.status).where(Member.id > 3910))).all()
        )
        owed = await session.scalar(
            select(func.count(OutboxMessage.id)).where(OutboxMessage.kind == "test.notice")
        )
    assert statuses == {
        ANNA: MemberStatus.ACTIVE,
        BORIS: MemberStatus.UNREACHABLE,
        GLEB: MemberStatus.UNREACHABLE,
    }
    assert owed == 0
    assert await deliveries(harness, broadcast_id) == {ANNA: "sent", BORIS: "unreachable"}
