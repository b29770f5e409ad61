"""Events: creating them, finding them, RSVPs with a waitlist, and what attendees are owed.

No aiogram here: the router, the worker, the demo loader and tests call these functions with a
session and plain values; nothing commits (the caller owns the transaction).

Seats are counted under a lock on the event row (``FOR UPDATE`` on PostgreSQL; SQLite's
transactions already start with the write lock), so two members pressing "going" for the last
seat at once cannot both get it. Every message owed to a member — reminders, "you got a
seat", "moved", "cancelled", the organiser's messages — is an :class:`EventNotice` row that the
worker (:mod:`bot.features.events.notices`) sends once.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy import ColumnElement, Select, and_, delete, func, literal, or_, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession

from bot.access import Access, audit
from bot.cleaning import clean_line, clean_text, has_link, parse_web_link
from bot.db.crypto import pseudonym, pseudonyms
from bot.db.models import (
    ALL_COUNTRIES,
    AuditOutcome,
    Event,
    EventMessage,
    EventNotice,
    EventRsvp,
    EventStatus,
    NoticeKind,
    NoticeStatus,
    ReviewKind,
    RsvpStatus,
)
from bot.db.models.events import EVENT_MEMBER
from bot.db.touched import touched
from bot.db.types import utcnow
from bot.errors import DomainError
from bot.features.events.when import LONGEST_EVENT, SHORTEST_EVENT
from bot.features.moderation import service as moderation

TITLE_MAX = 120
DESCRIPTION_MAX = 1500
VENUE_MAX = 300
MESSAGE_MAX = 1000
PAGE_SIZE = 5
# The organiser's messages to attendees are for practical news ("the door is on the left"),
# not for campaigns: a few a day per event. Announcements to many go through broadcasts.
MESSAGES_PER_DAY = 3
# How many upcoming events of a country are scanned for tag matches (far more than exist).
TAG_SCAN_LIMIT = 500

REMINDERS: tuple[tuple[NoticeKind, timedelta], ...] = (
    (NoticeKind.REMIND_24H, timedelta(hours=24)),
    (NoticeKind.REMIND_2H, timedelta(hours=2)),
)
REMINDER_KINDS = frozenset(kind for kind, _ in REMINDERS)
ATTENDING = (RsvpStatus.GOING, RsvpStatus.WAITLIST)
# The organiser is asked how many came this long after the end (time to get home), and no
# more once the event is this far behind (a prompt a week late is noise); their past events
# stay on "My events" as long, so the count can be recorded or corrected from there.
ATTENDANCE_PROMPT_AFTER = timedelta(hours=3)
ATTENDANCE_WINDOW = timedelta(days=14)
# A typed count: up to twice the capacity (walk-ins happen), or this many without a limit.
ATTENDANCE_MAX = 10_000


class EventError(DomainError):
    """An action that cannot be done; ``key`` is the catalog message that explains it."""


def once_key(kind: NoticeKind, sequence: int, message_id: int | None = None) -> str:
    """What makes a notice the same notice (see :class:`EventNotice`)."""
    if kind is NoticeKind.MESSAGE:
        return f"message#{message_id}"
    if kind is NoticeKind.CANCELLED:
        return "cancelled"
    return f"{kind}@{sequence}"


# ---- creating -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Draft:
    """An event as the organiser's wizard collected it (times already in UTC)."""

    title: str
    description: str
    starts_at: datetime
    duration: timedelta
    timezone: str
    country: str
    city: str | None = None
    venue: str | None = None
    online_url: str | None = None
    professions: tuple[str, ...] = ()
    interests: tuple[str, ...] = ()
    capacity: int | None = None

    @property
    def ends_at(self) -> datetime:
        return self.starts_at + self.duration


def check_draft(draft: Draft, now: datetime) -> None:
    """Everything the wizard enforces, once more on the server (FSM data outlives its rules)."""
    if not 1 <= len(clean_line(draft.title)) <= TITLE_MAX:
        raise EventError("events-title-bad")
    if len(draft.description) > DESCRIPTION_MAX:
        raise EventError("events-description-bad")
    if draft.starts_at <= now:
        raise EventError("events-when-past")
    if not SHORTEST_EVENT <= draft.duration <= LONGEST_EVENT:
        raise EventError("events-duration-range")
    if draft.venue is None and draft.online_url is None:
        raise EventError("events-place-missing")
    if draft.capacity is not None and draft.capacity < 1:
        raise EventError("events-capacity-bad")
    try:
        ZoneInfo(draft.timezone)
    except (ZoneInfoNotFoundError, ValueError):
        raise EventError("events-zone-bad") from None


