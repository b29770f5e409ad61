"""The moderation queue and reports. No aiogram here: handlers, the worker and tests call it.

Every decision re-checks the moderator's scope against the item (callback data is forgeable)
and is written to the audit log, refusals included.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import ColumnElement, func, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.access import Access, audit, refuse_unless
from bot.cleaning import clean_text
from bot.db.crypto import pseudonym, pseudonyms
from bot.db.models import (
    ALL_COUNTRIES,
    ERASED_MEMBER,
    AuditOutcome,
    Member,
    Report,
    ReportOutcome,
    ReportStatus,
    ReviewItem,
    ReviewKind,
    ReviewStatus,
)
from bot.db.models.moderation import REPORTER
from bot.db.types import utcnow
from bot.errors import DomainError
from bot.features.safety.scam import SCAM_FLAG_PREFIX
from bot.reviewing import FlaggedReviewHandler, ReviewHandler

# Items waiting longer than this are flagged to admins.
OVERDUE_AFTER = timedelta(hours=48)
# How many different *trusted* members' reports hide a listing until a moderator decides.
HIDE_AFTER_REPORTS = 3
# A reporter is trusted to hide a listing once their account is this old (a ring of new sock
# puppets reports into the queue, but hides nothing)...
TRUSTED_ACCOUNT_AGE = timedelta(days=7)
# ... unless moderators dismissed this many of their reports, and more than they upheld.
UNTRUSTED_AFTER_DISMISSED = 2
# One member files at most this many reports a day, whatever flood control lets through.
REPORTS_PER_DAY = 5
REASON_MAX_LENGTH = 500
QUEUED = (ReviewStatus.PENDING, ReviewStatus.APPEALED)


class ModerationError(DomainError):
    """A decision that cannot be taken; ``key`` is the catalog message that explains it."""


@dataclass(frozen=True)
class Decision:
    item: ReviewItem
    approved: bool


async def submit(
    session: AsyncSession,
    *,
    kind: ReviewKind,
    target_id: str,
    country: str | None,
    author_id: int | None,
    flags: list[str] | None = None,
) -> ReviewItem:
    """Put a listing in the queue (once: a listing already waiting keeps its place)."""
    existing = await session.scalar(
        select(ReviewItem).where(
            ReviewItem.kind == kind,
            ReviewItem.target_id == target_id,
            ReviewItem.status.in_(QUEUED),
        )
    )
    if existing is not None:
        if flags:
            existing.flags = sorted(set(existing.flags) | set(flags))
        return existing
    item = ReviewItem(
        kind=kind,
        target_id=target_id,
        country=country or ALL_COUNTRIES,
        author_id=author_id,
        flags=sorted(set(flags or [])),
    )
    session.add(item)
    await session.flush()
    return item


def _queue_conditions(
    access: Access,
    kind: ReviewKind | None,
    kinds: Collection[ReviewKind] | None,
    only: Collection[str] | None = None,
) -> list[Any]:
    conditions: list[Any] = [ReviewItem.status.in_(QUEUED)]
    countries = access.moderated_countries()
    if countries is not None:
        conditions.append(ReviewItem.country.in_(sorted(countries)))
    if only is not None:
        # A filter within the scope (the staff app's country filter), never a widening.
        conditions.append(ReviewItem.country.in_(sorted(only)))
    if kind is not None:
        conditions.append(ReviewItem.kind == kind)
    if kinds is not None:
        conditions.append(ReviewItem.kind.in_(sorted(kinds)))
    return conditions


async def queue(
    session: AsyncSession,
    access: Access,
    *,
    limit: int = 10,
    offset: int = 0,
    kind: ReviewKind | None = None,
    kinds: Collection[ReviewKind] | None = None,
    countries: Collection[str] | None = None,
) -> list[ReviewItem]:
    """Pending items this moderator may decide, oldest first.

    ``kinds`` narrows to the kinds the caller can show (the queue UI passes the registered
    handlers, so an item of a feature that is not installed never blocks the queue);
    ``countries`` narrows further to some countries of the scope."""
    statement = (
        select(ReviewItem)
        .where(*_queue_conditions(access, kind, kinds, countries))
        .order_by(ReviewItem.queued_at, ReviewItem.id)
        .limit(limit)
        .offset(offset)
    )
    return list(await session.scalars(statement))


async def count_pending(
    session: AsyncSession,
    access: Access,
    *,
    kinds: Collection[ReviewKind] | None = None,
    countries: Collection[str] | None = None,
) -> int:
    statement = (
        select(func.count())
        .select_from(ReviewItem)
        .where(*_queue_conditions(access, None, kinds, countries))
    )
    return int(await session.scalar(statement) or 0)


async def pending_by_kind(
    session: AsyncSession, access: Access, *, kinds: Collection[ReviewKind] | None = None
) -> dict[ReviewKind, int]:
    """How many items of each kind wait within this moderator's scope."""
    rows = await session.execute(
        select(ReviewItem.kind, func.count())
        .where(*_queue_conditions(access, None, kinds))
        .group_by(ReviewItem.kind)
    )
    return {ReviewKind(kind): int(count) for kind, count in rows}


