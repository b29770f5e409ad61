"""The worker job that delivers broadcasts: materialise recipients, claim, send, record.

A round:
1. **Materialise** one chunk of recipients of a broadcast being sent: ``INSERT … SELECT`` of
   the next ``CHUNK`` members (in id order) matching the segment, so memory stays flat
   whatever the audience and the first messages leave long before a large list is complete.
2. **Claim** a batch of its delivery rows (``FOR UPDATE SKIP LOCKED`` on PostgreSQL, so
   several workers take disjoint rows; SQLite's write lock serialises claims), each with a
   lease (``claimed_at`` + ``PRICHAL_BROADCAST_LEASE_SECONDS``). In the same transaction,
   members who opted out or left meanwhile are skipped and members in their quiet hours are
   deferred to the end of them (their local time, from their city or country).
3. **Send** at the shared pace (``services.send_limiter``: one bucket per bot, in Redis when
   configured). Each row is marked ``sending`` in a committed transaction just before its Bot
   API call, and ``sent`` in the next one (together with marking the following row
   ``sending``): a worker killed at any moment leaves at most one row ``sending`` that was
   perhaps delivered, and only that one is sent again once its lease runs out.

What Telegram answers is judged by the outbox's one policy (:mod:`bot.outbox.policy`): 429
waits ``retry_after`` and retries the same recipient; 403 marks the row unreachable and the
member through the policy's ``mark_unreachable``; 5xx and network errors put the row back with
a growing delay, up to ``MAX_ATTEMPTS``. Media goes by file_id; the file_id Telegram returns
is kept for the rest.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from functools import partial
from typing import Any

from aiogram import Bot
from aiogram.exceptions import TelegramAPIError
from aiogram.types import InlineKeyboardMarkup, Message, MessageEntity
from sqlalchemy import and_, case, func, literal, or_, select, text, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import (
    Broadcast,
    BroadcastDelivery,
    BroadcastStatus,
    DeliveryStatus,
    MediaKind,
    Member,
    MemberStatus,
)
from bot.db.types import UtcDateTime, utcnow
from bot.db.uow import unit_of_work
from bot.features.broadcast.header import Header, headed, header_of
from bot.features.broadcast.keyboards import recipient_keyboard
from bot.features.broadcast.segment import Segment, attendees, conditions, sealed_recipients
from bot.features.broadcast.service import Content, forget_sealed_recipients
from bot.features.broadcast.status import owe_report, owe_status_messages
from bot.features.listings.notices import member_zone, quiet_until
from bot.outbox import policy
from bot.plugins import JobContext
from bot.ratelimit import (
    SEND_KEY,
    MemoryRateLimiter,
    RateLimiter,
    RedisRateLimiter,
    wait_for_token,
)
from bot.services import Services

log = logging.getLogger(__name__)

BATCH = 100  # a few seconds of sending; pause and cancel bite within a second (STATUS_EVERY)
CHUNK = 5000  # recipients inserted per materialisation step
MAX_ATTEMPTS = 5
RETRY_AFTER_CAP = 60.0
FLOOD_RETRIES = 5
LEASE_MARGIN = 0.25  # stop sending when this share of the lease is left; hand the rest back
ROUND_BUDGET = 10.0  # seconds one job call may keep going before the runner gets it back
PAID_RATE = 900.0  # paid broadcasts: Telegram allows up to 1000/s
METRIC_KIND = "broadcast"
# A call may leave this much sooner than one pace after the previous one came back: a normal
# round trip is shorter, so only a slow one (a stall) holds the next call back.
ARRIVAL_SLACK = 0.008
STATUS_EVERY = 1.0  # seconds between looks at the broadcast's status while sending
_OPEN = text("broadcast_deliveries.status IN ('pending', 'deferred', 'sending')")

_paid_limiters: dict[float, MemoryRateLimiter] = {}

# The policy's verdicts in this sender's words (its rows, its metric labels).
_STATUS_OF = {
    policy.Result.BLOCKED: DeliveryStatus.UNREACHABLE,
    policy.Result.FAILED: DeliveryStatus.FAILED,
    policy.Result.RETRY: DeliveryStatus.PENDING,
}
_METRIC_OF = {
    policy.Result.WAIT: "retried",
    policy.Result.RETRY: "retried",
    policy.Result.BLOCKED: "blocked",
    policy.Result.FAILED: "failed",
}
# The row's ``error`` words kept from before (reports and tests read them).
_ERROR_OF = {"refused": "bad-request", "transient": "retry"}


def backoff(attempts: int) -> timedelta:
    """10 s, 40 s, 2.5 min, 10 min … after a 5xx or a network error."""
    return timedelta(seconds=min(3600, 10 * 4 ** max(0, attempts - 1)))


def limiter_for(services: Services) -> tuple[RateLimiter | None, bool]:
    """The limiter to pace broadcasts by, and whether they go as paid broadcasts."""
    if not services.settings.paid_broadcast:
        return services.send_limiter, False
    if services.redis is not None:
        return RedisRateLimiter(
            services.redis, PAID_RATE, 1.0, "prichal:paid", fail_open=False
        ), True
    return _paid_limiters.setdefault(PAID_RATE, MemoryRateLimiter(PAID_RATE, 1.0)), True


def _insert(session: AsyncSession) -> Any:
    if session.get_bind().dialect.name == "postgresql":
        return postgresql.insert(BroadcastDelivery)
    return sqlite.insert(BroadcastDelivery)


# ---- 1. materialising ---------------------------------------------------------------------


async def start_approved(session: AsyncSession, now: datetime) -> list[int]:
    """Approved broadcasts start sending (their recipients are listed from now on)."""
    started = list(
        await session.scalars(
            select(Broadcast.id).where(Broadcast.status == BroadcastStatus.APPROVED)
        )
    )
    if started:
        await session.execute(
            update(Broadcast)
            .where(Broadcast.id.in_(started), Broadcast.status == BroadcastStatus.APPROVED)
            .values(status=BroadcastStatus.SENDING, started_at=now, updated_at=now)
        )
    return started


async def materialise(
    session: AsyncSession, broadcast_id: int, default_locale: str, now: datetime, chunk: int = CHUNK
) -> int:
    """Insert the next ``chunk`` recipients of a broadcast; returns how many were inserted.

    The broadcast row is locked while it is extended, so two workers never list the same
    chunk (and the unique key makes a repeat harmless anyway).
    """
    broadcast = await session.scalar(
        select(Broadcast).where(Broadcast.id == broadcast_id).with_for_update()
    )
    if broadcast is None or broadcast.materialised:
        return 0
    segment = Segment.of(broadcast, default_locale)
    going = await attendees(session, segment)
    after = broadcast.materialised_upto
    if segment.sealed_interests:  # matched here, chunk by chunk (bot.features.broadcast.segment)
        chosen, upto = await sealed_recipients(session, segment, going, after=after, limit=chunk)
    else:
        window = (
            select(Member.id)
            .where(*conditions(segment, going), Member.id > after)
            .order_by(Member.id)
            .limit(chunk)
            .subquery()
        )
        upto = await session.scalar(select(func.max(window.c.id)))
    if upto is None:
        broadcast.materialised = True
        broadcast.total_count = int(
            await session.scalar(
                select(func.count())
                .select_from(BroadcastDelivery)
                .where(BroadcastDelivery.broadcast_id == broadcast.id)
            )
            or 0
        )
        return 0
    columns = ["broadcast_id", "member_id", "status", "attempts", "next_attempt_at"]
    if segment.sealed_interests:
        if not chosen:
            broadcast.materialised_upto = int(upto)
            return 0
        statement = (
            _insert(session)
            .values(
                [
                    {
                        "broadcast_id": broadcast.id,
                        "member_id": member_id,
                        "status": str(DeliveryStatus.PENDING),
                        "attempts": 0,
                        "next_attempt_at": now,
                    }
                    for member_id in chosen
                ]
            )
            .on_conflict_do_nothing()
        )
    else:
        source = select(
            literal(broadcast.id),
            Member.id,
            literal(str(DeliveryStatus.PENDING)),
            literal(0),
            literal(now, UtcDateTime()),
        ).where(*conditions(segment, going), Member.id > after, Member.id <= upto)
        statement = _insert(session).from_select(columns, source).on_conflict_do_nothing()
    result = await session.execute(statement)
    inserted = int(getattr(result, "rowcount", 0) or 0)
    broadcast.materialised_upto = int(upto)
    broadcast.total_count += inserted
    return inserted


# ---- 2. claiming --------------------------------------------------------------------------


@dataclass(frozen=True)
class Outgoing:
    delivery_id: int
    member_id: int
    locale: str


async def claim(
    session: AsyncSession,
    broadcast_id: int,
    worker_id: str,
    now: datetime,
    *,
    lease: timedelta,
    limit: int = BATCH,
) -> list[BroadcastDelivery]:
    """Take up to ``limit`` rows still to send whose time has come and nobody holds (or whose
    holder's lease ran out: a worker that died)."""
    rows = list(
        await session.scalars(
            select(BroadcastDelivery)
            .where(
                BroadcastDelivery.broadcast_id == broadcast_id,
                _OPEN,
                BroadcastDelivery.next_attempt_at <= now,
                or_(
                    BroadcastDelivery.claimed_at.is_(None),
                    BroadcastDelivery.claimed_at < now - lease,
                ),
            )
            .order_by(BroadcastDelivery.id)
            .limit(limit)
            .with_for_update(skip_locked=True)
        )
    )
    for row in rows:
        row.claimed_at = now
        row.claimed_by = worker_id
    await session.flush()
    return rows


async def prepare(
    session: AsyncSession,
    services: Services,
    broadcast: Broadcast,
    rows: Sequence[BroadcastDelivery],
    now: datetime,
) -> list[Outgoing]:
    """Skip who opted out or left, defer who is in quiet hours, give up on the hopeless."""
    if not rows:
        return []
    members = {
        member.id: member
        for member in await session.scalars(
            select(Member).where(Member.id.in_([row.member_id for row in rows]))
        )
    }
    outgoing: list[Outgoing] = []
    failed = 0
    for row in rows:
        member = members.get(row.member_id)
        if member is None or member.status == MemberStatus.BANNED:
            _finish(row, DeliveryStatus.SKIPPED, "gone")
            continue
        if member.status == MemberStatus.UNREACHABLE:
            _finish(row, DeliveryStatus.UNREACHABLE, "unreachable")
            failed += 1
            continue
        if not member.broadcasts_opt_in:
            _finish(row, DeliveryStatus.SKIPPED, "opted-out")
            continue
        if row.attempts >= MAX_ATTEMPTS:
            _finish(row, DeliveryStatus.FAILED, "gave-up")
            failed += 1
            continue
        until = quiet_until(now, member_zone(member), member.quiet_start, member.quiet_end)
        if until is not None:
            row.status = DeliveryStatus.DEFERRED
            row.next_attempt_at = until
            row.claimed_at = None
            row.claimed_by = None
            continue
        locale = member.locale or services.settings.default_locale
        outgoing.append(Outgoing(row.id, member.id, locale))
    await session.flush()
    if failed:
        await session.execute(
            update(Broadcast)
            .where(Broadcast.id == broadcast.id)
            .values(failed_count=Broadcast.failed_count + failed)
        )
    return outgoing


def _finish(row: BroadcastDelivery, status: DeliveryStatus, error: str | None) -> None:
    row.status = status
    row.error = error
    row.claimed_at = None


# ---- 3. sending ---------------------------------------------------------------------------


@dataclass
class Outcome:
    delivery_id: int
    member_id: int
    status: DeliveryStatus
    error: str | None = None
    message_id: int | None = None
    file_id: str | None = None


class Sender:
    """Sends one broadcast's messages, one recipient at a time, recording as it goes."""

    def __init__(
        self,
        services: Services,
        bot: Bot,
        broadcast: Broadcast,
        worker_id: str,
        stopping: asyncio.Event | None = None,
        header: Header | None = None,
    ) -> None:
        """``header``: who the copies say they are from (:func:`header_of`)."""
        self.stopping = stopping
        self.services = services
        self.bot = bot
        self.broadcast_id = broadcast.id
        self.content = Content.of(broadcast)
        self.worker_id = worker_id
        self.header = header or Header()
        # Each language's text with its header, and its entities (the media may change).
        self._copies: dict[str, tuple[str, list[MessageEntity] | None]] = {}
        self.limiter, self.paid = limiter_for(services)
        self._markups: dict[str, InlineKeyboardMarkup] = {}
        self._checked_at = 0.0
        self._sent = 0  # sent since the counters were last written
        self._not_before = 0.0  # monotonic: no call before this (see _take_token)

    def markup(self, locale: str) -> InlineKeyboardMarkup:
        if locale not in self._markups:
            t = partial(self.services.text, locale)
            self._markups[locale] = recipient_keyboard(
                t, self.content.button_text, self.content.button_url, self.broadcast_id
            )
        return self._markups[locale]

    def copy(self, locale: str) -> tuple[Content, list[MessageEntity] | None]:
        """What a recipient in ``locale`` gets: the header in their language, then the text."""
        if locale not in self._copies:
            t = partial(self.services.text, locale)
            full = headed(self.content, self.header.text(t, locale))
            entities = [MessageEntity.model_validate(e) for e in full.entities] or None
            self._copies[locale] = (full.text, entities)
        text, entities = self._copies[locale]
        return replace(self.content, text=text), entities

    async def run(self, outgoing: Sequence[Outgoing], deadline: float) -> int:
        """Send each in turn; returns how many were delivered."""
        delivered = 0
        previous: Outcome | None = None
        self._checked_at = 0.0  # look at the broadcast's status before the first send
        try:
            for index, item in enumerate(outgoing):
                if time.monotonic() >= deadline or (
                    self.stopping is not None and self.stopping.is_set()
                ):
                    await self._step(previous, None)
                    previous = None
                    await self._release([rest.delivery_id for rest in outgoing[index:]])
                    break
                go = await self._step(previous, item.delivery_id)
                previous = None
                if go is None:  # paused or cancelled meanwhile: hand the rest back
                    await self._release([rest.delivery_id for rest in outgoing[index:]])
                    break
                if not go:
                    continue  # taken by another worker after our lease ran out
                previous = await self._send(item)
                if previous.status == DeliveryStatus.SENT:
                    delivered += 1
            if previous is not None:
                await self._step(previous, None)
        finally:
            await self._flush_counters()
        return delivered

    async def _step(self, done: Outcome | None, next_id: int | None) -> bool | None:
        """One transaction: record the last outcome and mark the next row ``sending``.

        ``None`` when the broadcast is no longer sending (looked up at most once a second, so
        a pause bites within a second); ``False`` when the next row is not ours any more.
        The common case — the last one sent, the next one due — is one UPDATE.
        """
        async with unit_of_work(self.services.sessions) as session:
            if session.get_bind().dialect.name == "postgresql":
                # Not waiting for the disk on each message: a *worker* crash still repeats at
                # most the one in flight (the commit reached the server); only a crash of
                # PostgreSQL itself could lose the last fraction of a second of marks, and
                # those messages would be sent again (never lost).
                await session.execute(text("SET LOCAL synchronous_commit = off"))
            if next_id is not None and time.monotonic() - self._checked_at >= STATUS_EVERY:
                status = await session.scalar(
                    select(Broadcast.status).where(Broadcast.id == self.broadcast_id)
                )
                self._checked_at = time.monotonic()
                if status != BroadcastStatus.SENDING:
                    if done is not None:
                        await self._record(session, done)
                    return None
            if (
                done is not None
                and next_id is not None
                and done.status == DeliveryStatus.SENT
                and done.file_id in (None, self.content.media_file_id)
            ):
                return await self._sent_and_next(session, done, next_id)
            if done is not None:
                await self._record(session, done)
            if next_id is None:
                return True
            result = await session.execute(
                update(BroadcastDelivery)
                .where(
                    BroadcastDelivery.id == next_id,
                    BroadcastDelivery.claimed_by == self.worker_id,
                    _OPEN,
                )
                .values(
                    status=DeliveryStatus.SENDING,
                    attempts=BroadcastDelivery.attempts + 1,
                    claimed_at=utcnow(),
                )
            )
            return bool(getattr(result, "rowcount", 0))

    async def _sent_and_next(self, session: AsyncSession, done: Outcome, next_id: int) -> bool:
        now = utcnow()
        row = BroadcastDelivery
        is_done = row.id == done.delivery_id
        marked = await session.scalars(
            update(row)
            .where(
                or_(
                    and_(is_done, row.status == DeliveryStatus.SENDING),
                    and_(row.id == next_id, row.claimed_by == self.worker_id, _OPEN),
                )
            )
            .values(
                status=case(
                    (is_done, literal(str(DeliveryStatus.SENT))),
                    else_=literal(str(DeliveryStatus.SENDING)),
                ),
                sent_at=case((is_done, literal(now, UtcDateTime())), else_=row.sent_at),
                message_id=case((is_done, literal(done.message_id)), else_=row.message_id),
                error=case((is_done, None), else_=row.error),
                attempts=case((is_done, row.attempts), else_=row.attempts + 1),
                claimed_at=case((is_done, None), else_=literal(now, UtcDateTime())),
            )
            .returning(row.id)
        )
        ids = set(marked)
        if done.delivery_id in ids:
            self._sent += 1
        return next_id in ids

    async def _flush_counters(self) -> None:
        """The batch's sent count onto the broadcast (recounted exactly when it is done)."""
        if not self._sent:
            return
        sent, self._sent = self._sent, 0
        async with unit_of_work(self.services.sessions) as session:
            await session.execute(
                update(Broadcast)
                .where(Broadcast.id == self.broadcast_id)
                .values(sent_count=Broadcast.sent_count + sent)
            )

    async def _record(self, session: AsyncSession, outcome: Outcome) -> None:
        now = utcnow()
        values: dict[str, Any] = {"status": outcome.status, "error": outcome.error}
        counter: dict[str, Any] = {}
        if outcome.status == DeliveryStatus.SENT:
            values.update(sent_at=now, message_id=outcome.message_id, claimed_at=None)
            counter = {"sent_count": Broadcast.sent_count + 1}
        elif outcome.status in (DeliveryStatus.FAILED, DeliveryStatus.UNREACHABLE):
            values.update(claimed_at=None)
            counter = {"failed_count": Broadcast.failed_count + 1}
        else:  # back to pending, later
            attempts = await session.scalar(
                select(BroadcastDelivery.attempts).where(
                    BroadcastDelivery.id == outcome.delivery_id
                )
            )
            if (attempts or 0) >= MAX_ATTEMPTS:
                values.update(status=DeliveryStatus.FAILED, claimed_at=None)
                counter = {"failed_count": Broadcast.failed_count + 1}
            else:
                values.update(
                    status=DeliveryStatus.PENDING,
                    claimed_at=None,
                    claimed_by=None,
                    next_attempt_at=now + backoff(attempts or 1),
                )
        await session.execute(
            update(BroadcastDelivery)
            .where(
                BroadcastDelivery.id == outcome.delivery_id,
                BroadcastDelivery.status == DeliveryStatus.SENDING,
            )
            .values(**values)
        )
        if outcome.file_id and outcome.file_id != self.content.media_file_id:
            counter["media_file_id"] = outcome.file_id
            self.content = Content(**{**self.content.__dict__, "media_file_id": outcome.file_id})
        if counter:
            await session.execute(
                update(Broadcast).where(Broadcast.id == self.broadcast_id).values(**counter)
            )
        if outcome.status == DeliveryStatus.UNREACHABLE:
            await policy.mark_unreachable(session, outcome.member_id)

    async def _release(self, delivery_ids: Sequence[int]) -> None:
        """Hand unsent claims back: the next round (any worker) takes them."""
        if not delivery_ids:
            return
        async with unit_of_work(self.services.sessions) as session:
            await session.execute(
                update(BroadcastDelivery)
                .where(
                    BroadcastDelivery.id.in_(list(delivery_ids)),
                    BroadcastDelivery.claimed_by == self.worker_id,
                    BroadcastDelivery.status.in_([DeliveryStatus.PENDING, DeliveryStatus.DEFERRED]),
                )
                .values(claimed_at=None, claimed_by=None)
            )

    async def _take_token(self) -> None:
        if self.limiter is None:
            return
        # Telegram counts arrivals, the limiter departures. After a call that was slow to
        # come back (a stalled process, a slow network) it may have arrived late: the next one
        # must not leave at once on a token that matured meanwhile, or both arrive together
        # and a second holds one message too many (429, a second lost).
        pause = self._not_before - time.monotonic()
        if pause > 0:
            await asyncio.sleep(pause)
        await wait_for_token(self.limiter, "paid" if self.paid else SEND_KEY)

    def _came_back(self) -> None:
        if self.limiter is not None and not self.paid:
            gap = 1.0 / self.limiter.rate - ARRIVAL_SLACK
            self._not_before = time.monotonic() + max(0.0, gap)

    async def _send(self, item: Outgoing) -> Outcome:
        """One copy under the outbox's one policy (:mod:`bot.outbox.policy`)."""
        metrics = self.services.metrics.deliveries
        for _ in range(FLOOD_RETRIES):
            await self._take_token()
            try:
                try:
                    message = await self._call(item)
                finally:
                    self._came_back()
            except TelegramAPIError as error:
                # The row's attempts were counted when it was marked ``sending``; the policy
                # gives up on a 5xx only through ``MAX_ATTEMPTS`` (in ``_record``).
                verdict = policy.judge(error, attempts=0)
                metrics.labels(METRIC_KIND, _METRIC_OF[verdict.result]).inc()
                if verdict.result is policy.Result.WAIT:
                    # Telegram says how long: wait it out, then the same recipient again.
                    await asyncio.sleep(verdict.retry_in)
                    continue
                if verdict.result is not policy.Result.BLOCKED:
                    log.warning(
                        "broadcast %s: %s (%s)",
                        self.broadcast_id,
                        verdict.result,
                        type(error).__name__,
                    )
                status = _STATUS_OF[verdict.result]
                error_word = _ERROR_OF.get(verdict.error or "", verdict.error)
                return Outcome(item.delivery_id, item.member_id, status, error_word)
            metrics.labels(METRIC_KIND, "sent").inc()
            return Outcome(
                item.delivery_id,
                item.member_id,
                DeliveryStatus.SENT,
                message_id=message.message_id,
                file_id=_file_id(message),
            )
        return Outcome(item.delivery_id, item.member_id, DeliveryStatus.PENDING, "flood")

    async def _call(self, item: Outgoing) -> Message:
        content, entities = self.copy(item.locale)
        return await send_copy(
            self.bot,
            item.member_id,
            content,
            entities,
            self.markup(item.locale),
            paid=self.paid,
        )


async def send_copy(
    bot: Bot,
    chat_id: int,
    content: Content,
    entities: list[MessageEntity] | None,
    markup: InlineKeyboardMarkup,
    *,
    paid: bool = False,
) -> Message:
    """One copy of a broadcast: the text, or the photo or document with the text as caption,
    formatting as entities. The worker's deliveries and the author's preview both send it."""
    allow_paid = True if paid else None
    if content.media_kind is MediaKind.PHOTO:
        assert content.media_file_id is not None
        return await bot.send_photo(
            chat_id,
            content.media_file_id,
            caption=content.text or None,
            caption_entities=entities,
            parse_mode=None,
            reply_markup=markup,
            allow_paid_broadcast=allow_paid,
        )
    if content.media_kind is MediaKind.DOCUMENT:
        assert content.media_file_id is not None
        return await bot.send_document(
            chat_id,
            content.media_file_id,
            caption=content.text or None,
            caption_entities=entities,
            parse_mode=None,
            reply_markup=markup,
            allow_paid_broadcast=allow_paid,
        )
    return await bot.send_message(
        chat_id,
        content.text,
        entities=entities,
        parse_mode=None,
        reply_markup=markup,
        allow_paid_broadcast=allow_paid,
    )


def _file_id(message: Message) -> str | None:
    if message.photo:
        return message.photo[-1].file_id
    if message.document is not None:
        return message.document.file_id
    return None


# ---- the job ------------------------------------------------------------------------------


async def finish_done(session: AsyncSession, broadcast_id: int, now: datetime) -> bool:
    """A fully listed broadcast with nothing left to send is done."""
    broadcast = await session.get(Broadcast, broadcast_id)
    if (
        broadcast is None
        or broadcast.status != BroadcastStatus.SENDING
        or not broadcast.materialised
    ):
        return False
    left = await session.scalar(
        select(BroadcastDelivery.id)
        .where(BroadcastDelivery.broadcast_id == broadcast_id, _OPEN)
        .limit(1)
    )
    if left is not None:
        return False
    counts = dict(
        (
            await session.execute(
                select(BroadcastDelivery.status, func.count())
                .where(BroadcastDelivery.broadcast_id == broadcast_id)
                .group_by(BroadcastDelivery.status)
            )
        ).all()
    )
    broadcast.sent_count = int(counts.get(DeliveryStatus.SENT, 0))
    broadcast.failed_count = int(
        counts.get(DeliveryStatus.FAILED, 0) + counts.get(DeliveryStatus.UNREACHABLE, 0)
    )
    broadcast.status = BroadcastStatus.DONE
    broadcast.finished_at = broadcast.updated_at = now
    await forget_sealed_recipients(session, broadcast)
    return True


async def deliver_round(
    services: Services,
    bot: Bot,
    worker_id: str,
    now: datetime | None = None,
    stopping: asyncio.Event | None = None,
) -> int:
    """One round over every broadcast being sent; returns the rows claimed."""
    now = now or utcnow()
    lease = timedelta(seconds=services.settings.broadcast_lease_seconds)
    async with unit_of_work(services.sessions) as session:
        started = await start_approved(session, now)
        if started:
            # Each author is owed the status message that will show the progress.
            await owe_status_messages(session, services, started)
        sending = list(
            await session.scalars(
                select(Broadcast.id)
                .where(Broadcast.status == BroadcastStatus.SENDING)
                .order_by(Broadcast.id)
            )
        )
    claimed = 0
    for broadcast_id in sending:
        async with unit_of_work(services.sessions) as session:
            await materialise(session, broadcast_id, services.settings.default_locale, now)
        async with unit_of_work(services.sessions) as session:
            broadcast = await session.get(Broadcast, broadcast_id)
            if broadcast is None or broadcast.status != BroadcastStatus.SENDING:
                continue
            rows = await claim(session, broadcast_id, worker_id, now, lease=lease)
            outgoing = await prepare(session, services, broadcast, rows, now)
            header = await header_of(session, broadcast)
            sender = Sender(services, bot, broadcast, worker_id, stopping, header)
        claimed += len(rows)
        if outgoing:
            deadline = time.monotonic() + lease.total_seconds() * (1 - LEASE_MARGIN)
            sent = await sender.run(outgoing, deadline)
            log.info("broadcast %s: %d claimed, %d sent", broadcast_id, len(rows), sent)
        async with unit_of_work(services.sessions) as session:
            if await finish_done(session, broadcast_id, utcnow()):
                # Owed with the commit that ends it: the author hears it exactly once.
                await owe_report(session, services, broadcast_id)
    return claimed


async def send_broadcasts(context: JobContext) -> int:
    """The job: rounds until nothing is left to claim now (or the round budget is spent)."""
    started = time.monotonic()
    total = 0
    while True:
        claimed = await deliver_round(
            context.services, context.bot, context.worker_id, stopping=context.stopping
        )
        total += claimed
        stop = context.stopping.is_set()
        if not claimed or stop or time.monotonic() - started > ROUND_BUDGET:
            return total
