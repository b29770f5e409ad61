"""Every feature's router, assembled in one explicit order (the catch-all last).

Order matters: commands that work from anywhere (/menu, /cancel, /help) come before the
wizards, so they are never swallowed by a step waiting for text; privileged routers carry
their role gate themselves.
"""

from __future__ import annotations

from aiogram import Router

from bot.features.admin.router import create_router as admin
from bot.features.admin.transfer_router import create_router as admin_transfer
from bot.features.common.fallback import create_router as fallback
from bot.features.common.router import create_router as common
from bot.features.directory.router import create_router as directory
from bot.features.moderation.router import create_router as moderation
from bot.features.onboarding.router import create_router as onboarding
from bot.features.privacy.router import create_router as privacy
from bot.features.profile.router import create_router as profile


def build_routers() -> list[Router]:
    """New routers for one Dispatcher, in the order updates should meet them."""
    return [
        common(),
        privacy(),
        admin(),
        admin_transfer(),
        moderation(),
        onboarding(),
        profile(),
        directory(),
        fallback(),  # catch-all: always last
    ]
