"""The one delivery loop: claim -> lease -> send -> record, for every kind of message.

A round claims due rows in one short transaction (``FOR UPDATE SKIP LOCKED`` on PostgreSQL, so
any number of workers take different rows; SQLite's write lock serialises claims), each with a
lease, and commits the claim before anything is sent. Then it sends them one by one at the
shared pace (:mod:`bot.ratelimit`) and records each outcome in its own transaction: a sent row
is deleted at once, so it is never claimed again. A worker that dies leaves its claims leased;
when the lease runs out the next round claims them again — nobody is lost, and the only repeat
is the message that was in flight at the crash.

One policy for every kind (:func:`send_once`):

* 429: wait ``retry_after`` and send to the same member again (a very long wait puts the row
  back until then instead of holding the lease);
* 403: the member blocked the bot — marked unreachable here, the only place that does it, and
  the row dropped;
* 5xx or the network: put back with a growing pause, given up after ``MAX_ATTEMPTS`` claims;
* any other refusal (400...): dropped, counted as failed.
"""

from __future__ import annotations

import asyncio
import logging
import random
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from aiogram import Bot
from aiogram.exceptions import (
    TelegramAPIError,
    TelegramForbiddenError,
    TelegramNetworkError,
    TelegramRetryAfter,
    TelegramServerError,
)
from sqlalchemy import ColumnElement, and_, delete, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import Member, MemberStatus, OutboxMessage, OutboxStatus
from bot.db.types import utcnow
from bot.db.uow import unit_of_work
from bot.outbox.kinds import OutboxKind
from bot.outbox.store import Outgoing
from bot.ratelimit import wait_for_token
from bot.services import Services

log = logging.getLogger(__name__)

BATCH = 100
# Longer than a batch takes at the shared pace; a round stops sending ``LEASE_MARGIN`` before
# its lease ends and hands back what it did not send.
LEASE = timedelta(minutes=5)
LEASE_MARGIN = timedelta(minutes=1)
# Claims of one row before it is given up (5xx each time, or a worker dying on it).
MAX_ATTEMPTS = 5
# 429s for one message within one claim before it is put back instead.
MAX_FLOOD_WAITS = 5
# A flood wait longer than this is not slept through holding the lease: the row waits instead.
LONGEST_FLOOD_WAIT = 60.0
FIRST_BACKOFF = 5.0
LONGEST_BACKOFF = 600.0


class Result(StrEnum):
    SENT = "sent"
    RETRY = "retried"  # put back: 5xx, network, or a flood wait too long to sleep through
    BLOCKED = "blocked"  # 403
    FAILED = "failed"  # refused for good, or given up


@dataclass(frozen=True)
class Claimed:
    id: int
    kind: str
    recipient_id: int
    message: Outgoing
    attempts: int


@dataclass(frozen=True)
class Sent:
    result: Result
    error: str | None = None
    # For ``RETRY``: how long until the row is due again.
    retry_in: float = 0.0


def _due(now: datetime) -> ColumnElement[bool]:
    return or_(
        and_(OutboxMessage.status == OutboxStatus.PENDING, OutboxMessage.due_at <= now),
        and_(OutboxMessage.status == OutboxStatus.SENDING, OutboxMessage.lease_until < now),
    )


async def claim(
    session: AsyncSession, now: datetime, *, limit: int = BATCH, lease: timedelta = LEASE
) -> list[Claimed]:
    """Lease up to ``limit`` due rows (and those of a worker whose lease ran out)."""
    rows = list(
        await session.scalars(
            select(OutboxMessage)
            .where(_due(now))
            .order_by(OutboxMessage.due_at, OutboxMessage.id)
            .limit(limit)
            .with_for_update(skip_locked=True)
        )
    )
    claimed: list[Claimed] = []
    gave_up: list[int] = []
    for row in rows:
        if row.attempts >= MAX_ATTEMPTS:
            # Claimed this often and never finished: 5xx every time, or it kills the worker.
            gave_up.append(row.id)
            log.warning("outbox: a %s message given up after %d attempts", row.kind, row.attempts)
            continue
        row.status = OutboxStatus.SENDING
        row.lease_until = now + lease
        row.attempts += 1
        claimed.append(
            Claimed(
                row.id,
                row.kind,
                row.recipient_ref,
                Outgoing.from_payload(row.payload),
                row.attempts,
            )
        )
    if gave_up:
        await session.execute(delete(OutboxMessage).where(OutboxMessage.id.in_(gave_up)))
    await session.flush()
    return claimed


def backoff(attempts: int) -> float:
    """The pause before the next try after ``attempts`` failed ones (full jitter)."""
    ceiling = min(LONGEST_BACKOFF, FIRST_BACKOFF * 2 ** max(attempts - 1, 0))
    return random.uniform(ceiling / 2, ceiling)


