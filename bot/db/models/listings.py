"""Listings members post for each other: job offers and mutual-aid offers and requests.

Both kinds share one life cycle (:class:`ListingStatus`): written → reviewed by a moderator →
published for 30 days (renewable) → closed by the author, expired, or taken down. Contact with
the author always goes through the bot (``bot.db.models.relay``); no listing stores a way to
reach its author.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import Boolean, ForeignKey, Index, SmallInteger, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from bot.db.base import Base
from bot.db.crypto import EncryptedText
from bot.db.types import BigIntId, Json, UtcDateTime, utcnow


class ListingStatus(StrEnum):
    PENDING = "pending"  # written, waiting for its first review
    PUBLISHED = "published"
    HIDDEN = "hidden"  # reported by several members: hidden until a moderator decides
    REJECTED = "rejected"  # refused (or taken down after reports) by a moderator
    CLOSED = "closed"  # the author closed it: the job is filled, the help was found
    EXPIRED = "expired"  # its 30 days ran out; the author may renew it


class ListingFields:
    """Columns every kind of listing has (a mixin: each listing kind has its own table)."""

    author_id: Mapped[int] = mapped_column(ForeignKey("members.id", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(String(120))
    # ISO code; ``None`` only for a remote job (anywhere).
    country: Mapped[str | None] = mapped_column(String(2))
    # The English name from the curated city list, or ``None`` for the whole country.
    city: Mapped[str | None] = mapped_column(String(64))
    status: Mapped[ListingStatus] = mapped_column(String(16), default=ListingStatus.PENDING)
    # Scam patterns found in the text (slugs, see ``bot.features.safety.scam``): shown to the
    # moderator as reasons and to members as a warning on the listing.
    scam_flags: Mapped[list[str]] = mapped_column(Json, default=list)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    published_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    expires_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    # When the author was asked whether to renew (reset by a renewal).
    renewal_prompted_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    closed_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    # When matching members were told about it: only the first publication notifies.
    notified_at: Mapped[datetime | None] = mapped_column(UtcDateTime)


class EmploymentType(StrEnum):
    FULL = "full"
    PART = "part"
    PROJECT = "project"  # contract, freelance, one project
    INTERN = "intern"


# Languages a job may ask for; "local" is the language of the host country.
JOB_LANGUAGES = ("ru", "en", "uk", "local")


class Job(ListingFields, Base):
    __tablename__ = "jobs"

    id: Mapped[int] = mapped_column(BigIntId, primary_key=True, autoincrement=True)
    # The hiring company's name; ``None`` when a private person hires.
    company: Mapped[str | None] = mapped_column(String(120))
    remote: Mapped[bool] = mapped_column(Boolean, default=False)
    employment: Mapped[EmploymentType] = mapped_column(String(16))
    languages: Mapped[list[str]] = mapped_column(Json, default=list)
    salary: Mapped[str | None] = mapped_column(String(80))
    description: Mapped[str] = mapped_column(Text)
    # What to send and how the selection goes: text vetted by a moderator, never contacts.
    how_to_apply: Mapped[str] = mapped_column(EncryptedText)  # contacts: encrypted at rest

    __table_args__ = (
        Index("ix_jobs_browse", "status", "country", "published_at"),
        Index("ix_jobs_expiry", "status", "expires_at"),
    )


class JobProfession(Base):
    """A profession a job is for (a taxonomy slug): filters and subscriptions ask by it."""

    __tablename__ = "job_professions"

    job_id: Mapped[int] = mapped_column(ForeignKey("jobs.id", ondelete="CASCADE"), primary_key=True)
    slug: Mapped[str] = mapped_column(String(32), primary_key=True)

    __table_args__ = (Index("ix_job_professions_slug", "slug", "job_id"),)


class DeliveryMode(StrEnum):
    INSTANT = "instant"
    DAILY = "daily"


class JobSubscription(Base):
    """ "Tell me about new jobs like this": a saved filter, delivered at once or once a day.

    The place is one of: anywhere (no country, not remote), remote jobs only, a country, or a
    city of a country (which also takes the country's jobs that name no city).
    """

    __tablename__ = "job_subscriptions"

    id: Mapped[int] = mapped_column(BigIntId, primary_key=True, autoincrement=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id", ondelete="CASCADE"), index=True)
    country: Mapped[str | None] = mapped_column(String(2))
    city: Mapped[str | None] = mapped_column(String(64))
    remote: Mapped[bool] = mapped_column(Boolean, default=False)
    profession: Mapped[str | None] = mapped_column(String(32))
    mode: Mapped[DeliveryMode] = mapped_column(String(8), default=DeliveryMode.INSTANT)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)

    __table_args__ = (Index("ix_job_subscriptions_place", "country", "remote"),)


class OfferKind(StrEnum):
    OFFER = "offer"  # "I can help with..."
    REQUEST = "request"  # "I need help with..."


class Urgency(StrEnum):
    TODAY = "today"
    WEEK = "week"
    WHENEVER = "whenever"


class Offer(ListingFields, Base):
    """A mutual-aid offer or request (category: taxonomy ``offer_category``)."""

    __tablename__ = "offers"

    id: Mapped[int] = mapped_column(BigIntId, primary_key=True, autoincrement=True)
    kind: Mapped[OfferKind] = mapped_column(String(8))
    category: Mapped[str] = mapped_column(String(32))
    # Requests only.
    urgency: Mapped[Urgency | None] = mapped_column(String(8))
    description: Mapped[str] = mapped_column(Text)

    __table_args__ = (
        Index("ix_offers_browse", "status", "kind", "country", "category"),
        Index("ix_offers_expiry", "status", "expires_at"),
    )


class NoticeReason(StrEnum):
    JOB_MATCH = "job-match"  # a new job matches a subscription
    AID_MATCH = "aid-match"  # a new request matches your offer (or the reverse)
    RENEW = "renew"  # your listing expires in 3 days
    EXPIRED = "expired"  # your listing expired


class ListingNotice(Base):
    """One notice waiting to reach a member: durable, so quiet hours defer it, never drop it.

    A worker claims a row (``claimed_at``, committed) before it sends, and deletes it once
    delivered (or once it no longer makes sense): a crash between the two leaves a claimed row
    that is dropped, never sent again — a member gets a notice at most once. The unique
    constraints keep a listing from being announced twice to the same member for one reason.
    """

    __tablename__ = "listing_notices"

    id: Mapped[int] = mapped_column(BigIntId, primary_key=True, autoincrement=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id", ondelete="CASCADE"), index=True)
    reason: Mapped[NoticeReason] = mapped_column(String(16))
    job_id: Mapped[int | None] = mapped_column(
        ForeignKey("jobs.id", ondelete="CASCADE"), index=True
    )
    offer_id: Mapped[int | None] = mapped_column(
        ForeignKey("offers.id", ondelete="CASCADE"), index=True
    )
    # Part of the member's daily digest rather than sent at once.
    digest: Mapped[bool] = mapped_column(Boolean, default=False)
    due_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    attempts: Mapped[int] = mapped_column(SmallInteger, default=0)
    # Set (and committed) by the worker that is sending it; ``None`` while waiting.
    claimed_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)

    __table_args__ = (
        Index("ix_listing_notices_due", "claimed_at", "due_at"),
        UniqueConstraint("job_id", "member_id", "reason"),
        UniqueConstraint("offer_id", "member_id", "reason"),
    )
