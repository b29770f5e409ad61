"""Contact through the bot: conversations about a listing in which neither side learns who the
other is, unless that side itself chooses to show its @username.

No aiogram here. What a member writes is kept as plain text (never their message, entities or
files), so nothing of their Telegram identity can travel with it. Every action re-checks that
the member is one of the two sides of the thread; a stranger's attempt is audited.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import ColumnElement, delete, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.access import audit
from bot.db.crypto import pseudonym, pseudonyms
from bot.db.models import (
    AuditOutcome,
    Job,
    ListingStatus,
    Member,
    MemberStatus,
    Offer,
    RelayMessage,
    RelayThread,
    ReviewKind,
)
from bot.db.models.relay import RELAY_RESPONDER
from bot.db.types import utcnow
from bot.errors import DomainError
from bot.features.listings.kinds import Listing, ListingKind
from bot.features.listings.service import clean_text, get_listing
from bot.features.moderation import service as moderation
from bot.reviewing import BanNotice

MAX_TEXT = 3000
# One side may write this many messages in a row before the other answers.
MAX_STREAK = 3
# New conversations one member may start in a day (a spammer stops here).
MAX_NEW_THREADS_PER_DAY = 10
REPORT_REASONS = ("scam", "abuse", "spam", "other")


class RelayError(DomainError):
    """An action that cannot be taken; ``key`` is the catalog message that explains it."""


@dataclass(frozen=True)
class Side:
    """One member's place in a thread."""

    thread: RelayThread
    is_author: bool

    @property
    def member_id(self) -> int:
        return self.thread.author_id if self.is_author else self.thread.responder_id

    @property
    def other_id(self) -> int:
        return self.thread.responder_id if self.is_author else self.thread.author_id

    @property
    def blocked_by_me(self) -> bool:
        return self.thread.blocked_by_author if self.is_author else self.thread.blocked_by_responder

    @property
    def revealed_by_me(self) -> bool:
        revealed = (
            self.thread.author_revealed_at if self.is_author else self.thread.responder_revealed_at
        )
        return revealed is not None


@dataclass(frozen=True)
class Outgoing:
    """A message recorded and ready to deliver to ``recipient_id``."""

    side: Side
    message: RelayMessage
    listing: Listing | None

    @property
    def recipient_id(self) -> int:
        return self.side.other_id


def listing_kind_of(thread: RelayThread) -> ListingKind:
    return ListingKind.JOB if thread.job_id is not None else ListingKind.OFFER


def listing_id_of(thread: RelayThread) -> int:
    listing_id = thread.job_id if thread.job_id is not None else thread.offer_id
    assert listing_id is not None
    return listing_id


async def listing_of(session: AsyncSession, thread: RelayThread) -> Listing | None:
    return await get_listing(session, listing_kind_of(thread), listing_id_of(thread))


def _listing_column(kind: ListingKind):  # type: ignore[no-untyped-def]
    return RelayThread.job_id if kind is ListingKind.JOB else RelayThread.offer_id


def responder_is(member_id: int) -> ColumnElement[bool]:
    """Threads whose responder is ``member_id`` (by pseudonym, under every configured key)."""
    return RelayThread.responder_key.in_(pseudonyms(RELAY_RESPONDER, member_id))


async def find_thread(
    session: AsyncSession, kind: ListingKind, listing_id: int, responder_id: int
) -> RelayThread | None:
    return await session.scalar(
        select(RelayThread).where(_listing_column(kind) == listing_id, responder_is(responder_id))
    )


async def threads_of_listing(
    session: AsyncSession, kind: ListingKind, listing_id: int
) -> list[RelayThread]:
    return list(
        await session.scalars(
            select(RelayThread)
            .where(_listing_column(kind) == listing_id)
            .order_by(RelayThread.last_message_at.desc(), RelayThread.id.desc())
        )
    )


async def thread_count(session: AsyncSession, kind: ListingKind, listing_id: int) -> int:
    return int(
        await session.scalar(
            select(func.count()).select_from(RelayThread).where(_listing_column(kind) == listing_id)
        )
        or 0
    )