def clean_link(text: str) -> str:
    """An online event's link: http(s) with a real host name (no user info or port), or a
    Telegram @name / t.me link (parsed by ``bot.cleaning.parse_web_link``)."""
    url = parse_web_link(text, schemes=("http", "https"))
    if url is None or len(url) > VENUE_MAX:
        raise EventError("events-link-bad")
    return url


async def create_event(
    session: AsyncSession, access: Access, draft: Draft, now: datetime | None = None
) -> Event:
    """Save the organiser's event as pending and put it in the moderation queue."""
    now = now or utcnow()
    if not access.can_organise(draft.country):
        await audit(
            session,
            actor_id=access.user_id,
            action="event.create",
            outcome=AuditOutcome.DENIED,
            scope=draft.country,
        )
        raise EventError("events-out-of-scope")
    check_draft(draft, now)
    event = Event(
        organiser_id=access.user_id,
        title=clean_line(draft.title),
        description=clean_text(draft.description),
        starts_at=draft.starts_at,
        ends_at=draft.ends_at,
        timezone=draft.timezone,
        venue=clean_line(draft.venue) if draft.venue else None,
        online_url=draft.online_url,
        country=draft.country,
        city=draft.city,
        professions=sorted(set(draft.professions)),
        interests=sorted(set(draft.interests)),
        capacity=draft.capacity,
        status=EventStatus.PENDING,
        sequence=0,
        created_at=now,
        updated_at=now,
    )
    session.add(event)
    await session.flush()
    await moderation.submit(
        session,
        kind=ReviewKind.EVENT,
        target_id=str(event.id),
        country=event.country,
        author_id=access.user_id,
    )
    await audit(
        session,
        actor_id=access.user_id,
        action="event.create",
        target_kind=str(ReviewKind.EVENT),
        target_id=str(event.id),
        scope=event.country,
    )
    return event


async def publish(session: AsyncSession, event_id: int, now: datetime | None = None) -> bool:
    """A moderator approved: the event is listed (a cancelled one stays cancelled)."""
    event = await session.get(Event, event_id)
    if event is None or event.status != EventStatus.PENDING:
        return False
    event.status = EventStatus.PUBLISHED
    event.updated_at = now or utcnow()
    return True


async def reject(session: AsyncSession, event_id: int, now: datetime | None = None) -> bool:
    event = await session.get(Event, event_id)
    if event is None or event.status != EventStatus.PENDING:
        return False
    event.status = EventStatus.REJECTED
    event.updated_at = now or utcnow()
    return True


# ---- browsing -----------------------------------------------------------------------------


class Scope(StrEnum):
    CITY = "city"  # my city, my country's city-less events, and events for everyone
    COUNTRY = "country"
    ONLINE = "online"
    INTERESTS = "tags"  # my country or everyone's, matching my professions or interests


@dataclass(frozen=True)
class Viewer:
    """Who is browsing: where they live and what they do (from their profile)."""

    member_id: int
    country: str | None
    city: str | None
    professions: tuple[str, ...] = ()
    interests: tuple[str, ...] = ()

    def matches(self, event: Event) -> bool:
        return bool(
            set(event.professions) & set(self.professions)
            or set(event.interests) & set(self.interests)
        )


@dataclass(frozen=True)
class Page:
    events: list[Event]
    total: int
    offset: int
    going: dict[int, int] = field(default_factory=dict)  # event id → seats taken

    @property
    def has_more(self) -> bool:
        return self.offset + len(self.events) < self.total


def _where_for(viewer: Viewer, scope: Scope) -> Any:
    everyone = Event.country == ALL_COUNTRIES
    if viewer.country is None:
        return Event.online_url.is_not(None) if scope is Scope.ONLINE else literal(True)
    mine = Event.country == viewer.country
    if scope is Scope.CITY and viewer.city is not None:
        return or_(everyone, and_(mine, or_(Event.city.is_(None), Event.city == viewer.city)))
    if scope is Scope.ONLINE:
        return and_(Event.online_url.is_not(None), or_(everyone, mine))
    return or_(everyone, mine)


