"""Broadcasts: composing, the segment's exact count, review, and the author's controls.

No aiogram here: handlers, the worker, the bench and tests call it with a session and plain
values. Every action on a broadcast re-checks the caller against it (callback data is
forgeable): only its author, while they still organise in its scope, or an admin.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import delete, func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.access import Access, audit
from bot.cleaning import clean_line, clean_with_entities, parse_web_link
from bot.db.models import (
    ALL_COUNTRIES,
    SENSITIVE_INTERESTS,
    AuditOutcome,
    Broadcast,
    BroadcastDelivery,
    BroadcastStatus,
    DeliveryStatus,
    Event,
    MediaKind,
    Member,
    MemberStatus,
    ReviewKind,
    UnsubscribeReason,
)
from bot.db.types import utcnow
from bot.errors import DomainError
from bot.features.broadcast import segment as segments
from bot.features.broadcast.segment import Segment
from bot.features.moderation import service as moderation

TEXT_MAX = 4096
CAPTION_MAX = 1024
# Room kept for the header line above every copy and the blank line after it
# (bot.features.broadcast.header): the author's text gets the rest.
HEADER_ROOM = 162
# The sender's role an admin's broadcast names ("the Prichal team"); organisers' name none.
TEAM = "team"
BUTTON_TEXT_MAX = 40
UNSUBSCRIBE_REASONS = ("too-many", "not-relevant", "moved", "other")
# What the author may still change the course of.
LIVE = (BroadcastStatus.APPROVED, BroadcastStatus.SENDING, BroadcastStatus.PAUSED)
FINISHED_DELIVERY = (DeliveryStatus.SENT, DeliveryStatus.FAILED, DeliveryStatus.UNREACHABLE)


class BroadcastError(DomainError):
    """An action that cannot be done; ``key`` is the catalog message that explains it."""


@dataclass(frozen=True)
class Content:
    """What recipients get: text with Telegram entities, optional media and link button."""

    text: str
    entities: tuple[dict[str, Any], ...] = ()
    media_kind: MediaKind | None = None
    media_file_id: str | None = None
    button_text: str | None = None
    button_url: str | None = None

    @classmethod
    def of(cls, broadcast: Broadcast) -> Content:
        return cls(
            text=broadcast.text,
            entities=tuple(broadcast.entities),
            media_kind=MediaKind(broadcast.media_kind) if broadcast.media_kind else None,
            media_file_id=broadcast.media_file_id,
            button_text=broadcast.button_text,
            button_url=broadcast.button_url,
        )


# Entities a member-facing broadcast may not carry: a ``text_mention`` links to a person by
# their Telegram id (it would expose someone, or pose as them), invisible to a quick read.
REFUSED_ENTITIES = frozenset({"text_mention"})


def clean_content(content: Content) -> Content:
    """The one cleaning of member text (``bot.cleaning``) applied to a broadcast: invisible
    and direction characters out, entities kept on the same characters."""
    text, entities = clean_with_entities(content.text, [dict(e) for e in content.entities])
    return replace(
        content,
        text=text,
        entities=tuple(entities),
        button_text=clean_line(content.button_text) if content.button_text else None,
    )


def text_limit(content: Content) -> int:
    """The most characters the author may write: Telegram's limit less the header's room."""
    return (CAPTION_MAX if content.media_kind is not None else TEXT_MAX) - HEADER_ROOM


def check_content(content: Content) -> None:
    limit = text_limit(content)
    if content.media_kind is None and not content.text.strip():
        raise BroadcastError("bc-text-empty")
    if len(content.text) > limit:
        raise BroadcastError("bc-text-long")
    if (content.media_kind is None) != (content.media_file_id is None):
        raise BroadcastError("bc-media-bad")
    if (content.button_text is None) != (content.button_url is None):
        raise BroadcastError("bc-button-bad")
    if any(entity.get("type") in REFUSED_ENTITIES for entity in content.entities):
        raise BroadcastError("bc-text-mention")
    if content.button_url is not None:
        clean_url(content.button_url)
        assert content.button_text is not None
        if not 1 <= len(content.button_text) <= BUTTON_TEXT_MAX:
            raise BroadcastError("bc-button-bad")


def clean_url(text: str) -> str:
    """A link button's address: http(s) with a real host name and no user info or port, or a
    Telegram @name / t.me link (parsed by ``bot.cleaning.parse_web_link``)."""
    url = parse_web_link(text, schemes=("http", "https"))
    if url is None:
        raise BroadcastError("bc-url-bad")
    return url


def parse_button(text: str) -> tuple[str, str]:
    """``Label | https://…`` → (label, url); refuses anything else."""
    if "|" not in text:
        raise BroadcastError("bc-button-bad")
    label, _, url = text.partition("|")
    label = label.strip()
    if not 1 <= len(label) <= BUTTON_TEXT_MAX:
        raise BroadcastError("bc-button-bad")
    return label, clean_url(url)


