"""The worker job that hands what members are owed about events to the outbox, once each.

A round, in one transaction: claim due notices in a batch (``FOR UPDATE SKIP LOCKED`` on
PostgreSQL, so several workers take different rows; on SQLite the write lock serialises
claims); drop the ones that no longer make sense (the member left, the event moved again, was
cancelled or has started) as ``skipped``; render the rest in each member's language and time
zone, owe them through the outbox (:mod:`bot.outbox`) and mark them ``sent``. The outbox's one
loop then sends them after the commit under its policy for 429, 403 and 5xx, with its
guarantees (nobody lost, at most one repeat per worker crash); a notice it cannot deliver is
marked ``failed`` here (:func:`notice_undelivered`).
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import partial
from typing import Any

from aiogram.types import InlineKeyboardMarkup
from sqlalchemy import ColumnElement, and_, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot import outbox
from bot.db.crypto import pseudonyms
from bot.db.models import (
    Event,
    EventMessage,
    EventNotice,
    EventRsvp,
    EventStatus,
    Member,
    MemberStatus,
    NoticeKind,
    NoticeStatus,
    RsvpStatus,
)
from bot.db.models.events import EVENT_MEMBER
from bot.db.types import utcnow
from bot.db.uow import unit_of_work
from bot.features.events.keyboards import attendance_keyboard, notice_keyboard
from bot.features.events.render import place_text, viewer_zone, when_text
from bot.features.events.service import (
    ATTENDING,
    REMINDER_KINDS,
    going_counts,
    owe_attendance_prompts,
)
from bot.outbox.kinds import OutboxKind
from bot.plugins import JobContext
from bot.services import Services

log = logging.getLogger(__name__)

# 100 a round: the runner goes again at once after a full batch.
BATCH = 100
# A claim and its hand-off to the outbox are one transaction: the lease only matters for
# rows claimed by an older version that sent them itself.
LEASE = timedelta(minutes=10)
MAX_ATTEMPTS = 5
OUTBOX_NOTICE = "event-notice"


@dataclass(frozen=True)
class Outgoing:
    notice_id: int
    member_id: int
    text: str
    markup: InlineKeyboardMarkup | None


def _due(now: datetime) -> ColumnElement[bool]:
    return or_(
        and_(EventNotice.status == NoticeStatus.PENDING, EventNotice.due_at <= now),
        and_(EventNotice.status == NoticeStatus.CLAIMED, EventNotice.lease_until < now),
    )


async def claim(
    session: AsyncSession, now: datetime, *, limit: int = BATCH, lease: timedelta = LEASE
) -> list[EventNotice]:
    """Take up to ``limit`` due notices (and ones whose worker's lease ran out)."""
    notices = list(
        await session.scalars(
            select(EventNotice)
            .where(_due(now))
            .order_by(EventNotice.due_at, EventNotice.id)
            .limit(limit)
            .with_for_update(skip_locked=True)
        )
    )
    for notice in notices:
        if notice.attempts >= MAX_ATTEMPTS:
            # Claimed this often and never finished: something about it kills the worker.
            _finish(notice, NoticeStatus.FAILED, "gave-up")
            continue
        notice.status = NoticeStatus.CLAIMED
        notice.lease_until = now + lease
        notice.attempts += 1
    await session.flush()
    return [notice for notice in notices if notice.status == NoticeStatus.CLAIMED]


def _finish(notice: EventNotice, status: NoticeStatus, error: str | None = None) -> None:
    notice.status = status
    notice.lease_until = None
    notice.error = error


def _stale(
    notice: EventNotice, event: Event | None, rsvp: RsvpStatus | None, now: datetime
) -> str | None:
    """Why a notice should not be sent any more, or ``None`` when it should."""
    if event is None:
        return "event-gone"
    kind = NoticeKind(notice.kind)
    if kind is NoticeKind.CANCELLED:
        return None if rsvp in ATTENDING else "left"
    if kind is NoticeKind.ATTENDANCE:
        # Owed to the organiser (who need not have answered): ask unless already told.
        if event.attended_count is not None:
            return "recorded"
        return None if event.status == EventStatus.PUBLISHED else "not-published"
    if event.status != EventStatus.PUBLISHED:
        return "not-published"
    if (kind in REMINDER_KINDS or kind is NoticeKind.MOVED) and notice.sequence != event.sequence:
        return "outdated"
    if kind in REMINDER_KINDS or kind is NoticeKind.PROMOTED:
        if now >= event.starts_at:
            return "started"
        if kind is NoticeKind.REMIND_24H and now >= event.starts_at - timedelta(hours=2):
            return "late"  # the 2-hour reminder says it better now
    elif now >= event.ends_at:
        return "over"
    wanted = ATTENDING if kind is NoticeKind.MOVED else (RsvpStatus.GOING,)
    return None if rsvp in wanted else "left"


async def prepare(
    session: AsyncSession, services: Services, notices: Sequence[EventNotice], now: datetime
) -> list[Outgoing]:
    """Skip what is stale; render the rest in each member's language and time zone."""
    if not notices:
        return []
    event_ids = {notice.event_id for notice in notices}
    member_ids = {notice.member_id for notice in notices}
    events = {
        event.id: event
        for event in await session.scalars(select(Event).where(Event.id.in_(event_ids)))
    }
    members = {
        member.id: member
        for member in await session.scalars(select(Member).where(Member.id.in_(member_ids)))
    }
    keys = [key for member_id in member_ids for key in pseudonyms(EVENT_MEMBER, member_id)]
    answers = {
        (event_id, member_id): RsvpStatus(status)
        for event_id, member_id, status in await session.execute(
            select(EventRsvp.event_id, EventRsvp.member_ref, EventRsvp.status).where(
                EventRsvp.event_id.in_(event_ids), EventRsvp.member_key.in_(keys)
            )
        )
    }
    message_ids = {notice.message_id for notice in notices if notice.message_id is not None}
    texts: dict[int, str] = {}
    if message_ids:
        rows = await session.execute(
            select(EventMessage.id, EventMessage.text).where(EventMessage.id.in_(message_ids))
        )
        texts = {int(message_id): str(text) for message_id, text in rows}
    asking = [n.event_id for n in notices if NoticeKind(n.kind) is NoticeKind.ATTENDANCE]
    going = await going_counts(session, asking) if asking else {}
    outgoing: list[Outgoing] = []
    for notice in notices:
        event = events.get(notice.event_id)
        member = members.get(notice.member_id)
        reason = _stale(notice, event, answers.get((notice.event_id, notice.member_id)), now)
        if reason is None and (member is None or member.status != MemberStatus.ACTIVE):
            reason = "unreachable"
        if reason is not None:
            _finish(notice, NoticeStatus.SKIPPED, reason)
            continue
        assert event is not None and member is not None
        locale = member.locale or services.settings.default_locale
        t = partial(services.text, locale)
        zone = viewer_zone(member.country, member.city, event.timezone)
        kind = NoticeKind(notice.kind)
        text = t(
            f"events-notice-{kind}",
            title=event.title,
            when=when_text(t, locale, event, zone, now),
            place=place_text(t, locale, event, show_link=kind is not NoticeKind.CANCELLED),
            message=texts.get(notice.message_id or 0, ""),
            going=going.get(event.id, 0),
        )
        markup = (
            attendance_keyboard(t, event.id, going.get(event.id, 0))
            if kind is NoticeKind.ATTENDANCE
            else notice_keyboard(t, event.id, kind)
        )
        outgoing.append(Outgoing(notice.id, member.id, text, markup))
    await session.flush()
    return outgoing


async def notice_undelivered(
    session: AsyncSession, recipient_id: int, ref: Mapping[str, Any]
) -> None:
    """The outbox could not deliver it (blocked, refused, given up): the record says so."""
    await session.execute(
        update(EventNotice)
        .where(EventNotice.id == ref.get("notice"))
        .values(status=NoticeStatus.FAILED, error="undelivered")
    )


OUTBOX_KIND = OutboxKind(OUTBOX_NOTICE, notice_undelivered)


async def send_due_notices(context: JobContext, now: datetime | None = None) -> int:
    """The job: one round of claiming, skipping and sending; returns how many were claimed.

    ``now`` is for tests that need to stand at a given moment (a reminder's due time).
    """
    services = context.services
    now = now or utcnow()
    async with unit_of_work(services.sessions) as session:
        claimed = await claim(session, now)
        outgoing = await prepare(session, services, claimed, now)
        # Handed to the outbox in this transaction: owed exactly once, sent by its loop.
        for item in outgoing:
            await outbox.enqueue(
                session,
                OUTBOX_NOTICE,
                item.member_id,
                outbox.Outgoing(item.text, item.markup, {"notice": item.notice_id}),
            )
        if outgoing:  # an idle round writes nothing (no write lock: see bot.db.engine)
            await session.execute(
                update(EventNotice)
                .where(EventNotice.id.in_([item.notice_id for item in outgoing]))
                .values(status=NoticeStatus.SENT, lease_until=None, sent_at=now)
            )
    if outgoing:
        log.info("event notices: %d claimed, %d owed", len(claimed), len(outgoing))
    return len(claimed)


async def ask_attendance(context: JobContext, now: datetime | None = None) -> int:
    """The job: owe each organiser a "how many came?" notice a few hours after their event
    ended (sent by :func:`send_due_notices`, like every event notice); returns how many."""
    async with unit_of_work(context.services.sessions) as session:
        owed = await owe_attendance_prompts(session, now or utcnow())
    if owed:
        log.info("attendance prompts: %d owed", owed)
    return owed