async def upcoming(
    session: AsyncSession,
    viewer: Viewer,
    scope: Scope,
    *,
    offset: int = 0,
    limit: int = PAGE_SIZE,
    now: datetime | None = None,
) -> Page:
    """Published events that have not started, soonest first, for this viewer and scope."""
    now = now or utcnow()
    offset = max(0, offset)
    base = select(Event).where(
        Event.status == EventStatus.PUBLISHED,
        Event.starts_at > now,
        _where_for(viewer, scope),
    )
    ordered = base.order_by(Event.starts_at, Event.id)
    if scope is Scope.INTERESTS:
        candidates = list(await session.scalars(ordered.limit(TAG_SCAN_LIMIT)))
        matching = [event for event in candidates if viewer.matches(event)]
        events, total = matching[offset : offset + limit], len(matching)
    else:
        events = list(await session.scalars(ordered.offset(offset).limit(limit)))
        total = await _total(session, base, events, offset, limit)
    return Page(events, total, offset, await going_counts(session, [e.id for e in events]))


async def _total(
    session: AsyncSession, base: Select[Event], page: list[Event], offset: int, limit: int
) -> int:
    """How many rows ``base`` has: counted only when ``page`` (the rows from ``offset``, at
    most ``limit``) does not tell — a first page that is not full is the whole list, and most
    members' lists fit one page."""
    if offset == 0 and len(page) < limit:
        return len(page)
    return int(await session.scalar(select(func.count()).select_from(base.subquery())) or 0)


async def answered(
    session: AsyncSession,
    member_id: int,
    *,
    offset: int = 0,
    limit: int = PAGE_SIZE,
    now: datetime | None = None,
) -> Page:
    """Upcoming events the member is going to or waiting for, soonest first."""
    now = now or utcnow()
    offset = max(0, offset)
    base = (
        select(Event)
        .join(EventRsvp, EventRsvp.event_id == Event.id)
        .where(
            answered_by(member_id),
            EventRsvp.status.in_([str(status) for status in ATTENDING]),
            Event.status.in_([EventStatus.PUBLISHED, EventStatus.CANCELLED]),
            Event.ends_at > now,
        )
    )
    events = list(
        await session.scalars(base.order_by(Event.starts_at, Event.id).offset(offset).limit(limit))
    )
    total = await _total(session, base, events, offset, limit)
    return Page(events, total, offset, await going_counts(session, [e.id for e in events]))


async def going_counts(session: AsyncSession, event_ids: Sequence[int]) -> dict[int, int]:
    if not event_ids:
        return {}
    rows = await session.execute(
        select(EventRsvp.event_id, func.count())
        .where(EventRsvp.event_id.in_(event_ids), EventRsvp.status == RsvpStatus.GOING)
        .group_by(EventRsvp.event_id)
    )
    return {int(event_id): int(count) for event_id, count in rows}


async def visible_event(session: AsyncSession, event_id: int, access: Access) -> Event | None:
    """An event a member may look at: published or cancelled; their own in any state; a
    pending or rejected one also to a moderator *of its country* (a moderator of Armenia
    opening a Georgian event by a forged id sees nothing; every such attempt is audited)."""
    event = await session.get(Event, event_id)
    if event is None:
        return None
    if event.status in (EventStatus.PUBLISHED, EventStatus.CANCELLED):
        return event
    if event.organiser_id == access.user_id or access.can_moderate(event.country):
        return event
    if access.user_id:
        await audit(
            session,
            actor_id=access.user_id,
            action="event.view",
            outcome=AuditOutcome.DENIED,
            target_kind=str(ReviewKind.EVENT),
            target_id=str(event.id),
            scope=event.country,
        )
    return None


# ---- RSVP ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Rsvp:
    """A member's answer now: ``position`` is their place on the waitlist (1 = next)."""

    status: RsvpStatus | None
    position: int | None = None
    changed: bool = False
    promoted: tuple[int, ...] = ()  # members who got a seat because of this change


async def _locked_event(session: AsyncSession, event_id: int) -> Event | None:
    return await session.scalar(
        select(Event)
        .where(Event.id == event_id)
        .with_for_update()
        .execution_options(populate_existing=True)
    )


async def _count(session: AsyncSession, event_id: int, status: RsvpStatus) -> int:
    return int(
        await session.scalar(
            select(func.count())
            .select_from(EventRsvp)
            .where(EventRsvp.event_id == event_id, EventRsvp.status == status)
        )
        or 0
    )


def answered_by(member_id: int) -> ColumnElement[bool]:
    """RSVPs of ``member_id`` (by pseudonym, under every configured key)."""
    return EventRsvp.member_key.in_(pseudonyms(EVENT_MEMBER, member_id))


def owed_to(member_id: int) -> ColumnElement[bool]:
    """Event notices owed to ``member_id`` (by pseudonym, under every configured key)."""
    return EventNotice.member_key.in_(pseudonyms(EVENT_MEMBER, member_id))


