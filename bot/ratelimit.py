"""Token buckets: per-user flood control and the send-rate limiter shared by every process.

Two interchangeable implementations: in-process (the embedded default, one process) and Redis
(any number of bot replicas and workers share one bucket per key). Both answer "how long until
a token is free", so callers can either drop (flood control) or wait (delivery).
"""

from __future__ import annotations

import asyncio
import logging
import math
import time
from collections import OrderedDict
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:  # redis is imported only where REDIS_URL is set
    from redis.asyncio import Redis

log = logging.getLogger(__name__)


class RateLimiter(Protocol):
    """``rate`` tokens a second, at most ``burst`` saved up, one bucket per key."""

    rate: float
    burst: float

    async def try_acquire(self, key: str, now: float | None = None) -> float:
        """Take a token: 0.0 when taken, otherwise the seconds until one is free."""
        ...


# The bucket every message the bot sends unasked shares (notices, reminders, broadcasts), so
# that together they stay under Telegram's limit for the whole bot.
SEND_KEY = "bot"


async def wait_for_token(limiter: RateLimiter | None, key: str = SEND_KEY) -> None:
    """Wait until ``limiter`` gives a token for ``key`` (no limiter: at once)."""
    if limiter is None:
        return
    # A token bucket says how long until the next token is free: nothing to wait on.
    while (wait := await limiter.try_acquire(key)) > 0:  # noqa: ASYNC110
        await asyncio.sleep(wait)


class MemoryRateLimiter:
    """Buckets in this process; the least recently used are forgotten past ``max_keys``."""

    def __init__(self, rate: float, burst: float, max_keys: int = 100_000) -> None:
        self.rate = rate
        self.burst = burst
        self.max_keys = max_keys
        self._buckets: OrderedDict[str, tuple[float, float]] = OrderedDict()

    async def try_acquire(self, key: str, now: float | None = None) -> float:
        now = time.monotonic() if now is None else now
        tokens, stamp = self._buckets.pop(key, (self.burst, now))
        tokens = min(self.burst, tokens + (now - stamp) * self.rate)
        wait = 0.0
        if tokens >= 1.0:
            tokens -= 1.0
        else:
            wait = (1.0 - tokens) / self.rate
        self._buckets[key] = (tokens, now)
        if len(self._buckets) > self.max_keys:
            self._buckets.popitem(last=False)
        return wait

    def forget(self, key: str) -> None:
        self._buckets.pop(key, None)


# Atomic token bucket: the whole read-modify-write runs inside Redis, so concurrent processes
# cannot both take the last token. Time comes from Redis itself (one clock for everyone).
_BUCKET_SCRIPT = """
local key = KEYS[1]
local rate = tonumber(ARGV[1])
local burst = tonumber(ARGV[2])
local t = redis.call('TIME')
local now = tonumber(t[1]) + tonumber(t[2]) / 1000000
local state = redis.call('HMGET', key, 'tokens', 'stamp')
local tokens = tonumber(state[1]) or burst
local stamp = tonumber(state[2]) or now
tokens = math.min(burst, tokens + math.max(0, now - stamp) * rate)
local wait = 0
if tokens >= 1 then
  tokens = tokens - 1
else
  wait = (1 - tokens) / rate
end
redis.call('HSET', key, 'tokens', tostring(tokens), 'stamp', tostring(now))
redis.call('EXPIRE', key, math.ceil(burst / rate) + 1)
return tostring(wait)
"""


class RedisRateLimiter:
    """Buckets in Redis under ``{prefix}:{key}``.

    ``fail_open``: when Redis is unreachable, flood control lets the update through (a member
    must never be locked out by our outage); the delivery limiter instead waits a little.
    """

    def __init__(
        self, redis: Redis, rate: float, burst: float, prefix: str, *, fail_open: bool
    ) -> None:
        self.redis = redis
        self.rate = rate
        self.burst = burst
        self.prefix = prefix
        self.fail_open = fail_open
        self._script = redis.register_script(_BUCKET_SCRIPT)

    async def try_acquire(self, key: str, now: float | None = None) -> float:
        from redis.exceptions import RedisError  # loaded with the client: free here

        try:
            result = await self._script(keys=[f"{self.prefix}:{key}"], args=[self.rate, self.burst])
        except (RedisError, OSError) as error:
            log.warning("rate limiter: Redis unavailable (%s)", type(error).__name__)
            return 0.0 if self.fail_open else max(1.0 / self.rate, 0.5)
        wait = float(result)
        return 0.0 if wait <= 0 or math.isnan(wait) else wait

    async def forget(self, key: str) -> None:
        from redis.exceptions import RedisError

        try:
            await self.redis.delete(f"{self.prefix}:{key}")
        except (RedisError, OSError):
            log.warning("rate limiter: could not forget a key, Redis unavailable")
