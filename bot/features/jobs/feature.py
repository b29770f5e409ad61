"""Job offers (a kind of listing), as plugged into the bot."""

from __future__ import annotations

from bot.db.models import ReviewKind
from bot.features.jobs.kind import JobView
from bot.features.jobs.review import JobReviewHandler
from bot.features.jobs.router import create_router
from bot.features.listings.extensions import KINDS
from bot.plugins import Feature, RouterSet

FEATURE = Feature(
    "jobs",
    routers=lambda: RouterSet([create_router()]),
    review={ReviewKind.JOB: JobReviewHandler},
    provides=[KINDS.provide(JobView())],
)