async def _rsvp_row(session: AsyncSession, event_id: int, member_id: int) -> EventRsvp | None:
    return await session.scalar(
        select(EventRsvp).where(EventRsvp.event_id == event_id, answered_by(member_id))
    )


async def my_rsvp(session: AsyncSession, event_id: int, member_id: int) -> Rsvp:
    row = await _rsvp_row(session, event_id, member_id)
    if row is None:
        return Rsvp(None)
    position = None
    if row.status == RsvpStatus.WAITLIST:
        position = 1 + int(
            await session.scalar(
                select(func.count())
                .select_from(EventRsvp)
                .where(
                    EventRsvp.event_id == event_id,
                    EventRsvp.status == RsvpStatus.WAITLIST,
                    or_(
                        EventRsvp.queued_at < row.queued_at,
                        and_(
                            EventRsvp.queued_at == row.queued_at,
                            EventRsvp.member_key < row.member_key,
                        ),
                    ),
                )
            )
            or 0
        )
    return Rsvp(RsvpStatus(row.status), position)


async def answer(
    session: AsyncSession,
    event_id: int,
    member_id: int,
    *,
    going: bool,
    now: datetime | None = None,
) -> Rsvp:
    """ "Going" (a seat, or the waitlist when full) or "can't go" (which frees the seat, and
    the first on the waitlist gets it with a notice)."""
    now = now or utcnow()
    event = await _locked_event(session, event_id)
    if event is None:
        raise EventError("events-gone")
    if event.status in (EventStatus.PENDING, EventStatus.REJECTED):
        # Not public (yet): nobody answers it, whatever a forged button says.
        await audit(
            session,
            actor_id=member_id,
            action="event.rsvp",
            outcome=AuditOutcome.DENIED,
            target_kind=str(ReviewKind.EVENT),
            target_id=str(event.id),
            scope=event.country,
        )
        raise EventError("events-gone")
    if event.status == EventStatus.CANCELLED:
        raise EventError("events-is-cancelled")
    if event.starts_at <= now:
        raise EventError("events-started")
    row = await _rsvp_row(session, event_id, member_id)
    before = RsvpStatus(row.status) if row is not None else None
    if going:
        if before in ATTENDING:
            return await my_rsvp(session, event_id, member_id)
        taken = await _count(session, event_id, RsvpStatus.GOING)
        full = event.capacity is not None and taken >= event.capacity
        status = RsvpStatus.WAITLIST if full else RsvpStatus.GOING
        _set_rsvp(session, row, event_id, member_id, status, now, requeue=True)
        await session.flush()
        if status == RsvpStatus.GOING:
            await _arm_reminders(session, event, member_id, now)
        return _changed(await my_rsvp(session, event_id, member_id))
    if before == RsvpStatus.DECLINED:
        return Rsvp(RsvpStatus.DECLINED)
    _set_rsvp(session, row, event_id, member_id, RsvpStatus.DECLINED, now, requeue=False)
    await session.flush()
    await _skip_pending(session, event_id, member_id=member_id)
    promoted: list[int] = []
    if before == RsvpStatus.GOING:
        promoted = await promote_waitlist(session, event, now)
    return Rsvp(RsvpStatus.DECLINED, changed=True, promoted=tuple(promoted))


def _changed(rsvp: Rsvp) -> Rsvp:
    return Rsvp(rsvp.status, rsvp.position, changed=True)


def _set_rsvp(
    session: AsyncSession,
    row: EventRsvp | None,
    event_id: int,
    member_id: int,
    status: RsvpStatus,
    now: datetime,
    *,
    requeue: bool,
) -> None:
    if row is None:
        session.add(
            EventRsvp(
                event_id=event_id,
                member_key=pseudonym(EVENT_MEMBER, member_id),
                member_ref=member_id,
                status=status,
                queued_at=now,
                updated_at=now,
            )
        )
        return
    row.status = status
    row.updated_at = now
    if requeue:
        row.queued_at = now  # coming back means the back of the queue


async def promote_waitlist(session: AsyncSession, event: Event, now: datetime) -> list[int]:
    """Give free seats to the waitlist in the order people joined it; each gets a notice."""
    if event.status != EventStatus.PUBLISHED or event.starts_at <= now:
        return []
    waiting = select(EventRsvp).where(
        EventRsvp.event_id == event.id, EventRsvp.status == RsvpStatus.WAITLIST
    )
    if event.capacity is not None:
        free = event.capacity - await _count(session, event.id, RsvpStatus.GOING)
        if free <= 0:
            return []
        waiting = waiting.limit(free)
    rows = list(await session.scalars(waiting.order_by(EventRsvp.queued_at, EventRsvp.member_key)))
    for row in rows:
        row.status = RsvpStatus.GOING
        row.updated_at = now
        await _arm(session, event, row.member_id, NoticeKind.PROMOTED, now)
        await _arm_reminders(session, event, row.member_id, now)
    await session.flush()
    return [row.member_id for row in rows]


