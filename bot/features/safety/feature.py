"""Safety advice (scams), as plugged into the bot."""

from __future__ import annotations

from bot.features.safety.router import create_router
from bot.plugins import Feature, RouterSet

FEATURE = Feature("safety", routers=lambda: RouterSet([create_router()]))
