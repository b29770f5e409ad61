"""Buttons of mutual aid and their callback data (ids, codes and a compact filter token)."""

from __future__ import annotations

from collections.abc import Iterable

from aiogram.filters.callback_data import CallbackData
from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup

from bot.db.models import Offer, OfferKind
from bot.features.common.keyboards import MenuCb
from bot.features.listings.aid.render import offer_line
from bot.features.listings.aid.service import AidFilter, AidPage
from bot.features.listings.keyboards import (
    BACK_MINE,
    ListingCb,
    card_button_data,
    menu_button,
    place_options,
)
from bot.features.listings.kinds import ListingKind
from bot.features.listings.render import Texts, category_label, status_text
from bot.features.safety.keyboards import SafetyCb
from bot.geo import cities_of, country_name
from bot.ui.keyboards import InlineKeyboardBuilder, pager


class AidCb(CallbackData, prefix="aid"):
    """``a``: need (post a request), give (post an offer), requests, offers (browse), mine."""

    a: str


class AidWizCb(CallbackData, prefix="aw"):
    step: str
    v: str = ""


class AidListCb(CallbackData, prefix="al"):
    """A page of the list for the filter token ``f`` (``AidFilter.pack``)."""

    f: str
    pg: int = 0


class AidPickCb(CallbackData, prefix="ap"):
    """Open a filter picker: ``what`` is place, city or cat."""

    what: str
    f: str


def aid_home_button(t: Texts) -> InlineKeyboardButton:
    return InlineKeyboardButton(text=t.get("aid-home"), callback_data=MenuCb(section="aid").pack())


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


def list_keyboard(t: Texts, aid_filter: AidFilter, page: AidPage) -> InlineKeyboardMarkup:
    token = aid_filter.pack()
    builder = InlineKeyboardBuilder()
    for offer in page.offers:
        builder.row(
            InlineKeyboardButton(
                text=offer_line(t, offer),
                callback_data=card_button_data(ListingKind.OFFER, offer.id, f"{token}.{page.page}"),
            )
        )

    def opens(number: int) -> AidListCb:
        return AidListCb(f=token, pg=number)

    if nav := pager(page.page, page.pages, opens, counter=opens):
        builder.row(*nav)
    filters = [
        InlineKeyboardButton(
            text=t.get("aid-pick-place"), callback_data=AidPickCb(what="place", f=token).pack()
        )
    ]
    if aid_filter.country and cities_of(aid_filter.country):
        filters.append(
            InlineKeyboardButton(
                text=t.get("aid-pick-city"), callback_data=AidPickCb(what="city", f=token).pack()
            )
        )
    filters.append(
        InlineKeyboardButton(
            text=t.get("aid-pick-category"), callback_data=AidPickCb(what="cat", f=token).pack()
        )
    )
    builder.row(*filters)
    builder.row(aid_home_button(t))
    return builder.as_markup()


def back_to_list(t: Texts, aid_filter: AidFilter) -> InlineKeyboardButton:
    return InlineKeyboardButton(
        text=t.get("aid-back-list"), callback_data=AidListCb(f=aid_filter.pack()).pack()
    )


def place_picker(
    t: Texts, aid_filter: AidFilter, member_country: str | None
) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    kind, category = aid_filter.kind, aid_filter.category
    builder.button(
        text=t.get("listing-place-anywhere"),
        callback_data=AidListCb(f=AidFilter(kind, category=category).pack()),
    )
    for code in place_options(member_country):
        builder.button(
            text=country_name(code, t.locale),
            callback_data=AidListCb(f=AidFilter(kind, country=code, category=category).pack()),
        )
    builder.adjust(1, 3)
    builder.row(back_to_list(t, aid_filter))
    return builder.as_markup()


def city_picker(t: Texts, aid_filter: AidFilter) -> InlineKeyboardMarkup:
    assert aid_filter.country is not None
    builder = InlineKeyboardBuilder()
    for city in cities_of(aid_filter.country):
        chosen = AidFilter(aid_filter.kind, aid_filter.country, city.name_en, aid_filter.category)
        builder.button(text=city.name(t.locale), callback_data=AidListCb(f=chosen.pack()))
    builder.adjust(3)
    whole = AidFilter(aid_filter.kind, aid_filter.country, None, aid_filter.category)
    builder.row(
        InlineKeyboardButton(
            text=t.get("listing-city-whole-country"), callback_data=AidListCb(f=whole.pack()).pack()
        )
    )
    builder.row(back_to_list(t, aid_filter))
    return builder.as_markup()


def category_picker(t: Texts, aid_filter: AidFilter, slugs: Iterable[str]) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()

    def with_category(slug: str | None) -> str:
        return AidFilter(aid_filter.kind, aid_filter.country, aid_filter.city, slug).pack()

    builder.button(text=t.get("aid-any-category"), callback_data=AidListCb(f=with_category(None)))
    for slug in slugs:
        builder.button(text=category_label(t, slug), callback_data=AidListCb(f=with_category(slug)))
    builder.adjust(2)
    builder.row(back_to_list(t, aid_filter))
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
    builder.row(aid_home_button(t))
    return builder.as_markup()
