"""Mutual-aid offers and requests as a kind of listing (``listings.extensions.KINDS``)."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import Offer, OfferKind
from bot.features.listings.aid.keyboards import BOARD
from bot.features.listings.aid.render import notice_text, offer_card
from bot.features.listings.extensions import Rows
from bot.features.listings.kinds import Listing
from bot.features.listings.render import Texts
from bot.features.listings.views import ListingView


async def _card_text(
    session: AsyncSession, t: Texts, offer: Offer, zone: ZoneInfo, for_author: bool
) -> str:
    return offer_card(t, offer, zone, for_author=for_author)


def _respond_key(offer: Offer) -> str:
    return "aid-respond-request" if offer.kind == OfferKind.REQUEST else "aid-respond-offer"


class OfferView(ListingView[Offer]):
    """The card of a request or an offer, and the notice to members it matches."""

    def __init__(self) -> None:
        super().__init__(Offer, BOARD, _card_text, _respond_key)

    def match_notice(self, t: Texts, listing: Listing) -> tuple[str, Rows]:
        return notice_text(t, self.own(listing)), []
