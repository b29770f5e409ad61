"""Jobs that belong to the shared layers rather than to one feature."""

from __future__ import annotations

import logging
from collections.abc import Callable

from sqlalchemy import ColumnElement, func, select
from sqlalchemy.orm import InstrumentedAttribute

from bot.access import Access
from bot.db.models import (
    OPEN_DELIVERY,
    BroadcastDelivery,
    EventNotice,
    ListingNotice,
    Member,
    NoticeStatus,
    ReviewItem,
    Role,
    RoleGrant,
)
from bot.db.types import utcnow
from bot.db.uow import unit_of_work
from bot.features.moderation import service as moderation
from bot.fsm import purge_stale_fsm
from bot.worker.context import JobContext

log = logging.getLogger(__name__)


async def forget_stale_fsm(context: JobContext) -> int:
    """Wizards left untouched for ``FSM_TTL`` are forgotten in the table, as Redis expires its
    keys (what a member typed into one is not kept for ever, even encrypted)."""
    async with unit_of_work(context.services.sessions) as session:
        return await purge_stale_fsm(session, utcnow())


async def escalate_overdue_reviews(context: JobContext) -> int:
    """Tell the admins about items that waited over 48 hours (once per wait)."""
    services = context.services
    async with unit_of_work(services.sessions) as session:
        items = await moderation.escalate_overdue(session)
        if not items:
            return 0
        admin_ids = set(services.settings.admin_ids) | set(
            await session.scalars(select(RoleGrant.member_id).where(RoleGrant.role == Role.ADMIN))
        )
        rows = await session.execute(
            select(Member.id, Member.locale).where(Member.id.in_(admin_ids))
        )
        locales: dict[int, str | None] = {row[0]: row[1] for row in rows}
        total = await moderation.count_pending(session, Access(user_id=0, is_admin=True))
    for admin_id in sorted(admin_ids):
        locale = locales.get(admin_id) or services.settings.default_locale
        text = services.text(locale, "mod-overdue-alert", count=len(items), total=total)
        try:
            await context.bot.send_message(admin_id, text)
        except Exception as error:
            log.warning("overdue alert not delivered to an admin: %s", type(error).__name__)
    return len(items)


# What each ``prichal_queue_size`` label counts: the column to count and what "waiting" means.
# A feature with a queue adds its line here.
QUEUES: dict[str, tuple[InstrumentedAttribute[int], Callable[[], ColumnElement[bool]]]] = {
    "review_items": (ReviewItem.id, lambda: ReviewItem.status.in_(moderation.QUEUED)),
    "event_notices": (
        EventNotice.id,
        lambda: EventNotice.status.in_((NoticeStatus.PENDING, NoticeStatus.CLAIMED)),
    ),
    "broadcast_deliveries": (
        BroadcastDelivery.id,
        lambda: BroadcastDelivery.status.in_(OPEN_DELIVERY),
    ),
    # Listing notices are deleted once delivered: every row is waiting.
    "listing_notices": (ListingNotice.id, lambda: ListingNotice.id.is_not(None)),
}


async def measure_queues(context: JobContext) -> int:
    """Set the queue-size gauges from the rows waiting now (for dashboards and alerts).

    Returns 0: measuring is not work done, so the runner keeps its normal pace.
    """
    services = context.services
    async with unit_of_work(services.sessions) as session:
        for name, (column, waiting) in QUEUES.items():
            size = await session.scalar(select(func.count(column)).where(waiting()))
            services.metrics.queue_size.labels(name).set(int(size or 0))
    return 0