async def new_since(
    session: AsyncSession, access: Access, since: datetime | None
) -> dict[str, int]:
    """What reached this moderator's queue after ``since`` (everything waiting, without it):
    items by kind (their own listings left out: someone else decides those) and, as
    ``"reports"``, listings with a new open report — within the moderator's countries."""
    items = select(ReviewItem.kind, func.count()).where(*_queue_conditions(access, None, None))
    items = items.where(or_(ReviewItem.author_id.is_(None), ReviewItem.author_id != access.user_id))
    reported = select(func.count(func.distinct(Report.kind + ":" + Report.target_id))).where(
        Report.status == ReportStatus.OPEN
    )
    countries = access.moderated_countries()
    if countries is not None:
        reported = reported.where(Report.country.in_(sorted(countries)))
    if since is not None:
        items = items.where(ReviewItem.queued_at > since)
        reported = reported.where(Report.created_at > since)
    counts = {
        str(kind): int(count)
        for kind, count in await session.execute(items.group_by(ReviewItem.kind))
    }
    reports = int(await session.scalar(reported) or 0)
    if reports:
        counts["reports"] = reports
    return counts


async def item_for(
    session: AsyncSession, access: Access, item_id: int, *, action: str
) -> ReviewItem:
    """The review item a moderator asks to see or change, after checking their scope.

    An item outside the moderator's countries is refused and the refusal audited (the id
    came from callback data, which anyone can forge)."""
    item = await session.get(ReviewItem, item_id)
    if item is None:
        raise ModerationError("mod-item-gone")
    await refuse_unless(
        session,
        access.can_moderate(item.country),
        ModerationError("mod-out-of-scope"),
        actor_id=access.user_id,
        action=action,
        target_kind=str(item.kind),
        target_id=item.target_id,
        scope=item.country,
    )
    return item


async def record_edit(session: AsyncSession, access: Access, item: ReviewItem, field: str) -> None:
    """Audit a moderator's correction of a listing before the decision (field name only)."""
    await audit(
        session,
        actor_id=access.user_id,
        action="review.edit",
        subject_id=item.author_id,
        target_kind=str(item.kind),
        target_id=item.target_id,
        scope=item.country,
        details={"review_item": item.id, "field": field},
    )


async def clear_scam_flag(
    session: AsyncSession,
    access: Access,
    item_id: int,
    category: str,
    handler: FlaggedReviewHandler,
) -> ReviewItem:
    """A moderator clears a false scam warning: gone from the queue item and from the
    listing (members never see it again). Scope-checked and audited like a decision."""
    item = await item_for(session, access, item_id, action="review.clear_flag")
    flag = f"{SCAM_FLAG_PREFIX}{category}"
    if item.status not in QUEUED or flag not in item.flags:
        raise ModerationError("mod-flag-gone")
    item.flags = [other for other in item.flags if other != flag]
    await handler.clear_flag(session, item.target_id, category)
    await audit(
        session,
        actor_id=access.user_id,
        action="review.clear_flag",
        subject_id=item.author_id,
        target_kind=str(item.kind),
        target_id=item.target_id,
        scope=item.country,
        details={"review_item": item.id, "flag": flag},
    )
    return item


def already_decided_key(item: ReviewItem, access: Access) -> str:
    """The catalog key that tells a moderator an item is no longer waiting: her own earlier
    decision (a double tap, a second device) is not "another moderator's"."""
    if item.decided_by == access.user_id:
        return "mod-already-decided-by-you"
    return "mod-already-decided"


