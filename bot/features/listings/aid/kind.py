"""Mutual-aid offers and requests as a kind of listing (``listings.extensions.KINDS``)."""

from __future__ import annotations

from aiogram.types import InlineKeyboardMarkup
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import Member, Offer
from bot.features.listings.aid import cards
from bot.features.listings.aid.render import notice_text
from bot.features.listings.extensions import Rows
from bot.features.listings.kinds import Listing, ListingKind
from bot.features.listings.render import Texts


def _offer(listing: Listing) -> Offer:
    # The registry hands each view its own kind only; a mix-up is a bug, said loudly.
    if not isinstance(listing, Offer):
        raise TypeError(f"not an aid offer or request: {type(listing).__name__}")
    return listing


class OfferView:
    kind = ListingKind.OFFER

    async def card(
        self, session: AsyncSession, t: Texts, listing: Listing, viewer: Member, back: str
    ) -> tuple[str, InlineKeyboardMarkup]:
        return await cards.render(session, t, _offer(listing), viewer, back)

    def match_notice(self, t: Texts, listing: Listing) -> tuple[str, Rows]:
        return notice_text(t, _offer(listing)), []
