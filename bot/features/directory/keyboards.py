"""Buttons of "Communities": browsing with filters and reporting; the proposal wizard's
callback data (its steps draw their own buttons, in ``propose``)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from aiogram.filters.callback_data import CallbackData
from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup
from aiogram_i18n import I18nContext

from bot.db.models import ALL_COUNTRIES, Group, TaxonomyKind
from bot.features.common.keyboards import back_to_menu_button
from bot.features.directory.service import ANY, REPORT_REASONS
from bot.geo import country_name
from bot.taxonomy import label
from bot.ui.keyboards import InlineKeyboardBuilder, pager
from bot.ui.steps import CANCEL, SUBMIT

# Groups on one screen of the list: enough to compare at a glance, few enough that every button
# shows on a phone without scrolling.
PAGE_SIZE = 5
# A group's button shows its title cut to this many characters (a phone shows about 35).
BUTTON_TITLE_MAX = 34


class DirCb(CallbackData, prefix="dir"):
    """Browsing. ``a``: l (the list, page ``page`` of :data:`PAGE_SIZE` groups), g (the card
    of group ``g``; ``page`` is the list page "back" returns to), cc/cp (choose a country / a
    profession), rp (report group ``g``: choose a reason), rr (report with reason ``r``);
    ``list`` is the one-group-per-screen era's button (``page``: the group's position), still
    answered for messages already in chats. ``c`` and ``p`` are the filters: "" — as in the
    profile; ``*`` — transnational only / any profession; a country code — that whole
    country."""

    a: str
    page: int = 0
    c: str = ""
    p: str = ""
    g: int = 0
    r: int = -1  # the reason's index in REPORT_REASONS (short: callback data has 64 bytes)


# The names the proposal wizard gave ✖ and 📨 before it ran on the step engine: buttons of
# messages already in chats read as the engine's own (``Steps.renamed``).
OLD_ACTIONS = {"stop": CANCEL, "send": SUBMIT}


class ProposeCb(CallbackData, prefix="dp"):
    """The proposal wizard (``bot.features.directory.propose``). ``step``: ``start`` (open it),
    a step code (``propose.STEP_CODES``: c(ountry), ci(ty), same (a similar title is a different
    group), k(ind), p(rofessions), i(nterests), l(anguages), again (start over)…) or one of the
    engine's actions (back, cancel, submit); ``v``: the value chosen. The field was named ``s``
    once: names are not in the packed data, so buttons already sent read the same."""

    step: str
    v: str = ""


DONE = "_done"


@dataclass(frozen=True)
class ListView:
    """What one screen of the list shows, for its keyboard: the page's groups (numbered from
    ``first``), where the member is in the list, the filters, and where else to look."""

    groups: Sequence[Group]
    first: int
    page: int
    pages: int
    country: str
    profession: str
    # "More in <country>": the member's own country (code) and how many groups of its other
    # cities are for her; None when there is no such entry.
    more_in: tuple[str, int] | None = None


def short_title(title: str, limit: int = BUTTON_TITLE_MAX) -> str:
    """``title`` cut to fit a button, with "…" when cut."""
    title = " ".join(title.split())
    return title if len(title) <= limit else title[: limit - 1].rstrip() + "…"


def _filters_rows(i18n: I18nContext, builder: InlineKeyboardBuilder, view: ListView) -> None:
    """Where else to look: the whole country, another country or profession, the profile's
    own filters, a proposal, the menu — under a full list and an empty one alike."""
    country, profession = view.country, view.profession
    if view.more_in is not None:
        code, count = view.more_in
        builder.row(
            InlineKeyboardButton(
                text=i18n.get(
                    "directory-button-more-in", country=country_name(code, i18n.locale), count=count
                ),
                callback_data=DirCb(a="l", c=code, p=profession).pack(),
            )
        )
    if not view.groups:
        # An empty screen: offer the wider places and every profession first.
        if country != ALL_COUNTRIES:
            builder.row(
                InlineKeyboardButton(
                    text=i18n.get("directory-filter-transnational"),
                    callback_data=DirCb(a="l", c=ALL_COUNTRIES, p=profession).pack(),
                )
            )
        if profession != ANY:
            builder.row(
                InlineKeyboardButton(
                    text=i18n.get("directory-button-any-profession"),
                    callback_data=DirCb(a="l", c=country, p=ANY).pack(),
                )
            )
    builder.row(
        InlineKeyboardButton(
            text=i18n.get("directory-button-country"),
            callback_data=DirCb(a="cc", c=country, p=profession).pack(),
        ),
        InlineKeyboardButton(
            text=i18n.get("directory-button-profession"),
            callback_data=DirCb(a="cp", c=country, p=profession).pack(),
        ),
    )
    if country or profession:
        builder.row(
            InlineKeyboardButton(
                text=i18n.get("directory-button-mine"), callback_data=DirCb(a="l").pack()
            )
        )
    builder.row(
        InlineKeyboardButton(
            text=i18n.get("directory-button-propose"), callback_data=ProposeCb(step="start").pack()
        )
    )
    builder.row(back_to_menu_button(i18n))


def list_keyboard(i18n: I18nContext, view: ListView) -> InlineKeyboardMarkup:
    """One button per group of the page (its number and short title), the pager, then where
    else to look (see :func:`_filters_rows`)."""
    builder = InlineKeyboardBuilder()
    for number, group in enumerate(view.groups, start=view.first):
        builder.row(
            InlineKeyboardButton(
                text=f"{number}. {short_title(group.title)}",
                callback_data=DirCb(
                    a="g", page=view.page, c=view.country, p=view.profession, g=group.id
                ).pack(),
            )
        )
    nav = pager(
        view.page,
        view.pages,
        lambda number: DirCb(a="l", page=number, c=view.country, p=view.profession),
        previous=i18n.get("directory-button-previous"),
        following=i18n.get("directory-button-next"),
    )
    if nav:
        builder.row(*nav)
    _filters_rows(i18n, builder, view)
    return builder.as_markup()


def card_keyboard(
    i18n: I18nContext, *, group: Group, page: int, country: str, profession: str
) -> InlineKeyboardMarkup:
    """A group's card: open it, report it, back to the list page it was opened from."""
    builder = InlineKeyboardBuilder()
    builder.row(
        InlineKeyboardButton(text=i18n.get("directory-button-open"), url=group.link),
        InlineKeyboardButton(
            text=i18n.get("directory-button-report"),
            callback_data=DirCb(a="rp", page=page, c=country, p=profession, g=group.id).pack(),
        ),
    )
    builder.row(
        InlineKeyboardButton(
            text=i18n.get("directory-button-to-list"),
            callback_data=DirCb(a="l", page=page, c=country, p=profession).pack(),
        )
    )
    builder.row(back_to_menu_button(i18n))
    return builder.as_markup()


