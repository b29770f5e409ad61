"""The member aggregate: a Telegram user's profile, opt-ins, roles and status.

Only what the product uses is stored: no names, no usernames, no phone numbers. The Telegram
id is the primary key because every contact with the member goes through it anyway.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import BigInteger, Boolean, ForeignKey, Index, SmallInteger, String, text
from sqlalchemy.orm import Mapped, mapped_column

from bot.db.base import Base
from bot.db.crypto import EncryptedInt, pseudonym_info
from bot.db.types import UtcDateTime, utc_day, utcnow

ALL_COUNTRIES = "*"
#: What a staff id (who granted a role, approved, decided, verified, edited, acted in the audit
#: log) becomes when that member erases their data: the act stays on record, the person goes.
#: Telegram ids are positive, so it never names anyone.
ERASED_MEMBER = 0


class MemberStatus(StrEnum):
    ACTIVE = "active"
    UNREACHABLE = "unreachable"  # blocked the bot or deleted the account (403)
    BANNED = "banned"


class Role(StrEnum):
    ORGANISER = "organiser"
    MODERATOR = "moderator"
    ADMIN = "admin"


class Member(Base):
    __tablename__ = "members"

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    # The language the member chose; ``None`` means "follow Telegram's language".
    locale: Mapped[str | None] = mapped_column(String(8))
    country: Mapped[str | None] = mapped_column(String(2))
    # The English name from the curated city list (bot/content/cities.yaml).
    city: Mapped[str | None] = mapped_column(String(64))
    broadcasts_opt_in: Mapped[bool] = mapped_column(Boolean, default=False)
    alerts_opt_in: Mapped[bool] = mapped_column(Boolean, default=False)
    # Quiet hours in the member's local time, e.g. 22 → 8; both ``None`` when not set.
    quiet_start: Mapped[int | None] = mapped_column(SmallInteger)
    quiet_end: Mapped[int | None] = mapped_column(SmallInteger)
    status: Mapped[MemberStatus] = mapped_column(String(16), default=MemberStatus.ACTIVE)
    onboarded_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    # The day only (00:00 UTC): an exact time would match the member to the time of what they
    # did in tables that name nobody (an RSVP, a message through the bot).
    last_seen_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utc_day)
    # When the member was told that silence much longer means erasure (retention); cleared
    # when they come back.
    retention_notice_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    # /delete_me while a report about them is open: erased once a moderator has decided.
    erase_requested_at: Mapped[datetime | None] = mapped_column(UtcDateTime)

    __table_args__ = (
        Index("ix_members_country_city", "country", "city"),
        # Broadcast segments count and select only reachable members who opted in (migration
        # 0007): a small index of exactly them, in member-id order per place.
        Index(
            "ix_members_audience",
            "country",
            "city",
            "locale",
            "id",
            postgresql_where=text("broadcasts_opt_in = true AND status = 'active'"),
            sqlite_where=text("broadcasts_opt_in = 1 AND status = 'active'"),
        ),
    )

    @property
    def is_onboarded(self) -> bool:
        return self.onboarded_at is not None


class MemberProfession(Base):
    """A profession of a member (a taxonomy slug). Rows vanish with the member (cascade)."""

    __tablename__ = "member_professions"

    member_id: Mapped[int] = mapped_column(
        ForeignKey("members.id", ondelete="CASCADE"), primary_key=True
    )
    slug: Mapped[str] = mapped_column(String(32), primary_key=True)

    # Segments ask "who works in X" over a million members.
    __table_args__ = (Index("ix_member_professions_slug", "slug", "member_id"),)


class MemberInterest(Base):
    """An interest or need of a member (a taxonomy slug)."""

    __tablename__ = "member_interests"

    member_id: Mapped[int] = mapped_column(
        ForeignKey("members.id", ondelete="CASCADE"), primary_key=True
    )
    slug: Mapped[str] = mapped_column(String(32), primary_key=True)

    __table_args__ = (Index("ix_member_interests_slug", "slug", "member_id"),)


#: Interests that tell what a member may fear to have known — their mental health, faith or
#: ethnicity, health: kept as :class:`MemberSealedInterest` rows, never beside their id.
SENSITIVE_INTERESTS = frozenset({"psychology", "faith-ethnic", "health"})
#: The pseudonym purpose of a member's sensitive interests.
SEALED_INTEREST = "sealed-interest"


class MemberSealedInterest(Base):
    """A sensitive interest of a member: the member as a keyed pseudonym (found by it) and
    their id encrypted (read when an announcement is meant for that interest). Without the data
    key the table tells how many members share an interest, never who. No row order either:
    on SQLite the table has no rowid, its rows lie in key order."""

    __tablename__ = "member_sealed_interests"

    member_key: Mapped[str] = mapped_column(
        String(40), primary_key=True, info=pseudonym_info(SEALED_INTEREST, "member_ref")
    )
    slug: Mapped[str] = mapped_column(String(32), primary_key=True)
    member_ref: Mapped[int] = mapped_column(EncryptedInt)

    __table_args__ = (
        Index("ix_member_sealed_interests_slug", "slug"),
        {"sqlite_with_rowid": False},
    )


class RoleGrant(Base):
    """One role held by a member; ``scope`` is a country code or ``*`` for every country."""

    __tablename__ = "role_grants"

    member_id: Mapped[int] = mapped_column(
        ForeignKey("members.id", ondelete="CASCADE"), primary_key=True
    )
    role: Mapped[Role] = mapped_column(String(16), primary_key=True)
    scope: Mapped[str] = mapped_column(String(2), primary_key=True, default=ALL_COUNTRIES)
    granted_by: Mapped[int | None] = mapped_column(BigInteger)
    granted_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
