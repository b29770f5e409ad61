"""Events, members' RSVPs, and the notices the worker sends about them (reminders included).

Every message the bot owes a member about an event (a reminder 24 hours or 2 hours before,
"you got a seat", "the event moved", "the event is cancelled") is a row in ``event_notices``:
the worker claims it, sends it and marks it sent, so a restart never loses or repeats one.

Who answers an event is nobody's business, a support group's least of all: an RSVP and a notice
hold the member as a keyed pseudonym (``member_key``: found by it) and their id encrypted
(``member_ref``: read to write to them). Without the data key the tables tell how many go,
never who.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import (
    ForeignKey,
    Index,
    Integer,
    SmallInteger,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from bot.db.base import Base
from bot.db.crypto import EncryptedInt, pseudonym_info
from bot.db.types import BigIntId, Json, UtcDateTime, utcnow

#: The pseudonym purpose of a member's RSVPs and event notices (one purpose: a notice is owed
#: to whoever answered, and is found by the same key).
EVENT_MEMBER = "event-member"


class EventStatus(StrEnum):
    PENDING = "pending"  # waiting for a moderator
    PUBLISHED = "published"
    REJECTED = "rejected"
    CANCELLED = "cancelled"


class Event(Base):
    __tablename__ = "events"

    id: Mapped[int] = mapped_column(BigIntId, primary_key=True, autoincrement=True)
    # ``None`` once the organiser erased their data (the event stays for its attendees).
    organiser_id: Mapped[int | None] = mapped_column(
        ForeignKey("members.id", ondelete="SET NULL"), index=True
    )
    title: Mapped[str] = mapped_column(String(120))
    description: Mapped[str] = mapped_column(Text)
    starts_at: Mapped[datetime] = mapped_column(UtcDateTime)
    ends_at: Mapped[datetime] = mapped_column(UtcDateTime)
    # The IANA zone the organiser typed the time in (the city's), e.g. "Asia/Tbilisi".
    timezone: Mapped[str] = mapped_column(String(64))
    venue: Mapped[str | None] = mapped_column(String(300))
    online_url: Mapped[str | None] = mapped_column(String(300))
    # An ISO code, or "*" for an online event open to every country.
    country: Mapped[str] = mapped_column(String(2))
    city: Mapped[str | None] = mapped_column(String(64))  # English name, as on profiles
    professions: Mapped[list[str]] = mapped_column(Json, default=list)
    interests: Mapped[list[str]] = mapped_column(Json, default=list)
    capacity: Mapped[int | None] = mapped_column(Integer)  # None: no limit
    status: Mapped[EventStatus] = mapped_column(String(16), default=EventStatus.PENDING)
    # Bumped on every change attendees must hear about (the .ics SEQUENCE).
    sequence: Mapped[int] = mapped_column(Integer, default=0)
    # How many people came, as the organiser counted them after the event (an aggregate:
    # nobody's name); ``None`` until recorded.
    attended_count: Mapped[int | None] = mapped_column(Integer)
    attendance_recorded_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)

    __table_args__ = (Index("ix_events_listing", "status", "country", "starts_at"),)


class RsvpStatus(StrEnum):
    GOING = "going"
    WAITLIST = "waitlist"
    DECLINED = "declined"  # "can't go"


class EventRsvp(Base):
    """One member's answer for one event; the waitlist is ordered by ``queued_at``."""

    __tablename__ = "event_rsvps"

    event_id: Mapped[int] = mapped_column(
        ForeignKey("events.id", ondelete="CASCADE"), primary_key=True
    )
    member_key: Mapped[str] = mapped_column(
        String(40), primary_key=True, info=pseudonym_info(EVENT_MEMBER, "member_ref")
    )
    member_ref: Mapped[int] = mapped_column(EncryptedInt)
    status: Mapped[RsvpStatus] = mapped_column(String(16))
    queued_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)

    __table_args__ = (
        Index("ix_event_rsvps_event", "event_id", "status", "queued_at"),
        Index("ix_event_rsvps_member", "member_key"),
    )

    @property
    def member_id(self) -> int:
        return self.member_ref


class NoticeKind(StrEnum):
    REMIND_24H = "remind-24h"
    REMIND_2H = "remind-2h"
    PROMOTED = "promoted"  # a seat freed up: off the waitlist
    MOVED = "moved"
    CANCELLED = "cancelled"
    MESSAGE = "message"  # the organiser's short message to everyone going
    ATTENDANCE = "attendance"  # to the organiser, after the event: how many came?


class NoticeStatus(StrEnum):
    PENDING = "pending"
    CLAIMED = "claimed"  # a worker is sending it (until ``lease_until``)
    SENT = "sent"
    SKIPPED = "skipped"  # no longer relevant when it came due (left the event, event over)
    FAILED = "failed"


class EventMessage(Base):
    """A short text the organiser sent to everyone going; one notice per attendee carries it.

    No author column: the event's organiser wrote it, and it stays with the event when the
    organiser erases their data (as the event does).
    """

    __tablename__ = "event_messages"

    id: Mapped[int] = mapped_column(BigIntId, primary_key=True, autoincrement=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    text: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)


class EventNotice(Base):
    """A message owed to one member about one event, sent once by the worker.

    ``once_key`` says which notice this is, so scheduling it twice is harmless: a reminder or a
    "moved" notice is owed once per version of the event (``remind-24h@3``: the 24-hour reminder
    for ``Event.sequence`` 3), so moving an event schedules new reminders while the old ones,
    already sent or skipped, stay as the record; an organiser's message once per message
    (``message#17``); a promotion once per version (a row re-armed if it happens again).
    """

    __tablename__ = "event_notices"

    id: Mapped[int] = mapped_column(BigIntId, primary_key=True, autoincrement=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"))
    member_key: Mapped[str] = mapped_column(
        String(40), info=pseudonym_info(EVENT_MEMBER, "member_ref")
    )
    member_ref: Mapped[int] = mapped_column(EncryptedInt)
    kind: Mapped[NoticeKind] = mapped_column(String(16))
    once_key: Mapped[str] = mapped_column(String(40))
    due_at: Mapped[datetime] = mapped_column(UtcDateTime)
    status: Mapped[NoticeStatus] = mapped_column(String(16), default=NoticeStatus.PENDING)
    attempts: Mapped[int] = mapped_column(SmallInteger, default=0)
    lease_until: Mapped[datetime | None] = mapped_column(UtcDateTime)
    sent_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    # Which version of the event the notice speaks about (moves bump ``Event.sequence``).
    sequence: Mapped[int] = mapped_column(Integer, default=0)
    # The organiser's text, for ``NoticeKind.MESSAGE`` notices.
    message_id: Mapped[int | None] = mapped_column(
        ForeignKey("event_messages.id", ondelete="CASCADE")
    )
    error: Mapped[str | None] = mapped_column(String(32))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)

    __table_args__ = (
        UniqueConstraint("event_id", "member_key", "once_key", name="uq_event_notices_once"),
        Index("ix_event_notices_due", "status", "due_at"),
        Index("ix_event_notices_event", "event_id", "status"),
        Index("ix_event_notices_member", "member_key"),
        Index("ix_event_notices_message", "message_id"),
    )

    @property
    def member_id(self) -> int:
        return self.member_ref
