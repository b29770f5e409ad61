"""Buttons of mutual aid and their callback data (ids, codes and a compact filter token)."""

from __future__ import annotations

from aiogram.filters.callback_data import CallbackData
from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup

from bot.db.models import Offer, OfferKind, TaxonomyKind
from bot.features.listings.aid.render import filter_text, offer_line
from bot.features.listings.aid.service import AidFilter, browse
from bot.features.listings.board import Board, BoardListCb, BoardPickCb
from bot.features.listings.keyboards import (
    BACK_MINE,
    ListingCb,
    menu_button,
)
from bot.features.listings.kinds import ListingKind
from bot.features.listings.render import Texts, category_label, status_text
from bot.features.safety.keyboards import SafetyCb
from bot.ui.keyboards import InlineKeyboardBuilder


class AidCb(CallbackData, prefix="aid"):
    """``a``: need (post a request), give (post an offer), requests, offers (browse), mine."""

    a: str


class AidWizCb(CallbackData, prefix="aw"):
    step: str
    v: str = ""


class AidListCb(BoardListCb, prefix="al"):
    """A page of the list for the filter token ``f`` (``AidFilter.pack``)."""


class AidPickCb(BoardPickCb, prefix="ap"):
    """Open a filter picker: ``what`` is place, city or cat."""


def _next_steps(t: Texts, listing_filter: AidFilter) -> list[list[InlineKeyboardButton]]:
    """An empty list of requests or offers: ask for help or offer it — the one that answers
    what was looked for first (no offers yet: ask, and those who can help are told)."""
    need = InlineKeyboardButton(text=t.get("aid-need"), callback_data=AidCb(a="need").pack())
    give = InlineKeyboardButton(text=t.get("aid-give"), callback_data=AidCb(a="give").pack())
    return [[need, give] if listing_filter.kind == OfferKind.OFFER else [give, need]]


BOARD: Board[AidFilter] = Board(
    kind=ListingKind.OFFER,
    command="aid",
    section="aid",
    home=lambda t: home_keyboard(t),
    texts="aid",
    list_cb=AidListCb,
    pick_cb=AidPickCb,
    parse=AidFilter.parse,
    browse=browse,
    describe=filter_text,
    line=offer_line,
    topic="cat",
    topic_word="category",
    topics=TaxonomyKind.OFFER_CATEGORY,
    topic_label=category_label,
    next_steps=_next_steps,
    mine=AidCb(a="mine"),
)
"""Requests' and offers' lists and their pickers (``bot.features.listings.board``)."""


def home_keyboard(t: Texts) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    builder.button(text=t.get("aid-need"), callback_data=AidCb(a="need"))
    builder.button(text=t.get("aid-give"), callback_data=AidCb(a="give"))
    builder.button(text=t.get("aid-browse-requests"), callback_data=AidCb(a="requests"))
    builder.button(text=t.get("aid-browse-offers"), callback_data=AidCb(a="offers"))
    builder.button(text=t.get("aid-mine"), callback_data=AidCb(a="mine"))
    builder.button(text=t.get("safety-button"), callback_data=SafetyCb(topic="aid"))
    builder.adjust(2)
    builder.row(menu_button(t))
    return builder.as_markup()


def my_offers_keyboard(t: Texts, offers: list[Offer]) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    for offer in offers:
        mark = "🙋" if offer.kind == OfferKind.REQUEST else "🤲"
        builder.row(
            InlineKeyboardButton(
                text=f"{mark} {status_text(t, offer.status)} · {offer_line(t, offer)}",
                callback_data=ListingCb(
                    k=ListingKind.OFFER.value, a="v", id=offer.id, v=BACK_MINE
                ).pack(),
            )
        )
    builder.row(BOARD.home_button(t))
    return builder.as_markup()
