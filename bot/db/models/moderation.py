"""One moderation queue and one report box for every kind of listing.

A listing (group, FAQ entry, job, offer, event, broadcast) lives in its feature's table; its
review lives here, so moderators work one queue and every decision has one shape.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import BigInteger, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from bot.db.base import Base
from bot.db.crypto import EncryptedInt, EncryptedText, pseudonym_info
from bot.db.types import BigIntId, Json, UtcDateTime, utcnow

#: The pseudonym purpose of a report's author.
REPORTER = "reporter"


class ReviewKind(StrEnum):
    GROUP = "group"
    FAQ = "faq"
    JOB = "job"
    OFFER = "offer"
    EVENT = "event"
    BROADCAST = "broadcast"
    RELAY = "relay"  # a reported conversation through the bot (target: the relay thread id)
    # The bot inside groups (bot.features.chats): a group message reported or caught by the
    # anti-spam (target: the group action id), a chat claiming a directory entry (target: the
    # chat id), an appeal against a ban shared by an alliance (target: the alliance ban id).
    CHAT_MESSAGE = "chat-message"
    CHAT_LINK = "chat-link"
    CHAT_BAN = "chat-ban"


class ReviewStatus(StrEnum):
    PENDING = "pending"
    APPROVED = "approved"
    REJECTED = "rejected"
    APPEALED = "appealed"  # rejected, the author asked once more: back in the queue
    WITHDRAWN = "withdrawn"  # the author or the system took it back (erasure, expiry)


class ReviewItem(Base):
    """One submission waiting for (or having had) a moderator's decision."""

    __tablename__ = "review_items"

    id: Mapped[int] = mapped_column(BigIntId, primary_key=True, autoincrement=True)
    kind: Mapped[ReviewKind] = mapped_column(String(16))
    # The listing's own id in its feature's table (a slug or a number, as text).
    target_id: Mapped[str] = mapped_column(String(128))
    # Which moderators may decide: a country code, or "*" for transnational listings.
    country: Mapped[str] = mapped_column(String(2))
    author_id: Mapped[int | None] = mapped_column(
        ForeignKey("members.id", ondelete="SET NULL"), index=True
    )
    status: Mapped[ReviewStatus] = mapped_column(String(16), default=ReviewStatus.PENDING)
    # Automatic warnings (scam patterns, duplicates), shown to the moderator: slugs only.
    flags: Mapped[list[str]] = mapped_column(Json, default=list)
    reason: Mapped[str | None] = mapped_column(Text)  # why it was rejected (moderator's words)
    appeal: Mapped[str | None] = mapped_column(EncryptedText)  # the author's one appeal
    decided_by: Mapped[int | None] = mapped_column(BigInteger)
    decided_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    escalated_at: Mapped[datetime | None] = mapped_column(UtcDateTime)  # flagged to admins
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    # Pending since (reset by an appeal), so "oldest first" and "over 48 hours" are fair.
    queued_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)

    __table_args__ = (
        Index("ix_review_items_queue", "status", "country", "queued_at"),
        Index("ix_review_items_target", "kind", "target_id"),
    )


class ReportStatus(StrEnum):
    OPEN = "open"
    RESOLVED = "resolved"


class ReportOutcome(StrEnum):
    """What a moderator made of a report (``None``: settled without a judgement)."""

    UPHELD = "upheld"  # the listing came down, the member was found at fault
    DISMISSED = "dismissed"  # the moderator kept the listing: nothing wrong was found


class Report(Base):
    """A member's report about a listing; reporters are never shown to anyone.

    Nor kept readable: the reporter is a keyed pseudonym (``reporter_key``), enough to count
    each member once and to find their own reports for /my_data and erasure; their id is kept
    only encrypted (``reporter_ref``), so that ``rotate-key`` can compute the pseudonym again.
    """

    __tablename__ = "reports"

    id: Mapped[int] = mapped_column(BigIntId, primary_key=True, autoincrement=True)
    kind: Mapped[ReviewKind] = mapped_column(String(16))
    target_id: Mapped[str] = mapped_column(String(128))
    country: Mapped[str] = mapped_column(String(2))
    reporter_key: Mapped[str] = mapped_column(
        String(40), index=True, info=pseudonym_info(REPORTER, "reporter_ref")
    )
    reporter_ref: Mapped[int] = mapped_column(EncryptedInt)
    reason: Mapped[str] = mapped_column(String(32))  # a slug: dead-link, scam, ...
    comment: Mapped[str | None] = mapped_column(EncryptedText)
    status: Mapped[ReportStatus] = mapped_column(String(16), default=ReportStatus.OPEN)
    outcome: Mapped[ReportOutcome | None] = mapped_column(String(16))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    details: Mapped[dict[str, Any]] = mapped_column(Json, default=dict)

    __table_args__ = (
        Index("ix_reports_target", "kind", "target_id", "status"),
        # A reporter's record and rate: their reports, newest last.
        Index("ix_reports_reporter", "reporter_key", "created_at"),
    )


class Ban(Base):
    """A banned Telegram id, as a keyed hash only (``pseudonym("ban", telegram_id)``).

    It outlives the member's erasure, so an erased scammer who starts the bot again is banned
    again; without the data key nobody can tell which id it stands for."""

    __tablename__ = "bans"

    pseudonym: Mapped[str] = mapped_column(String(40), primary_key=True)
    banned_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
