"""The worker job that sends what members are owed about events, once each.

A round: claim due notices in a batch (``FOR UPDATE SKIP LOCKED`` on PostgreSQL, so several
workers take different rows; on SQLite the write lock serialises claims), each with a lease;
in the same transaction drop the ones that no longer make sense (the member left, the event
moved again, was cancelled or has started) as ``skipped``; commit; then send the rest paced by
the shared send-rate limiter and record each outcome in its own short transaction.

A worker that dies holding claims leaves them leased: when the lease runs out the next round
claims them again, so nothing is lost; a notice already sent is never claimed again, so the
only possible repeat is the one message that was in flight at the moment of the crash.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import partial

from aiogram import Bot
from aiogram.exceptions import (
    TelegramBadRequest,
    TelegramForbiddenError,
    TelegramNetworkError,
    TelegramRetryAfter,
    TelegramServerError,
)
from aiogram.types import InlineKeyboardMarkup
from sqlalchemy import ColumnElement, and_, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

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
from bot.plugins import JobContext
from bot.ratelimit import wait_for_token
from bot.services import Services

log = logging.getLogger(__name__)

# 100 a round: the runner goes again at once after a full batch.
BATCH = 100
# Longer than a batch can take even when broadcasts share the send rate; a worker stops
# sending well before its lease ends and hands back what it did not send.
LEASE = timedelta(minutes=10)
LEASE_MARGIN = timedelta(minutes=2)
MAX_ATTEMPTS = 5
RETRY_AFTER_CAP = 60.0


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


async def _record(
    services: Services,
    notice_id: int,
    status: NoticeStatus,
    now: datetime,
    *,
    error: str | None = None,
    retry_at: datetime | None = None,
    unreachable: int | None = None,
) -> None:
    """One outcome, in its own transaction: a crash after it never repeats this notice."""
    values: dict[str, object] = {"status": status, "lease_until": None, "error": error}
    if status == NoticeStatus.SENT:
        values["sent_at"] = now
    if retry_at is not None:
        values["due_at"] = retry_at
    async with unit_of_work(services.sessions) as session:
        await session.execute(
            update(EventNotice)
            .where(EventNotice.id == notice_id, EventNotice.status == NoticeStatus.CLAIMED)
            .values(**values)
        )
        if unreachable is not None:
            await session.execute(
                update(Member)
                .where(Member.id == unreachable, Member.status == MemberStatus.ACTIVE)
                .values(status=MemberStatus.UNREACHABLE)
            )


async def _release(services: Services, notice_ids: Sequence[int]) -> None:
    """Hand unsent claims back (the lease is about to run out): the next round takes them."""
    if not notice_ids:
        return
    async with unit_of_work(services.sessions) as session:
        await session.execute(
            update(EventNotice)
            .where(EventNotice.id.in_(notice_ids), EventNotice.status == NoticeStatus.CLAIMED)
            .values(status=NoticeStatus.PENDING, lease_until=None)
        )


async def deliver(services: Services, bot: Bot, outgoing: Sequence[Outgoing], now: datetime) -> int:
    """Send each message at the shared pace; returns how many were delivered."""
    deadline = time.monotonic() + (LEASE - LEASE_MARGIN).total_seconds()
    delivered = 0
    for index, item in enumerate(outgoing):
        if time.monotonic() >= deadline:
            await _release(services, [rest.notice_id for rest in outgoing[index:]])
            break
        status, error = await _send_one(services, bot, item)
        result = {"forbidden": "blocked", "retry": "retried", "flood": "retried"}.get(
            error or "", "sent" if status == NoticeStatus.SENT else "failed"
        )
        services.metrics.deliveries.labels("event-notice", result).inc()
        if status == NoticeStatus.SENT:
            delivered += 1
            await _record(services, item.notice_id, status, now)
        elif status == NoticeStatus.PENDING:
            backoff = timedelta(seconds=30)
            await _record(
                services, item.notice_id, status, now, error=error, retry_at=now + backoff
            )
        else:
            await _record(
                services,
                item.notice_id,
                status,
                now,
                error=error,
                unreachable=item.member_id if error == "forbidden" else None,
            )
    return delivered


async def _send_one(
    services: Services, bot: Bot, item: Outgoing
) -> tuple[NoticeStatus, str | None]:
    for _ in range(3):
        await wait_for_token(services.send_limiter)
        try:
            await bot.send_message(item.member_id, item.text, reply_markup=item.markup)
        except TelegramRetryAfter as error:
            # Telegram says how long to wait: wait, then the same member again.
            await asyncio.sleep(min(float(error.retry_after), RETRY_AFTER_CAP))
            continue
        except TelegramForbiddenError:
            return NoticeStatus.FAILED, "forbidden"
        except TelegramBadRequest:
            return NoticeStatus.FAILED, "bad-request"
        except (TelegramServerError, TelegramNetworkError) as error:
            log.warning("event notice %s: %s, will retry", item.notice_id, type(error).__name__)
            return NoticeStatus.PENDING, "retry"
        return NoticeStatus.SENT, None
    return NoticeStatus.PENDING, "flood"


async def send_due_notices(context: JobContext, now: datetime | None = None) -> int:
    """The job: one round of claiming, skipping and sending; returns how many were claimed.

    ``now`` is for tests that need to stand at a given moment (a reminder's due time).
    """
    services = context.services
    now = now or utcnow()
    async with unit_of_work(services.sessions) as session:
        claimed = await claim(session, now)
        outgoing = await prepare(session, services, claimed, now)
    if outgoing:
        sent = await deliver(services, context.bot, outgoing, now)
        log.info("event notices: %d claimed, %d sent", len(claimed), sent)
    return len(claimed)


async def ask_attendance(context: JobContext, now: datetime | None = None) -> int:
    """The job: owe each organiser a "how many came?" notice a few hours after their event
    ended (sent by :func:`send_due_notices`, like every event notice); returns how many."""
    async with unit_of_work(context.services.sessions) as session:
        owed = await owe_attendance_prompts(session, now or utcnow())
    if owed:
        log.info("attendance prompts: %d owed", owed)
    return owed