async def decide(
    session: AsyncSession,
    access: Access,
    item_id: int,
    *,
    approve: bool,
    reason: str | None,
    handler: ReviewHandler,
) -> Decision:
    """Approve or reject an item; the handler publishes or keeps the listing hidden."""
    item = await session.get(ReviewItem, item_id)
    action = "review.approve" if approve else "review.reject"
    if item is None:
        raise ModerationError("mod-item-gone")
    if not access.can_moderate(item.country):
        await audit(
            session,
            actor_id=access.user_id,
            action=action,
            outcome=AuditOutcome.DENIED,
            target_kind=str(item.kind),
            target_id=item.target_id,
            scope=item.country,
        )
        raise ModerationError("mod-out-of-scope")
    if item.status not in QUEUED:
        raise ModerationError(already_decided_key(item, access))
    if item.author_id == access.user_id and not access.is_admin:
        # Nobody decides on their own listing; admins may, where they are the only staff.
        await audit(
            session,
            actor_id=access.user_id,
            action=action,
            outcome=AuditOutcome.DENIED,
            target_kind=str(item.kind),
            target_id=item.target_id,
            scope=item.country,
            details={"review_item": item.id, "why": "own"},
        )
        raise ModerationError("mod-own-item")
    if not approve:
        reason = clean_text(reason or "")
        if not reason:
            raise ModerationError("mod-reason-required")
        item.reason = reason[:REASON_MAX_LENGTH]
    item.status = ReviewStatus.APPROVED if approve else ReviewStatus.REJECTED
    item.decided_by = access.user_id
    item.decided_at = utcnow()
    # Each open report joins its reporter's record: kept listing → dismissed, down → upheld.
    await settle_outcome(session, ReviewKind(item.kind), item.target_id, upheld=not approve)
    if approve:
        await handler.approve(session, item.target_id, access.user_id)
    else:
        await handler.reject(session, item.target_id, access.user_id)
    await audit(
        session,
        actor_id=access.user_id,
        action=action,
        subject_id=item.author_id,
        target_kind=str(item.kind),
        target_id=item.target_id,
        scope=item.country,
        details={"review_item": item.id},
    )
    return Decision(item, approve)


async def appeal(session: AsyncSession, *, author_id: int, item_id: int, text: str) -> ReviewItem:
    """The author asks once more after a rejection; the item goes back to the queue."""
    item = await session.get(ReviewItem, item_id)
    if item is None or item.author_id != author_id:
        raise ModerationError("mod-item-gone")
    if item.status != ReviewStatus.REJECTED:
        raise ModerationError("mod-appeal-not-rejected")
    if item.appeal is not None:
        raise ModerationError("mod-appeal-once")
    item.appeal = clean_text(text)[:REASON_MAX_LENGTH] or "—"
    item.status = ReviewStatus.APPEALED
    item.queued_at = utcnow()
    await audit(
        session,
        actor_id=author_id,
        action="review.appeal",
        target_kind=str(item.kind),
        target_id=item.target_id,
        scope=item.country,
        details={"review_item": item.id},
    )
    return item


async def withdraw(session: AsyncSession, kind: ReviewKind, target_id: str) -> None:
    """Take a listing out of the queue (deleted, expired, erased with its author)."""
    items = await session.scalars(
        select(ReviewItem).where(
            ReviewItem.kind == kind,
            ReviewItem.target_id == target_id,
            ReviewItem.status.in_(QUEUED),
        )
    )
    for item in items:
        item.status = ReviewStatus.WITHDRAWN


async def latest_for(session: AsyncSession, kind: ReviewKind, target_id: str) -> ReviewItem | None:
    return await session.scalar(
        select(ReviewItem)
        .where(ReviewItem.kind == kind, ReviewItem.target_id == target_id)
        .order_by(ReviewItem.id.desc())
        .limit(1)
    )


async def escalate_overdue(session: AsyncSession, now: datetime | None = None) -> list[ReviewItem]:
    """Items pending over 48 hours and not yet flagged: mark them, return them for the admins."""
    now = now or utcnow()
    items = list(
        await session.scalars(
            select(ReviewItem)
            .where(
                ReviewItem.status.in_(QUEUED),
                ReviewItem.queued_at <= now - OVERDUE_AFTER,
                or_(
                    ReviewItem.escalated_at.is_(None),
                    ReviewItem.escalated_at < ReviewItem.queued_at,
                ),
            )
            .order_by(ReviewItem.queued_at)
        )
    )
    for item in items:
        item.escalated_at = now
    return items


