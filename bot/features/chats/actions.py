"""Carrying out a :class:`~bot.db.models.ChatAction` in Telegram (the handlers do immediate
ones, the worker the pending ones). Telegram's refusals (rights lost, message already gone,
the person an admin now) are expected: the action is then recorded ``failed``, never raised.
"""

from __future__ import annotations

import logging
from datetime import datetime

from aiogram import Bot
from aiogram.exceptions import TelegramBadRequest, TelegramForbiddenError
from aiogram.types import ChatPermissions

from bot.db.models import ActionKind, ChatAction

log = logging.getLogger(__name__)

#: What a restricted person may do: read only.
MUTED = ChatPermissions(
    can_send_messages=False,
    can_send_audios=False,
    can_send_documents=False,
    can_send_photos=False,
    can_send_videos=False,
    can_send_video_notes=False,
    can_send_voice_notes=False,
    can_send_polls=False,
    can_send_other_messages=False,
    can_add_web_page_previews=False,
    can_change_info=False,
    can_invite_users=False,
    can_pin_messages=False,
    can_manage_topics=False,
)
#: Lifting a restriction when the group's own defaults cannot be read.
OPEN = ChatPermissions(
    can_send_messages=True,
    can_send_audios=True,
    can_send_documents=True,
    can_send_photos=True,
    can_send_videos=True,
    can_send_video_notes=True,
    can_send_voice_notes=True,
    can_send_polls=True,
    can_send_other_messages=True,
    can_add_web_page_previews=True,
)

Refused = (TelegramBadRequest, TelegramForbiddenError)


async def restrict(bot: Bot, chat_id: int, user_id: int, until: datetime | None = None) -> bool:
    try:
        await bot.restrict_chat_member(chat_id, user_id, permissions=MUTED, until_date=until)
    except Refused as error:
        log.info("restrict refused in a group: %s", error.message)
        return False
    return True


async def lift(bot: Bot, chat_id: int, user_id: int) -> bool:
    """Undo a restriction or a ban: the group's default permissions again."""
    try:
        chat = await bot.get_chat(chat_id)
        await bot.restrict_chat_member(chat_id, user_id, permissions=chat.permissions or OPEN)
    except Refused as error:
        # Not restricted (they left, or were banned): unbanning below is what is left to do.
        log.info("unrestrict refused in a group: %s", error.message)
    try:
        await bot.unban_chat_member(chat_id, user_id, only_if_banned=True)
    except Refused as error:
        log.info("unban refused in a group: %s", error.message)
        return False
    return True


async def remove(bot: Bot, chat_id: int, user_id: int, *, for_good: bool) -> bool:
    """Remove a person: ``for_good`` bans; otherwise a kick (banned and unbanned at once, so
    they may come back by themselves)."""
    try:
        await bot.ban_chat_member(chat_id, user_id)
        if not for_good:
            await bot.unban_chat_member(chat_id, user_id, only_if_banned=True)
    except Refused as error:
        log.info("removal refused in a group: %s", error.message)
        return False
    return True


async def delete(bot: Bot, chat_id: int, message_id: int) -> bool:
    """Whether the message is gone: "not found" counts, as when a retried call finds its
    first attempt did the work, or its author deleted it first."""
    try:
        await bot.delete_message(chat_id, message_id)
    except Refused as error:
        log.info("delete refused in a group: %s", error.message)
        return "message to delete not found" in error.message
    return True


async def carry_out(bot: Bot, action: ChatAction) -> bool:
    """Do what the row says (first deleting its message, if any); whether Telegram agreed."""
    ok = True
    if action.message_id is not None:
        ok = await delete(bot, action.chat_id, action.message_id)
    user_id = action.user_ref
    if user_id is None:
        return ok and action.kind == ActionKind.DELETE
    if action.kind == ActionKind.RESTRICT:
        return await restrict(bot, action.chat_id, user_id, action.until)
    if action.kind == ActionKind.KICK:
        return await remove(bot, action.chat_id, user_id, for_good=False)
    if action.kind == ActionKind.BAN:
        return await remove(bot, action.chat_id, user_id, for_good=True)
    if action.kind == ActionKind.LIFT:
        return await lift(bot, action.chat_id, user_id)
    return ok
