"""Buttons of "Communities": browsing with filters, reporting, and the proposal wizard."""

from __future__ import annotations

from collections.abc import Iterable

from aiogram.filters.callback_data import CallbackData
from aiogram.types import InlineKeyboardMarkup
from aiogram_i18n import I18nContext

from bot.db.models import ALL_COUNTRIES, Group, GroupKind, TaxonomyKind
from bot.features.common.keyboards import back_to_menu_button
from bot.features.directory.render import language_names
from bot.features.directory.service import ANY, REPORT_REASONS
from bot.geo import City, country_name
from bot.taxonomy import label
from bot.ui.keyboards import InlineKeyboardBuilder, multiselect, pager


class DirCb(CallbackData, prefix="dir"):
    """Browsing. ``a``: list (page ``page``), cc/cp (choose a country / a profession), rp (report
    group ``g``: choose a reason), rr (report with reason ``r``). ``c`` and ``p`` are the filters:
    "" — as in the profile; ``*`` — transnational only / any profession."""

    a: str
    page: int = 0
    c: str = ""
    p: str = ""
    g: int = 0
    r: int = -1  # the reason's index in REPORT_REASONS (short: callback data has 64 bytes)


class ProposeCb(CallbackData, prefix="dp"):
    """The proposal wizard. ``s``: the step answered (start, c(ountry), ci(ty), same (a similar
    title is a different group), k(ind), p(rofessions), i(nterests), l(anguages), send, again);
    ``v``: the value chosen; ``stop`` ends the wizard."""

    s: str
    v: str = ""


DONE = "_done"


def browse_keyboard(
    i18n: I18nContext,
    *,
    group: Group | None,
    page: int,
    total: int,
    country: str,
    profession: str,
) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    sizes: list[int] = []
    if group is not None:
        builder.button(text=i18n.get("directory-button-open"), url=group.link)
        builder.button(
            text=i18n.get("directory-button-report"),
            callback_data=DirCb(a="rp", page=page, c=country, p=profession, g=group.id),
        )
        sizes.append(2)
    nav = pager(
        page,
        total,
        lambda number: DirCb(a="list", page=number, c=country, p=profession),
        previous=i18n.get("directory-button-previous"),
        following=i18n.get("directory-button-next"),
    )
    for button in nav:
        builder.add(button)
    if nav:
        sizes.append(len(nav))
    builder.button(
        text=i18n.get("directory-button-country"),
        callback_data=DirCb(a="cc", c=country, p=profession),
    )
    builder.button(
        text=i18n.get("directory-button-profession"),
        callback_data=DirCb(a="cp", c=country, p=profession),
    )
    sizes.append(2)
    if country or profession:
        builder.button(text=i18n.get("directory-button-mine"), callback_data=DirCb(a="list"))
        sizes.append(1)
    builder.button(text=i18n.get("directory-button-propose"), callback_data=ProposeCb(s="start"))
    sizes.append(1)
    builder.adjust(*sizes)
    builder.row(back_to_menu_button(i18n))
    return builder.as_markup()


def country_filter_keyboard(
    i18n: I18nContext, countries: Iterable[str], *, profession: str
) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    for code in countries:
        builder.button(
            text=country_name(code, i18n.locale),
            callback_data=DirCb(a="list", c=code, p=profession),
        )
    builder.button(
        text=i18n.get("directory-filter-transnational"),
        callback_data=DirCb(a="list", c=ALL_COUNTRIES, p=profession),
    )
    builder.adjust(2)
    builder.row()
    builder.button(
        text=i18n.get("directory-button-back"), callback_data=DirCb(a="list", p=profession)
    )
    return builder.as_markup()


def profession_filter_keyboard(
    i18n: I18nContext, slugs: Iterable[str], *, country: str
) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    for slug in slugs:
        builder.button(
            text=label(i18n.get, TaxonomyKind.PROFESSION, slug),
            callback_data=DirCb(a="list", c=country, p=slug),
        )
    builder.button(
        text=i18n.get("directory-filter-any-profession"),
        callback_data=DirCb(a="list", c=country, p=ANY),
    )
    builder.adjust(2)
    builder.row()
    builder.button(text=i18n.get("directory-button-back"), callback_data=DirCb(a="list", c=country))
    return builder.as_markup()


def report_keyboard(
    i18n: I18nContext, *, group_id: int, page: int, country: str, profession: str
) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    for index, reason in enumerate(REPORT_REASONS):
        builder.button(
            text=i18n.get(f"directory-report-{reason}"),
            callback_data=DirCb(a="rr", page=page, c=country, p=profession, g=group_id, r=index),
        )
    builder.button(
        text=i18n.get("directory-button-back"),
        callback_data=DirCb(a="list", page=page, c=country, p=profession),
    )
    builder.adjust(1)
    return builder.as_markup()


# ---- the proposal wizard ----------------------------------------------------------------


def propose_country_keyboard(i18n: I18nContext, codes: Iterable[str]) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    for code in codes:
        builder.button(text=country_name(code, i18n.locale), callback_data=ProposeCb(s="c", v=code))
    builder.button(
        text=i18n.get("directory-filter-transnational"),
        callback_data=ProposeCb(s="c", v=ALL_COUNTRIES),
    )
    builder.adjust(2)
    return builder.as_markup()


def propose_city_keyboard(i18n: I18nContext, cities: Iterable[City]) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    for city in cities:
        builder.button(text=city.name(i18n.locale), callback_data=ProposeCb(s="ci", v=city.slug))
    builder.adjust(2)
    builder.row()
    builder.button(
        text=i18n.get("directory-propose-whole-country"), callback_data=ProposeCb(s="ci", v=DONE)
    )
    return builder.as_markup()


def propose_similar_keyboard(i18n: I18nContext) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    builder.button(text=i18n.get("directory-propose-different"), callback_data=ProposeCb(s="same"))
    builder.button(text=i18n.get("directory-propose-stop"), callback_data=ProposeCb(s="stop"))
    builder.adjust(1)
    return builder.as_markup()


def propose_kind_keyboard(i18n: I18nContext) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    for kind in (GroupKind.CHAT, GroupKind.CHANNEL, GroupKind.FORUM):
        builder.button(
            text=i18n.get(f"directory-kind-{kind}"), callback_data=ProposeCb(s="k", v=str(kind))
        )
    builder.adjust(3)
    return builder.as_markup()


def propose_multi_keyboard(
    i18n: I18nContext,
    step: str,
    options: Iterable[tuple[str, str]],
    chosen: Iterable[str],
    *,
    need_one: bool = False,
) -> InlineKeyboardMarkup:
    """Toggle buttons ``(value, label)``; "Done" (or "Skip" when nothing is chosen)."""
    picked = set(chosen)
    builder = multiselect(options, picked, lambda value: ProposeCb(s=step, v=value))
    builder.row()
    if picked or not need_one:
        key = "directory-propose-done" if picked else "directory-propose-skip"
        builder.button(text=i18n.get(key), callback_data=ProposeCb(s=step, v=DONE))
    return builder.as_markup()


def language_options(i18n: I18nContext, codes: Iterable[str]) -> list[tuple[str, str]]:
    return [(code, language_names([code], i18n.locale)) for code in codes]


def propose_confirm_keyboard(i18n: I18nContext) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    builder.button(text=i18n.get("directory-propose-send"), callback_data=ProposeCb(s="send"))
    builder.button(text=i18n.get("directory-propose-again"), callback_data=ProposeCb(s="again"))
    builder.button(text=i18n.get("directory-propose-stop"), callback_data=ProposeCb(s="stop"))
    builder.adjust(1)
    return builder.as_markup()
