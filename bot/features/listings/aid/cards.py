"""The mutual-aid card with the buttons the viewer may use."""

from __future__ import annotations

from datetime import datetime

from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import Member, Offer, OfferKind
from bot.db.types import utcnow
from bot.features.listings.aid.keyboards import AidCb, AidListCb, aid_home_button
from bot.features.listings.aid.render import offer_card
from bot.features.listings.aid.service import AidFilter
from bot.features.listings.conversation.service import thread_count
from bot.features.listings.keyboards import BACK_MINE, card_actions
from bot.features.listings.kinds import ListingKind
from bot.features.listings.notices import member_zone
from bot.features.listings.render import Texts
from bot.features.listings.service import RENEWAL_NOTICE


def back_button(t: Texts, back: str) -> InlineKeyboardButton:
    if back == BACK_MINE:
        return InlineKeyboardButton(
            text=t.get("aid-back-mine"), callback_data=AidCb(a="mine").pack()
        )
    token, _, page = back.rpartition(".")
    if token and page.isdigit() and AidFilter.parse(token) is not None:
        return InlineKeyboardButton(
            text=t.get("aid-back-list"), callback_data=AidListCb(f=token, pg=int(page)).pack()
        )
    return aid_home_button(t)


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
    rows.append([back_button(t, back)])
    return text, InlineKeyboardMarkup(inline_keyboard=rows)
