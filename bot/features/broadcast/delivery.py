"""Broadcast deliveries as a feed of the outbox's one loop (:mod:`bot.outbox.engine`).

A broadcast keeps one small row per recipient (``broadcast_deliveries``) instead of one outbox
row each: its audience may be millions, and it is paused, resumed and cancelled as a whole.
The outbox's job asks :data:`FEED` for its sources each round and runs each through the same
claim -> lease -> mark sending -> send -> record -> release loop as its own rows, under the
same policy for 429, 403 and 5xx, the same limiter, the same ``mark_unreachable``. What only
broadcasts need are the hooks of :class:`BroadcastSource` and the feed around it:

1. **Start and materialise** (the feed, per round): approved broadcasts start sending (their
   authors are owed a status message); ``INSERT … SELECT`` lists the next ``CHUNK`` members
   (in id order) matching each one's segment, so memory stays flat whatever the audience and
   the first messages leave long before a large list is complete.
2. **Claim** (``claim`` + ``prepare``): a batch of a broadcast's rows with a lease
   (``claimed_at`` + ``PRICHAL_BROADCAST_LEASE_SECONDS``, ``claimed_by`` the worker); members
   who opted out or left meanwhile are skipped, members in their quiet hours deferred to the
   end of them (their local time, from their city or country).
3. **Begin**: each row is marked ``sending`` (``attempts`` counted) in the loop's step
   transaction just before its Bot API call, and recorded in the next one, so a worker killed
   at any moment repeats at most that one copy. At most once a second ``begin`` also looks at
   the broadcast's status: paused or cancelled, the loop hands the rest of the batch back.
4. **Send** (``send_copy``): the text, or the photo or document by file_id with the text as
   caption, in the member's language with the header; the file_id Telegram returns is kept
   for the rest. Paid broadcasts go at their own rate with ``allow_paid_broadcast``.
5. **Finish**: the batch's sent count is written once; a fully listed broadcast with nothing
   open is done, recounted exactly, and its author owed the report.
"""

from __future__ import annotations

import time
from collections.abc import AsyncGenerator, Sequence
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from functools import partial
from typing import Any

from aiogram import Bot
from aiogram.types import InlineKeyboardMarkup, Message, MessageEntity
from sqlalchemy import func, literal, or_, select, text, update
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
from bot.outbox.engine import Item, Pace
from bot.outbox.kinds import FeedRound, OutboxFeed
from bot.ratelimit import SEND_KEY, MemoryRateLimiter, RateLimiter, RedisRateLimiter
from bot.services import Services

BATCH = 100  # a few seconds of sending; pause and cancel bite within a second (STATUS_EVERY)
CHUNK = 5000  # recipients inserted per materialisation step
PAID_RATE = 900.0  # paid broadcasts: Telegram allows up to 1000/s
METRIC_KIND = "broadcast"
STATUS_EVERY = 1.0  # seconds between looks at the broadcast's status while sending
_OPEN = text("broadcast_deliveries.status IN ('pending', 'deferred', 'sending')")

_paid_limiters: dict[float, MemoryRateLimiter] = {}

# The policy's verdicts as a delivery row's status (``RETRY`` puts the row back instead).
_STATUS_OF = {
    policy.Result.SENT: DeliveryStatus.SENT,
    policy.Result.BLOCKED: DeliveryStatus.UNREACHABLE,
    policy.Result.FAILED: DeliveryStatus.FAILED,
}


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
class Copy(Item):
    """One recipient's copy as claimed (``id``: the delivery row)."""

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
) -> list[Copy]:
    """Skip who opted out or left, defer who is in quiet hours, give up on the hopeless."""
    if not rows:
        return []
    members = {
        member.id: member
        for member in await session.scalars(
            select(Member).where(Member.id.in_([row.member_id for row in rows]))
        )
    }
    outgoing: list[Copy] = []
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
        if row.attempts >= policy.MAX_ATTEMPTS:
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
        outgoing.append(Copy(row.id, METRIC_KIND, member.id, row.attempts + 1, locale))
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


# ---- 3. the source: begin, send, record, release -----------------------------------------


