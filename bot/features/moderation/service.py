"""The moderation queue and reports. No aiogram here: handlers, the worker and tests call it.

Every decision re-checks the moderator's scope against the item (callback data is forgeable)
and is written to the audit log, refusals included.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.access import Access, audit
from bot.db.models import (
    ALL_COUNTRIES,
    AuditOutcome,
    Report,
    ReportStatus,
    ReviewItem,
    ReviewKind,
    ReviewStatus,
)
from bot.db.types import utcnow
from bot.features.moderation.registry import ReviewHandler

# Items waiting longer than this are flagged to admins.
OVERDUE_AFTER = timedelta(hours=48)
# How many different members' reports hide a listing until a moderator decides.
HIDE_AFTER_REPORTS = 3
REASON_MAX_LENGTH = 500
QUEUED = (ReviewStatus.PENDING, ReviewStatus.APPEALED)


class ModerationError(Exception):
    """A decision that cannot be taken; ``key`` is the catalog message that explains it."""

    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key


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


def _in_scope(access: Access):  # type: ignore[no-untyped-def]
    countries = access.moderated_countries()
    if countries is None:
        return None
    return ReviewItem.country.in_(sorted(countries))


async def queue(
    session: AsyncSession,
    access: Access,
    *,
    limit: int = 10,
    offset: int = 0,
    kind: ReviewKind | None = None,
) -> list[ReviewItem]:
    """Pending items this moderator may decide, oldest first."""
    statement = select(ReviewItem).where(ReviewItem.status.in_(QUEUED))
    scope = _in_scope(access)
    if scope is not None:
        statement = statement.where(scope)
    if kind is not None:
        statement = statement.where(ReviewItem.kind == kind)
    statement = statement.order_by(ReviewItem.queued_at, ReviewItem.id).limit(limit).offset(offset)
    return list(await session.scalars(statement))


async def count_pending(session: AsyncSession, access: Access) -> int:
    statement = select(func.count()).select_from(ReviewItem).where(ReviewItem.status.in_(QUEUED))
    scope = _in_scope(access)
    if scope is not None:
        statement = statement.where(scope)
    return int(await session.scalar(statement) or 0)


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
        raise ModerationError("mod-already-decided")
    if not approve:
        reason = (reason or "").strip()
        if not reason:
            raise ModerationError("mod-reason-required")
        item.reason = reason[:REASON_MAX_LENGTH]
    item.status = ReviewStatus.APPROVED if approve else ReviewStatus.REJECTED
    item.decided_by = access.user_id
    item.decided_at = utcnow()
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
    item.appeal = text.strip()[:REASON_MAX_LENGTH] or "—"
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


async def report(
    session: AsyncSession,
    *,
    kind: ReviewKind,
    target_id: str,
    country: str | None,
    reporter_id: int,
    reason: str,
    comment: str | None = None,
) -> int:
    """Record a report (one open report per member and listing); returns how many different
    members have open reports on the listing now (``HIDE_AFTER_REPORTS`` hides it)."""
    existing = await session.scalar(
        select(Report).where(
            Report.kind == kind,
            Report.target_id == target_id,
            Report.reporter_id == reporter_id,
            Report.status == ReportStatus.OPEN,
        )
    )
    if existing is None:
        session.add(
            Report(
                kind=kind,
                target_id=target_id,
                country=country or ALL_COUNTRIES,
                reporter_id=reporter_id,
                reason=reason,
                comment=(comment or "").strip()[:REASON_MAX_LENGTH] or None,
            )
        )
        await session.flush()
    return await open_reporters(session, kind, target_id)


async def open_reporters(session: AsyncSession, kind: ReviewKind, target_id: str) -> int:
    return int(
        await session.scalar(
            select(func.count(func.distinct(Report.reporter_id))).where(
                Report.kind == kind,
                Report.target_id == target_id,
                Report.status == ReportStatus.OPEN,
            )
        )
        or 0
    )


async def open_reports(session: AsyncSession, access: Access, *, limit: int = 20) -> list[Report]:
    statement = select(Report).where(Report.status == ReportStatus.OPEN)
    countries = access.moderated_countries()
    if countries is not None:
        statement = statement.where(Report.country.in_(sorted(countries)))
    return list(await session.scalars(statement.order_by(Report.created_at).limit(limit)))


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
