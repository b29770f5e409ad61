"""The main menu and the buttons every feature shares."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from aiogram.filters.callback_data import CallbackData
from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup, WebAppInfo
from aiogram_i18n import I18nContext

from bot.access import Access
from bot.config import Settings
from bot.ui.keyboards import InlineKeyboardBuilder


class MenuCb(CallbackData, prefix="m"):
    """A main-menu section; each feature handles its own ``section``."""

    section: str


# Sections in the order shown; each feature's router handles ``MenuCb(section=...)`` and its
# label is the catalog key ``menu-<section>``.
MENU_SECTIONS: tuple[str, ...] = (
    "communities", "faq", "jobs", "aid", "events", "profile", "privacy", "help",
)  # fmt: skip

# One /help paragraph per feature (catalog keys), after the general text.
FEATURE_HELP: tuple[str, ...] = (
    "help-directory", "help-faq", "jobs-help", "aid-help", "events-help", "safety-help",
)  # fmt: skip


def staff_app_url(access: Access, settings: Settings) -> str | None:
    """The staff app's URL for the menu's staff entry: for staff only (the app checks the
    roles again on every request)."""
    url = settings.staff_app_url
    if url is None or not (access.is_moderator or access.is_organiser):
        return None
    return url + "/"


K = TypeVar("K")
V = TypeVar("V")

# Main menus built in this process, by (language, staff app URL, staff entry or not).
_MENUS: dict[tuple[str, str | None, bool], InlineKeyboardMarkup] = {}
# "Back to the menu", by language: a button, and a keyboard of it alone.
_BACK_BUTTONS: dict[str, InlineKeyboardButton] = {}
_BACK_KEYBOARDS: dict[str, InlineKeyboardMarkup] = {}


def _shared(built: dict[K, V], key: K, build: Callable[[], V]) -> V:
    """``built[key]``, built the first time it is asked for (see :func:`main_menu`)."""
    found = built.get(key)
    if found is None:
        found = built[key] = build()
    return found


def main_menu(
    i18n: I18nContext, staff_app: str | None = None, *, staff: bool = False
) -> InlineKeyboardMarkup:
    """The main menu; ``staff`` (for moderators and organisers only) adds the staff entry,
    their tools on one screen; ``staff_app`` (the staff app's URL, given for staff only) a
    ``web_app`` button that opens the app inside Telegram.

    Built once per language and kind of menu, then shared: most updates end on the menu, and
    building its buttons again took a tenth of a menu press (``bench/updates.py``). Sharing
    is safe because a markup is never changed once built (aiogram's objects are frozen, and
    no code here alters a keyboard's rows: it builds a new one). The same holds for
    :func:`back_to_menu` and :func:`back_to_menu_button`."""
    return _shared(
        _MENUS,
        (i18n.locale, staff_app, staff),
        lambda: _build_main_menu(i18n, staff_app, staff=staff),
    )


def _build_main_menu(
    i18n: I18nContext, staff_app: str | None, *, staff: bool
) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    for section in MENU_SECTIONS:
        builder.button(text=i18n.get(f"menu-{section}"), callback_data=MenuCb(section=section))
    builder.adjust(2)
    if staff:
        builder.row(
            InlineKeyboardButton(
                text=i18n.get("menu-staff"), callback_data=MenuCb(section="staff").pack()
            )
        )
    if staff_app is not None:
        builder.row(
            InlineKeyboardButton(
                text=i18n.get("app-menu-button"), web_app=WebAppInfo(url=staff_app)
            )
        )
    return builder.as_markup()


def back_to_menu_button(i18n: I18nContext) -> InlineKeyboardButton:
    return _shared(
        _BACK_BUTTONS,
        i18n.locale,
        lambda: InlineKeyboardButton(
            text=i18n.get("menu-back"), callback_data=MenuCb(section="home").pack()
        ),
    )


def back_to_menu(i18n: I18nContext) -> InlineKeyboardMarkup:
    return _shared(
        _BACK_KEYBOARDS,
        i18n.locale,
        lambda: InlineKeyboardMarkup(inline_keyboard=[[back_to_menu_button(i18n)]]),
    )


def elsewhere_row(t: Callable[..., str]) -> list[InlineKeyboardButton]:
    """Where else to turn from an empty screen: the local groups and the knowledge base
    (both open their section's first screen, as the main menu's buttons do)."""
    return [
        InlineKeyboardButton(
            text=t("next-groups"), callback_data=MenuCb(section="communities").pack()
        ),
        InlineKeyboardButton(text=t("next-ask"), callback_data=MenuCb(section="faq").pack()),
    ]
