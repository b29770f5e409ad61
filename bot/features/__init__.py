"""Every feature's router, assembled in one explicit order (the catch-all last).

Order matters: commands that work from anywhere (/menu, /cancel, /help) come before the
wizards, so they are never swallowed by a step waiting for text; privileged routers carry
their role gate themselves.
"""

from __future__ import annotations

from aiogram import Router

from bot.features.admin.router import create_router as admin
from bot.features.common.fallback import create_router as fallback
from bot.features.common.router import create_router as common
from bot.features.jobs.router import create_router as jobs
from bot.features.listings.router import create_router as listings
from bot.features.offers.router import create_router as offers
from bot.features.onboarding.router import create_router as onboarding
from bot.features.privacy.router import create_router as privacy
from bot.features.profile.router import create_router as profile
from bot.features.relay.router import create_router as relay
from bot.features.safety.router import create_router as safety


def build_routers() -> list[Router]:
    """New routers for one Dispatcher, in the order updates should meet them."""
    return [
        common(),
        privacy(),
        admin(),
        onboarding(),
        profile(),
        safety(),
        listings(),
        jobs(),
        offers(),
        relay(),
        fallback(),  # catch-all: always last
    ]
