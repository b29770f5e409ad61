"""What broadcast stories share: a community of members, an organiser, a broadcast approved."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select

from bot.access import load_member
from bot.db.models import (
    Broadcast,
    BroadcastDelivery,
    Member,
    MemberProfession,
    MemberStatus,
    ReviewItem,
    ReviewKind,
)
from bot.db.types import utcnow
from bot.features import plugins
from bot.features.broadcast import service
from bot.features.broadcast.delivery import FEED
from bot.features.broadcast.segment import Segment
from bot.features.broadcast.service import Content
from bot.features.moderation import service as moderation
from bot.features.profile.service import toggle_interest
from bot.outbox.delivery import deliver_round
from tests.support.story import Harness

ADMIN = 1  # ADMIN_IDS of the harness


async def residents(harness: Harness, *people: dict[str, object]) -> None:
    """Members who settled in long ago: ``{"id": 1, "country": "GE", "professions": [...]}``;
    opted in to broadcasts unless ``opt_in`` says otherwise."""
    async with harness.services.sessions() as session, session.begin():
        for person in people:
            member_id = int(str(person["id"]))
            session.add(
                Member(
                    id=member_id,
                    locale=person.get("locale", "en"),
                    country=person.get("country", "GE"),
                    city=person.get("city", "Tbilisi"),
                    broadcasts_opt_in=bool(person.get("opt_in", True)),
                    status=MemberStatus(str(person.get("status", "active"))),
                    quiet_start=person.get("quiet_start"),
                    quiet_end=person.get("quiet_end"),
                    onboarded_at=utcnow(),
                )
            )
            await session.flush()
            for slug in person.get("professions", []):  # type: ignore[attr-defined]
                session.add(MemberProfession(member_id=member_id, slug=slug))
            for slug in person.get("interests", []):  # type: ignore[attr-defined]
                await toggle_interest(session, member_id, slug)  # sensitive ones apart


async def broadcast_by(
    harness: Harness,
    author_id: int,
    segment: Segment,
    content: Content | None = None,
    *,
    send_now: bool = False,
) -> int:
    async with harness.services.sessions() as session, session.begin():
        _, access = await load_member(session, author_id, harness.services.settings.admin_ids)
        broadcast = await service.create_broadcast(
            session,
            access,
            content or Content(text="Community picnic on Saturday!"),
            segment,
            send_now=send_now,
        )
        return broadcast.id


async def approve(harness: Harness, broadcast_id: int, moderator_id: int = ADMIN) -> None:
    async with harness.services.sessions() as session, session.begin():
        item = await session.scalar(
            select(ReviewItem).where(
                ReviewItem.kind == ReviewKind.BROADCAST,
                ReviewItem.target_id == str(broadcast_id),
            )
        )
        assert item is not None
        _, access = await load_member(session, moderator_id, harness.services.settings.admin_ids)
        await moderation.decide(
            session,
            access,
            item.id,
            approve=True,
            reason=None,
            handler=plugins().review_handlers[ReviewKind.BROADCAST],
        )


async def deliveries(harness: Harness, broadcast_id: int) -> dict[int, str]:
    async with harness.services.sessions() as session:
        rows = await session.execute(
            select(BroadcastDelivery.member_id, BroadcastDelivery.status).where(
                BroadcastDelivery.broadcast_id == broadcast_id
            )
        )
        return {member_id: str(status) for member_id, status in rows}


async def broadcast(harness: Harness, broadcast_id: int) -> Broadcast:
    async with harness.services.sessions() as session:
        found = await session.get(Broadcast, broadcast_id)
        assert found is not None
        return found


async def run_worker(harness: Harness, now: datetime | None = None, worker: str = "test") -> int:
    """One round of the outbox's loop with the broadcasts' feed, as the worker runs it (the
    outbox's own rows, status messages and reports, go too)."""
    return await deliver_round(
        harness.services, harness.bot, worker_id=worker, now=now, feeds=[FEED]
    )


async def run_until_idle(harness: Harness, now: datetime | None = None) -> None:
    for _ in range(50):
        if not await run_worker(harness, now):
            return
    raise AssertionError("the worker never ran out of work")


HEADER_MARK = "📣 "


def body(text: str) -> str:
    """A copy's text without its header line (test_header.py checks the header itself)."""
    if text.startswith(HEADER_MARK):
        _, _, rest = text.partition("\n\n")
        return rest if "\n\n" in text else ""
    return text


def received(harness: Harness, member_id: int) -> list[str]:
    """What the member got, each copy's header left out."""
    return [body(sent.text) for sent in harness.telegram.transcript(member_id)]


async def authored(harness: Harness, author_id: int) -> list[Broadcast]:
    """The broadcasts a member wrote, oldest first."""
    async with harness.services.sessions() as session:
        found = await session.scalars(
            select(Broadcast).where(Broadcast.author_id == author_id).order_by(Broadcast.id)
        )
        return list(found)
