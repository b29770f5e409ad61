"""The member's profile, as plugged into the bot: its first-time path (/start, the onboarding
wizard in ``profile.onboarding``) and its edit mode."""

from __future__ import annotations

from bot.features.profile.onboarding.router import create_router as onboarding_router
from bot.features.profile.router import create_router
from bot.plugins import Feature, RouterSet

# The first-time path's router (/start, the wizard's steps) before the profile screen's.
FEATURE = Feature("profile", routers=lambda: RouterSet([onboarding_router(), create_router()]))
