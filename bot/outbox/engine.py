"""THE delivery loop: claim -> lease -> mark sending -> send -> record -> release.

Every message the bot sends to a member unasked goes through :func:`run`, whoever keeps its
rows: the outbox's own rows (:class:`bot.outbox.delivery.OutboxRows`: notices, relays,
reminders, digests, status messages) and a feature's rows plugged in as an
:class:`~bot.outbox.kinds.OutboxFeed` (a broadcast's deliveries, materialised from its segment
in chunks). Whoever keeps them is a :class:`Source`; the loop is the same for all:

1. **Claim**: ``source.claim`` leases a batch in one short transaction (``FOR UPDATE SKIP
   LOCKED`` on PostgreSQL, so workers take disjoint rows; SQLite's write lock serialises
   claims) that commits before anything is sent. A worker that dies leaves its claims leased;
   when the lease runs out the next round claims them again: nobody is lost.
2. **Step**: one transaction per message records the previous message's outcome
   (``source.record``; on a 403 :func:`~bot.outbox.policy.mark_unreachable`, here and nowhere
   else) and marks this one as being sent (``source.begin``, which may also say "not ours any
   more", or "stop": a paused or cancelled broadcast). So a worker killed at any moment leaves
   at most one message that was perhaps delivered and not recorded: the one repeat per crash.
3. **Send** at the shared pace (:class:`Pace`: ``services.send_limiter``, one bucket per bot,
   in Redis when configured) under the one policy (:mod:`bot.outbox.policy`): 429 waits and
   retries the same member; 403, 5xx and refusals go to ``source.record`` judged.
4. **Release**: past ``LEASE_SHARE`` of the lease, or when the worker is stopping, or when
   ``begin`` said stop, the unsent claims are handed back at once (``source.release``).
5. ``source.finish`` closes the round (a broadcast writes its batch's sent count).
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Protocol, TypeVar

from aiogram import Bot
from aiogram.exceptions import TelegramAPIError
from aiogram.types import Message
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.types import utcnow
from bot.db.uow import unit_of_work
from bot.outbox.policy import (
    LONGEST_FLOOD_WAIT,
    MAX_FLOOD_WAITS,
    Result,
    Sent,
    judge,
    mark_unreachable,
)
from bot.ratelimit import SEND_KEY, RateLimiter, wait_for_token
from bot.services import Services

log = logging.getLogger(__name__)

# A round sends only in this share of its lease, then hands the rest back: the claims are
# never taken by another worker while this one still sends them.
LEASE_SHARE = 0.75
# A call may leave this much sooner than one pace after the previous one came back: a normal
# round trip is shorter, so only a slow one (a stall) holds the next call back.
ARRIVAL_SLACK = 0.008


@dataclass(frozen=True)
class Item:
    """One claimed message, as the loop sees it (a source's items add what it needs)."""

    id: int
    kind: str  # metrics and logs
    recipient_id: int
    attempts: int  # tries of this message, this one included (the 5xx give-up counts them)


I = TypeVar("I", bound=Item)  # noqa: E741


class Pace:
    """The shared send limiter, taken before each call.

    ``spaced``: Telegram counts arrivals, the limiter departures. After a call that was slow to
    come back (a stalled process, a slow network) it may have arrived late: the next one must
    not leave at once on a token that matured meanwhile, or both arrive together and a second
    holds one message too many (429, a second lost). Long runs at the full rate (broadcasts)
    space their calls; a trickle of notices needs not.
    """

    def __init__(
        self, limiter: RateLimiter | None, key: str = SEND_KEY, *, spaced: bool = False
    ) -> None:
        self.limiter = limiter
        self.key = key
        self.spaced = spaced and limiter is not None
        self._not_before = 0.0  # monotonic: no call before this

    async def take(self) -> None:
        pause = self._not_before - time.monotonic()
        if pause > 0:
            await asyncio.sleep(pause)
        await wait_for_token(self.limiter, self.key)

    def came_back(self) -> None:
        if self.spaced and self.limiter is not None:
            gap = 1.0 / self.limiter.rate - ARRIVAL_SLACK
            self._not_before = time.monotonic() + max(0.0, gap)


class Source(Protocol[I]):
    """Who keeps some messages owed, and how each is claimed, sent and recorded.

    Every method but ``send`` runs inside a transaction the loop opened (its session given);
    ``record`` and the next item's ``begin`` share one.
    """

    @property
    def lease(self) -> timedelta:
        """How long a claim holds (a dead worker's claims come back after it)."""
        ...

    @property
    def pace(self) -> Pace: ...

    async def claim(self, session: AsyncSession, now: datetime) -> Sequence[I]:
        """Lease a batch of due items (those of a worker whose lease ran out included)."""
        ...

    async def begin(self, session: AsyncSession, item: I) -> bool | None:
        """Mark ``item`` as being sent. ``False``: not ours any more (skip it); ``None``:
        stop the round and hand the rest back (a broadcast paused meanwhile)."""
        ...

    async def send(self, bot: Bot, item: I) -> Message:
        """Render and send one message; Telegram's refusals are raised, the loop judges them."""
        ...

    async def record(self, session: AsyncSession, item: I, sent: Sent, now: datetime) -> None:
        """The outcome: once it commits, this message is never sent again (unless retried)."""
        ...

    async def release(self, session: AsyncSession, items: Sequence[I]) -> None:
        """Hand back claims not sent: the next round (any worker) takes them."""
        ...

    async def finish(self) -> int:
        """After the round (in its own transactions, if it writes). Returns how many claims
        were settled without a send (skipped, deferred): work done all the same."""
        ...


async def send_once(services: Services, bot: Bot, source: Source[I], item: I) -> Sent:
    """Send one message at the shared pace under :mod:`bot.outbox.policy`; never raises a
    Telegram error. A 429 is waited out and the same member tried again."""
    deliveries = services.metrics.deliveries
    for _ in range(MAX_FLOOD_WAITS):
        await source.pace.take()
        try:
            try:
                message = await source.send(bot, item)
            finally:
                source.pace.came_back()
        except TelegramAPIError as error:
            sent = judge(error, item.attempts)
            if sent.result is Result.WAIT:
                # Telegram says how long: wait, then the same member again.
                deliveries.labels(item.kind, sent.result.value).inc()
                await asyncio.sleep(sent.retry_in)
                continue
            if sent.result is not Result.BLOCKED:
                log.warning("%s %s: %s (%s)", item.kind, item.id, sent.result, type(error).__name__)
            return sent
        return Sent(Result.SENT, message_id=message.message_id, message=message)
    return Sent(Result.RETRY, "flood", LONGEST_FLOOD_WAIT)


async def _step(
    services: Services,
    source: Source[I],
    done: tuple[I, Sent] | None,
    following: I | None,
    now: datetime,
) -> bool | None:
    """One transaction: record ``done``'s outcome and begin ``following``."""
    async with unit_of_work(services.sessions) as session:
        if session.get_bind().dialect.name == "postgresql":
            # Not waiting for the disk on each message: a *worker* crash still repeats at most
            # the one in flight (the commit reached the server); only a crash of PostgreSQL
            # itself could lose the last fraction of a second of marks, and those messages
            # would be sent again (never lost).
            await session.execute(text("SET LOCAL synchronous_commit = off"))
        if done is not None:
            item, sent = done
            await source.record(session, item, sent, now)
            if sent.result is Result.BLOCKED:
                await mark_unreachable(session, item.recipient_id)
        if following is None:
            return True
        return await source.begin(session, following)


async def run(
    services: Services,
    bot: Bot,
    source: Source[I],
    *,
    now: datetime | None = None,
    stopping: asyncio.Event | None = None,
) -> int:
    """One round of the loop over ``source``; returns how many items it claimed (those the
    source settled at the claim included: the runner comes back at once after a full batch).

    ``now`` is for tests that stand at a given moment (a lease that ran out, quiet hours).
    """
    async with unit_of_work(services.sessions) as session:
        claimed = list(await source.claim(session, now or utcnow()))
    deadline = time.monotonic() + source.lease.total_seconds() * LEASE_SHARE
    done: tuple[I, Sent] | None = None
    rest: Sequence[I] = ()
    settled = 0
    try:
        for index, item in enumerate(claimed):
            if time.monotonic() >= deadline or (stopping is not None and stopping.is_set()):
                rest = claimed[index:]
                break
            go = await _step(services, source, done, item, now or utcnow())
            done = None
            if go is None:  # the source said stop (a pause): hand the rest back
                rest = claimed[index:]
                break
            if not go:
                continue  # taken by another worker after our lease ran out
            sent = await send_once(services, bot, source, item)
            services.metrics.deliveries.labels(item.kind, sent.result.value).inc()
            done = (item, sent)
        if done is not None:
            await _step(services, source, done, None, now or utcnow())
        if rest:
            async with unit_of_work(services.sessions) as session:
                await source.release(session, rest)
    finally:
        settled = await source.finish()
    return len(claimed) + settled
