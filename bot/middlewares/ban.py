"""Banned members get nothing from the bot, except their privacy rights (read and erase).

A banned member reaching for a privileged handler (a banned moderator pressing "approve") is
refused here, before any router sees the update; that refusal is audited like the role gate's
(:func:`bot.middlewares.roles.audit_refusal`)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from aiogram import BaseMiddleware
from aiogram.types import Message, TelegramObject, Update

from bot.db.models import Member, MemberStatus
from bot.middlewares.roles import GatedHandlers, audit_refusal

# A ban must never stop someone from seeing what is stored about them or erasing it.
ALWAYS_ALLOWED_COMMANDS = frozenset({"/privacy", "/my_data", "/delete_me"})
ALWAYS_ALLOWED_CALLBACK_PREFIXES = ("privacy:",)


class BanGateMiddleware(BaseMiddleware):
    def __init__(self) -> None:
        # Set by the factory once every router is included (see :meth:`watch`).
        self.gated: GatedHandlers | None = None

    def watch(self, gated: GatedHandlers) -> None:
        self.gated = gated

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
        elif event.callback_query and (event.callback_query.data or "").startswith(
            ALWAYS_ALLOWED_CALLBACK_PREFIXES
        ):
            return await handler(event, data)
        await self._audit_if_privileged(event, data)
        if event.message:
            await _tell_banned(event.message, data)
        elif event.callback_query:
            await event.callback_query.answer(data["i18n"].get("banned-notice"), show_alert=True)
        return None

    async def _audit_if_privileged(self, update: Update, data: dict[str, Any]) -> None:
        if self.gated is None or update.event_type not in ("message", "callback_query"):
            return
        reached = await self.gated.reached(update.event_type, update.event, data)
        if reached is not None:
            gate, handler = reached
            await audit_refusal(data["session"], data["access"], gate, handler, why="banned")


async def _tell_banned(message: Message, data: dict[str, Any]) -> None:
    if message.chat.type == "private" and message.text:
        await message.answer(data["i18n"].get("banned-notice"))
