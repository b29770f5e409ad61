"""Events (announcements, RSVPs, reminders), as plugged into the bot."""

from __future__ import annotations

from bot.db.models import EventNotice, NoticeStatus, ReviewKind, Role
from bot.features.common.staff import STAFF_TOOLS, StaffTool
from bot.features.events import service
from bot.features.events.demo import load_demo_events
from bot.features.events.keyboards import OrgCb
from bot.features.events.notices import OUTBOX_KIND, ask_attendance, send_due_notices
from bot.features.events.organiser import create_router as organiser
from bot.features.events.review import EventReviewHandler
from bot.features.events.router import create_router as events
from bot.features.events.wizard import create_router as new_event_wizard
from bot.outbox.kinds import OUTBOX_KINDS
from bot.plugins import DataSection, Feature, Job, QueueGauge, RouterSet

FEATURE = Feature(
    "events",
    # The organiser's prompts and wizard catch typed text: after the members' screens.
    routers=lambda: RouterSet([events(), organiser(), new_event_wizard()]),
    review={ReviewKind.EVENT: EventReviewHandler},
    jobs=[
        # Woken by a commit that owed a notice: due ones are handed to the outbox at once.
        Job("events.notices", send_due_notices, interval=15.0, wakes_on=("event_notices",)),
        # Owes "how many came?" notices (core inserts: the notices job finds them by polling).
        Job("events.attendance", ask_attendance, interval=600.0),
    ],
    queues={
        "event_notices": QueueGauge(
            EventNotice.id,
            lambda: EventNotice.status.in_((NoticeStatus.PENDING, NoticeStatus.CLAIMED)),
        )
    },
    personal_data=[DataSection("events", service.export_member, service.erase_member)],
    demo={"events": load_demo_events},
    provides=[
        OUTBOX_KINDS.provide(OUTBOX_KIND),
        STAFF_TOOLS.provide(
            StaffTool(Role.ORGANISER, "staff-tool-my-events", OrgCb(action="mine"))
        ),
        STAFF_TOOLS.provide(StaffTool(Role.ORGANISER, "staff-tool-new-event", OrgCb(action="new"))),
    ],
)
