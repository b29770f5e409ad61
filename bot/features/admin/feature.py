"""Administration (roles, import/export through the chat), as plugged into the bot."""

from __future__ import annotations

from bot.features.admin.menus import export_menu, forget_menu, sync_staff_menus
from bot.features.admin.router import create_router as admin
from bot.features.admin.transfer_router import create_router as transfer
from bot.plugins import DataSection, Feature, Job, RouterSet

FEATURE = Feature(
    "admin",
    routers=lambda: RouterSet([admin(), transfer()]),
    jobs=[
        Job(
            "admin.staff_menus",
            sync_staff_menus,
            interval=60.0,
            wakes_on=("staff_menu_syncs",),
        )
    ],
    # Before the profile (phase 1) takes the role grants: an erased staff member's own "/"
    # menu is cleared.
    personal_data=[DataSection("staff_menu", export_menu, forget_menu, phase=0)],
)
