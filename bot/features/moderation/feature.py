"""The moderation queue, reports and bans, as plugged into the bot."""

from __future__ import annotations

from bot.db.models import ReviewItem, Role
from bot.features.common.staff import STAFF_TOOLS, StaffTool
from bot.features.moderation import service
from bot.features.moderation.jobs import escalate_overdue_reviews
from bot.features.moderation.keyboards import QueueCb
from bot.features.moderation.notices import export_notices, forget_notices, notify_moderators
from bot.features.moderation.router import create_router
from bot.plugins import DataSection, Feature, Job, QueueGauge, RouterSet

FEATURE = Feature(
    "moderation",
    routers=lambda: RouterSet([create_router()]),
    jobs=[
        Job("moderation.escalate_overdue", escalate_overdue_reviews, interval=300.0),
        # Woken when an item is queued; each moderator hears at most once an hour.
        Job(
            "moderation.queue_notices",
            notify_moderators,
            interval=300.0,
            wakes_on=("review_items", "reports"),
        ),
    ],
    queues={
        "review_items": QueueGauge(ReviewItem.id, lambda: ReviewItem.status.in_(service.QUEUED))
    },
    personal_data=[
        DataSection("moderation_decisions", service.export_decisions, service.forget_decisions),
        DataSection("queue_notices", export_notices, forget_notices),
    ],
    provides=[
        STAFF_TOOLS.provide(StaffTool(Role.MODERATOR, "staff-tool-queue", QueueCb(a="home")))
    ],
)
