"""Every feature, listed once, in order: the only list a new feature is added to.

Each feature exports one :class:`~bot.plugins.Feature` from its ``feature.py``; the order
here is the order of the routers (commands that work from anywhere — /menu, /cancel, /help —
before the wizards, so they are never swallowed by a step waiting for text; each feature's
``late`` routers after every feature's ``main`` ones; the catch-all last) and of the jobs,
sections and loaders. Privileged routers carry their role gate themselves.

The composition roots (``bot.factory``, ``bot.app``, the CLI, the worker, the demo) call
:func:`plugins` and hand the registries down; nothing below the features imports this package.

The descriptors are imported when first asked for (``FEATURES``, :func:`plugins`), not with the
package: a command that uses one feature's service (the CLI's ``faq search``) imports this
package as the parent of that service's module, and must not import aiogram and every router
to start.
"""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from aiogram import Router

    from bot.plugins import Feature, Plugins

    FEATURES: tuple[Feature, ...]


@cache
def _features() -> tuple[Feature, ...]:
    from bot.features.admin.feature import FEATURE as ADMIN
    from bot.features.broadcast.feature import FEATURE as BROADCAST
    from bot.features.chats.feature import FEATURE as CHATS
    from bot.features.common.feature import FALLBACK
    from bot.features.common.feature import FEATURE as COMMON
    from bot.features.directory.feature import FEATURE as DIRECTORY
    from bot.features.events.feature import FEATURE as EVENTS
    from bot.features.faq.feature import FEATURE as FAQ
    from bot.features.listings.feature import FEATURE as LISTINGS
    from bot.features.moderation.feature import FEATURE as MODERATION
    from bot.features.privacy.feature import FEATURE as PRIVACY
    from bot.features.profile.feature import FEATURE as PROFILE
    from bot.features.safety.feature import FEATURE as SAFETY
    from bot.features.staffapp.feature import FEATURE as STAFFAPP

    return (
        CHATS,  # groups first: its group router takes every update from a group
        COMMON,
        PRIVACY,
        ADMIN,
        MODERATION,
        STAFFAPP,  # /stats; the Mini App's server is mounted by bot.app
        FAQ,
        PROFILE,
        DIRECTORY,
        EVENTS,
        BROADCAST,
        SAFETY,
        LISTINGS,
        FALLBACK,  # the catch-all: always last
    )


def __getattr__(name: str) -> object:
    # ``FEATURES``, imported on first use (PEP 562).
    if name == "FEATURES":
        return _features()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def plugins() -> Plugins:
    """Every feature's contributions, folded into the registries the lower layers read."""
    from bot.plugins import Plugins

    return Plugins.of(_features())


def build_routers() -> list[Router]:
    """New routers for one Dispatcher, in the order updates should meet them."""
    return plugins().build_routers()