# ---- reports ----------------------------------------------------------------------------


@dataclass(frozen=True)
class ReporterRecord:
    """What a moderator may know of a reporter (never who they are)."""

    account_days: int
    upheld: int  # earlier reports moderators agreed with
    dismissed: int  # earlier reports moderators found nothing in
    dismissed_here: bool  # reported this very listing before, and a moderator kept it

    @property
    def trusted(self) -> bool:
        """Whether this report counts towards hiding the listing before a moderator looks."""
        if self.dismissed_here or self.account_days < TRUSTED_ACCOUNT_AGE.days:
            return False
        return not (self.dismissed >= UNTRUSTED_AFTER_DISMISSED and self.dismissed > self.upheld)


@dataclass(frozen=True)
class ReportTally:
    reporters: int  # different members with an open report on the listing
    trusted: int  # of them, those whose reports count towards hiding it


async def reporter_record(
    session: AsyncSession,
    reporter_id: int,
    kind: ReviewKind,
    target_id: str,
    now: datetime | None = None,
) -> ReporterRecord:
    now = now or utcnow()
    member = await session.get(Member, reporter_id)
    since = member.created_at if member is not None else now
    rows = await session.execute(
        select(Report.outcome, Report.kind, Report.target_id).where(
            reported_by(reporter_id), Report.outcome.is_not(None)
        )
    )
    upheld = dismissed = 0
    here = False
    for outcome, row_kind, row_target in rows:
        if outcome == ReportOutcome.UPHELD:
            upheld += 1
        elif outcome == ReportOutcome.DISMISSED:
            dismissed += 1
            here = here or (row_kind == kind and row_target == target_id)
    return ReporterRecord(max(0, (now - since).days), upheld, dismissed, here)


async def tally(
    session: AsyncSession, kind: ReviewKind, target_id: str, now: datetime | None = None
) -> ReportTally:
    reporters = sorted(
        set(
            await session.scalars(
                select(Report.reporter_ref).where(
                    Report.kind == kind,
                    Report.target_id == target_id,
                    Report.status == ReportStatus.OPEN,
                )
            )
        )
    )
    trusted = 0
    for reporter in reporters:
        if (await reporter_record(session, reporter, kind, target_id, now)).trusted:
            trusted += 1
    return ReportTally(len(reporters), trusted)


async def report(
    session: AsyncSession,
    *,
    kind: ReviewKind,
    target_id: str,
    country: str | None,
    reporter_id: int,
    reason: str,
    comment: str | None = None,
    now: datetime | None = None,
) -> ReportTally:
    """Record a report (one open report per member and listing); returns who reports the
    listing now. Only trusted reporters count towards hiding it (``HIDE_AFTER_REPORTS``);
    a member over ``REPORTS_PER_DAY`` is refused (``report-too-many``) and audited."""
    now = now or utcnow()
    existing = await open_report_of(session, kind, target_id, reporter_id)
    if existing is None:
        today = int(
            await session.scalar(
                select(func.count())
                .select_from(Report)
                .where(reported_by(reporter_id), Report.created_at > now - timedelta(days=1))
            )
            or 0
        )
        if today >= REPORTS_PER_DAY:
            await audit(
                session,
                actor_id=reporter_id,
                action="report.create",
                outcome=AuditOutcome.DENIED,
                target_kind=str(kind),
                target_id=target_id,
                scope=country or ALL_COUNTRIES,
                details={"why": "rate", "today": today},
            )
            raise ModerationError("report-too-many")
        session.add(
            Report(
                kind=kind,
                target_id=target_id,
                country=country or ALL_COUNTRIES,
                reporter_key=pseudonym(REPORTER, reporter_id),
                reporter_ref=reporter_id,
                reason=reason,
                comment=clean_text(comment or "")[:REASON_MAX_LENGTH] or None,
                created_at=now,
            )
        )
        await session.flush()
    return await tally(session, kind, target_id, now)


