"""Broadcasts: an organiser's announcement to a chosen segment, and one delivery row per
recipient.

The segment is a filter (countries, cities, professions, interests, languages, attendees of one
event); recipients are materialised into ``broadcast_deliveries`` by the worker in chunks, so
memory stays flat whatever the audience. Each delivery row is claimed with a lease, marked
``sending`` just before the Bot API call and ``sent`` right after: a worker killed at any
moment repeats at most the one message that was in flight.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import (
    BigInteger,
    ForeignKey,
    Index,
    Integer,
    SmallInteger,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column

from bot.db.base import Base
from bot.db.types import BigIntId, Json, UtcDateTime, utcnow


class BroadcastStatus(StrEnum):
    DRAFT = "draft"
    PENDING = "pending"  # waiting for a moderator
    APPROVED = "approved"  # the worker has not started yet
    SENDING = "sending"
    PAUSED = "paused"
    CANCELLED = "cancelled"
    REJECTED = "rejected"
    DONE = "done"


class MediaKind(StrEnum):
    PHOTO = "photo"
    DOCUMENT = "document"


class Broadcast(Base):
    __tablename__ = "broadcasts"

    id: Mapped[int] = mapped_column(BigIntId, primary_key=True, autoincrement=True)
    # ``None`` once the author erased their data (a broadcast already sent stays as a count).
    author_id: Mapped[int | None] = mapped_column(
        ForeignKey("members.id", ondelete="SET NULL"), index=True
    )
    status: Mapped[BroadcastStatus] = mapped_column(String(16), default=BroadcastStatus.DRAFT)
    # Which moderators decide: a country code, or "*" when it spans countries.
    scope: Mapped[str] = mapped_column(String(2))
    # Content: the text with its Telegram entities (formatting kept exactly as typed).
    text: Mapped[str] = mapped_column(Text)
    entities: Mapped[list[dict[str, Any]]] = mapped_column(Json, default=list)
    media_kind: Mapped[str | None] = mapped_column(String(8))
    # The file_id: the organiser's upload at first, then the one Telegram returned.
    media_file_id: Mapped[str | None] = mapped_column(String(256))
    button_text: Mapped[str | None] = mapped_column(String(64))
    button_url: Mapped[str | None] = mapped_column(String(300))
    # The segment; an empty list means "no restriction" on that dimension.
    countries: Mapped[list[str]] = mapped_column(Json, default=list)
    cities: Mapped[list[str]] = mapped_column(Json, default=list)
    professions: Mapped[list[str]] = mapped_column(Json, default=list)
    interests: Mapped[list[str]] = mapped_column(Json, default=list)
    languages: Mapped[list[str]] = mapped_column(Json, default=list)
    event_id: Mapped[int | None] = mapped_column(ForeignKey("events.id", ondelete="SET NULL"))
    # Counters (the worker keeps them; the author's progress view reads them).
    total_count: Mapped[int] = mapped_column(Integer, default=0)
    sent_count: Mapped[int] = mapped_column(Integer, default=0)
    failed_count: Mapped[int] = mapped_column(Integer, default=0)
    # Recipients are inserted in member-id order; this is the last id inserted so far.
    materialised_upto: Mapped[int] = mapped_column(BigInteger, default=0)
    materialised: Mapped[bool] = mapped_column(default=False)
    approved_by: Mapped[int | None] = mapped_column(BigInteger)
    approved_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    started_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    finished_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    # The name the author chose to sign with (off by default: the header then names only the
    # community and the role); forgotten when the author erases their data.
    signed_as: Mapped[str | None] = mapped_column(String(64))
    # The role the header names, as it was when the broadcast was written: "team" for an
    # admin's, ``None`` for an organiser's.
    sender_role: Mapped[str | None] = mapped_column(String(16))
    # Members who pressed "Unsubscribe" under this broadcast (a count, tied to nobody).
    unsubscribed_count: Mapped[int] = mapped_column(Integer, default=0)
    # The author's one status message that edits itself while sending (its id in their chat),
    # what it shows now (so an unchanged view is not sent again) and when it was last edited.
    status_message_id: Mapped[int | None] = mapped_column(BigInteger)
    status_shown: Mapped[str | None] = mapped_column(String(64))
    status_edited_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    # When the final report was owed to the author (``None``: not yet).
    reported_at: Mapped[datetime | None] = mapped_column(UtcDateTime)

    __table_args__ = (Index("ix_broadcasts_status", "status"),)


class DeliveryStatus(StrEnum):
    PENDING = "pending"
    SENDING = "sending"  # the Bot API call is (or was, when a worker died) in flight
    SENT = "sent"
    FAILED = "failed"
    UNREACHABLE = "unreachable"  # 403: the member blocked the bot
    DEFERRED = "deferred"  # the member's quiet hours: due at ``next_attempt_at``
    SKIPPED = "skipped"  # opted out or left before their turn came


OPEN_DELIVERY = (DeliveryStatus.PENDING, DeliveryStatus.DEFERRED, DeliveryStatus.SENDING)
_OPEN_SQL = "status IN ('pending', 'deferred', 'sending')"


class BroadcastDelivery(Base):
    """One recipient of one broadcast."""

    __tablename__ = "broadcast_deliveries"

    id: Mapped[int] = mapped_column(BigIntId, primary_key=True, autoincrement=True)
    broadcast_id: Mapped[int] = mapped_column(ForeignKey("broadcasts.id", ondelete="CASCADE"))
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id", ondelete="CASCADE"))
    status: Mapped[DeliveryStatus] = mapped_column(String(16), default=DeliveryStatus.PENDING)
    attempts: Mapped[int] = mapped_column(SmallInteger, default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    claimed_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    claimed_by: Mapped[str | None] = mapped_column(String(64))
    sent_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    message_id: Mapped[int | None] = mapped_column(BigInteger)
    error: Mapped[str | None] = mapped_column(String(32))

    __table_args__ = (
        UniqueConstraint("broadcast_id", "member_id", name="uq_broadcast_deliveries_member"),
        # Claiming walks only the rows still to send, in id order (sent rows leave the index).
        Index(
            "ix_broadcast_deliveries_open",
            "broadcast_id",
            "id",
            postgresql_where=text(_OPEN_SQL),
            sqlite_where=text(_OPEN_SQL),
        ),
        Index("ix_broadcast_deliveries_progress", "broadcast_id", "status"),
        Index("ix_broadcast_deliveries_member", "member_id"),
    )


class UnsubscribeReason(Base):
    """How many members gave each reason for turning broadcasts off — counts only, no ids."""

    __tablename__ = "broadcast_unsubscribe_reasons"

    reason: Mapped[str] = mapped_column(String(32), primary_key=True)
    count: Mapped[int] = mapped_column(Integer, default=0)
