"""Buttons every listing card and wizard shares, and their callback data.

Callback data carries ids and short codes only (never a member id), and every handler
re-checks on the server what a press may do.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from aiogram.filters.callback_data import CallbackData
from aiogram.types import InlineKeyboardButton

from bot.db.models import ListingStatus
from bot.features.common.keyboards import MenuCb
from bot.features.listings.kinds import Listing, ListingKind
from bot.features.listings.render import Texts
from bot.features.listings.service import REPORT_REASONS
from bot.features.safety.keyboards import SafetyCb
from bot.geo import MAIN_HOST_COUNTRIES, cities_of, country_name
from bot.ui.keyboards import InlineKeyboardBuilder, multiselect


class ListingCb(CallbackData, prefix="ls"):
    """An action on one listing.

    ``a``: ``v`` view, ``cl`` ask to close, ``cl!`` close, ``rn`` renew, ``rp`` choose a report
    reason, ``rp!`` report (reason in ``v``), ``rs`` respond through the bot. For ``v``, ``v``
    is the list to go back to (an opaque token of the kind's browser).
    """

    k: str
    a: str
    id: int
    v: str = ""


def card_button_data(kind: ListingKind, listing_id: int, back: str) -> str:
    """Open a card, remembering the list to go back to — when that fits Telegram's 64 bytes
    (a very long filter, say an admin-made profession slug, falls back to the section)."""
    try:
        return ListingCb(k=kind.value, a="v", id=listing_id, v=back).pack()
    except ValueError:  # aiogram refuses data over 64 bytes
        return ListingCb(k=kind.value, a="v", id=listing_id).pack()


def menu_button(t: Texts) -> InlineKeyboardButton:
    """⬅️ Main menu (the shared button, for texts of any locale)."""
    return InlineKeyboardButton(
        text=t.get("menu-back"), callback_data=MenuCb(section="home").pack()
    )


# The back token of a card opened from the author's own list ("my jobs", "my requests").
BACK_MINE = "mine"
DONE = "_done"
SKIP = "_skip"
REMOTE = "_remote"
WHOLE_COUNTRY = "_all"

StepCallback = Callable[[str, str], CallbackData]


def place_options(member_country: str | None) -> list[str]:
    codes = list(MAIN_HOST_COUNTRIES)
    if member_country and member_country not in codes:
        codes.insert(0, member_country)
    elif member_country:
        codes.remove(member_country)
        codes.insert(0, member_country)
    return codes


def place_builder(
    t: Texts, cb: StepCallback, step: str, member_country: str | None, *, remote: bool
) -> InlineKeyboardBuilder:
    builder = InlineKeyboardBuilder()
    if remote:
        builder.button(text=t.get("listing-place-remote-button"), callback_data=cb(step, REMOTE))
    for code in place_options(member_country):
        builder.button(text=country_name(code, t.locale), callback_data=cb(step, code))
    builder.adjust(*([1] if remote else []), 3)
    return builder


def city_builder(t: Texts, cb: StepCallback, step: str, country: str) -> InlineKeyboardBuilder:
    builder = InlineKeyboardBuilder()
    for city in cities_of(country):
        builder.button(text=city.name(t.locale), callback_data=cb(step, city.slug))
    builder.adjust(3)
    builder.row(
        InlineKeyboardButton(
            text=t.get("listing-city-whole-country"), callback_data=cb(step, WHOLE_COUNTRY).pack()
        )
    )
    return builder


def multi_builder(
    cb: StepCallback,
    step: str,
    options: Iterable[tuple[str, str]],
    chosen: Iterable[str],
    done_text: str,
) -> InlineKeyboardBuilder:
    builder = multiselect(options, chosen, lambda value: cb(step, value))
    builder.row(InlineKeyboardButton(text=done_text, callback_data=cb(step, DONE).pack()))
    return builder


def card_actions(
    t: Texts,
    listing: Listing,
    viewer_id: int,
    *,
    respond_key: str,
    has_threads: bool = False,
    now_expires_soon: bool = False,
) -> list[list[InlineKeyboardButton]]:
    """What the viewer may do with the listing: the author manages it, others respond or
    report; a flagged listing links to its safety tips."""
    kind = ListingKind.of(listing).value
    rows: list[list[InlineKeyboardButton]] = []

    def button(key: str, action: str, value: str = "") -> InlineKeyboardButton:
        return InlineKeyboardButton(
            text=t.get(key),
            callback_data=ListingCb(k=kind, a=action, id=listing.id, v=value).pack(),
        )

    if listing.author_id == viewer_id:
        row = []
        if listing.status == ListingStatus.EXPIRED or (
            listing.status == ListingStatus.PUBLISHED and now_expires_soon
        ):
            row.append(button("listing-renew", "rn"))
        if listing.status != ListingStatus.CLOSED:
            row.append(button("listing-close", "cl"))
        if row:
            rows.append(row)
        if has_threads:
            rows.append(button_row(t, "listing-replies", ListingCb(k=kind, a="th", id=listing.id)))
    elif listing.status == ListingStatus.PUBLISHED:
        rows.append([button(respond_key, "rs"), button("listing-report", "rp")])
    for flag in listing.scam_flags:
        rows.append(
            [
                InlineKeyboardButton(
                    text=t.get("safety-open", topic=t.get(f"scam-flag-{flag}")),
                    callback_data=SafetyCb(topic=flag).pack(),
                )
            ]
        )
    return rows


def button_row(t: Texts, key: str, data: CallbackData) -> list[InlineKeyboardButton]:
    return [InlineKeyboardButton(text=t.get(key), callback_data=data.pack())]


def report_reasons_builder(t: Texts, kind: ListingKind, listing_id: int) -> InlineKeyboardBuilder:
    builder = InlineKeyboardBuilder()
    for reason in REPORT_REASONS:
        builder.button(
            text=t.get(f"listing-report-reason-{reason}"),
            callback_data=ListingCb(k=kind.value, a="rp!", id=listing_id, v=reason),
        )
    builder.button(
        text=t.get("wizard-cancel"), callback_data=ListingCb(k=kind.value, a="v", id=listing_id)
    )
    builder.adjust(1)
    return builder


def close_confirm_builder(t: Texts, kind: ListingKind, listing_id: int) -> InlineKeyboardBuilder:
    builder = InlineKeyboardBuilder()
    builder.button(
        text=t.get("listing-close-yes"),
        callback_data=ListingCb(k=kind.value, a="cl!", id=listing_id),
    )
    builder.button(
        text=t.get("listing-close-no"), callback_data=ListingCb(k=kind.value, a="v", id=listing_id)
    )
    builder.adjust(1)
    return builder
