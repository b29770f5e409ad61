"""Broadcasts to chosen members, as plugged into the bot."""

from __future__ import annotations

from bot.db.models import OPEN_DELIVERY, BroadcastDelivery, ReviewKind, Role
from bot.features.broadcast import service
from bot.features.broadcast.delivery import FEED
from bot.features.broadcast.keyboards import BcCb
from bot.features.broadcast.review import BroadcastReviewHandler
from bot.features.broadcast.router import (
    create_compose_router,
    create_organiser_router,
    create_router,
)
from bot.features.broadcast.status import OUTBOX_STATUS, refresh_job
from bot.features.common.staff import STAFF_TOOLS, StaffTool
from bot.outbox.kinds import OUTBOX_FEEDS, OUTBOX_KINDS
from bot.plugins import DataSection, Feature, Job, QueueGauge, RouterSet

FEATURE = Feature(
    "broadcast",
    # Recipients first (unsubscribe, my_chat_member: no role), then the organisers' screens
    # (with the wizard's content step), then the rest of the compose wizard.
    routers=lambda: RouterSet(
        [create_router(), create_organiser_router(), create_compose_router()]
    ),
    review={ReviewKind.BROADCAST: BroadcastReviewHandler},
    jobs=[
        # Looks often; each status message is edited at most every MIN_EDIT_GAP.
        Job("broadcast.status", refresh_job, interval=1.0),
    ],
    queues={
        "broadcast_deliveries": QueueGauge(
            BroadcastDelivery.id, lambda: BroadcastDelivery.status.in_(OPEN_DELIVERY)
        )
    },
    personal_data=[DataSection("broadcasts", service.export_member, service.erase_member)],
    provides=[
        OUTBOX_KINDS.provide(OUTBOX_STATUS),
        # The deliveries, sent by the outbox's one loop (bot.outbox.engine).
        OUTBOX_FEEDS.provide(FEED),
        # The staff screen's buttons (bot.features.common.staff).
        STAFF_TOOLS.provide(
            StaffTool(Role.ORGANISER, "staff-tool-broadcasts", BcCb(action="mine"))
        ),
        STAFF_TOOLS.provide(
            StaffTool(Role.ORGANISER, "staff-tool-new-broadcast", BcCb(action="new"))
        ),
    ],
)
