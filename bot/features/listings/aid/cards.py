"""The mutual-aid card with the buttons the viewer may use."""

from __future__ import annotations

from datetime import datetime

from aiogram.types import InlineKeyboardMarkup
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import Member, Offer, OfferKind
from bot.db.types import utcnow
from bot.features.listings.aid.keyboards import BOARD
from bot.features.listings.aid.render import offer_card
from bot.features.listings.conversation.service import thread_count
from bot.features.listings.keyboards import card_actions
from bot.features.listings.kinds import ListingKind
from bot.features.listings.notices import member_zone
from bot.features.listings.render import Texts
from bot.features.listings.service import RENEWAL_NOTICE


async def render(
    session: AsyncSession,
    t: Texts,
    offer: Offer,
    viewer: Member,
    back: str,
    now: datetime | None = None,
) -> tuple[str, InlineKeyboardMarkup]:
    now = now or utcnow()
    mine = offer.author_id == viewer.id
    text = offer_card(t, offer, member_zone(viewer), for_author=mine)
    rows = card_actions(
        t,
        offer,
        viewer.id,
        respond_key="aid-respond-request"
        if offer.kind == OfferKind.REQUEST
        else "aid-respond-offer",
        has_threads=mine and await thread_count(session, ListingKind.OFFER, offer.id) > 0,
        now_expires_soon=offer.expires_at is not None and offer.expires_at - now <= RENEWAL_NOTICE,
    )
    rows.append([BOARD.back_from_card(t, back)])
    return text, InlineKeyboardMarkup(inline_keyboard=rows)
