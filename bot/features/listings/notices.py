"""Notices owed to members about listings, as rows: when each is due, quiet hours, digests.

No aiogram here: the worker's delivery job (``delivery.py``) sends what this module lets it
claim. Quiet hours are the member's own (``Member.quiet_start``/``quiet_end``, local time);
the zone comes from the member's city, else their country (``bot.geo.timezone_for``).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import delete, insert, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.daytime import in_quiet_hours
from bot.db.models import ListingNotice, Member, NoticeReason
from bot.db.touched import touched
from bot.db.types import utcnow
from bot.features.listings.kinds import Listing, ListingKind
from bot.geo import timezone_for

# The daily digest goes out at this local hour (later when it falls in quiet hours).
DIGEST_HOUR = 9
# A claimed row older than this belonged to a worker that died mid-send: it may have been
# delivered, so it is dropped rather than sent again.
STALE_CLAIM = timedelta(minutes=10)
# Failed sends (network, Telegram errors other than "blocked") are retried this many times.
MAX_ATTEMPTS = 5


def member_zone(member: Member) -> ZoneInfo:
    return timezone_for(member.country, member.city)


def quiet_until(
    now: datetime, zone: ZoneInfo, start: int | None, end: int | None
) -> datetime | None:
    """When the member's quiet hours end, in UTC — ``None`` when they are not quiet now."""
    local = now.astimezone(zone)
    if end is None or not in_quiet_hours(local.hour, start, end):
        return None
    day = local.date() if local.hour < end else local.date() + timedelta(days=1)
    return _at_local(day, end, zone)


def next_digest_at(now: datetime, zone: ZoneInfo, hour: int = DIGEST_HOUR) -> datetime:
    """The next ``hour``:00 local time after ``now``, in UTC."""
    local = now.astimezone(zone)
    day = local.date() if local.hour < hour else local.date() + timedelta(days=1)
    return _at_local(day, hour, zone)


def _at_local(day: date, hour: int, zone: ZoneInfo) -> datetime:
    return datetime.combine(day, time(hour), tzinfo=zone).astimezone(UTC)


def announcing(listing: Listing, now: datetime | None = None) -> datetime | None:
    """The moment a newly published listing is announced to the members it matches, marked on
    it — or ``None`` when it was announced already (once per listing, whatever happens to it
    after: renewed, reported and approved again)."""
    if listing.notified_at is not None:
        return None
    listing.notified_at = now or utcnow()
    return listing.notified_at


def _listing_column(kind: ListingKind):  # type: ignore[no-untyped-def]
    return ListingNotice.job_id if kind is ListingKind.JOB else ListingNotice.offer_id


async def add_notices(
    session: AsyncSession,
    *,
    reason: NoticeReason,
    kind: ListingKind,
    listing_id: int,
    due: Mapping[int, datetime],
    digest: Iterable[int] = (),
) -> int:
    """One notice per member in ``due`` (member id → when), unless one for the same listing
    and reason is already waiting. Returns how many were added."""
    if not due:
        return 0
    column = _listing_column(kind)
    waiting = set(
        await session.scalars(
            # All waiting for this listing (no IN list: an audience may be tens of thousands).
            select(ListingNotice.member_id).where(
                column == listing_id, ListingNotice.reason == reason
            )
        )
    )
    digest_members = set(digest)
    rows = [
        {
            "member_id": member_id,
            "reason": reason,
            "job_id": listing_id if kind is ListingKind.JOB else None,
            "offer_id": listing_id if kind is ListingKind.OFFER else None,
            "digest": member_id in digest_members,
            "due_at": due_at,
            "attempts": 0,
            "created_at": utcnow(),
        }
        for member_id, due_at in due.items()
        if member_id not in waiting
    ]
    if rows:
        # One multi-row insert: a job may match thousands of subscribers.
        await session.execute(insert(ListingNotice), rows)
        # The notices job is woken by this commit: what is due now goes out at once.
        touched(session, "listing_notices")
    return len(rows)


async def drop_notices(
    session: AsyncSession, kind: ListingKind, listing_id: int, reasons: Iterable[NoticeReason]
) -> None:
    """Forget waiting notices about a listing (closed, renewed, taken down)."""
    await session.execute(
        delete(ListingNotice).where(
            _listing_column(kind) == listing_id,
            ListingNotice.reason.in_(list(reasons)),
            ListingNotice.claimed_at.is_(None),
        )
    )


async def drop_stale_claims(session: AsyncSession, now: datetime | None = None) -> int:
    now = now or utcnow()
    result = await session.execute(
        delete(ListingNotice).where(ListingNotice.claimed_at <= now - STALE_CLAIM)
    )
    return int(getattr(result, "rowcount", 0) or 0)


async def claim_due(session: AsyncSession, now: datetime, limit: int = 100) -> list[ListingNotice]:
    """Claim up to ``limit`` due notices (and, for a member whose digest is due, every due
    digest row of theirs, so one digest is one message). The caller commits the claim before
    sending anything."""
    rows = list(
        await session.scalars(
            select(ListingNotice)
            .where(ListingNotice.claimed_at.is_(None), ListingNotice.due_at <= now)
            .order_by(ListingNotice.due_at, ListingNotice.id)
            .limit(limit)
            .with_for_update(skip_locked=True)
        )
    )
    digest_members = {row.member_id for row in rows if row.digest}
    if digest_members:
        seen = {row.id for row in rows}
        more = await session.scalars(
            select(ListingNotice)
            .where(
                ListingNotice.claimed_at.is_(None),
                ListingNotice.due_at <= now,
                ListingNotice.digest.is_(True),
                ListingNotice.member_id.in_(sorted(digest_members)),
            )
            .with_for_update(skip_locked=True)
        )
        rows.extend(row for row in more if row.id not in seen)
    for row in rows:
        row.claimed_at = now
    return rows


async def release(
    session: AsyncSession, ids: Iterable[int], due_at: datetime, *, failed: bool = False
) -> None:
    """Put claimed rows back, due at ``due_at`` (quiet hours, 429, a failure to retry)."""
    ids = list(ids)
    if not ids:
        return
    values: dict[str, object] = {"claimed_at": None, "due_at": due_at}
    if failed:
        values["attempts"] = ListingNotice.attempts + 1
    await session.execute(update(ListingNotice).where(ListingNotice.id.in_(ids)).values(**values))
    if failed:
        await session.execute(
            delete(ListingNotice).where(
                ListingNotice.id.in_(ids), ListingNotice.attempts >= MAX_ATTEMPTS
            )
        )


async def finish(session: AsyncSession, ids: Iterable[int]) -> None:
    """Delivered (or pointless now): the rows go."""
    ids = list(ids)
    if ids:
        await session.execute(delete(ListingNotice).where(ListingNotice.id.in_(ids)))
