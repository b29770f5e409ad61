"""Buttons of the bot in groups and of ``/groups`` in private. Every callback is re-checked
on the server (who pressed, their rights now, the target's state): callback data is forgeable.
"""

from __future__ import annotations

from aiogram.filters.callback_data import CallbackData
from aiogram.types import InlineKeyboardMarkup
from aiogram_i18n import I18nContext

from bot.features.chats.settings import NUMBERS, SWITCHES, ChatSettings
from bot.ui.keyboards import InlineKeyboardBuilder


class DoorCb(CallbackData, prefix="gd"):
    """The door check's one tap: only ``user`` may press it, only in ``chat``."""

    chat: int
    user: int


class UndoCb(CallbackData, prefix="gu"):
    """An admin reverses an automatic action (a group's administrators only)."""

    action: int


class RsvpCb(CallbackData, prefix="gr"):
    """An RSVP from a group's event post: ``go`` or ``no``; kept privately."""

    act: str
    event: int


class SetCb(CallbackData, prefix="gs"):
    """``/groups`` in private: ``list``, ``show``, ``set`` (``name``), ``ally``, ``events``,
    ``post`` (``event``)."""

    act: str
    chat: int = 0
    name: str = ""
    event: int = 0


# The buttons posted in a group speak the group's language (``locale``), not the language of
# whoever's update caused them.


def door_keyboard(
    i18n: I18nContext, locale: str, chat_id: int, user_id: int, start_url: str | None
) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    builder.button(
        text=i18n.get("chats-door-button", locale),
        callback_data=DoorCb(chat=chat_id, user=user_id),
    )
    if start_url:
        builder.button(text=i18n.get("chats-welcome-open-bot", locale), url=start_url)
    builder.adjust(1)
    return builder.as_markup()


def start_keyboard(i18n: I18nContext, locale: str, start_url: str) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    builder.button(text=i18n.get("chats-welcome-open-bot", locale), url=start_url)
    return builder.as_markup()


def undo_keyboard(i18n: I18nContext, locale: str, action_id: int) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    builder.button(
        text=i18n.get("chats-undo-button", locale), callback_data=UndoCb(action=action_id)
    )
    return builder.as_markup()


def rsvp_keyboard(i18n: I18nContext, locale: str, event_id: int) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    builder.button(
        text=i18n.get("chats-rsvp-go", locale), callback_data=RsvpCb(act="go", event=event_id)
    )
    builder.button(
        text=i18n.get("chats-rsvp-no", locale), callback_data=RsvpCb(act="no", event=event_id)
    )
    return builder.as_markup()


def groups_keyboard(chats: list[tuple[int, str]]) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    for chat_id, title in chats:
        builder.button(text=title[:60], callback_data=SetCb(act="show", chat=chat_id))
    builder.adjust(1)
    return builder.as_markup()


def settings_keyboard(
    i18n: I18nContext,
    chat_id: int,
    settings: ChatSettings,
    *,
    alliance: str | None,
    alliance_possible: bool,
    organiser: bool,
) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    for name in SWITCHES:
        mark = "✅" if getattr(settings, name) else "⬜"
        builder.button(
            text=f"{mark} {i18n.get(f'chats-setting-{name}')}",
            callback_data=SetCb(act="set", chat=chat_id, name=name),
        )
    for name in NUMBERS:
        builder.button(
            text=i18n.get(f"chats-setting-{name}", value=getattr(settings, name)),
            callback_data=SetCb(act="set", chat=chat_id, name=name),
        )
    if alliance is not None or alliance_possible:
        key = "chats-alliance-leave" if alliance else "chats-alliance-join"
        builder.button(text=i18n.get(key), callback_data=SetCb(act="ally", chat=chat_id))
    if organiser:
        builder.button(
            text=i18n.get("chats-events-button"), callback_data=SetCb(act="events", chat=chat_id)
        )
    builder.button(text=i18n.get("chats-back"), callback_data=SetCb(act="list"))
    builder.adjust(2)
    return builder.as_markup()


def events_keyboard(
    i18n: I18nContext, chat_id: int, events: list[tuple[int, str]]
) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    for event_id, title in events:
        builder.button(
            text=title[:60], callback_data=SetCb(act="post", chat=chat_id, event=event_id)
        )
    builder.button(text=i18n.get("chats-back"), callback_data=SetCb(act="show", chat=chat_id))
    builder.adjust(1)
    return builder.as_markup()
