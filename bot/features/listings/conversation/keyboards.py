"""Buttons under relayed messages. Callback data carries the thread id only — never who is
on the other side."""

from __future__ import annotations

from aiogram.filters.callback_data import CallbackData
from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup

from bot.features.listings.conversation.service import (
    REPORT_REASONS,
    Side,
    listing_id_of,
    listing_kind_of,
)
from bot.features.listings.keyboards import ListingCb
from bot.features.listings.render import Texts
from bot.features.safety.keyboards import SafetyCb
from bot.ui.keyboards import InlineKeyboardBuilder


class RelayCb(CallbackData, prefix="rl"):
    """``a``: w (write), o (open the conversation), rv / rv! (show my @username: ask, do),
    bl / bl! (block: ask, do), ub (unblock), rp / rp! (report: reasons, do with ``v``)."""

    a: str
    t: int
    v: str = ""


def thread_keyboard(
    t: Texts, side: Side, *, scam_topics: list[str] | None = None
) -> InlineKeyboardMarkup:
    """Under a relayed message and in the conversation view."""
    thread_id = side.thread.id
    builder = InlineKeyboardBuilder()
    if not side.thread.is_blocked:
        builder.button(text=t.get("relay-reply"), callback_data=RelayCb(a="w", t=thread_id))
        if not side.revealed_by_me:
            builder.button(text=t.get("relay-reveal"), callback_data=RelayCb(a="rv", t=thread_id))
    if side.blocked_by_me:
        builder.button(text=t.get("relay-unblock"), callback_data=RelayCb(a="ub", t=thread_id))
    else:
        builder.button(text=t.get("relay-block"), callback_data=RelayCb(a="bl", t=thread_id))
    builder.button(text=t.get("relay-report"), callback_data=RelayCb(a="rp", t=thread_id))
    builder.button(
        text=t.get("relay-open-listing"),
        callback_data=ListingCb(
            k=listing_kind_of(side.thread).value, a="v", id=listing_id_of(side.thread)
        ),
    )
    builder.adjust(2)
    for topic in scam_topics or []:
        builder.row(
            InlineKeyboardButton(
                text=t.get("safety-open", topic=t.get(f"scam-flag-{topic}")),
                callback_data=SafetyCb(topic=topic).pack(),
            )
        )
    return builder.as_markup()


def confirm_keyboard(t: Texts, thread_id: int, action: str, yes_key: str) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    builder.button(text=t.get(yes_key), callback_data=RelayCb(a=f"{action}!", t=thread_id))
    builder.button(text=t.get("relay-not-now"), callback_data=RelayCb(a="o", t=thread_id))
    builder.adjust(1)
    return builder.as_markup()


def report_keyboard(t: Texts, thread_id: int) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    for reason in REPORT_REASONS:
        builder.button(
            text=t.get(f"relay-report-reason-{reason}"),
            callback_data=RelayCb(a="rp!", t=thread_id, v=reason),
        )
    builder.button(text=t.get("relay-not-now"), callback_data=RelayCb(a="o", t=thread_id))
    builder.adjust(1)
    return builder.as_markup()


def write_more_keyboard(t: Texts, thread_id: int) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    builder.button(text=t.get("relay-write-more"), callback_data=RelayCb(a="w", t=thread_id))
    builder.button(text=t.get("relay-open"), callback_data=RelayCb(a="o", t=thread_id))
    builder.adjust(2)
    return builder.as_markup()


def threads_keyboard(
    t: Texts, thread_labels: list[tuple[int, str]], back: InlineKeyboardButton
) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    for thread_id, text in thread_labels:
        builder.row(
            InlineKeyboardButton(text=text, callback_data=RelayCb(a="o", t=thread_id).pack())
        )
    builder.row(back)
    return builder.as_markup()