async def side_of(session: AsyncSession, thread_id: int, member_id: int, action: str) -> Side:
    """The member's side of the thread; a stranger (forged button) is refused and audited."""
    thread = await session.get(RelayThread, thread_id)
    if thread is None:
        raise RelayError("relay-gone")
    if member_id == thread.author_id:
        return Side(thread, is_author=True)
    if member_id == thread.responder_id:
        return Side(thread, is_author=False)
    await audit(
        session,
        actor_id=member_id,
        action=f"relay.{action}",
        outcome=AuditOutcome.DENIED,
        target_kind=str(ReviewKind.RELAY),
        target_id=str(thread_id),
    )
    raise RelayError("relay-not-yours")


async def check_can_respond(
    session: AsyncSession, kind: ListingKind, listing_id: int, member_id: int
) -> Listing:
    """Whether the member may write to the author of the listing (first message or more)."""
    listing = await get_listing(session, kind, listing_id)
    if listing is None:
        raise RelayError("relay-gone")
    if listing.author_id == member_id:
        raise RelayError("relay-own-listing")
    thread = await find_thread(session, kind, listing_id, member_id)
    if await _banned(session, listing.author_id):
        raise RelayError("relay-not-available")
    if thread is not None:
        if thread.is_blocked:
            raise RelayError("relay-blocked")
        return listing
    if listing.status != ListingStatus.PUBLISHED:
        raise RelayError("relay-listing-closed")
    return listing


async def _banned(session: AsyncSession, member_id: int) -> bool:
    member = await session.get(Member, member_id)
    return member is None or member.status == MemberStatus.BANNED


def check_message(text: str) -> str:
    cleaned = clean_text(text)
    if not cleaned:
        raise RelayError("relay-empty")
    if len(cleaned) > MAX_TEXT:
        raise RelayError("relay-too-long", maximum=MAX_TEXT, length=len(cleaned))
    return cleaned


async def _new_thread(
    session: AsyncSession, kind: ListingKind, listing_id: int, responder_id: int, now: datetime
) -> RelayThread:
    listing = await check_can_respond(session, kind, listing_id, responder_id)
    started_today = int(
        await session.scalar(
            select(func.count())
            .select_from(RelayThread)
            .where(responder_is(responder_id), RelayThread.created_at > now - timedelta(days=1))
        )
        or 0
    )
    if started_today >= MAX_NEW_THREADS_PER_DAY:
        raise RelayError("relay-too-many-today", count=MAX_NEW_THREADS_PER_DAY)
    thread = RelayThread(
        job_id=listing_id if kind is ListingKind.JOB else None,
        offer_id=listing_id if kind is ListingKind.OFFER else None,
        author_ref=listing.author_id,
        responder_ref=responder_id,
        responder_key=pseudonym(RELAY_RESPONDER, responder_id),
        created_at=now,
        last_message_at=now,
    )
    session.add(thread)
    await session.flush()
    return thread


async def respond(
    session: AsyncSession,
    kind: ListingKind,
    listing_id: int,
    responder_id: int,
    text: str,
    now: datetime | None = None,
) -> Outgoing:
    """The responder writes to the author (opening the thread on the first message)."""
    now = now or utcnow()
    cleaned = check_message(text)
    thread = await find_thread(session, kind, listing_id, responder_id)
    if thread is None:
        thread = await _new_thread(session, kind, listing_id, responder_id, now)
    return await _record(session, Side(thread, is_author=False), cleaned, now)


async def reply(
    session: AsyncSession,
    thread_id: int,
    sender_id: int,
    text: str,
    now: datetime | None = None,
) -> Outgoing:
    """Either side writes in an existing thread."""
    now = now or utcnow()
    side = await side_of(session, thread_id, sender_id, "reply")
    return await _record(session, side, check_message(text), now)


async def _record(session: AsyncSession, side: Side, text: str, now: datetime) -> Outgoing:
    thread = side.thread
    if await _banned(session, side.other_id):
        # A banned member gets nothing more, whatever the thread says (closed at the ban).
        raise RelayError("relay-not-available")
    if thread.is_blocked:
        raise RelayError("relay-blocked")
    if thread.last_from_author is side.is_author and thread.streak >= MAX_STREAK:
        raise RelayError("relay-wait-for-answer", count=MAX_STREAK)
    if thread.last_from_author is side.is_author:
        thread.streak += 1
    else:
        thread.last_from_author, thread.streak = side.is_author, 1
    thread.last_message_at = now
    message = RelayMessage(
        thread_id=thread.id, from_author=side.is_author, text=text, created_at=now
    )
    session.add(message)
    await session.flush()
    return Outgoing(side, message, await listing_of(session, thread))


