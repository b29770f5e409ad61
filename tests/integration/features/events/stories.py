"""What event stories share: members who settled in, an organiser, an approved event."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select

from bot.access import load_member
from bot.db.models import EventNotice, EventRsvp, NoticeStatus, ReviewItem, ReviewKind
from bot.db.types import utcnow
from bot.features import plugins
from bot.features.events import service
from bot.features.events.notices import send_due_notices
from bot.features.moderation import service as moderation
from bot.plugins import JobContext
from tests.support.story import Harness, Person

ADMIN = 1  # ADMIN_IDS of the harness
TBILISI = "Asia/Tbilisi"


async def settle(
    harness: Harness, user_id: int, link: str = "ge-tbilisi_it", language: str = "en"
) -> Person:
    """A member arrives by a deep link and finishes onboarding (profession from the link)."""
    person = harness.member(user_id, language_code=language)
    await person.send(f"/start {link}")
    await person.press("Done" if language == "en" else "Готово")
    await person.press("Skip" if language == "en" else "Пропустить")
    await person.press("No, thanks" if language == "en" else "Нет")
    return person


async def make_organiser(harness: Harness, user_id: int, scope: str = "GE") -> Person:
    organiser = await settle(harness, user_id)
    admin = harness.member(ADMIN, language_code="en")
    await admin.send(f"/grant {user_id} organiser {scope}")
    return organiser


def draft(
    *,
    title: str = "Designers' breakfast",
    starts_in: timedelta = timedelta(days=3),
    capacity: int | None = None,
    country: str = "GE",
    city: str | None = "Tbilisi",
    timezone: str = TBILISI,
    online_url: str | None = None,
    starts_at: datetime | None = None,
) -> service.Draft:
    return service.Draft(
        title=title,
        description="Portfolio review; bring a laptop.",
        starts_at=starts_at or utcnow() + starts_in,
        duration=timedelta(hours=2),
        timezone=timezone,
        country=country,
        city=city,
        venue=None if online_url else "Cafe Linville, Rustaveli 1",
        online_url=online_url,
        professions=("design",),
        interests=("networking",),
        capacity=capacity,
    )


async def approve(harness: Harness, event_id: int, moderator_id: int = ADMIN) -> None:
    """A moderator approves the event through the moderation queue."""
    async with harness.services.sessions() as session, session.begin():
        item = await session.scalar(
            select(ReviewItem).where(
                ReviewItem.kind == ReviewKind.EVENT, ReviewItem.target_id == str(event_id)
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
            handler=plugins().review_handlers[ReviewKind.EVENT],
        )


async def published_event(harness: Harness, organiser_id: int, **kwargs: object) -> int:
    """An event the organiser created and a moderator approved; returns its id."""
    async with harness.services.sessions() as session, session.begin():
        _, access = await load_member(session, organiser_id, harness.services.settings.admin_ids)
        event = await service.create_event(session, access, draft(**kwargs))  # type: ignore[arg-type]
        event_id = event.id
    await approve(harness, event_id)
    return event_id


async def answers(harness: Harness, event_id: int) -> dict[int, str]:
    async with harness.services.sessions() as session:
        rows = await session.execute(
            select(EventRsvp.member_ref, EventRsvp.status).where(EventRsvp.event_id == event_id)
        )
        return {member_id: str(status) for member_id, status in rows}


async def notices(harness: Harness, event_id: int) -> list[EventNotice]:
    async with harness.services.sessions() as session:
        return list(
            await session.scalars(
                select(EventNotice).where(EventNotice.event_id == event_id).order_by(EventNotice.id)
            )
        )


async def pending_kinds(harness: Harness, event_id: int) -> set[tuple[int, str]]:
    return {
        (notice.member_id, str(notice.kind))
        for notice in await notices(harness, event_id)
        if notice.status == NoticeStatus.PENDING
    }


async def run_worker(harness: Harness, now: datetime | None = None) -> int:
    """One round of the event-notice job, as the worker runs it (optionally at ``now``)."""
    context = JobContext(
        services=harness.services, bot=harness.bot, worker_id="test", plugins=plugins()
    )
    return await send_due_notices(context, now=now)