# ---- notices owed -------------------------------------------------------------------------


async def _arm(
    session: AsyncSession, event: Event, member_id: int, kind: NoticeKind, due_at: datetime
) -> None:
    """Owe one member one notice; one already owed stays, one skipped is owed again."""
    # The notice job is woken by this commit and hands what is due to the outbox at once.
    touched(session, "event_notices")
    key = once_key(kind, event.sequence)
    notice = await session.scalar(
        select(EventNotice).where(
            EventNotice.event_id == event.id, owed_to(member_id), EventNotice.once_key == key
        )
    )
    if notice is None:
        session.add(
            EventNotice(
                event_id=event.id,
                member_key=pseudonym(EVENT_MEMBER, member_id),
                member_ref=member_id,
                kind=kind,
                once_key=key,
                due_at=due_at,
                status=NoticeStatus.PENDING,
                attempts=0,
                sequence=event.sequence,
            )
        )
        return
    if notice.status in (NoticeStatus.PENDING, NoticeStatus.CLAIMED):
        return
    # A reminder already delivered for this version is not repeated; a second promotion
    # (went, left, came back, got a seat again) is news again.
    if notice.status == NoticeStatus.SENT and kind is not NoticeKind.PROMOTED:
        return
    notice.status = NoticeStatus.PENDING
    notice.due_at = due_at
    notice.attempts = 0
    notice.lease_until = None
    notice.sent_at = None
    notice.error = None


async def _arm_reminders(
    session: AsyncSession, event: Event, member_id: int, now: datetime
) -> None:
    for kind, before in REMINDERS:
        due = event.starts_at - before
        if due > now:
            await _arm(session, event, member_id, kind, due)


def _insert(session: AsyncSession) -> Any:
    """INSERT ... ON CONFLICT DO NOTHING for the session's database."""
    if session.get_bind().dialect.name == "postgresql":
        return postgresql.insert(EventNotice)
    return sqlite.insert(EventNotice)


async def _owe_all(
    session: AsyncSession,
    event: Event,
    statuses: Iterable[RsvpStatus],
    kind: NoticeKind,
    due_at: datetime,
    *,
    message_id: int | None = None,
) -> int:
    """Owe the same notice to everyone with one of ``statuses``, in one statement (an event
    may have thousands of attendees); already owed ones are left alone."""
    touched(session, "event_notices")
    columns = EventNotice.__table__.c
    values = {
        "event_id": event.id,
        "kind": str(kind),
        "once_key": once_key(kind, event.sequence, message_id),
        "due_at": due_at,
        "status": str(NoticeStatus.PENDING),
        "attempts": 0,
        "sequence": event.sequence,
        "message_id": message_id,
        "created_at": utcnow(),
    }
    # The member's pseudonym and encrypted id are copied as they are (one purpose for both).
    chosen = select(
        EventRsvp.member_key,
        EventRsvp.member_ref,
        *(literal(value, columns[name].type) for name, value in values.items()),
    ).where(EventRsvp.event_id == event.id, EventRsvp.status.in_([str(s) for s in statuses]))
    statement = (
        _insert(session)
        .from_select(["member_key", "member_ref", *values], chosen)
        .on_conflict_do_nothing()
    )
    result = await session.execute(statement)
    return int(getattr(result, "rowcount", 0) or 0)


async def _skip_pending(
    session: AsyncSession,
    event_id: int,
    *,
    member_id: int | None = None,
    kinds: Iterable[NoticeKind] | None = None,
) -> None:
    """Notices that no longer make sense (the member left, the event moved or was cancelled)."""
    statement = (
        update(EventNotice)
        .where(EventNotice.event_id == event_id, EventNotice.status == NoticeStatus.PENDING)
        .values(status=NoticeStatus.SKIPPED)
    )
    if member_id is not None:
        statement = statement.where(owed_to(member_id))
    if kinds is not None:
        statement = statement.where(EventNotice.kind.in_([str(kind) for kind in kinds]))
    await session.execute(statement)


# ---- the organiser ------------------------------------------------------------------------


