"""Mutual-aid offers and requests (a kind of listing), as plugged into the bot."""

from __future__ import annotations

from bot.db.models import ReviewKind
from bot.features.listings.extensions import KINDS
from bot.features.offers.kind import OfferView
from bot.features.offers.review import OfferReviewHandler
from bot.features.offers.router import create_router
from bot.plugins import Feature, RouterSet

FEATURE = Feature(
    "offers",
    routers=lambda: RouterSet([create_router()]),
    review={ReviewKind.OFFER: OfferReviewHandler},
    provides=[KINDS.provide(OfferView())],
)
