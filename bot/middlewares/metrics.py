"""Counts and times every update (the outermost of our middlewares)."""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable
from typing import Any

from aiogram import BaseMiddleware
from aiogram.types import TelegramObject, Update
from aiogram.types.update import UpdateTypeLookupError

from bot.metrics import Metrics


class MetricsMiddleware(BaseMiddleware):
    def __init__(self, metrics: Metrics) -> None:
        self.metrics = metrics

    async def __call__(
        self,
        handler: Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]],
        event: TelegramObject,
        data: dict[str, Any],
    ) -> Any:
        try:
            kind = event.event_type if isinstance(event, Update) else type(event).__name__
        except UpdateTypeLookupError:  # a kind of update newer than this aiogram
            kind = "unknown"
        start = time.perf_counter()
        try:
            return await handler(event, data)
        finally:
            self.metrics.updates.labels(kind).inc()
            self.metrics.update_seconds.labels(kind).observe(time.perf_counter() - start)
