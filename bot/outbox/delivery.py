"""The one delivery loop: claim -> lease -> send -> record, for every kind of message.

A round claims due rows in one short transaction (``FOR UPDATE SKIP LOCKED`` on PostgreSQL, so
any number of workers take different rows; SQLite's write lock serialises claims), each with a
lease, and commits the claim before anything is sent. Then it sends them one by one at the
shared pace (:mod:`bot.ratelimit`) and records each outcome in its own transaction: a sent row
is deleted at once, so it is never claimed again. A worker that dies leaves its claims leased;
when the lease runs out the next round claims them again — nobody is lost, and the only repeat
is the message that was in flight at the crash.

One policy for every kind (:mod:`bot.outbox.policy`, also the broadcast sender's): 429 waits
and retries the same member; 403 marks the member unreachable (there only) and drops the row;
5xx and network errors put it back with a growing pause, given up after ``MAX_ATTEMPTS``
claims; any other refusal drops it as failed.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from aiogram import Bot
from aiogram.exceptions import TelegramAPIError
from sqlalchemy import ColumnElement, and_, delete, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import OutboxMessage, OutboxStatus
from bot.db.types import utcnow
from bot.db.uow import unit_of_work
from bot.outbox.kinds import OutboxKind
from bot.outbox.policy import (
    LONGEST_FLOOD_WAIT,
    MAX_ATTEMPTS,
    MAX_FLOOD_WAITS,
    Result,
    Sent,
    judge,
    mark_unreachable,
)
from bot.outbox.store import Outgoing
from bot.ratelimit import wait_for_token
from bot.services import Services

log = logging.getLogger(__name__)

BATCH = 100
# Longer than a batch takes at the shared pace; a round stops sending ``LEASE_MARGIN`` before
# its lease ends and hands back what it did not send.
LEASE = timedelta(minutes=5)
LEASE_MARGIN = timedelta(minutes=1)


@dataclass(frozen=True)
class Claimed:
    id: int
    kind: str
    recipient_id: int
    message: Outgoing
    attempts: int


def _due(now: datetime) -> ColumnElement[bool]:
    return or_(
        and_(OutboxMessage.status == OutboxStatus.PENDING, OutboxMessage.due_at <= now),
        and_(OutboxMessage.status == OutboxStatus.SENDING, OutboxMessage.lease_until < now),
    )


async def claim(
    session: AsyncSession, now: datetime, *, limit: int = BATCH, lease: timedelta = LEASE
) -> list[Claimed]:
    """Lease up to ``limit`` due rows (and those of a worker whose lease ran out).

    A plain read first: with nothing due (most rounds) no transaction begins and no write
    lock is taken (``bot.db.engine`` begins at the first write or locking read)."""
    if await session.scalar(select(OutboxMessage.id).where(_due(now)).limit(1)) is None:
        return []
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


async def send_once(services: Services, bot: Bot, item: Claimed) -> Sent:
    """Send one message under :mod:`bot.outbox.policy`; never raises a Telegram error."""
    for _ in range(MAX_FLOOD_WAITS):
        await wait_for_token(services.send_limiter)
        try:
            message = await bot.send_message(
                item.recipient_id, item.message.text, reply_markup=item.message.markup
            )
        except TelegramAPIError as error:
            sent = judge(error, item.attempts)
            if sent.result is Result.WAIT:
                # Telegram says how long: wait, then the same member again.
                services.metrics.deliveries.labels(item.kind, sent.result.value).inc()
                await asyncio.sleep(sent.retry_in)
                continue
            log.warning(
                "outbox: a %s message: %s (%s)", item.kind, sent.result, type(error).__name__
            )
            return sent
        return Sent(Result.SENT, message_id=message.message_id)
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
    that will never arrive runs its kind's ``undelivered`` hook in the same transaction, one
    that arrived its ``delivered`` hook.
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
        if kind is None or not dropped:
            return
        if sent.result is not Result.SENT:
            if kind.undelivered is not None:
                await kind.undelivered(session, item.recipient_id, item.message.ref)
        elif kind.delivered is not None and sent.message_id is not None:
            await kind.delivered(session, item.recipient_id, item.message.ref, sent.message_id)


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
