"""Banned members get nothing from the bot, except their privacy rights (read and erase)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from aiogram import BaseMiddleware
from aiogram.types import Message, TelegramObject, Update

from bot.db.models import Member, MemberStatus

# A ban must never stop someone from seeing what is stored about them or erasing it.
ALWAYS_ALLOWED_COMMANDS = frozenset({"/privacy", "/my_data", "/delete_me"})
ALWAYS_ALLOWED_CALLBACK_PREFIXES = ("privacy:",)


class BanGateMiddleware(BaseMiddleware):
    async def __call__(
        self,
        handler: Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]],
        event: TelegramObject,
        data: dict[str, Any],
    ) -> Any:
        member: Member | None = data.get("member")
        if member is None or member.status != MemberStatus.BANNED:
            return await handler(event, data)
        assert isinstance(event, Update)
        if event.message and event.message.text:
            command = event.message.text.split(maxsplit=1)[0].split("@")[0]
            if command in ALWAYS_ALLOWED_COMMANDS:
                return await handler(event, data)
            await _tell_banned(event.message, data)
        elif event.callback_query:
            if (event.callback_query.data or "").startswith(ALWAYS_ALLOWED_CALLBACK_PREFIXES):
                return await handler(event, data)
            await event.callback_query.answer(data["i18n"].get("banned-notice"), show_alert=True)
        return None


async def _tell_banned(message: Message, data: dict[str, Any]) -> None:
    if message.chat.type == "private":
        await message.answer(data["i18n"].get("banned-notice"))
