"""Mutual-aid listings as the moderation queue sees them (``ReviewKind.OFFER``): the shared
listing review; on publication, members with a matching request or offer who opted in to
alerts are told."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import Offer
from bot.features.listings.aid.render import moderator_card
from bot.features.listings.aid.service import notify_matching
from bot.features.listings.render import Texts
from bot.features.listings.review import ListingReviewHandler


async def _card(session: AsyncSession, t: Texts, offer: Offer, zone: ZoneInfo) -> str:
    return moderator_card(t, offer, zone)


class OfferReviewHandler(ListingReviewHandler[Offer]):
    def __init__(self) -> None:
        super().__init__(Offer, _card, notify_matching)
