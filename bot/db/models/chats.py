"""The bot inside community groups: the chats it is in, newcomers at the door, what it did.

Privacy: a group member's Telegram id is kept only while the bot must act on it (a door check
pending, a newcomer's first days, an action an admin may still reverse), always encrypted
(``*_ref``) beside a keyed pseudonym (``member_key``) to find it by; rows are deleted when
that need ends (:mod:`bot.features.chats.jobs`) and on erasure. Names are never stored.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import BigInteger, Boolean, ForeignKey, Index, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from bot.db.base import Base
from bot.db.crypto import EncryptedInt, EncryptedText, pseudonym_info
from bot.db.types import BigIntId, Json, UtcDateTime, utcnow

#: Pseudonym purposes of a group member (a newcomer, the subject of an action, a banned id).
NEWCOMER = "chat-newcomer"
ACTION_SUBJECT = "chat-subject"
ALLIANCE_BAN = "alliance-ban"


class BotStanding(StrEnum):
    ADMINISTRATOR = "administrator"
    MEMBER = "member"
    LEFT = "left"


class GroupChat(Base):
    """A Telegram group the bot was added to, and its link to a directory entry."""

    __tablename__ = "group_chats"

    chat_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    title: Mapped[str] = mapped_column(String(128))
    group_id: Mapped[int | None] = mapped_column(
        ForeignKey("directory_groups.id", ondelete="SET NULL"), index=True
    )
    # A moderator confirmed that this chat is that directory entry (the first link only).
    link_confirmed: Mapped[bool] = mapped_column(Boolean, default=False)
    bot_status: Mapped[BotStanding] = mapped_column(String(16), default=BotStanding.MEMBER)
    # The administrator rights the bot holds there (names as in ChatAdministratorRights).
    rights: Mapped[list[str]] = mapped_column(Json, default=list)
    member_count: Mapped[int | None] = mapped_column(Integer)
    checked_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    # Switches and limits (see bot.features.chats.settings.ChatSettings).
    settings: Mapped[dict[str, Any]] = mapped_column(Json, default=dict)
    # Groups of one alliance share bans for scam and spam ("ge-community").
    alliance: Mapped[str | None] = mapped_column(String(32), index=True)
    # The directory entry's country ("*" until linked): whose moderators see its items.
    country: Mapped[str] = mapped_column(String(2), default="*")
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)


class Newcomer(Base):
    """A person in their first days in a group: the door check, the welcome, their counts."""

    __tablename__ = "group_newcomers"

    id: Mapped[int] = mapped_column(BigIntId, primary_key=True, autoincrement=True)
    chat_id: Mapped[int] = mapped_column(
        ForeignKey("group_chats.chat_id", ondelete="CASCADE"), index=True
    )
    member_key: Mapped[str] = mapped_column(
        String(40), index=True, info=pseudonym_info(NEWCOMER, "user_ref")
    )
    user_ref: Mapped[int] = mapped_column(EncryptedInt)
    joined_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    # Set while the door check waits for the tap: past it, the worker removes them.
    door_deadline: Mapped[datetime | None] = mapped_column(UtcDateTime, index=True)
    # The join came as a request: the tap in private approves it.
    by_request: Mapped[bool] = mapped_column(Boolean, default=False)
    welcome_message_id: Mapped[int | None] = mapped_column(Integer)
    welcome_delete_at: Mapped[datetime | None] = mapped_column(UtcDateTime, index=True)
    messages: Mapped[int] = mapped_column(Integer, default=0)
    # Flood: messages in the current window and when it began.
    window_start: Mapped[datetime | None] = mapped_column(UtcDateTime)
    window_count: Mapped[int] = mapped_column(Integer, default=0)
    # The row is deleted after this (the newcomer layers no longer apply to them).
    keep_until: Mapped[datetime] = mapped_column(UtcDateTime, index=True)

    __table_args__ = (UniqueConstraint("chat_id", "member_key", name="uq_group_newcomers_member"),)


class ActionKind(StrEnum):
    DELETE = "delete"  # a message deleted
    RESTRICT = "restrict"  # may read, may not write
    KICK = "kick"  # removed, may come back
    BAN = "ban"  # removed for good (an alliance ban, a moderator's decision)
    LIFT = "lift"  # a restriction or ban undone (an admin's reversal, an upheld appeal)


class ActionStatus(StrEnum):
    HELD = "held"  # a reported message waiting for a moderator: nothing done yet
    DROPPED = "dropped"  # the moderator found nothing wrong: nothing will be done
    PENDING = "pending"  # to be done by the worker (survives a restart)
    DONE = "done"
    FAILED = "failed"  # Telegram refused (rights lost, message gone)


class ChatAction(Base):
    """One thing the bot did (or will do) in a group, kept so an admin can reverse it."""

    __tablename__ = "group_actions"

    id: Mapped[int] = mapped_column(BigIntId, primary_key=True, autoincrement=True)
    chat_id: Mapped[int] = mapped_column(
        ForeignKey("group_chats.chat_id", ondelete="CASCADE"), index=True
    )
    member_key: Mapped[str | None] = mapped_column(
        String(40), index=True, info=pseudonym_info(ACTION_SUBJECT, "user_ref")
    )
    user_ref: Mapped[int | None] = mapped_column(EncryptedInt)
    kind: Mapped[ActionKind] = mapped_column(String(16))
    # Why: a layer (link, forward, contact, scam-<category>, lookalike, flood, door, bot),
    # a report decision (report) or a shared ban (alliance).
    reason: Mapped[str] = mapped_column(String(40))
    # The message it is about (deleted first when the action is carried out).
    message_id: Mapped[int | None] = mapped_column(Integer)
    # The bot's note to the admins (with the undo button), deleted at ``note_until``.
    note_id: Mapped[int | None] = mapped_column(Integer)
    note_until: Mapped[datetime | None] = mapped_column(UtcDateTime, index=True)
    # How long a restriction lasts (None: until lifted).
    until: Mapped[datetime | None] = mapped_column(UtcDateTime)
    # The deleted message, for the moderators' card (encrypted; gone with the row).
    text: Mapped[str | None] = mapped_column(EncryptedText)
    status: Mapped[ActionStatus] = mapped_column(String(16), default=ActionStatus.PENDING)
    # None: automatic; else the moderator's Telegram id.
    actor_id: Mapped[int | None] = mapped_column(BigInteger)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    done_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    reversed_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    reversed_by: Mapped[int | None] = mapped_column(BigInteger)
    # An admin reversed it as a mistake of the filter: counted per layer.
    false_positive: Mapped[bool] = mapped_column(Boolean, default=False)

    __table_args__ = (Index("ix_group_actions_status", "status", "created_at"),)


class AllianceBan(Base):
    """An id banned in every group of an alliance: a keyed hash only, like ``bans``.

    The groups learn it when the ban is made (one pending :class:`ChatAction` each, carrying
    the encrypted id until done); a group joining the alliance later, or the person coming
    back, is matched by the hash."""

    __tablename__ = "alliance_bans"

    id: Mapped[int] = mapped_column(BigIntId, primary_key=True, autoincrement=True)
    alliance: Mapped[str] = mapped_column(String(32))
    member_key: Mapped[str] = mapped_column(String(40))
    reason: Mapped[str] = mapped_column(String(40))
    moderator_id: Mapped[int | None] = mapped_column(BigInteger)
    source_chat: Mapped[int | None] = mapped_column(BigInteger)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    # The banned person's one appeal through the bot (encrypted), and the outcome.
    appeal: Mapped[str | None] = mapped_column(EncryptedText)
    # Who appealed, encrypted, until a moderator decides (to unban them everywhere).
    appeal_ref: Mapped[int | None] = mapped_column(EncryptedInt)
    lifted_at: Mapped[datetime | None] = mapped_column(UtcDateTime)

    __table_args__ = (UniqueConstraint("alliance", "member_key", name="uq_alliance_bans_member"),)
