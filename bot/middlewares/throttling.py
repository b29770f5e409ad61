"""Per-user flood control, before anything touches the database.

A member sending faster than the bucket allows gets one "slow down" note (in their Telegram
language: the member row is not loaded yet, on purpose) and the excess is dropped.
"""

from __future__ import annotations

import time
from collections import OrderedDict
from collections.abc import Awaitable, Callable
from typing import Any

from aiogram import BaseMiddleware
from aiogram.types import TelegramObject, Update, User

from bot.i18n import EscapingFluentCore, telegram_locale
from bot.ratelimit import RateLimiter

# One "slow down" note per member per this many seconds; the rest is dropped silently.
NOTICE_INTERVAL = 10.0


class ThrottlingMiddleware(BaseMiddleware):
    """Outer middleware on updates from people (messages, button presses, inline queries)."""

    def __init__(self, limiter: RateLimiter, core: EscapingFluentCore, default_locale: str) -> None:
        self.limiter = limiter
        self.core = core
        self.default_locale = default_locale
        self._noticed: OrderedDict[int, float] = OrderedDict()

    async def __call__(
        self,
        handler: Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]],
        event: TelegramObject,
        data: dict[str, Any],
    ) -> Any:
        user: User | None = data.get("event_from_user")
        assert isinstance(event, Update)
        throttled_kind = event.message or event.callback_query or event.inline_query
        if user is None or throttled_kind is None:
            return await handler(event, data)
        if event.message is not None and event.message.chat.type != "private":
            # Group messages are not dropped here: the group anti-spam must see a flood to
            # act on it (bot.features.chats counts them per chat and member, Services.group_flood).
            return await handler(event, data)
        wait = await self.limiter.try_acquire(f"user:{user.id}")
        if wait <= 0:
            return await handler(event, data)
        notice = self._should_notice(user.id)
        text = self.core.get("throttled", telegram_locale(user, self.default_locale))
        if event.message is not None and event.message.chat.type == "private" and notice:
            await event.message.answer(text)
        elif event.callback_query is not None:
            await event.callback_query.answer(text if notice else None)
        return None

    def _should_notice(self, user_id: int) -> bool:
        now = time.monotonic()
        last = self._noticed.pop(user_id, 0.0)
        noticed = now - last >= NOTICE_INTERVAL
        self._noticed[user_id] = now if noticed else last
        if len(self._noticed) > 10_000:
            self._noticed.popitem(last=False)
        return noticed
