"""Shared infrastructure handed to handlers, the CLI and the worker (built by ``factory``)."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from aiogram.fsm.storage.base import BaseStorage
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from bot.config import Settings
from bot.fsm import SqlStorage, forget_user_in_redis
from bot.i18n import EscapingFluentCore
from bot.metrics import Metrics
from bot.ratelimit import MemoryRateLimiter, RateLimiter, RedisRateLimiter

if TYPE_CHECKING:  # redis is imported only where REDIS_URL is set (bot.factory)
    from redis.asyncio import Redis

log = logging.getLogger(__name__)


@dataclass
class Services:
    """Everything long-lived: one instance per process, closed on shutdown."""

    settings: Settings
    engine: AsyncEngine
    sessions: async_sessionmaker[AsyncSession]
    storage: BaseStorage
    flood: RateLimiter
    i18n: EscapingFluentCore
    metrics: Metrics = field(default_factory=Metrics)
    redis: Redis | None = None
    # The pace of every message the bot sends unasked (event notices, broadcasts): one bucket
    # for the whole bot, in Redis when configured so that every process shares it.
    send_limiter: RateLimiter | None = None
    # Members' messages in groups, per chat and member (the group flood layer).
    group_flood: RateLimiter | None = None

    def text(self, locale: str, key: str, **kwargs: object) -> str:
        """A catalog string outside of an update (worker, CLI), values HTML-escaped."""
        return self.i18n.get(key, locale, **kwargs)

    async def forget_member_state(self, bot_id: int, user_id: int) -> None:
        """Erase what is kept about a member outside the database: FSM state, flood buckets."""
        if isinstance(self.storage, SqlStorage):
            await self.storage.forget_user(user_id)
        elif self.redis is not None:  # the FSM is in Redis whenever Redis is configured
            await forget_user_in_redis(self.redis, bot_id, user_id)
        if isinstance(self.flood, MemoryRateLimiter):
            self.flood.forget(f"user:{user_id}")
        elif isinstance(self.flood, RedisRateLimiter):
            await self.flood.forget(f"user:{user_id}")

    async def close(self) -> None:
        await self.storage.close()
        if self.redis is not None:
            await self.redis.aclose()
        await self.engine.dispose()
