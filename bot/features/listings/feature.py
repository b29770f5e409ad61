"""Listings (jobs, aid offers and requests, and the conversations about them), as plugged into
the bot: one feature, its kinds (``job``, ``aid``) and its ``conversation`` part (the relay)."""

from __future__ import annotations

from bot.db.models import ListingNotice, ReviewKind
from bot.features.listings.aid.kind import OfferView
from bot.features.listings.aid.review import OfferReviewHandler
from bot.features.listings.aid.router import create_router as aid_router
from bot.features.listings.conversation.card_actions import Respond, Threads
from bot.features.listings.conversation.privacy import erase_relay, export_relay
from bot.features.listings.conversation.review import RelayReviewHandler
from bot.features.listings.conversation.router import create_router as conversation_router
from bot.features.listings.conversation.service import close_threads_for_ban
from bot.features.listings.delivery import run_expiry, run_notices, run_purge
from bot.features.listings.extensions import ACTIONS, KINDS
from bot.features.listings.job.kind import JobView
from bot.features.listings.job.review import JobReviewHandler
from bot.features.listings.job.router import create_router as job_router
from bot.features.listings.privacy import erase_listings, export_listings
from bot.features.listings.router import create_router
from bot.features.listings.service import close_for_ban
from bot.plugins import BanStep, DataSection, Feature, Job, QueueGauge, RouterSet

FEATURE = Feature(
    "listings",
    # The shared card and list handlers first, then each kind's, then the conversations.
    routers=lambda: RouterSet([create_router(), job_router(), aid_router(), conversation_router()]),
    review={
        ReviewKind.JOB: JobReviewHandler,
        ReviewKind.OFFER: OfferReviewHandler,
        ReviewKind.RELAY: RelayReviewHandler,
    },
    # Conversations name the listing: they are closed and erased before the listings are.
    ban_steps=[BanStep(close_threads_for_ban, phase=-1), BanStep(close_for_ban)],
    jobs=[
        Job("listings.expire", run_expiry, interval=600.0),
        Job("listings.notices", run_notices, interval=30.0),
        Job("listings.purge_ended", run_purge, interval=6 * 3600.0),
    ],
    # Listing notices are deleted once delivered: every row is waiting.
    queues={"listing_notices": QueueGauge(ListingNotice.id, lambda: ListingNotice.id.is_not(None))},
    personal_data=[
        DataSection("relay", export_relay, erase_relay, phase=-1),
        DataSection("listings", export_listings, erase_listings),
    ],
    provides=[
        KINDS.provide(JobView()),
        KINDS.provide(OfferView()),
        ACTIONS.provide(Respond()),
        ACTIONS.provide(Threads()),
    ],
)
