"""Administration (roles, import/export through the chat), as plugged into the bot."""

from __future__ import annotations

from bot.features.admin.router import create_router as admin
from bot.features.admin.transfer_router import create_router as transfer
from bot.plugins import Feature, RouterSet

FEATURE = Feature("admin", routers=lambda: RouterSet([admin(), transfer()]))
