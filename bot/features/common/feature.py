"""The common screens (menu, help, cancel) and the catch-all, as plugged into the bot."""

from __future__ import annotations

from bot.features.common.fallback import create_router as fallback
from bot.features.common.router import create_router as common
from bot.features.common.staff import create_router as staff
from bot.plugins import Feature, RouterSet

FEATURE = Feature("common", routers=lambda: RouterSet([common(), staff()]))

# The catch-all answers what nothing else took: listed last, its router comes after every
# other feature's late routers too.
FALLBACK = Feature("fallback", routers=lambda: RouterSet(late=[fallback()]))
