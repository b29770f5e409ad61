"""The outbox's own rows as a source of THE loop (:mod:`bot.outbox.engine`), and a round.

A feature owes a member a message with :func:`bot.outbox.enqueue` in the transaction that
decided it; :class:`OutboxRows` is how the loop claims those rows (status ``sending`` with a
lease, ``attempts`` counted at the claim), sends them (the rendered text and keyboard) and
records them: a sent row is deleted at once, so it is never claimed again; a 5xx puts it back
with the policy's growing pause, and a row claimed ``MAX_ATTEMPTS`` times is given up. A
message that will never arrive runs its kind's ``undelivered`` hook, one that arrived its
``delivered`` hook (:mod:`bot.outbox.kinds`), in the transaction of the outcome.

:func:`deliver_round` is what the worker job runs: the outbox's rows, then every feed the
features plugged in (:data:`~bot.outbox.kinds.OUTBOX_FEEDS`: a broadcast's deliveries), each
through the same :func:`bot.outbox.engine.run`.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Mapping, Sequence
from contextlib import aclosing
from dataclasses import dataclass
from datetime import datetime, timedelta

from aiogram import Bot
from aiogram.types import Message
from sqlalchemy import ColumnElement, and_, delete, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import OutboxMessage, OutboxStatus
from bot.db.types import utcnow
from bot.outbox.engine import Item, Pace, run
from bot.outbox.kinds import FeedRound, OutboxFeed, OutboxKind
from bot.outbox.policy import MAX_ATTEMPTS, Result, Sent
from bot.outbox.store import Outgoing
from bot.services import Services

log = logging.getLogger(__name__)

BATCH = 100
# Longer than a batch takes at the shared pace (the round hands back what it did not send
# within ``engine.LEASE_SHARE`` of it).
LEASE = timedelta(minutes=5)


@dataclass(frozen=True)
class Claimed(Item):
    """One outbox row as claimed: the message as it was rendered when decided."""

    message: Outgoing


def _due(now: datetime) -> ColumnElement[bool]:
    return or_(
        and_(OutboxMessage.status == OutboxStatus.PENDING, OutboxMessage.due_at <= now),
        and_(OutboxMessage.status == OutboxStatus.SENDING, OutboxMessage.lease_until < now),
    )


class OutboxRows:
    """The outbox's rows as a :class:`~bot.outbox.engine.Source`."""

    lease = LEASE

    def __init__(
        self,
        services: Services,
        kinds: Mapping[str, OutboxKind] | None = None,
        *,
        limit: int = BATCH,
    ) -> None:
        """``kinds``: the features' :class:`~bot.outbox.kinds.OutboxKind` hooks, by name."""
        self.kinds = kinds or {}
        self.limit = limit
        self.pace = Pace(services.send_limiter)

    async def claim(self, session: AsyncSession, now: datetime) -> list[Claimed]:
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
                .limit(self.limit)
                .with_for_update(skip_locked=True)
            )
        )
        claimed: list[Claimed] = []
        gave_up: list[int] = []
        for row in rows:
            if row.attempts >= MAX_ATTEMPTS:
                # Claimed this often and never finished: 5xx every time, or it kills the worker.
                gave_up.append(row.id)
                log.warning("outbox: a %s message given up after %d tries", row.kind, row.attempts)
                continue
            row.status = OutboxStatus.SENDING
            row.lease_until = now + self.lease
            row.attempts += 1
            claimed.append(
                Claimed(
                    row.id,
                    row.kind,
                    row.recipient_ref,
                    row.attempts,
                    Outgoing.from_payload(row.payload),
                )
            )
        if gave_up:
            await session.execute(delete(OutboxMessage).where(OutboxMessage.id.in_(gave_up)))
        await session.flush()
        return claimed

    async def begin(self, session: AsyncSession, item: Claimed) -> bool:
        """Already ``sending`` since the claim: a row is deleted as soon as it was sent."""
        return True

    async def send(self, bot: Bot, item: Claimed) -> Message:
        return await bot.send_message(
            item.recipient_id, item.message.text, reply_markup=item.message.markup
        )

    async def record(self, session: AsyncSession, item: Claimed, sent: Sent, now: datetime) -> None:
        """Only a row still ``sending`` is touched: erasure may have removed it meanwhile."""
        mine = and_(OutboxMessage.id == item.id, OutboxMessage.status == OutboxStatus.SENDING)
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
        # Nothing dropped: erasure took the row meanwhile, and with it what the hook would touch.
        dropped = int(getattr(gone, "rowcount", 1) or 0) > 0
        kind = self.kinds.get(item.kind)
        if kind is None or not dropped:
            return
        if sent.result is not Result.SENT:
            if kind.undelivered is not None:
                await kind.undelivered(session, item.recipient_id, item.message.ref)
        elif kind.delivered is not None and sent.message_id is not None:
            await kind.delivered(session, item.recipient_id, item.message.ref, sent.message_id)

    async def release(self, session: AsyncSession, items: Sequence[Claimed]) -> None:
        await session.execute(
            update(OutboxMessage)
            .where(
                OutboxMessage.id.in_([item.id for item in items]),
                OutboxMessage.status == OutboxStatus.SENDING,
            )
            .values(status=OutboxStatus.PENDING, lease_until=None)
        )

    async def finish(self) -> int:
        return 0


async def deliver_round(
    services: Services,
    bot: Bot,
    *,
    worker_id: str = "outbox",
    now: datetime | None = None,
    limit: int = BATCH,
    stopping: asyncio.Event | None = None,
    kinds: Mapping[str, OutboxKind] | None = None,
    feeds: Sequence[OutboxFeed] = (),
) -> int:
    """One round of the loop over the outbox's rows, then over each feed's sources.

    The rows go first every round: while broadcasts are sent a notice waits at most one batch
    of each (``BATCH`` at the shared pace), and all share the one limiter.

    Returns how many messages were claimed. ``now`` is for tests that stand at a given moment.
    """
    claimed = await run(
        services, bot, OutboxRows(services, kinds, limit=limit), now=now, stopping=stopping
    )
    context = FeedRound(services, worker_id, now or utcnow())
    for feed in feeds:
        async with aclosing(feed.sources(context)) as sources:
            async for source in sources:
                if stopping is not None and stopping.is_set():
                    break
                claimed += await run(services, bot, source, now=now, stopping=stopping)
    return claimed


async def deliver_all(
    services: Services,
    bot: Bot,
    *,
    now: datetime | None = None,
    kinds: Mapping[str, OutboxKind] | None = None,
    feeds: Sequence[OutboxFeed] = (),
) -> int:
    """Rounds until nothing is due (tests, the CLI); returns how many were claimed."""
    total = 0
    while handled := await deliver_round(services, bot, now=now, kinds=kinds, feeds=feeds):
        total += handled
    return total
