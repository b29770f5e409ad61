"""The member's profile, as plugged into the bot."""

from __future__ import annotations

from bot.features.profile.router import create_router
from bot.plugins import Feature, RouterSet

FEATURE = Feature("profile", routers=lambda: RouterSet([create_router()]))