async def own_event(
    session: AsyncSession, access: Access, event_id: int, action: str, *, lock: bool = False
) -> Event:
    """The organiser's own event (admins may act on any); refusals are audited.

    The organiser must still hold the role for the event's country: a revoked organiser keeps
    no power over events they created.
    """
    event = await (_locked_event(session, event_id) if lock else session.get(Event, event_id))
    allowed = event is not None and (
        access.is_admin
        or (event.organiser_id == access.user_id and access.can_organise(event.country))
    )
    if event is None or not allowed:
        await audit(
            session,
            actor_id=access.user_id or None,
            action=action,
            outcome=AuditOutcome.DENIED,
            target_kind=str(ReviewKind.EVENT),
            target_id=str(event_id),
            scope=event.country if event is not None else None,
        )
        raise EventError("events-not-yours")
    return event


async def organised_by(
    session: AsyncSession, access: Access, *, now: datetime | None = None, limit: int = 20
) -> list[Event]:
    """The organiser's events that have not ended yet, or ended within
    :data:`ATTENDANCE_WINDOW` (to record how many came), soonest first."""
    now = now or utcnow()
    return list(
        await session.scalars(
            select(Event)
            .where(Event.organiser_id == access.user_id, Event.ends_at > now - ATTENDANCE_WINDOW)
            .order_by(Event.starts_at, Event.id)
            .limit(limit)
        )
    )


@dataclass(frozen=True)
class Attendance:
    """Counts only: the organiser never sees who answered."""

    going: int
    waitlist: int
    declined: int
    capacity: int | None
    messages_today: int
    last_message_sent: int
    last_message_total: int


async def attendance(
    session: AsyncSession, access: Access, event_id: int, now: datetime | None = None
) -> tuple[Event, Attendance]:
    now = now or utcnow()
    event = await own_event(session, access, event_id, "event.attendance")
    counts: dict[str, int] = {
        str(status): int(count)
        for status, count in await session.execute(
            select(EventRsvp.status, func.count())
            .where(EventRsvp.event_id == event_id)
            .group_by(EventRsvp.status)
        )
    }
    last_message = await session.scalar(
        select(EventMessage.id)
        .where(EventMessage.event_id == event_id)
        .order_by(EventMessage.id.desc())
        .limit(1)
    )
    sent = total = 0
    if last_message is not None:
        for status, count in await session.execute(
            select(EventNotice.status, func.count())
            .where(EventNotice.message_id == last_message)
            .group_by(EventNotice.status)
        ):
            total += int(count)
            if status == NoticeStatus.SENT:
                sent += int(count)
    return event, Attendance(
        going=int(counts.get(RsvpStatus.GOING, 0)),
        waitlist=int(counts.get(RsvpStatus.WAITLIST, 0)),
        declined=int(counts.get(RsvpStatus.DECLINED, 0)),
        capacity=event.capacity,
        messages_today=await _messages_since(session, event_id, now - timedelta(days=1)),
        last_message_sent=sent,
        last_message_total=total,
    )


def attendance_limit(event: Event) -> int:
    """The largest count an organiser may record for ``event``."""
    return min(event.capacity * 2, ATTENDANCE_MAX) if event.capacity else ATTENDANCE_MAX


def can_record_attendance(event: Event, now: datetime) -> bool:
    return event.status == EventStatus.PUBLISHED and event.ends_at <= now


async def attendance_event(
    session: AsyncSession, access: Access, event_id: int, now: datetime | None = None
) -> Event:
    """The organiser's own event that is over, whose attendance may be recorded (refusals of
    somebody else's event are audited as ``event.attendance.record``)."""
    event = await own_event(session, access, event_id, "event.attendance.record")
    if not can_record_attendance(event, now or utcnow()):
        raise EventError("events-attendance-not-over")
    return event


async def record_attendance(
    session: AsyncSession,
    access: Access,
    event_id: int,
    count: int,
    now: datetime | None = None,
) -> Event:
    """Store how many people came: one number, never who."""
    now = now or utcnow()
    event = await attendance_event(session, access, event_id, now)
    if not 0 <= count <= attendance_limit(event):
        raise EventError("events-attendance-bad", limit=attendance_limit(event))
    event.attended_count = count
    event.attendance_recorded_at = now
    # The prompt, if still waiting, has nothing left to ask.
    await session.execute(
        update(EventNotice)
        .where(
            EventNotice.event_id == event.id,
            EventNotice.kind == NoticeKind.ATTENDANCE,
            EventNotice.status == NoticeStatus.PENDING,
        )
        .values(status=NoticeStatus.SKIPPED, error="recorded")
    )
    await audit(
        session,
        actor_id=access.user_id,
        action="event.attendance.record",
        target_kind=str(ReviewKind.EVENT),
        target_id=str(event.id),
        scope=event.country,
        details={"count": count},
    )
    return event


