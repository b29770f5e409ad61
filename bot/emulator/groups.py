"""Who is in a group and with which rights: the emulator's model of Telegram's ``ChatMember``.

One :class:`Member` per person the group has seen (and one for the bot). Statuses are
Telegram's: ``creator``, ``administrator``, ``member``, ``restricted``, ``left``, ``kicked``.
Restrictions and bans with an ``until_date`` lapse by themselves, as Telegram's do: every read
goes through :meth:`Member.settle` first, so nothing has to run in the background.
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

JSON = dict[str, Any]

# ``ChatPermissions`` fields, in the spec's order (all are required in ``ChatMemberRestricted``).
PERMISSION_FIELDS = (
    "can_send_messages",
    "can_send_audios",
    "can_send_documents",
    "can_send_photos",
    "can_send_videos",
    "can_send_video_notes",
    "can_send_voice_notes",
    "can_send_polls",
    "can_send_other_messages",
    "can_add_web_page_previews",
    "can_react_to_messages",
    "can_edit_tag",
    "can_change_info",
    "can_invite_users",
    "can_pin_messages",
    "can_manage_topics",
)
_MEDIA_PERMISSIONS = (
    "can_send_audios",
    "can_send_documents",
    "can_send_photos",
    "can_send_videos",
    "can_send_video_notes",
    "can_send_voice_notes",
)
# ``ChatAdministratorRights`` fields (required ones first, then the optional ones).
RIGHT_FIELDS = (
    "is_anonymous",
    "can_manage_chat",
    "can_delete_messages",
    "can_manage_video_chats",
    "can_restrict_members",
    "can_promote_members",
    "can_change_info",
    "can_invite_users",
    "can_post_stories",
    "can_edit_stories",
    "can_delete_stories",
    "can_pin_messages",
    "can_manage_topics",
    # Bot API 10.3: aiogram 3.31 requires it in every administrator object, though the vendored
    # 10.1 spec does not have it yet (see NEWER_FIELDS in bot.emulator.validation).
    "can_send_welcome_messages",
)
# What a Telegram client offers by default when a person promotes someone: everything but
# anonymity, adding new admins and topics (the groups here are not forums).
DEFAULT_RIGHTS: Mapping[str, bool] = {
    name: name
    not in ("is_anonymous", "can_promote_members", "can_manage_topics", "can_send_welcome_messages")
    for name in RIGHT_FIELDS
}
# A new group lets its members do everything but manage topics (it is not a forum).
DEFAULT_PERMISSIONS: Mapping[str, bool] = {
    name: name != "can_manage_topics" for name in PERMISSION_FIELDS
}
# Telegram: a restriction or ban under 30 s or over 366 days from now is forever (0).
_SHORTEST = 30
_LONGEST = 366 * 24 * 3600

IN_CHAT = frozenset({"creator", "administrator", "member"})


def until(value: int | None, now: float | None = None) -> int:
    """``until_date`` as Telegram keeps it: 0 (forever) when absent, too near or too far."""
    if not value:
        return 0
    moment = time.time() if now is None else now
    if value - moment < _SHORTEST or value - moment > _LONGEST:
        return 0
    return int(value)


def permissions_from(given: Mapping[str, Any], independent: bool) -> dict[str, bool]:
    """A full ``ChatPermissions`` from a partial one: omitted fields are ``False``.

    Without ``use_independent_chat_permissions``, Telegram lets the broad permissions imply the
    narrow ones (the spec's words): other messages and link previews imply text and every
    media kind, polls imply text.
    """
    out = {name: bool(given.get(name, False)) for name in PERMISSION_FIELDS}
    if not independent:
        if out["can_send_other_messages"] or out["can_add_web_page_previews"]:
            out["can_send_messages"] = True
            for name in _MEDIA_PERMISSIONS:
                out[name] = True
        if out["can_send_polls"]:
            out["can_send_messages"] = True
    return out


def rights_from(given: Mapping[str, Any]) -> dict[str, bool]:
    """A full ``ChatAdministratorRights``: omitted fields are ``False``."""
    return {name: bool(given.get(name, False)) for name in RIGHT_FIELDS}


@dataclass(eq=False, slots=True)
class Member:
    """One person's (or the bot's) standing in a group."""

    status: str = "left"
    rights: dict[str, bool] = field(default_factory=dict)  # administrators
    permissions: dict[str, bool] = field(default_factory=dict)  # restricted members
    is_member: bool = False  # restricted members: still in the chat?
    until_date: int = 0  # restricted and kicked: 0 means forever
    promoted_by_bot: bool = False  # ``can_be_edited`` of an administrator

    @property
    def in_chat(self) -> bool:
        """Is in the group now (restricted members only while ``is_member``)."""
        return self.status in IN_CHAT or (self.status == "restricted" and self.is_member)

    @property
    def is_admin(self) -> bool:
        """The creator or an administrator."""
        return self.status in ("creator", "administrator")

    def settle(self, now: float | None = None) -> bool:
        """Lift a restriction or ban whose time is up; ``True`` if the status changed."""
        if self.status not in ("restricted", "kicked") or not self.until_date:
            return False
        if (time.time() if now is None else now) < self.until_date:
            return False
        if self.status == "restricted" and self.is_member:
            self.become("member")
        else:
            self.become("left")
        return True

    def become(self, status: str, **changes: Any) -> None:
        """Switch to ``status``, dropping what belonged to the old one."""
        self.status = status
        self.rights = {}
        self.permissions = {}
        self.is_member = False
        self.until_date = 0
        self.promoted_by_bot = False
        for key, value in changes.items():
            setattr(self, key, value)

    def can(self, right: str) -> bool:
        """Holds this administrator right (the creator holds all of them)."""
        if self.status == "creator":
            return True
        return self.status == "administrator" and self.rights.get(right, False)

    def may_send(self, permission: str, chat_permissions: Mapping[str, bool]) -> bool:
        """May send this kind of content: admins always, others by their and the chat's rules."""
        if self.is_admin:
            return True
        if not self.in_chat:
            return False
        if self.status == "restricted" and not self.permissions.get(permission, False):
            return False
        return chat_permissions.get(permission, False)

    def to_api(self, user: JSON) -> JSON:
        """The Telegram ``ChatMember`` object for this standing."""
        out: JSON = {"status": self.status, "user": user}
        if self.status == "creator":
            out["is_anonymous"] = False
        elif self.status == "administrator":
            out["can_be_edited"] = self.promoted_by_bot
            out.update(self.rights)
        elif self.status == "restricted":
            out["is_member"] = self.is_member
            out.update({name: self.permissions.get(name, False) for name in PERMISSION_FIELDS})
            out["until_date"] = self.until_date
        elif self.status == "kicked":
            out["until_date"] = self.until_date
        return out

    def copy(self) -> Member:
        """A snapshot (the ``old_chat_member`` of an update)."""
        return Member(
            self.status,
            dict(self.rights),
            dict(self.permissions),
            self.is_member,
            self.until_date,
            self.promoted_by_bot,
        )