async def settle_outcome(
    session: AsyncSession, kind: ReviewKind, target_id: str, *, upheld: bool
) -> None:
    """Record what the moderator made of the open reports of a listing (before they are
    closed): it becomes part of each reporter's record."""
    await session.execute(
        update(Report)
        .where(
            Report.kind == kind,
            Report.target_id == target_id,
            Report.status == ReportStatus.OPEN,
        )
        .values(outcome=ReportOutcome.UPHELD if upheld else ReportOutcome.DISMISSED)
    )


def reported_by(member_id: int) -> ColumnElement[bool]:
    """Reports written by ``member_id`` (by pseudonym, under every configured key)."""
    return Report.reporter_key.in_(pseudonyms(REPORTER, member_id))


async def open_report_of(
    session: AsyncSession, kind: ReviewKind, target_id: str, member_id: int
) -> Report | None:
    """The member's open report about this listing, if any."""
    return await session.scalar(
        select(Report).where(
            Report.kind == kind,
            Report.target_id == target_id,
            reported_by(member_id),
            Report.status == ReportStatus.OPEN,
        )
    )


async def open_reporters(session: AsyncSession, kind: ReviewKind, target_id: str) -> int:
    return int(
        await session.scalar(
            select(func.count(func.distinct(Report.reporter_key))).where(
                Report.kind == kind,
                Report.target_id == target_id,
                Report.status == ReportStatus.OPEN,
            )
        )
        or 0
    )


@dataclass
class ReportedListing:
    """The open reports on one listing, as a moderator reviews them (never who reported)."""

    kind: ReviewKind
    target_id: str
    country: str
    first_report_id: int  # stands for the listing in callback data
    first_at: datetime
    reasons: Counter[str] = field(default_factory=Counter)
    comments: list[str] = field(default_factory=list)
    reporter_ids: list[int] = field(default_factory=list)  # never shown: for the records

    @property
    def reporters(self) -> int:
        return sum(self.reasons.values())


def _scoped_reports(access: Access) -> list[Any]:
    conditions: list[Any] = [Report.status == ReportStatus.OPEN]
    countries = access.moderated_countries()
    if countries is not None:
        conditions.append(Report.country.in_(sorted(countries)))
    return conditions


async def reported_listings(
    session: AsyncSession,
    access: Access,
    *,
    kinds: Collection[ReviewKind] | None = None,
    limit: int = 50,
) -> list[ReportedListing]:
    """Listings with open reports in this moderator's countries: most reported first, then
    the longest waiting."""
    conditions = _scoped_reports(access)
    if kinds is not None:
        conditions.append(Report.kind.in_(sorted(kinds)))
    rows = await session.scalars(select(Report).where(*conditions).order_by(Report.id))
    listings: dict[tuple[str, str], ReportedListing] = {}
    for row in rows:
        key = (str(row.kind), row.target_id)
        listing = listings.get(key)
        if listing is None:
            listing = listings[key] = ReportedListing(
                ReviewKind(row.kind), row.target_id, row.country, row.id, row.created_at
            )
        listing.reasons[row.reason] += 1
        listing.reporter_ids.append(row.reporter_ref)
        if row.comment:
            listing.comments.append(row.comment)
    ranked = sorted(listings.values(), key=lambda item: (-item.reporters, item.first_at))
    return ranked[:limit]


async def count_reported(
    session: AsyncSession, access: Access, *, kinds: Collection[ReviewKind] | None = None
) -> int:
    """How many different listings have open reports in this moderator's countries."""
    conditions = _scoped_reports(access)
    if kinds is not None:
        conditions.append(Report.kind.in_(sorted(kinds)))
    pairs = select(Report.kind, Report.target_id).where(*conditions).distinct().subquery()
    return int(await session.scalar(select(func.count()).select_from(pairs)) or 0)


async def reported_listing(
    session: AsyncSession, access: Access, report_id: int, *, action: str
) -> ReportedListing:
    """The listing a report (by id, from callback data) is about, scope-checked and audited."""
    report_row = await session.get(Report, report_id)
    if report_row is None:
        raise ModerationError("mod-item-gone")
    if not access.can_moderate(report_row.country):
        await audit(
            session,
            actor_id=access.user_id,
            action=action,
            outcome=AuditOutcome.DENIED,
            target_kind=str(report_row.kind),
            target_id=report_row.target_id,
            scope=report_row.country,
        )
        raise ModerationError("mod-out-of-scope")
    for listing in await reported_listings(session, access, kinds=[ReviewKind(report_row.kind)]):
        if listing.target_id == report_row.target_id:
            return listing
    raise ModerationError("mod-reports-closed")