async def send_once(services: Services, bot: Bot, item: Claimed) -> Sent:
    """Send one message under the policy (module docstring); never raises a Telegram error."""
    for _ in range(MAX_FLOOD_WAITS):
        await wait_for_token(services.send_limiter)
        try:
            await bot.send_message(
                item.recipient_id, item.message.text, reply_markup=item.message.markup
            )
        except TelegramRetryAfter as error:
            wait = float(error.retry_after)
            if wait > LONGEST_FLOOD_WAIT:
                return Sent(Result.RETRY, "flood", wait)
            # Telegram says how long: wait, then the same member again.
            services.metrics.deliveries.labels(item.kind, "flood-wait").inc()
            await asyncio.sleep(wait)
            continue
        except TelegramForbiddenError:
            return Sent(Result.BLOCKED, "forbidden")
        except (TelegramServerError, TelegramNetworkError) as error:
            if item.attempts >= MAX_ATTEMPTS:
                return Sent(Result.FAILED, "gave-up")
            log.warning("outbox: a %s message failed (%s)", item.kind, type(error).__name__)
            return Sent(Result.RETRY, "transient", backoff(item.attempts))
        except TelegramAPIError as error:
            log.warning("outbox: a %s message refused (%s)", item.kind, type(error).__name__)
            return Sent(Result.FAILED, "refused")
        return Sent(Result.SENT)
    return Sent(Result.RETRY, "flood", LONGEST_FLOOD_WAIT)


async def record(
    services: Services,
    item: Claimed,
    sent: Sent,
    now: datetime,
    kinds: Mapping[str, OutboxKind] | None = None,
) -> None:
    """One outcome in its own transaction: once it commits this message is never repeated.

    Only a row still ``sending`` is touched: erasure may have removed it meanwhile. A message
    that will never arrive runs its kind's ``undelivered`` hook in the same transaction.
    """
    mine = and_(OutboxMessage.id == item.id, OutboxMessage.status == OutboxStatus.SENDING)
    async with unit_of_work(services.sessions) as session:
        if sent.result is Result.RETRY:
            await session.execute(
                update(OutboxMessage)
                .where(mine)
                .values(
                    status=OutboxStatus.PENDING,
                    lease_until=None,
                    error=sent.error,
                    due_at=now + timedelta(seconds=sent.retry_in),
                )
            )
            return
        # Delivered, or never to be: the row goes (the outbox keeps nothing it has done).
        gone = await session.execute(delete(OutboxMessage).where(mine))
        if sent.result is Result.BLOCKED:
            await mark_unreachable(session, item.recipient_id)
        # Nothing dropped: erasure took the row meanwhile, and with it what the hook would touch.
        dropped = int(getattr(gone, "rowcount", 1) or 0) > 0
        kind = (kinds or {}).get(item.kind)
        if sent.result is not Result.SENT and kind is not None and dropped:
            await kind.undelivered(session, item.recipient_id, item.message.ref)


async def mark_unreachable(session: AsyncSession, member_id: int) -> None:
    """The member blocked the bot (403): the one place that marks them unreachable."""
    await session.execute(
        update(Member)
        .where(Member.id == member_id, Member.status == MemberStatus.ACTIVE)
        .values(status=MemberStatus.UNREACHABLE)
    )


async def release(services: Services, ids: Sequence[int]) -> None:
    """Hand unsent claims back before the lease ends: the next round takes them."""
    if not ids:
        return
    async with unit_of_work(services.sessions) as session:
        await session.execute(
            update(OutboxMessage)
            .where(OutboxMessage.id.in_(ids), OutboxMessage.status == OutboxStatus.SENDING)
            .values(status=OutboxStatus.PENDING, lease_until=None)
        )


async def deliver_round(
    services: Services,
    bot: Bot,
    *,
    now: datetime | None = None,
    limit: int = BATCH,
    stopping: asyncio.Event | None = None,
    kinds: Mapping[str, OutboxKind] | None = None,
) -> int:
    """One round: claim, send, record. Returns how many rows were claimed.

    ``kinds``: the features' :class:`~bot.outbox.kinds.OutboxKind` hooks, by name.
    ``now`` is for tests that stand at a given moment (a lease that ran out).
    """
    async with unit_of_work(services.sessions) as session:
        claimed = await claim(session, now or utcnow(), limit=limit)
    deadline = time.monotonic() + (LEASE - LEASE_MARGIN).total_seconds()
    for index, item in enumerate(claimed):
        if time.monotonic() >= deadline or (stopping is not None and stopping.is_set()):
            await release(services, [rest.id for rest in claimed[index:]])
            break
        sent = await send_once(services, bot, item)
        services.metrics.deliveries.labels(item.kind, sent.result.value).inc()
        await record(services, item, sent, now or utcnow(), kinds)
    return len(claimed)


async def deliver_all(
    services: Services,
    bot: Bot,
    *,
    now: datetime | None = None,
    kinds: Mapping[str, OutboxKind] | None = None,
) -> int:
    """Rounds until nothing is due (tests, the CLI); returns how many rows were claimed."""
    total = 0
    while handled := await deliver_round(services, bot, now=now, kinds=kinds):
        total += handled
    return total
