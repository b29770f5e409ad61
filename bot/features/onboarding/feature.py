"""Onboarding (/start and the first profile), as plugged into the bot."""

from __future__ import annotations

from bot.features.onboarding.router import create_router
from bot.plugins import Feature, RouterSet

FEATURE = Feature("onboarding", routers=lambda: RouterSet([create_router()]))