# ---- the segment and who may target it --------------------------------------------------


def scope_of(segment: Segment, event: Event | None) -> str:
    """The country whose moderators decide (``*`` when the segment spans countries)."""
    if len(segment.countries) == 1:
        return segment.countries[0]
    if not segment.countries and event is not None and event.country != ALL_COUNTRIES:
        return event.country
    return ALL_COUNTRIES


async def check_segment(session: AsyncSession, access: Access, segment: Segment) -> Event | None:
    """An organiser reaches only the countries they organise in and their own events."""
    event = None
    if segment.event_id is not None:
        event = await session.get(Event, segment.event_id)
        if event is None or not (access.is_admin or event.organiser_id == access.user_id):
            raise BroadcastError("bc-event-not-yours")
    if access.can_organise(ALL_COUNTRIES):
        return event
    if segment.countries:
        if not all(access.can_organise(code) for code in segment.countries):
            raise BroadcastError("bc-out-of-scope")
    elif event is None or not access.can_organise(event.country):
        # No country chosen means every country: only for organisers of every country.
        raise BroadcastError("bc-countries-required")
    return event


def default_audience(access: Access, segment: Segment) -> Segment:
    """The audience when the organiser narrowed nothing: their own community (the countries
    they organise in), never "everyone who opted in". A chosen country or event is kept as
    it is; admins and organisers of every country keep the whole audience."""
    if segment.countries or segment.event_id is not None or access.can_organise(ALL_COUNTRIES):
        return segment
    return replace(segment, countries=tuple(sorted(access.organiser_scopes)))


# Below this many recipients only admins see the exact number: "law + faith-ethnic in one
# town → 1 person" would point at someone.
FEWEST_SHOWN = 5
# A country code no member has: a segment outside the caller's scope counts nobody.
NO_COUNTRY = "--"


async def within_scope(session: AsyncSession, access: Access, segment: Segment) -> Segment:
    """The part of ``segment`` the caller may reach: an organiser's own countries (all of
    them when none is chosen yet) and only their own events. Admins and organisers of every
    country reach it all."""
    if access.can_organise(ALL_COUNTRIES):
        return segment
    if segment.event_id is not None:
        event = await session.get(Event, segment.event_id)
        if event is None or event.organiser_id != access.user_id:
            return replace(segment, countries=(NO_COUNTRY,))
        if not segment.countries:
            return segment  # the attendees of their own event, wherever they live
    chosen = segment.countries or tuple(sorted(access.organiser_scopes))
    countries = tuple(code for code in chosen if access.can_organise(code))
    return replace(segment, countries=countries or (NO_COUNTRY,))


async def count_recipients(session: AsyncSession, access: Access, segment: Segment) -> int:
    """How many members the segment reaches now, counted inside the caller's scope only."""
    return await segments.count(session, await within_scope(session, access, segment))


def exact_count_for(access: Access, count: int) -> bool:
    """Whether the caller may see ``count`` as it is (else: "fewer than 5")."""
    return access.is_admin or count >= FEWEST_SHOWN


