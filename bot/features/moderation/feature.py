"""The moderation queue, reports and bans, as plugged into the bot."""

from __future__ import annotations

from bot.db.models import ReviewItem, Role
from bot.features.common.staff import STAFF_TOOLS, StaffTool
from bot.features.moderation import service
from bot.features.moderation.jobs import escalate_overdue_reviews
from bot.features.moderation.keyboards import QueueCb
from bot.features.moderation.router import create_router
from bot.plugins import DataSection, Feature, Job, QueueGauge, RouterSet

FEATURE = Feature(
    "moderation",
    routers=lambda: RouterSet([create_router()]),
    jobs=[Job("moderation.escalate_overdue", escalate_overdue_reviews, interval=300.0)],
    queues={
        "review_items": QueueGauge(ReviewItem.id, lambda: ReviewItem.status.in_(service.QUEUED))
    },
    personal_data=[
        DataSection("moderation_decisions", service.export_decisions, service.forget_decisions)
    ],
    provides=[
        STAFF_TOOLS.provide(StaffTool(Role.MODERATOR, "staff-tool-queue", QueueCb(a="home")))
    ],
)