class BroadcastSource:
    """One broadcast's deliveries as a :class:`~bot.outbox.engine.Source` for one round."""

    def __init__(
        self, services: Services, broadcast_id: int, worker_id: str, *, limit: int = BATCH
    ) -> None:
        self.services = services
        self.broadcast_id = broadcast_id
        self.worker_id = worker_id
        self.limit = limit
        self.lease = timedelta(seconds=services.settings.broadcast_lease_seconds)
        limiter, self.paid = limiter_for(services)
        # Paid broadcasts have their own bucket and Telegram's 1000/s: no spacing needed.
        self.pace = Pace(limiter, "paid" if self.paid else SEND_KEY, spaced=not self.paid)
        self.content = Content(text="")
        self.header = Header()
        # Each language's text with its header and entities, and its keyboard.
        self._copies: dict[str, tuple[str, list[MessageEntity] | None]] = {}
        self._markups: dict[str, InlineKeyboardMarkup] = {}
        self._checked_at = 0.0  # look at the broadcast's status before the first send
        self._sent = 0  # sent since the counters were last written
        self._settled = 0  # claimed and settled without sending (skipped, deferred)

    async def claim(self, session: AsyncSession, now: datetime) -> list[Copy]:
        broadcast = await session.get(Broadcast, self.broadcast_id)
        if broadcast is None or broadcast.status != BroadcastStatus.SENDING:
            return []
        rows = await claim(
            session, self.broadcast_id, self.worker_id, now, lease=self.lease, limit=self.limit
        )
        copies = await prepare(session, self.services, broadcast, rows, now)
        self._settled = len(rows) - len(copies)
        self.content = Content.of(broadcast)
        self.header = await header_of(session, broadcast)
        return copies

    async def begin(self, session: AsyncSession, item: Copy) -> bool | None:
        if time.monotonic() - self._checked_at >= STATUS_EVERY:
            status = await session.scalar(
                select(Broadcast.status).where(Broadcast.id == self.broadcast_id)
            )
            self._checked_at = time.monotonic()
            if status != BroadcastStatus.SENDING:
                return None
        result = await session.execute(
            update(BroadcastDelivery)
            .where(
                BroadcastDelivery.id == item.id,
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

    async def send(self, bot: Bot, item: Copy) -> Message:
        content, entities = self.copy(item.locale)
        markup = self.markup(item.locale)
        return await send_copy(bot, item.recipient_id, content, entities, markup, paid=self.paid)

    async def record(
        self, session: AsyncSession, item: Copy, sent: policy.Sent, now: datetime
    ) -> None:
        """The row's outcome (only a row still ``sending``: a later worker may have it)."""
        values: dict[str, Any] = {"error": sent.error, "claimed_at": None}
        if sent.result is policy.Result.RETRY:
            values.update(
                status=DeliveryStatus.PENDING,
                claimed_by=None,
                next_attempt_at=now + timedelta(seconds=sent.retry_in),
            )
        else:
            values["status"] = _STATUS_OF[sent.result]
        if sent.result is policy.Result.SENT:
            values.update(sent_at=utcnow(), message_id=sent.message_id)
        result = await session.execute(
            update(BroadcastDelivery)
            .where(
                BroadcastDelivery.id == item.id,
                BroadcastDelivery.status == DeliveryStatus.SENDING,
            )
            .values(**values)
        )
        if not getattr(result, "rowcount", 0):
            return
        if sent.result is policy.Result.SENT:
            self._sent += 1  # written once for the batch (``finish``): no lock per copy
            file_id = None if sent.message is None else _file_id(sent.message)
            if file_id and file_id != self.content.media_file_id:
                self.content = replace(self.content, media_file_id=file_id)
                await session.execute(
                    update(Broadcast)
                    .where(Broadcast.id == self.broadcast_id)
                    .values(media_file_id=file_id)
                )
        elif sent.result is not policy.Result.RETRY:
            await session.execute(
                update(Broadcast)
                .where(Broadcast.id == self.broadcast_id)
                .values(failed_count=Broadcast.failed_count + 1)
            )

    async def release(self, session: AsyncSession, items: Sequence[Copy]) -> None:
        await session.execute(
            update(BroadcastDelivery)
            .where(
                BroadcastDelivery.id.in_([item.id for item in items]),
                BroadcastDelivery.claimed_by == self.worker_id,
                BroadcastDelivery.status.in_([DeliveryStatus.PENDING, DeliveryStatus.DEFERRED]),
            )
            .values(claimed_at=None, claimed_by=None)
        )

    async def finish(self) -> int:
        """The batch's sent count onto the broadcast (recounted exactly when it is done)."""
        if self._sent:
            sent, self._sent = self._sent, 0
            async with unit_of_work(self.services.sessions) as session:
                await session.execute(
                    update(Broadcast)
                    .where(Broadcast.id == self.broadcast_id)
                    .values(sent_count=Broadcast.sent_count + sent)
                )
        return self._settled


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


# ---- 4. the feed ---------------------------------------------------------------------------


async def broadcast_sources(round_: FeedRound) -> AsyncGenerator[BroadcastSource, None]:
    """One round: start the approved, then for each broadcast being sent list its next
    recipients, let the loop send a batch, and end it when nothing is left."""
    services, now = round_.services, round_.now
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
    for broadcast_id in sending:
        async with unit_of_work(services.sessions) as session:
            await materialise(session, broadcast_id, services.settings.default_locale, now)
        yield BroadcastSource(services, broadcast_id, round_.worker_id)
        async with unit_of_work(services.sessions) as session:
            if await finish_done(session, broadcast_id, utcnow()):
                # Owed with the commit that ends it: the author hears it exactly once.
                await owe_report(session, services, broadcast_id)


# Plugged into the outbox by the feature's descriptor; approvals wake the loop at once.
FEED = OutboxFeed("broadcasts", broadcast_sources, wakes_on=("broadcasts",))