# ---- creating and deciding --------------------------------------------------------------


async def create_broadcast(
    session: AsyncSession,
    access: Access,
    content: Content,
    segment: Segment,
    *,
    send_now: bool = False,
    signed_as: str | None = None,
    now: datetime | None = None,
) -> Broadcast:
    """Save the broadcast and put it in the moderation queue; an admin may send it directly.

    ``signed_as``: the name the author chose to sign with (``None``: the header names only
    the community and the role)."""
    now = now or utcnow()
    if not access.is_organiser:
        raise BroadcastError("bc-not-yours")
    content = clean_content(content)
    check_content(content)
    try:
        event = await check_segment(session, access, segment)
    except BroadcastError:
        await audit(
            session,
            actor_id=access.user_id,
            action="broadcast.create",
            outcome=AuditOutcome.DENIED,
            details={"countries": list(segment.countries)},
        )
        raise
    direct = send_now and access.is_admin
    broadcast = Broadcast(
        author_id=access.user_id,
        status=BroadcastStatus.APPROVED if direct else BroadcastStatus.PENDING,
        scope=scope_of(segment, event),
        text=content.text,
        entities=list(content.entities),
        media_kind=str(content.media_kind) if content.media_kind else None,
        media_file_id=content.media_file_id,
        button_text=content.button_text,
        button_url=content.button_url,
        signed_as=signed_as,
        sender_role=TEAM if access.is_admin else None,
        countries=list(segment.countries),
        cities=list(segment.cities),
        professions=list(segment.professions),
        interests=list(segment.interests),
        languages=list(segment.languages),
        event_id=segment.event_id,
        total_count=0,
        sent_count=0,
        failed_count=0,
        materialised_upto=0,
        materialised=False,
        approved_by=access.user_id if direct else None,
        approved_at=now if direct else None,
        created_at=now,
        updated_at=now,
    )
    session.add(broadcast)
    await session.flush()
    if not direct:
        await moderation.submit(
            session,
            kind=ReviewKind.BROADCAST,
            target_id=str(broadcast.id),
            country=broadcast.scope,
            author_id=access.user_id,
        )
    await audit(
        session,
        actor_id=access.user_id,
        action="broadcast.send-direct" if direct else "broadcast.create",
        target_kind=str(ReviewKind.BROADCAST),
        target_id=str(broadcast.id),
        scope=broadcast.scope,
    )
    return broadcast


async def approve(
    session: AsyncSession, broadcast_id: int, moderator_id: int, now: datetime | None = None
) -> bool:
    """A moderator approved: the worker starts sending on its next round."""
    broadcast = await session.get(Broadcast, broadcast_id)
    if broadcast is None or broadcast.status != BroadcastStatus.PENDING:
        return False
    now = now or utcnow()
    broadcast.status = BroadcastStatus.APPROVED
    broadcast.approved_by = moderator_id
    broadcast.approved_at = now
    broadcast.updated_at = now
    return True


async def reject(session: AsyncSession, broadcast_id: int, now: datetime | None = None) -> bool:
    broadcast = await session.get(Broadcast, broadcast_id)
    if broadcast is None or broadcast.status != BroadcastStatus.PENDING:
        return False
    broadcast.status = BroadcastStatus.REJECTED
    broadcast.updated_at = now or utcnow()
    return True


# ---- the author -------------------------------------------------------------------------


async def own_broadcast(
    session: AsyncSession, access: Access, broadcast_id: int, action: str
) -> Broadcast:
    """The author's own broadcast (admins: any); refusals are audited."""
    broadcast = await session.get(Broadcast, broadcast_id)
    allowed = broadcast is not None and (
        access.is_admin
        or (
            broadcast.author_id == access.user_id
            and access.is_organiser
            and (broadcast.scope == ALL_COUNTRIES or access.can_organise(broadcast.scope))
        )
    )
    if broadcast is None or not allowed:
        await audit(
            session,
            actor_id=access.user_id or None,
            action=action,
            outcome=AuditOutcome.DENIED,
            target_kind=str(ReviewKind.BROADCAST),
            target_id=str(broadcast_id),
            scope=broadcast.scope if broadcast is not None else None,
        )
        raise BroadcastError("bc-not-yours")
    return broadcast