def country_filter_keyboard(
    i18n: I18nContext, countries: Iterable[str], *, profession: str
) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    for code in countries:
        builder.button(
            text=country_name(code, i18n.locale),
            callback_data=DirCb(a="l", c=code, p=profession),
        )
    builder.button(
        text=i18n.get("directory-filter-transnational"),
        callback_data=DirCb(a="l", c=ALL_COUNTRIES, p=profession),
    )
    builder.adjust(2)
    builder.row()
    builder.button(text=i18n.get("directory-button-back"), callback_data=DirCb(a="l", p=profession))
    return builder.as_markup()


def profession_filter_keyboard(
    i18n: I18nContext, slugs: Iterable[str], *, country: str
) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    for slug in slugs:
        builder.button(
            text=label(i18n.get, TaxonomyKind.PROFESSION, slug),
            callback_data=DirCb(a="l", c=country, p=slug),
        )
    builder.button(
        text=i18n.get("directory-filter-any-profession"),
        callback_data=DirCb(a="l", c=country, p=ANY),
    )
    builder.adjust(2)
    builder.row()
    builder.button(text=i18n.get("directory-button-back"), callback_data=DirCb(a="l", c=country))
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
    # Back to the card the report was started from.
    builder.button(
        text=i18n.get("directory-button-back"),
        callback_data=DirCb(a="g", page=page, c=country, p=profession, g=group_id),
    )
    builder.adjust(1)
    return builder.as_markup()
