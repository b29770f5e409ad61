"""Conversations about listings through the bot (relay), as plugged into the bot."""

from __future__ import annotations

from bot.db.models import ReviewKind
from bot.features.listings.extensions import ACTIONS
from bot.features.relay.card_actions import Respond, Threads
from bot.features.relay.privacy import erase_relay, export_relay
from bot.features.relay.review import RelayReviewHandler
from bot.features.relay.router import create_router
from bot.features.relay.service import close_threads_for_ban
from bot.plugins import BanStep, DataSection, Feature, RouterSet

FEATURE = Feature(
    "relay",
    routers=lambda: RouterSet([create_router()]),
    review={ReviewKind.RELAY: RelayReviewHandler},
    # Conversations name the listing: they are closed and erased before the listings are.
    ban_steps=[BanStep(close_threads_for_ban, phase=-1)],
    personal_data=[DataSection("relay", export_relay, erase_relay, phase=-1)],
    provides=[ACTIONS.provide(Respond()), ACTIONS.provide(Threads())],
)