async def authored_by(session: AsyncSession, access: Access, limit: int = 10) -> list[Broadcast]:
    return list(
        await session.scalars(
            select(Broadcast)
            .where(Broadcast.author_id == access.user_id)
            .order_by(Broadcast.id.desc())
            .limit(limit)
        )
    )


@dataclass(frozen=True)
class Progress:
    status: BroadcastStatus
    total: int
    sent: int
    failed: int
    pending: int
    deferred: int
    skipped: int
    eta: timedelta | None
    counts: dict[str, int] = field(default_factory=dict)


async def progress(session: AsyncSession, broadcast: Broadcast, send_rate: float) -> Progress:
    """Sent, failed, still to go (deferred by quiet hours among them), and the time left."""
    rows = await session.execute(
        select(BroadcastDelivery.status, func.count())
        .where(BroadcastDelivery.broadcast_id == broadcast.id)
        .group_by(BroadcastDelivery.status)
    )
    counts = {str(status): int(n) for status, n in rows}
    status = BroadcastStatus(broadcast.status)
    if not broadcast.materialised and status in LIVE:
        # Recipients are still being listed: the segment's count now is the best total.
        total = max(sum(counts.values()), broadcast.total_count)
    else:
        total = sum(counts.values())
    sent = counts.get(DeliveryStatus.SENT, 0)
    failed = counts.get(DeliveryStatus.FAILED, 0) + counts.get(DeliveryStatus.UNREACHABLE, 0)
    skipped = counts.get(DeliveryStatus.SKIPPED, 0)
    deferred = counts.get(DeliveryStatus.DEFERRED, 0)
    pending = max(0, total - sent - failed - skipped)
    eta = None
    if status in LIVE and pending:
        eta = timedelta(seconds=round((pending - deferred) / max(send_rate, 0.1)))
    return Progress(status, total, sent, failed, pending, deferred, skipped, eta, counts)


async def pause(session: AsyncSession, access: Access, broadcast_id: int) -> Broadcast:
    broadcast = await own_broadcast(session, access, broadcast_id, "broadcast.pause")
    if broadcast.status not in (BroadcastStatus.APPROVED, BroadcastStatus.SENDING):
        raise BroadcastError("bc-not-running")
    broadcast.status = BroadcastStatus.PAUSED
    broadcast.updated_at = utcnow()
    await _audit(session, access, broadcast, "broadcast.pause")
    return broadcast


async def resume(session: AsyncSession, access: Access, broadcast_id: int) -> Broadcast:
    broadcast = await own_broadcast(session, access, broadcast_id, "broadcast.resume")
    if broadcast.status != BroadcastStatus.PAUSED:
        raise BroadcastError("bc-not-paused")
    broadcast.status = (
        BroadcastStatus.SENDING if broadcast.started_at is not None else BroadcastStatus.APPROVED
    )
    broadcast.updated_at = utcnow()
    await _audit(session, access, broadcast, "broadcast.resume")
    return broadcast


def is_sealed(broadcast: Broadcast) -> bool:
    """Meant for an event's attendees or a sensitive interest: its recipient list says who went,
    or who has that interest."""
    return broadcast.event_id is not None or any(
        slug in SENSITIVE_INTERESTS for slug in broadcast.interests
    )


async def forget_sealed_recipients(session: AsyncSession, broadcast: Broadcast) -> None:
    """A sealed broadcast names its recipients only while it is being delivered: once it is
    done or cancelled its delivery rows go (its counts stay on the broadcast)."""
    if is_sealed(broadcast):
        await session.execute(
            delete(BroadcastDelivery).where(BroadcastDelivery.broadcast_id == broadcast.id)
        )


