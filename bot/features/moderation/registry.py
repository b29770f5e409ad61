"""What the queue needs from each kind of listing, and which feature provides it.

Each feature that sends listings to review implements :class:`ReviewHandler` in its own
``review.py`` and adds one line to :func:`review_handlers`.
"""

from __future__ import annotations

from typing import Protocol

from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import ReviewKind


class ReviewHandler(Protocol):
    """A kind of listing as the moderation queue sees it. No aiogram here."""

    async def describe(self, session: AsyncSession, target_id: str, locale: str) -> str | None:
        """The listing as a moderator's card: safe HTML (every member value escaped).

        ``None`` when the listing no longer exists.
        """
        ...

    async def title(self, session: AsyncSession, target_id: str) -> str | None:
        """A short plain-text name of the listing, for notices to its author."""
        ...

    async def approve(self, session: AsyncSession, target_id: str, moderator_id: int) -> None:
        """Publish the listing (called once the decision is recorded)."""
        ...

    async def reject(self, session: AsyncSession, target_id: str, moderator_id: int) -> None:
        """Keep the listing unpublished (called once the decision is recorded)."""
        ...


def review_handlers() -> dict[ReviewKind, ReviewHandler]:
    """Every kind of listing the queue can decide on, by kind (features add theirs here)."""
    from bot.features.jobs.review import JobReviewHandler
    from bot.features.offers.review import OfferReviewHandler
    from bot.features.relay.review import RelayReviewHandler

    return {
        ReviewKind.JOB: JobReviewHandler(),
        ReviewKind.OFFER: OfferReviewHandler(),
        ReviewKind.RELAY: RelayReviewHandler(),
    }