async def queued_item(session: AsyncSession, kind: ReviewKind, target_id: str) -> ReviewItem | None:
    """The item of a listing waiting in the queue now, if any."""
    return await session.scalar(
        select(ReviewItem)
        .where(
            ReviewItem.kind == kind,
            ReviewItem.target_id == target_id,
            ReviewItem.status.in_(QUEUED),
        )
        .order_by(ReviewItem.id)
        .limit(1)
    )


async def keep_listed(
    session: AsyncSession, access: Access, listing: ReportedListing, handler: ReviewHandler
) -> Decision | None:
    """The moderator looked at the reports and keeps the listing: a listing that reports hid
    (it waits in the queue) is approved again; otherwise the reports are just closed."""
    waiting = await queued_item(session, listing.kind, listing.target_id)
    decision = None
    if waiting is not None:
        decision = await decide(
            session, access, waiting.id, approve=True, reason=None, handler=handler
        )
    if await open_reporters(session, listing.kind, listing.target_id):
        await settle_outcome(session, listing.kind, listing.target_id, upheld=False)
        await resolve_reports(session, access, listing.kind, listing.target_id)
    return decision


async def take_down(
    session: AsyncSession,
    access: Access,
    listing: ReportedListing,
    reason: str,
    handler: ReviewHandler,
) -> Decision:
    """The moderator agrees with the reports: the listing is rejected with ``reason`` through
    the queue (so its author hears why, and it is audited like any decision)."""
    if not access.can_moderate(listing.country):
        raise ModerationError("mod-out-of-scope")
    if not reason.strip():
        raise ModerationError("mod-reason-required")
    waiting = await queued_item(session, listing.kind, listing.target_id)
    if waiting is None:
        previous = await latest_for(session, listing.kind, listing.target_id)
        waiting = await submit(
            session,
            kind=listing.kind,
            target_id=listing.target_id,
            country=listing.country,
            author_id=previous.author_id if previous is not None else None,
            flags=["reported"],
        )
    decision = await decide(
        session, access, waiting.id, approve=False, reason=reason, handler=handler
    )
    if await open_reporters(session, listing.kind, listing.target_id):
        await resolve_reports(session, access, listing.kind, listing.target_id)
    return decision


async def resolve_reports(
    session: AsyncSession, access: Access, kind: ReviewKind, target_id: str
) -> int:
    """Close every open report of a listing after a moderator looked at it."""
    reports = list(
        await session.scalars(
            select(Report).where(
                Report.kind == kind,
                Report.target_id == target_id,
                Report.status == ReportStatus.OPEN,
            )
        )
    )
    if reports and not access.can_moderate(reports[0].country):
        await audit(
            session,
            actor_id=access.user_id,
            action="report.resolve",
            outcome=AuditOutcome.DENIED,
            target_kind=str(kind),
            target_id=target_id,
        )
        raise ModerationError("mod-out-of-scope")
    for item in reports:
        item.status = ReportStatus.RESOLVED
    await audit(
        session,
        actor_id=access.user_id,
        action="report.resolve",
        target_kind=str(kind),
        target_id=target_id,
        details={"reports": len(reports)},
    )
    return len(reports)


# ---- privacy ----------------------------------------------------------------------------


async def export_decisions(session: AsyncSession, member_id: int) -> list[dict[str, Any]]:
    """Decisions this member took as a moderator (what, when, which way)."""
    rows = await session.scalars(
        select(ReviewItem).where(ReviewItem.decided_by == member_id).order_by(ReviewItem.id)
    )
    return [
        {
            "listing": f"{item.kind}:{item.target_id}",
            "status": str(item.status),
            "at": item.decided_at.isoformat() if item.decided_at else None,
        }
        for item in rows
    ]


async def forget_decisions(session: AsyncSession, member_id: int) -> None:
    """The decisions stay (the queue's history); the moderator who took them is forgotten."""
    await session.execute(
        update(ReviewItem)
        .where(ReviewItem.decided_by == member_id)
        .values(decided_by=ERASED_MEMBER)
    )
