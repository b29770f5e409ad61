"""Privacy (/privacy, /my_data, /delete_me, retention), as plugged into the bot."""

from __future__ import annotations

from bot.features.privacy.jobs import (
    erase_after_decisions,
    purge_old_audit_entries,
    warn_and_erase_silent_members,
)
from bot.features.privacy.router import create_router
from bot.features.privacy.service import OWN_SECTIONS
from bot.plugins import Feature, Job, RouterSet

FEATURE = Feature(
    "privacy",
    routers=lambda: RouterSet([create_router()]),
    jobs=[
        Job("privacy.silent_members", warn_and_erase_silent_members, interval=3600.0),
        Job("privacy.audit_retention", purge_old_audit_entries, interval=6 * 3600.0),
        Job("privacy.erase_after_decisions", erase_after_decisions, interval=60.0),
    ],
    personal_data=OWN_SECTIONS,
)