async def cancel(session: AsyncSession, access: Access, broadcast_id: int) -> Broadcast:
    """Stop for good: whoever has not got it yet never will (their rows are skipped)."""
    broadcast = await own_broadcast(session, access, broadcast_id, "broadcast.cancel")
    if broadcast.status not in (*LIVE, BroadcastStatus.PENDING):
        raise BroadcastError("bc-not-running")
    if broadcast.status == BroadcastStatus.PENDING:
        await moderation.withdraw(session, ReviewKind.BROADCAST, str(broadcast.id))
    broadcast.status = BroadcastStatus.CANCELLED
    broadcast.updated_at = broadcast.finished_at = utcnow()
    await session.execute(
        update(BroadcastDelivery)
        .where(
            BroadcastDelivery.broadcast_id == broadcast.id,
            BroadcastDelivery.status.in_([DeliveryStatus.PENDING, DeliveryStatus.DEFERRED]),
        )
        .values(status=DeliveryStatus.SKIPPED, error="cancelled")
    )
    await forget_sealed_recipients(session, broadcast)
    await _audit(session, access, broadcast, "broadcast.cancel")
    return broadcast


async def _audit(session: AsyncSession, access: Access, broadcast: Broadcast, action: str) -> None:
    await audit(
        session,
        actor_id=access.user_id,
        action=action,
        target_kind=str(ReviewKind.BROADCAST),
        target_id=str(broadcast.id),
        scope=broadcast.scope,
    )


# ---- members ----------------------------------------------------------------------------


async def unsubscribe(session: AsyncSession, member_id: int) -> bool:
    """Turn broadcasts off for the member; ``True`` when they were on."""
    result = await session.execute(
        update(Member)
        .where(Member.id == member_id, Member.broadcasts_opt_in == True)  # noqa: E712
        .values(broadcasts_opt_in=False)
    )
    return bool(getattr(result, "rowcount", 0))


async def resubscribe(session: AsyncSession, member_id: int) -> bool:
    """ "Undo" after unsubscribing: broadcasts on again; ``True`` when they were off."""
    result = await session.execute(
        update(Member)
        .where(Member.id == member_id, Member.broadcasts_opt_in == False)  # noqa: E712
        .values(broadcasts_opt_in=True)
    )
    return bool(getattr(result, "rowcount", 0))


async def count_unsubscribe(session: AsyncSession, broadcast_id: int, member_id: int) -> bool:
    """One more "unsubscribed since" on the broadcast the member pressed it under — only when
    they did receive it (a forged id counts nowhere). ``True`` when counted."""
    received = await session.scalar(
        select(BroadcastDelivery.id).where(
            BroadcastDelivery.broadcast_id == broadcast_id,
            BroadcastDelivery.member_id == member_id,
            BroadcastDelivery.status == DeliveryStatus.SENT,
        )
    )
    if received is None:
        return False
    await session.execute(
        update(Broadcast)
        .where(Broadcast.id == broadcast_id)
        .values(unsubscribed_count=Broadcast.unsubscribed_count + 1)
    )
    return True


async def uncount_unsubscribe(session: AsyncSession, broadcast_id: int) -> None:
    """The member pressed "Undo": the broadcast's count goes back."""
    await session.execute(
        update(Broadcast)
        .where(Broadcast.id == broadcast_id, Broadcast.unsubscribed_count > 0)
        .values(unsubscribed_count=Broadcast.unsubscribed_count - 1)
    )


async def count_reason(session: AsyncSession, reason: str) -> None:
    """One more member gave this reason (a count, linked to nobody)."""
    if reason not in UNSUBSCRIBE_REASONS:
        raise BroadcastError("bc-reason-unknown")
    updated = await session.execute(
        update(UnsubscribeReason)
        .where(UnsubscribeReason.reason == reason)
        .values(count=UnsubscribeReason.count + 1)
    )
    if not getattr(updated, "rowcount", 0):
        session.add(UnsubscribeReason(reason=reason, count=1))
        await session.flush()


