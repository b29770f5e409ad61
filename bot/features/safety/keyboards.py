"""Buttons of the safety-tips pages."""

from __future__ import annotations

from aiogram.filters.callback_data import CallbackData
from aiogram.types import InlineKeyboardMarkup
from aiogram_i18n import I18nContext

from bot.features.common.keyboards import back_to_menu_button
from bot.features.safety.scam import CATEGORIES
from bot.ui.keyboards import InlineKeyboardBuilder


class SafetyCb(CallbackData, prefix="sf"):
    """``topic``: a scam category, ``jobs``, ``aid``, or ``index`` (the list of pages)."""

    topic: str


# General pages first (what to check before answering a job or a help offer), then one page
# per scam category.
GENERAL_TOPICS = ("jobs", "aid")
TOPICS: tuple[str, ...] = (*GENERAL_TOPICS, *CATEGORIES)
INDEX = "index"


def index_keyboard(i18n: I18nContext) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    for topic in TOPICS:
        builder.button(text=i18n.get(f"safety-topic-{topic}"), callback_data=SafetyCb(topic=topic))
    builder.adjust(1)
    builder.row(back_to_menu_button(i18n))
    return builder.as_markup()


def page_keyboard(i18n: I18nContext) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    builder.button(text=i18n.get("safety-all-tips"), callback_data=SafetyCb(topic=INDEX))
    builder.row(back_to_menu_button(i18n))
    return builder.as_markup()
