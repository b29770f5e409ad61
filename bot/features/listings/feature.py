"""Listings (the base of jobs and aid offers: lists, expiry, notices), as plugged into the bot."""

from __future__ import annotations

from bot.db.models import ListingNotice
from bot.features.listings.delivery import run_expiry, run_notices, run_purge
from bot.features.listings.privacy import erase_listings, export_listings
from bot.features.listings.router import create_router
from bot.features.listings.service import close_for_ban
from bot.plugins import BanStep, DataSection, Feature, Job, QueueGauge, RouterSet

FEATURE = Feature(
    "listings",
    routers=lambda: RouterSet([create_router()]),
    ban_steps=[BanStep(close_for_ban)],
    jobs=[
        Job("listings.expire", run_expiry, interval=600.0),
        Job("listings.notices", run_notices, interval=30.0),
        Job("listings.purge_ended", run_purge, interval=6 * 3600.0),
    ],
    # Listing notices are deleted once delivered: every row is waiting.
    queues={"listing_notices": QueueGauge(ListingNotice.id, lambda: ListingNotice.id.is_not(None))},
    personal_data=[DataSection("listings", export_listings, erase_listings)],
)