async def owe_attendance_prompts(session: AsyncSession, now: datetime | None = None) -> int:
    """Owe each organiser one "how many came?" notice per event that ended
    :data:`ATTENDANCE_PROMPT_AFTER` ago without a count; the notices worker sends it.
    Owed once (``once_key``): a second round, or a second worker, adds nothing."""
    now = now or utcnow()
    rows = (
        await session.execute(
            select(Event.id, Event.organiser_id).where(
                Event.status == EventStatus.PUBLISHED,
                Event.attended_count.is_(None),
                Event.organiser_id.is_not(None),
                Event.ends_at <= now - ATTENDANCE_PROMPT_AFTER,
                Event.ends_at > now - ATTENDANCE_WINDOW,
                ~select(EventNotice.id)
                .where(
                    EventNotice.event_id == Event.id,
                    EventNotice.kind == NoticeKind.ATTENDANCE,
                )
                .exists(),
            )
        )
    ).all()
    values = [
        {
            "event_id": event_id,
            "member_key": pseudonym(EVENT_MEMBER, organiser_id),
            "member_ref": organiser_id,
            "kind": NoticeKind.ATTENDANCE,
            "once_key": once_key(NoticeKind.ATTENDANCE, 0),
            "due_at": now,
            "status": NoticeStatus.PENDING,
            "attempts": 0,
            "sequence": 0,
            "created_at": now,
        }
        for event_id, organiser_id in rows
    ]
    if not values:
        return 0
    result = await session.execute(
        _insert(session)
        .values(values)
        .on_conflict_do_nothing(index_elements=["event_id", "member_key", "once_key"])
    )
    return max(int(getattr(result, "rowcount", 0) or 0), 0)


async def _messages_since(session: AsyncSession, event_id: int, since: datetime) -> int:
    return int(
        await session.scalar(
            select(func.count())
            .select_from(EventMessage)
            .where(EventMessage.event_id == event_id, EventMessage.created_at > since)
        )
        or 0
    )


async def message_attendees(
    session: AsyncSession,
    access: Access,
    event_id: int,
    text: str,
    now: datetime | None = None,
) -> int:
    """Relay a short text to everyone going (through notices, paced by the worker).

    Returns how many members it is owed to.
    """
    now = now or utcnow()
    event = await own_event(session, access, event_id, "event.message", lock=True)
    if event.status != EventStatus.PUBLISHED or event.ends_at <= now:
        raise EventError("events-message-closed")
    text = clean_text(text)
    if not text or len(text) > MESSAGE_MAX:
        raise EventError("events-message-bad")
    if has_link(text):
        # Messages to attendees skip the moderation queue: plain text only, no links (a link
        # goes in a broadcast, which a moderator sees exactly as members will).
        raise EventError("events-message-links")
    if await _messages_since(session, event_id, now - timedelta(days=1)) >= MESSAGES_PER_DAY:
        raise EventError("events-message-limit")
    message = EventMessage(event_id=event_id, text=text, created_at=now)
    session.add(message)
    await session.flush()
    count = await _owe_all(
        session, event, (RsvpStatus.GOING,), NoticeKind.MESSAGE, now, message_id=message.id
    )
    await audit(
        session,
        actor_id=access.user_id,
        action="event.message",
        target_kind=str(ReviewKind.EVENT),
        target_id=str(event_id),
        scope=event.country,
        details={"message": message.id, "recipients": count},
    )
    return count


async def move_event(
    session: AsyncSession,
    access: Access,
    event_id: int,
    starts_at: datetime,
    now: datetime | None = None,
) -> int:
    """Move the event (same duration): attendees are told, reminders follow the new time,
    the calendar file's SEQUENCE goes up. Returns how many members are told."""
    now = now or utcnow()
    event = await own_event(session, access, event_id, "event.move", lock=True)
    if event.status not in (EventStatus.PUBLISHED, EventStatus.PENDING):
        raise EventError("events-move-closed")
    if starts_at <= now:
        raise EventError("events-when-past")
    if starts_at == event.starts_at:
        raise EventError("events-move-same")
    duration = event.ends_at - event.starts_at
    event.starts_at = starts_at
    event.ends_at = starts_at + duration
    event.sequence += 1
    event.updated_at = now
    await session.flush()
    # Reminders and "moved" notices of the old time are void; new ones speak of the new time.
    await _skip_pending(session, event.id, kinds=(*REMINDER_KINDS, NoticeKind.MOVED))
    for kind, before in REMINDERS:
        due = event.starts_at - before
        if due > now:
            await _owe_all(session, event, (RsvpStatus.GOING,), kind, due)
    told = await _owe_all(session, event, ATTENDING, NoticeKind.MOVED, now)
    await audit(
        session,
        actor_id=access.user_id,
        action="event.move",
        target_kind=str(ReviewKind.EVENT),
        target_id=str(event.id),
        scope=event.country,
        details={"sequence": event.sequence},
    )
    return told


