"""The staff app, as plugged into the bot: ``/stats`` in the chat.

The Mini App itself (its page and JSON API, :mod:`bot.features.staffapp.api`) is an HTTP
application, not a Dispatcher's router: the composition root (``bot.app``) mounts it on the
webhook server, or serves it beside long polling, handing it the same :class:`~bot.plugins.Plugins`
registry the Dispatcher gets (the moderation queue's review handlers).
"""

from __future__ import annotations

from bot.features.staffapp.router import create_router
from bot.plugins import Feature, RouterSet

FEATURE = Feature("staffapp", routers=lambda: RouterSet([create_router()]))
