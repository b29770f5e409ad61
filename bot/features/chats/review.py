"""What the moderation queue needs from the groups the bot is in (no aiogram here).

* ``CHAT_MESSAGE`` (target: a :class:`~bot.db.models.ChatAction` id) — a message caught by
  the anti-spam or reported with ``/report``. *Approve* = the message was fine: a held report
  is dropped, an automatic action is undone (counted as a false positive). *Reject* = it was
  not: a held report becomes "delete the message and restrict the author" there; an automatic
  action on scam or spam becomes a ban there, shared by the group's alliance.
* ``CHAT_LINK`` (target: the chat id) — a chat claims a directory entry: approve confirms
  the link (the card then shows the live data), reject drops it.
* ``CHAT_BAN`` (target: an :class:`~bot.db.models.AllianceBan` id) — an appeal: approve
  lifts the ban in every allied chat, reject keeps it.

The person behind a group message is never named to moderators: they see the group, the
text, what the bot did and why.
"""

from __future__ import annotations

from collections.abc import Callable

from markupsafe import Markup, escape
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import ActionKind, ActionStatus, AllianceBan, ChatAction, Group, GroupChat
from bot.features.chats import service
from bot.i18n import translator


def _id(target_id: str) -> int | None:
    try:
        return int(target_id)
    except ValueError:
        return None


async def _action(session: AsyncSession, target_id: str) -> ChatAction | None:
    action_id = _id(target_id)
    return await session.get(ChatAction, action_id) if action_id is not None else None


def _reason_label(t: Callable[..., str], reason: str) -> str:
    if reason.startswith("scam-"):
        return t("chats-reason-scam")
    return t(f"chats-reason-{reason}")


class ChatMessageReviewHandler:
    """:class:`bot.reviewing.ReviewHandler` for group messages."""

    async def describe(self, session: AsyncSession, target_id: str, locale: str) -> str | None:
        action = await _action(session, target_id)
        if action is None:
            return None
        group_chat = await session.get(GroupChat, action.chat_id)
        t = translator(locale)
        state = "held" if action.status == ActionStatus.HELD else "acted"
        return "\n".join(
            [
                t("chats-mod-card", title=group_chat.title if group_chat else "—"),
                t("chats-mod-reason", reason=_reason_label(t, action.reason)),
                t(f"chats-mod-state-{state}"),
                "",
                str(Markup("<blockquote>{}</blockquote>").format(escape(action.text or "—"))),
            ]
        )

    async def title(self, session: AsyncSession, target_id: str) -> str | None:
        action = await _action(session, target_id)
        if action is None:
            return None
        group_chat = await session.get(GroupChat, action.chat_id)
        return group_chat.title if group_chat else None

    async def approve(self, session: AsyncSession, target_id: str, moderator_id: int) -> None:
        action = await _action(session, target_id)
        if action is None:
            return
        if action.status == ActionStatus.HELD:
            action.status = ActionStatus.DROPPED
            action.user_ref = None
            action.message_id = None
            return
        if action.reversed_at is None and action.status == ActionStatus.DONE:
            await service.reverse(session, action, moderator_id)

    async def reject(self, session: AsyncSession, target_id: str, moderator_id: int) -> None:
        action = await _action(session, target_id)
        if action is None:
            return
        if action.status == ActionStatus.HELD:
            # Delete the message and restrict its author there (the worker does it).
            action.status = ActionStatus.PENDING
            action.kind = ActionKind.RESTRICT
            action.actor_id = moderator_id
            return
        group_chat = await session.get(GroupChat, action.chat_id)
        if group_chat is None or action.user_ref is None or action.reversed_at is not None:
            return
        reason = "scam" if action.reason.startswith("scam-") else "spam"
        await service.ban_in_alliance(
            session, group_chat, user_id=action.user_ref, reason=reason, actor_id=moderator_id
        )


class ChatLinkReviewHandler:
    """:class:`bot.reviewing.ReviewHandler` for a chat's directory link."""

    async def describe(self, session: AsyncSession, target_id: str, locale: str) -> str | None:
        chat_id = _id(target_id)
        group_chat = await session.get(GroupChat, chat_id) if chat_id is not None else None
        if group_chat is None or group_chat.group_id is None:
            return None
        entry = await session.get(Group, group_chat.group_id)
        if entry is None:
            return None
        t = translator(locale)
        return str(t("chats-mod-link", chat=group_chat.title, entry=entry.title, link=entry.link))

    async def title(self, session: AsyncSession, target_id: str) -> str | None:
        chat_id = _id(target_id)
        group_chat = await session.get(GroupChat, chat_id) if chat_id is not None else None
        return group_chat.title if group_chat else None

    async def approve(self, session: AsyncSession, target_id: str, moderator_id: int) -> None:
        chat_id = _id(target_id)
        if chat_id is not None:
            await service.confirm_link(session, chat_id, moderator_id)

    async def reject(self, session: AsyncSession, target_id: str, moderator_id: int) -> None:
        chat_id = _id(target_id)
        if chat_id is not None:
            await service.drop_link(session, chat_id)


class ChatBanReviewHandler:
    """:class:`bot.reviewing.ReviewHandler` for appeals against shared bans."""

    async def describe(self, session: AsyncSession, target_id: str, locale: str) -> str | None:
        ban_id = _id(target_id)
        ban = await session.get(AllianceBan, ban_id) if ban_id is not None else None
        if ban is None:
            return None
        t = translator(locale)
        return "\n".join(
            [
                t(
                    "chats-mod-appeal",
                    alliance=ban.alliance.upper(),
                    reason=t(f"chats-ban-reason-{ban.reason}"),
                ),
                "",
                str(Markup("<blockquote>{}</blockquote>").format(escape(ban.appeal or "—"))),
            ]
        )

    async def title(self, session: AsyncSession, target_id: str) -> str | None:
        ban_id = _id(target_id)
        ban = await session.get(AllianceBan, ban_id) if ban_id is not None else None
        return ban.alliance.upper() if ban else None

    async def approve(self, session: AsyncSession, target_id: str, moderator_id: int) -> None:
        ban_id = _id(target_id)
        if ban_id is not None:
            await service.decide_appeal(session, ban_id, moderator_id, upheld=True)

    async def reject(self, session: AsyncSession, target_id: str, moderator_id: int) -> None:
        ban_id = _id(target_id)
        if ban_id is not None:
            await service.decide_appeal(session, ban_id, moderator_id, upheld=False)