async def reason_counts(session: AsyncSession) -> dict[str, int]:
    """How often each unsubscribe reason was given, over every broadcast (for organisers)."""
    rows = await session.execute(select(UnsubscribeReason.reason, UnsubscribeReason.count))
    return {reason: int(n) for reason, n in rows}


async def set_reachable(session: AsyncSession, member_id: int, reachable: bool) -> bool:
    """``my_chat_member``: blocked the bot → unreachable; unblocked → active (bans stay)."""
    old, new = (
        (MemberStatus.UNREACHABLE, MemberStatus.ACTIVE)
        if reachable
        else (MemberStatus.ACTIVE, MemberStatus.UNREACHABLE)
    )
    result = await session.execute(
        update(Member).where(Member.id == member_id, Member.status == old).values(status=new)
    )
    return bool(getattr(result, "rowcount", 0))


# ---- a member's data --------------------------------------------------------------------


async def export_member(session: AsyncSession, member_id: int) -> dict[str, Any]:
    deliveries = await session.execute(
        select(BroadcastDelivery.broadcast_id, BroadcastDelivery.status, BroadcastDelivery.sent_at)
        .where(BroadcastDelivery.member_id == member_id)
        .order_by(BroadcastDelivery.id)
    )
    authored = await session.scalars(
        select(Broadcast).where(Broadcast.author_id == member_id).order_by(Broadcast.id)
    )
    return {
        "received": [
            {
                "broadcast": broadcast_id,
                "status": str(status),
                "sent_at": sent_at.isoformat() if sent_at else None,
            }
            for broadcast_id, status, sent_at in deliveries
        ],
        "authored": [
            {
                "broadcast": item.id,
                "status": str(item.status),
                "text": item.text,
                "created_at": item.created_at.isoformat(),
            }
            for item in authored
        ],
    }


async def erase_member(session: AsyncSession, member_id: int) -> None:
    """Forget what the member received; their broadcasts not yet sent go, sent ones stay as
    counts without an author (as events do)."""
    await session.execute(delete(BroadcastDelivery).where(BroadcastDelivery.member_id == member_id))
    # Where listing recipients stopped may be this very member: the one before does as well
    # (the member is gone, and inserting a recipient twice is a no-op).
    await session.execute(
        update(Broadcast)
        .where(Broadcast.materialised_upto == member_id)
        .values(materialised_upto=member_id - 1)
    )
    unsent = list(
        await session.scalars(
            select(Broadcast.id).where(
                Broadcast.author_id == member_id,
                Broadcast.status.in_(
                    [BroadcastStatus.DRAFT, BroadcastStatus.PENDING, BroadcastStatus.REJECTED]
                ),
            )
        )
    )
    for broadcast_id in unsent:
        await moderation.withdraw(session, ReviewKind.BROADCAST, str(broadcast_id))
    if unsent:
        await session.execute(delete(Broadcast).where(Broadcast.id.in_(unsent)))
    # Still going or finished: stop what is not sent, keep the counts, forget the author.
    live = list(
        await session.scalars(
            select(Broadcast.id).where(Broadcast.author_id == member_id, Broadcast.status.in_(LIVE))
        )
    )
    if live:
        await session.execute(
            update(Broadcast)
            .where(Broadcast.id.in_(live))
            .values(status=BroadcastStatus.CANCELLED, finished_at=utcnow())
        )
        await session.execute(
            update(BroadcastDelivery)
            .where(
                BroadcastDelivery.broadcast_id.in_(live),
                BroadcastDelivery.status.in_([DeliveryStatus.PENDING, DeliveryStatus.DEFERRED]),
            )
            .values(status=DeliveryStatus.SKIPPED, error="cancelled")
        )
        for broadcast in await session.scalars(select(Broadcast).where(Broadcast.id.in_(live))):
            await forget_sealed_recipients(session, broadcast)
    await session.execute(
        update(Broadcast)
        .where(Broadcast.author_id == member_id)
        .values(author_id=None, signed_as=None, status_message_id=None)
    )
