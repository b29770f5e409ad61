"""Buttons of the moderation queue and of the author's appeal.

Callback data carries ids only; every handler loads the target again and re-checks the
moderator's scope (see ``bot.features.moderation.service``).
"""

from __future__ import annotations

from aiogram.filters.callback_data import CallbackData
from aiogram.types import InlineKeyboardMarkup
from aiogram_i18n import I18nContext

from bot.features.common.keyboards import back_to_menu_button
from bot.reviewing import EditableField
from bot.ui.keyboards import InlineKeyboardBuilder


class QueueCb(CallbackData, prefix="mq"):
    """``a``: home, show (the item at position ``at``), ok (approve), no (reject), ed (the
    edit menu), f (edit field ``f``), gone (drop an item whose listing vanished), clr (clear
    the false scam warning ``f``), ban (reject and ban the member behind the item)."""

    a: str
    item: int = 0
    at: int = 0
    f: str = ""


class ReportsCb(CallbackData, prefix="mr"):
    """``a``: list, show, keep (close the reports), down (take the listing down)."""

    a: str
    report: int = 0
    at: int = 0


class StaleCb(CallbackData, prefix="ms"):
    """``a``: show (the group at position ``at``), ok (mark verified), hide."""

    a: str
    group: int = 0
    at: int = 0


class AppealCb(CallbackData, prefix="ma"):
    """The author of a rejected listing asks once more."""

    item: int


def home_keyboard(
    i18n: I18nContext, *, pending: int, reports: int, stale: int
) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    if pending:
        builder.button(
            text=i18n.get("mod-button-review", count=pending), callback_data=QueueCb(a="show")
        )
    if reports:
        builder.button(
            text=i18n.get("mod-button-reports", count=reports), callback_data=ReportsCb(a="list")
        )
    if stale:
        builder.button(
            text=i18n.get("mod-button-stale", count=stale), callback_data=StaleCb(a="show")
        )
    builder.button(text=i18n.get("mod-button-refresh"), callback_data=QueueCb(a="home"))
    builder.adjust(1)
    builder.row(back_to_menu_button(i18n))
    return builder.as_markup()


def item_keyboard(
    i18n: I18nContext,
    *,
    item_id: int,
    at: int,
    total: int,
    can_edit: bool,
    exists: bool,
    clearable: tuple[tuple[str, str], ...] = (),
    can_ban: bool = False,
) -> InlineKeyboardMarkup:
    """``clearable``: (scam category, its label) a moderator may clear as a false warning."""
    builder = InlineKeyboardBuilder()
    sizes: list[int] = []
    if exists:
        for category, label in clearable:
            builder.button(
                text=i18n.get("mod-button-clear-flag", flag=label),
                callback_data=QueueCb(a="clr", item=item_id, at=at, f=category),
            )
            sizes.append(1)
        builder.button(
            text=i18n.get("mod-button-approve"), callback_data=QueueCb(a="ok", item=item_id, at=at)
        )
        builder.button(
            text=i18n.get("mod-button-reject"), callback_data=QueueCb(a="no", item=item_id, at=at)
        )
        sizes.append(2)
        if can_ban:
            builder.button(
                text=i18n.get("mod-button-ban"), callback_data=QueueCb(a="ban", item=item_id, at=at)
            )
            sizes.append(1)
        if can_edit:
            builder.button(
                text=i18n.get("mod-button-edit"), callback_data=QueueCb(a="ed", item=item_id, at=at)
            )
            sizes.append(1)
    else:
        builder.button(
            text=i18n.get("mod-button-drop"), callback_data=QueueCb(a="gone", item=item_id, at=at)
        )
        sizes = [1]
    nav = 0
    if total > 1:
        builder.button(
            text=i18n.get("mod-button-next"), callback_data=QueueCb(a="show", at=(at + 1) % total)
        )
        nav += 1
    builder.button(text=i18n.get("mod-button-home"), callback_data=QueueCb(a="home"))
    nav += 1
    builder.adjust(*sizes, nav)
    return builder.as_markup()


def edit_keyboard(
    i18n: I18nContext, *, item_id: int, at: int, fields: list[EditableField]
) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    for field in fields:
        builder.button(
            text="✏️ " + i18n.get(field.label_key),
            callback_data=QueueCb(a="f", item=item_id, at=at, f=field.name),
        )
    builder.button(text=i18n.get("mod-button-back-to-item"), callback_data=QueueCb(a="show", at=at))
    builder.adjust(1)
    return builder.as_markup()


def back_to_item_keyboard(i18n: I18nContext, at: int) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    builder.button(text=i18n.get("mod-button-back-to-item"), callback_data=QueueCb(a="show", at=at))
    return builder.as_markup()


def reports_keyboard(i18n: I18nContext, entries: list[tuple[int, str]]) -> InlineKeyboardMarkup:
    """One button per reported listing: (first report id, label)."""
    builder = InlineKeyboardBuilder()
    for at, (report_id, label) in enumerate(entries):
        builder.button(text=label, callback_data=ReportsCb(a="show", report=report_id, at=at))
    builder.button(text=i18n.get("mod-button-home"), callback_data=QueueCb(a="home"))
    builder.adjust(1)
    return builder.as_markup()


def reported_keyboard(i18n: I18nContext, *, report_id: int, at: int) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    builder.button(
        text=i18n.get("mod-button-keep"), callback_data=ReportsCb(a="keep", report=report_id, at=at)
    )
    builder.button(
        text=i18n.get("mod-button-take-down"),
        callback_data=ReportsCb(a="down", report=report_id, at=at),
    )
    builder.button(text=i18n.get("mod-button-reports-list"), callback_data=ReportsCb(a="list"))
    builder.adjust(2, 1)
    return builder.as_markup()


def back_to_reports_keyboard(i18n: I18nContext) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    builder.button(text=i18n.get("mod-button-reports-list"), callback_data=ReportsCb(a="list"))
    return builder.as_markup()


def stale_keyboard(
    i18n: I18nContext, *, group_id: int, at: int, total: int, link: str | None
) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    if link:
        builder.button(text=i18n.get("mod-button-open-link"), url=link)
    builder.button(
        text=i18n.get("mod-button-verified"), callback_data=StaleCb(a="ok", group=group_id, at=at)
    )
    builder.button(
        text=i18n.get("mod-button-hide"), callback_data=StaleCb(a="hide", group=group_id, at=at)
    )
    nav = 0
    if total > 1:
        builder.button(
            text=i18n.get("mod-button-next"), callback_data=StaleCb(a="show", at=(at + 1) % total)
        )
        nav += 1
    builder.button(text=i18n.get("mod-button-home"), callback_data=QueueCb(a="home"))
    nav += 1
    builder.adjust(*([1] if link else []), 2, nav)
    return builder.as_markup()


def appeal_keyboard(text: str, item_id: int) -> InlineKeyboardMarkup:
    """The button under a rejection notice (``text`` already in the author's language)."""
    builder = InlineKeyboardBuilder()
    builder.button(text=text, callback_data=AppealCb(item=item_id))
    return builder.as_markup()