async def cancel_event(
    session: AsyncSession, access: Access, event_id: int, now: datetime | None = None
) -> int:
    """Cancel: nothing more is sent about it except the cancellation, to everyone who was
    going or waiting. Returns how many members are told."""
    now = now or utcnow()
    event = await own_event(session, access, event_id, "event.cancel", lock=True)
    if event.status == EventStatus.CANCELLED:
        raise EventError("events-is-cancelled")
    if event.ends_at <= now:
        raise EventError("events-over")
    was_pending = event.status == EventStatus.PENDING
    event.status = EventStatus.CANCELLED
    event.sequence += 1
    event.updated_at = now
    await session.flush()
    await _skip_pending(session, event.id)
    told = 0
    if was_pending:
        await moderation.withdraw(session, ReviewKind.EVENT, str(event.id))
    else:
        told = await _owe_all(session, event, ATTENDING, NoticeKind.CANCELLED, now)
    await audit(
        session,
        actor_id=access.user_id,
        action="event.cancel",
        target_kind=str(ReviewKind.EVENT),
        target_id=str(event.id),
        scope=event.country,
    )
    return told


# ---- a member's data ------------------------------------------------------------------------


async def export_member(session: AsyncSession, member_id: int) -> dict[str, Any]:
    """What events know about a member: answers, notices owed or sent, events organised."""
    rsvps = await session.execute(
        select(EventRsvp, Event.title, Event.starts_at)
        .join(Event, Event.id == EventRsvp.event_id)
        .where(answered_by(member_id))
        .order_by(Event.starts_at)
    )
    notices = await session.scalars(
        select(EventNotice).where(owed_to(member_id)).order_by(EventNotice.id)
    )
    organised = await session.scalars(
        select(Event).where(Event.organiser_id == member_id).order_by(Event.starts_at)
    )
    return {
        "answers": [
            {
                "event": row.event_id,
                "title": title,
                "starts_at": starts_at.isoformat(),
                "answer": str(row.status),
                "since": row.queued_at.isoformat(),
            }
            for row, title, starts_at in rsvps.all()
        ],
        "notices": [
            {
                "event": notice.event_id,
                "kind": str(notice.kind),
                "status": str(notice.status),
                "due_at": notice.due_at.isoformat(),
                "sent_at": notice.sent_at.isoformat() if notice.sent_at else None,
            }
            for notice in notices
        ],
        "organised": [
            {
                "event": event.id,
                "title": event.title,
                "starts_at": event.starts_at.isoformat(),
                "status": str(event.status),
                "attended": event.attended_count,
            }
            for event in organised
        ],
    }


async def erase_member(session: AsyncSession, member_id: int, now: datetime | None = None) -> None:
    """Forget a member's answers and notices (their seats go to the waitlist); events they
    organised stay for their attendees without an organiser, unpublished drafts go."""
    now = now or utcnow()
    seats = list(
        await session.scalars(
            select(EventRsvp.event_id).where(
                answered_by(member_id), EventRsvp.status == RsvpStatus.GOING
            )
        )
    )
    await session.execute(delete(EventNotice).where(owed_to(member_id)))
    await session.execute(delete(EventRsvp).where(answered_by(member_id)))
    for event_id in seats:
        event = await _locked_event(session, event_id)
        if event is not None:
            await promote_waitlist(session, event, now)
    drafts = list(
        await session.scalars(
            select(Event.id).where(
                Event.organiser_id == member_id,
                Event.status.in_([EventStatus.PENDING, EventStatus.REJECTED]),
            )
        )
    )
    for event_id in drafts:
        await moderation.withdraw(session, ReviewKind.EVENT, str(event_id))
    if drafts:
        await session.execute(delete(Event).where(Event.id.in_(drafts)))
    await session.execute(
        update(Event).where(Event.organiser_id == member_id).values(organiser_id=None)
    )
