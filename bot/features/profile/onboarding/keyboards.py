"""Buttons of the profile wizard (drawn only: the wizard's ``choose`` checks every value)."""

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
    """``step``: l(anguage), c(ountry), ci(ty), p(rofessions), i(nterests), n(otifications);
    ``v``: the value. Packed ``su:<step>:<value>`` as always (field names are not packed), so
    buttons sent before the wizard moved onto the step engine keep working."""

    step: str
    v: str


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
NOTIFY = ("yes", "no")


def language_keyboard() -> InlineKeyboardBuilder:
    builder = InlineKeyboardBuilder()
    for code, name in LANGUAGES:
        builder.button(text=name, callback_data=SetupCb(step="l", v=code))
    return builder


def country_keyboard(i18n: I18nContext, codes: Iterable[str]) -> InlineKeyboardBuilder:
    builder = InlineKeyboardBuilder()
    for code in codes:
        builder.button(
            text=country_name(code, i18n.locale), callback_data=SetupCb(step="c", v=code)
        )
    builder.adjust(2)
    return builder


def city_keyboard(i18n: I18nContext, cities: Iterable[City]) -> InlineKeyboardBuilder:
    builder = InlineKeyboardBuilder()
    for city in cities:
        builder.button(text=city.name(i18n.locale), callback_data=SetupCb(step="ci", v=city.slug))
    builder.adjust(2)
    builder.row()
    builder.button(text=i18n.get("setup-city-skip"), callback_data=SetupCb(step="ci", v=SKIP))
    return builder


def multi_select_keyboard(
    i18n: I18nContext,
    step: str,
    kind: TaxonomyKind,
    slugs: Iterable[str],
    chosen: Iterable[str],
) -> InlineKeyboardBuilder:
    chosen_set = set(chosen)
    builder = multiselect(
        ((slug, label(i18n.get, kind, slug)) for slug in slugs),
        chosen_set,
        lambda slug: SetupCb(step=step, v=slug),
    )
    done_key = "setup-done" if chosen_set else "setup-skip"
    builder.row()
    builder.button(text=i18n.get(done_key), callback_data=SetupCb(step=step, v=DONE))
    return builder


def notifications_keyboard(i18n: I18nContext) -> InlineKeyboardBuilder:
    builder = InlineKeyboardBuilder()
    for value in NOTIFY:
        builder.button(
            text=i18n.get(f"setup-notify-{value}"), callback_data=SetupCb(step="n", v=value)
        )
    builder.adjust(1)
    return builder