async def undo(session: AsyncSession, outgoing: Outgoing) -> None:
    """The message could not be delivered: forget it, and the turn it took."""
    thread = outgoing.side.thread
    await session.execute(delete(RelayMessage).where(RelayMessage.id == outgoing.message.id))
    thread.streak = max(0, thread.streak - 1)
    if thread.streak == 0:
        thread.last_from_author = None


async def messages_of(session: AsyncSession, thread_id: int, limit: int = 10) -> list[RelayMessage]:
    """The last ``limit`` messages, oldest first."""
    rows = list(
        await session.scalars(
            select(RelayMessage)
            .where(RelayMessage.thread_id == thread_id)
            .order_by(RelayMessage.id.desc())
            .limit(limit)
        )
    )
    return rows[::-1]


async def set_blocked(session: AsyncSession, thread_id: int, member_id: int, blocked: bool) -> Side:
    """One side blocks (or unblocks) the other: nobody can write in the thread while blocked."""
    side = await side_of(session, thread_id, member_id, "block" if blocked else "unblock")
    if side.is_author:
        side.thread.blocked_by_author = blocked
    else:
        side.thread.blocked_by_responder = blocked
    return side


async def reveal(
    session: AsyncSession, thread_id: int, member_id: int, now: datetime | None = None
) -> Side:
    """The member agreed to show the other side their @username (which is never stored)."""
    side = await side_of(session, thread_id, member_id, "reveal")
    if side.thread.is_blocked:
        raise RelayError("relay-blocked")
    now = now or utcnow()
    if side.is_author:
        side.thread.author_revealed_at = now
    else:
        side.thread.responder_revealed_at = now
    return side


async def report_thread(
    session: AsyncSession, thread_id: int, reporter_id: int, reason: str
) -> Side:
    """One side reports the other: the conversation goes to the moderation queue at once
    (there are only two people in it: no threshold), and the reporter stops hearing from them."""
    if reason not in REPORT_REASONS:
        raise RelayError("stale-button")
    side = await side_of(session, thread_id, reporter_id, "report")
    listing = await listing_of(session, side.thread)
    country = listing.country if listing is not None else None
    try:
        await moderation.report(
            session,
            kind=ReviewKind.RELAY,
            target_id=str(thread_id),
            country=country,
            reporter_id=reporter_id,
            reason=reason,
        )
    except moderation.ModerationError as refused:
        raise RelayError(refused.key, count=moderation.REPORTS_PER_DAY) from None
    # No author on the review item: the reported member is not told "your listing was...".
    await moderation.submit(
        session,
        kind=ReviewKind.RELAY,
        target_id=str(thread_id),
        country=country,
        author_id=None,
        flags=[f"report:{reason}"],
    )
    if side.is_author:
        side.thread.blocked_by_author = True
    else:
        side.thread.blocked_by_responder = True
    return side


async def close_threads_for_ban(session: AsyncSession, member_id: int) -> list[BanNotice]:
    """A banned member's conversations are closed both ways; each person on the other side
    is told the listing is no longer available (nothing more reaches the banned member)."""
    told: list[BanNotice] = []
    for thread in await threads_of_member(session, member_id):
        other = thread.responder_id if thread.author_id == member_id else thread.author_id
        listing = await listing_of(session, thread)
        thread.blocked_by_author = thread.blocked_by_responder = True
        key = "relay-closed-listing-gone" if thread.author_id == member_id else "relay-closed"
        told.append(BanNotice(other, key, {"title": listing.title if listing else "—"}))
    return told


def about_listings_of(member_id: int) -> ColumnElement[bool]:
    """Threads about the member's own listings (the author's side: found by the listing)."""
    return or_(
        RelayThread.job_id.in_(select(Job.id).where(Job.author_id == member_id)),
        RelayThread.offer_id.in_(select(Offer.id).where(Offer.author_id == member_id)),
    )


async def threads_of_member(session: AsyncSession, member_id: int) -> list[RelayThread]:
    return list(
        await session.scalars(
            select(RelayThread)
            .where(or_(about_listings_of(member_id), responder_is(member_id)))
            .order_by(RelayThread.id)
        )
    )
