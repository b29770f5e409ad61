"""Mutual-aid listings as the moderation queue sees them (``ReviewKind.OFFER``).

Approving publishes (and, the first time, tells members with a matching request or offer who
opted in to alerts); rejecting keeps it unpublished or takes it down; open reports are settled.
"""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import Offer
from bot.features.listings.aid.render import moderator_card
from bot.features.listings.aid.service import notify_matching
from bot.features.listings.render import Texts
from bot.features.listings.service import clear_scam_flag, publish, take_down
from bot.geo import timezone_for


async def _offer(session: AsyncSession, target_id: str) -> Offer | None:
    if not target_id.isdigit():
        return None
    return await session.get(Offer, int(target_id))


class OfferReviewHandler:
    """:class:`bot.features.moderation.registry.ReviewHandler` for offers and requests."""

    async def describe(self, session: AsyncSession, target_id: str, locale: str) -> str | None:
        offer = await _offer(session, target_id)
        if offer is None:
            return None
        zone = timezone_for(offer.country, offer.city)
        return moderator_card(Texts.offline(locale), offer, zone)

    async def title(self, session: AsyncSession, target_id: str) -> str | None:
        offer = await _offer(session, target_id)
        return offer.title if offer is not None else None

    async def approve(self, session: AsyncSession, target_id: str, moderator_id: int) -> None:
        offer = await _offer(session, target_id)
        if offer is not None and await publish(session, offer):
            await notify_matching(session, offer)

    async def reject(self, session: AsyncSession, target_id: str, moderator_id: int) -> None:
        offer = await _offer(session, target_id)
        if offer is not None:
            await take_down(session, offer)

    async def clear_flag(self, session: AsyncSession, target_id: str, category: str) -> None:
        listing = await _offer(session, target_id)
        if listing is not None:
            clear_scam_flag(listing, category)
