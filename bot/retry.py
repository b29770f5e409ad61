"""Retries of Bot API calls that failed on Telegram's side or on the way there.

A Bot API server answers 5xx while it restarts, a network hiccup drops a connection, and a
short flood wait (429 with a small ``retry_after``) says "try again in a second". Handlers
should not each handle that: this request middleware retries such calls a few times with
growing, jittered pauses, then lets the error through (the update's error handler then tells
the member that something went wrong, and nothing the update wrote is committed).

What is *not* retried: 4xx refusals (they will not change), long flood waits (the broadcast
delivery honours those itself, pausing every sender), and ``getUpdates`` (aiogram's polling
loop has its own backoff). A call that timed out after Telegram had already executed it may be
executed twice — at most one duplicate message per retry, the price of not losing one.
"""

from __future__ import annotations

import asyncio
import logging
import random
from typing import Any

from aiogram import Bot
from aiogram.client.session.middlewares.base import (
    BaseRequestMiddleware,
    NextRequestMiddlewareType,
)
from aiogram.exceptions import TelegramNetworkError, TelegramRetryAfter, TelegramServerError
from aiogram.methods import GetUpdates, Response, TelegramMethod
from aiogram.methods.base import TelegramType

log = logging.getLogger(__name__)


class RetryTransientErrors(BaseRequestMiddleware):
    """Retry 5xx, network errors and short flood waits, ``attempts`` times in all."""

    def __init__(
        self,
        *,
        attempts: int = 4,
        first_pause: float = 0.5,
        longest_pause: float = 8.0,
        longest_flood_wait: float = 5.0,
    ) -> None:
        self.attempts = attempts
        self.first_pause = first_pause
        self.longest_pause = longest_pause
        self.longest_flood_wait = longest_flood_wait

    async def __call__(
        self,
        make_request: NextRequestMiddlewareType[TelegramType],
        bot: Bot,
        method: TelegramMethod[TelegramType],
    ) -> Response[TelegramType]:
        if method.__api_method__ == GetUpdates.__api_method__:
            return await make_request(bot, method)
        pause = self.first_pause
        for attempt in range(1, self.attempts + 1):
            try:
                return await make_request(bot, method)
            except TelegramRetryAfter as error:
                if attempt == self.attempts or error.retry_after > self.longest_flood_wait:
                    raise
                wait: float = error.retry_after
                reason: Any = "429"
            except (TelegramServerError, TelegramNetworkError) as error:
                if attempt == self.attempts:
                    raise
                # Full jitter: replicas that failed together do not retry together.
                wait = random.uniform(pause / 2, pause)
                pause = min(self.longest_pause, pause * 2)
                reason = type(error).__name__
            log.warning(
                "%s failed (%s), attempt %d of %d; again in %.1fs",
                method.__api_method__,
                reason,
                attempt,
                self.attempts,
                wait,
            )
            await asyncio.sleep(wait)
        raise AssertionError("unreachable")  # pragma: no cover
