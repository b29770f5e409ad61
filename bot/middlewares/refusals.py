"""Turns a :class:`bot.errors.DomainError` a handler lets through into the member's reply."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from aiogram import BaseMiddleware
from aiogram.types import CallbackQuery, Message, TelegramObject
from aiogram_i18n import I18nContext

from bot.errors import DomainError


class RefusalReplies(BaseMiddleware):
    """An inner middleware (registered on the Dispatcher's message and callback observers, so
    it wraps every feature's handlers, inside the session middleware).

    A refusal is an answer, not a failure: the member gets the message in their language — an
    alert on a button press, a message otherwise — and the update ends normally, so the
    session middleware commits what was written before the refusal (its audit row) instead of
    rolling it back as it does on an error.
    """

    async def __call__(
        self,
        handler: Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]],
        event: TelegramObject,
        data: dict[str, Any],
    ) -> Any:
        try:
            return await handler(event, data)
        except DomainError as refusal:
            i18n: I18nContext | None = data.get("i18n")
            if i18n is None:  # no catalog reached this update: an ordinary failure then
                raise
            text = i18n.get(refusal.key, **refusal.values)
            if isinstance(event, CallbackQuery):
                await event.answer(text, show_alert=True)
            elif isinstance(event, Message):
                await event.answer(text)
            return None
