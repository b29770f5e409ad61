"""Buttons of the profile wizard."""

from __future__ import annotations

from collections.abc import Iterable

from aiogram.filters.callback_data import CallbackData
from aiogram.types import InlineKeyboardMarkup
from aiogram_i18n import I18nContext

from bot.db.models import TaxonomyKind
from bot.geo import City, country_name
from bot.taxonomy import label
from bot.ui.keyboards import InlineKeyboardBuilder, multiselect


class SetupCb(CallbackData, prefix="su"):
    """``step``: l(anguage), c(ountry), ci(ty), p(rofessions), i(nterests), n(otifications)."""

    step: str
    value: str


class DeepLinkCb(CallbackData, prefix="dl"):
    """The onboarded member's answer to a shared link: change the profile to it, or keep."""

    ok: bool


def deep_link_keyboard(i18n: I18nContext) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    builder.button(text=i18n.get("deeplink-yes"), callback_data=DeepLinkCb(ok=True))
    builder.button(text=i18n.get("deeplink-no"), callback_data=DeepLinkCb(ok=False))
    builder.adjust(1)
    return builder.as_markup()


DONE = "_done"
SKIP = "_skip"
LANGUAGES = (("ru", "Русский"), ("en", "English"))


def language_keyboard() -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    for code, name in LANGUAGES:
        builder.button(text=name, callback_data=SetupCb(step="l", value=code))
    return builder.as_markup()


def country_keyboard(i18n: I18nContext, codes: Iterable[str]) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    for code in codes:
        builder.button(
            text=country_name(code, i18n.locale), callback_data=SetupCb(step="c", value=code)
        )
    builder.adjust(2)
    return builder.as_markup()


def city_keyboard(i18n: I18nContext, cities: Iterable[City]) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    for city in cities:
        builder.button(
            text=city.name(i18n.locale), callback_data=SetupCb(step="ci", value=city.slug)
        )
    builder.adjust(2)
    builder.row()
    builder.button(text=i18n.get("setup-city-skip"), callback_data=SetupCb(step="ci", value=SKIP))
    return builder.as_markup()


def multi_select_keyboard(
    i18n: I18nContext,
    step: str,
    kind: TaxonomyKind,
    slugs: Iterable[str],
    chosen: Iterable[str],
) -> InlineKeyboardMarkup:
    chosen_set = set(chosen)
    builder = multiselect(
        ((slug, label(i18n.get, kind, slug)) for slug in slugs),
        chosen_set,
        lambda slug: SetupCb(step=step, value=slug),
    )
    done_key = "setup-done" if chosen_set else "setup-skip"
    builder.row()
    builder.button(text=i18n.get(done_key), callback_data=SetupCb(step=step, value=DONE))
    return builder.as_markup()


def notifications_keyboard(i18n: I18nContext) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    builder.button(text=i18n.get("setup-notify-yes"), callback_data=SetupCb(step="n", value="yes"))
    builder.button(text=i18n.get("setup-notify-no"), callback_data=SetupCb(step="n", value="no"))
    builder.adjust(1)
    return builder.as_markup()
