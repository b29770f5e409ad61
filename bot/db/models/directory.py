"""The directory of vetted community groups (chats, channels, forums) by place and profession.

A group belongs to the community, not to whoever proposed it: when the submitter erases
themselves the group stays and only ``submitted_by`` is forgotten.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import BigInteger, Boolean, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from bot.db.base import Base
from bot.db.types import BigIntId, Json, UtcDateTime, utcnow


class GroupKind(StrEnum):
    CHAT = "chat"
    CHANNEL = "channel"
    FORUM = "forum"
    EXTERNAL = "external"


class GroupStatus(StrEnum):
    PENDING = "pending"  # proposed by a member, waiting for a moderator
    PUBLISHED = "published"  # shown to members
    REJECTED = "rejected"  # a proposal a moderator turned down
    HIDDEN = "hidden"  # taken down (by a moderator, or by reports until a moderator decides)


class LinkCheck(StrEnum):
    """What the last automatic look at a public @username link found."""

    OK = "ok"
    GONE = "gone"  # the username no longer resolves (renamed, deleted, made private)


class Group(Base):
    __tablename__ = "directory_groups"

    id: Mapped[int] = mapped_column(BigIntId, primary_key=True, autoincrement=True)
    # A stable id ([a-z0-9-]); import and export match groups by it.
    slug: Mapped[str] = mapped_column(String(64), unique=True)
    title: Mapped[str] = mapped_column(String(128))
    # Always normalised: https://t.me/<name>, https://t.me/+<invite> or https://t.me/joinchat/...
    link: Mapped[str] = mapped_column(String(256))
    # The link in lower case: usernames are case-insensitive, duplicates are found by it.
    link_key: Mapped[str] = mapped_column(String(256), index=True)
    kind: Mapped[GroupKind] = mapped_column(String(16), default=GroupKind.CHAT)
    # ISO alpha-2, or "*" for transnational / online groups.
    country: Mapped[str] = mapped_column(String(2))
    # English name from bot/content/cities.yaml; None means the whole country.
    city: Mapped[str | None] = mapped_column(String(64))
    professions: Mapped[list[str]] = mapped_column(Json, default=list)
    interests: Mapped[list[str]] = mapped_column(Json, default=list)
    languages: Mapped[list[str]] = mapped_column(Json, default=list)
    description: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[GroupStatus] = mapped_column(String(16), default=GroupStatus.PENDING)
    is_demo: Mapped[bool] = mapped_column(Boolean, default=False)
    verified_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    # A moderator's or admin's Telegram id (no foreign key: bootstrap admins may have no row).
    verified_by: Mapped[int | None] = mapped_column(BigInteger)
    submitted_by: Mapped[int | None] = mapped_column(
        ForeignKey("members.id", ondelete="SET NULL"), index=True
    )
    link_checked_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    link_check: Mapped[LinkCheck | None] = mapped_column(String(16))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow, onupdate=utcnow)

    __table_args__ = (Index("ix_directory_groups_place", "status", "country", "city"),)
