"""Buttons and callback data of the events feature (each packs to well under 64 bytes).

Callback data is forgeable: every handler re-reads the event, re-checks who may act on it and
in which state it is. Keyboards take a ``t`` (translate) function so the worker, which has no
update, builds the same buttons as handlers.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import timedelta
from zoneinfo import ZoneInfo

from aiogram.filters.callback_data import CallbackData
from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup

from bot.db.models import ALL_COUNTRIES, NoticeKind, RsvpStatus, TaxonomyKind
from bot.features.common.keyboards import MenuCb, elsewhere_row
from bot.features.events.render import Translate, format_duration, zone_label
from bot.features.profile.render import ProfileCb
from bot.geo import City, country_name
from bot.taxonomy import label
from bot.ui.keyboards import InlineKeyboardBuilder, multiselect
from bot.ui.steps import SUBMIT


class EventCb(CallbackData, prefix="ev"):
    """A member's action on one event: open, go, no (can't go), ics.

    ``src`` is "n" under a notice: the answer comes as a new message, the notice stays.
    """

    action: str
    id: int
    src: str = ""


class ListCb(CallbackData, prefix="evl"):
    """A page of a list: ``scope`` is a :class:`~bot.features.events.service.Scope` or mine."""

    scope: str
    offset: int = 0


class OrgCb(CallbackData, prefix="evo"):
    """An organiser's action: new, mine, show, msg, msg_send, move, move_ok, cancel, cancel_ok;
    after the event, how many came: att (ask), att_rsvp (as many as said "going"), att_zero."""

    action: str
    id: int = 0


class WizCb(CallbackData, prefix="evw"):
    """An answer in the new-event wizard: ``step`` names the question, ``v`` the choice (read
    by the step engine; the field was ``value`` — names are not packed, so buttons already
    sent still work)."""

    step: str
    v: str = ""


MINE = "mine"
DONE = "_done"
SKIP = "_skip"
DURATION_PRESETS = (60, 90, 120, 180)
CAPACITY_PRESETS = (10, 20, 30, 50, 100)
# Clocks offered for online events meant for every country (typed times are read in it).
ONLINE_ZONES = (
    "Europe/Moscow",
    "Asia/Tbilisi",
    "Asia/Yerevan",
    "Asia/Almaty",
    "Europe/Belgrade",
    "Europe/Istanbul",
    "Asia/Jerusalem",
    "Asia/Dubai",
    "Europe/Berlin",
    "UTC",
)


def _menu_button(t: Translate) -> InlineKeyboardButton:
    return InlineKeyboardButton(text=t("menu-back"), callback_data=MenuCb(section="home").pack())


def list_keyboard(
    t: Translate,
    event_ids: Sequence[int],
    *,
    scope: str,
    offset: int,
    page_size: int,
    has_more: bool,
    scopes: Iterable[str],
    organiser: bool,
    offer_announcements: bool = False,
) -> InlineKeyboardMarkup:
    """Numbers opening the page's events, the pager, the tabs, the organiser's entries and the
    menu; an empty page also offers where else to look (local groups, the knowledge base) and,
    to a member who has them off, announcements (organisers announce their events there)."""
    builder = InlineKeyboardBuilder()
    for number, event_id in enumerate(event_ids, start=offset + 1):
        builder.button(text=str(number), callback_data=EventCb(action="open", id=event_id))
    builder.adjust(5)
    pager: list[InlineKeyboardButton] = []
    if offset > 0:
        back = ListCb(scope=scope, offset=max(0, offset - page_size)).pack()
        pager.append(InlineKeyboardButton(text=t("events-page-back"), callback_data=back))
    if has_more:
        forward = ListCb(scope=scope, offset=offset + page_size).pack()
        pager.append(InlineKeyboardButton(text=t("events-page-next"), callback_data=forward))
    if pager:
        builder.row(*pager)
    tabs = [
        InlineKeyboardButton(
            text=("• " if other == scope else "") + t(f"events-scope-{other}"),
            callback_data=ListCb(scope=other).pack(),
        )
        for other in scopes
    ]
    for start in range(0, len(tabs), 2):
        builder.row(*tabs[start : start + 2])
    if not event_ids:
        if offer_announcements:
            builder.row(
                InlineKeyboardButton(
                    text=t("events-empty-announcements"),
                    callback_data=ProfileCb(field="notify", value="on").pack(),
                )
            )
        builder.row(*elsewhere_row(t))
    if organiser:
        builder.row(
            InlineKeyboardButton(text=t("events-new"), callback_data=OrgCb(action="new").pack()),
            InlineKeyboardButton(
                text=t("events-organised"), callback_data=OrgCb(action="mine").pack()
            ),
        )
    builder.row(_menu_button(t))
    return builder.as_markup()


def card_keyboard(
    t: Translate,
    event_id: int,
    *,
    status: RsvpStatus | None,
    open_for_answers: bool,
    manage: bool,
) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    if open_for_answers:
        if status not in (RsvpStatus.GOING, RsvpStatus.WAITLIST):
            builder.button(text=t("events-going"), callback_data=EventCb(action="go", id=event_id))
        if status != RsvpStatus.DECLINED:
            builder.button(
                text=t("events-not-going"), callback_data=EventCb(action="no", id=event_id)
            )
    builder.button(text=t("events-ics"), callback_data=EventCb(action="ics", id=event_id))
    if manage:
        builder.button(text=t("events-manage"), callback_data=OrgCb(action="show", id=event_id))
    back = MINE if status in (RsvpStatus.GOING, RsvpStatus.WAITLIST) else "city"
    builder.button(text=t("events-back-to-list"), callback_data=ListCb(scope=back))
    builder.adjust(2)
    builder.row(_menu_button(t))
    return builder.as_markup()


def notice_keyboard(t: Translate, event_id: int, kind: NoticeKind) -> InlineKeyboardMarkup | None:
    """Buttons under a notice the worker sends."""
    if kind is NoticeKind.CANCELLED:
        return None
    builder = InlineKeyboardBuilder()
    builder.button(
        text=t("events-open"), callback_data=EventCb(action="open", id=event_id, src="n")
    )
    if kind in (NoticeKind.MOVED, NoticeKind.REMIND_24H, NoticeKind.PROMOTED):
        builder.button(
            text=t("events-ics"), callback_data=EventCb(action="ics", id=event_id, src="n")
        )
    if kind is not NoticeKind.MESSAGE:
        builder.button(
            text=t("events-not-going"), callback_data=EventCb(action="no", id=event_id, src="n")
        )
    builder.adjust(2)
    return builder.as_markup()


# ---- the organiser ------------------------------------------------------------------------


def organised_keyboard(t: Translate, events: Sequence[tuple[int, str]]) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    for event_id, caption in events:
        builder.button(text=caption, callback_data=OrgCb(action="show", id=event_id))
    builder.button(text=t("events-new"), callback_data=OrgCb(action="new"))
    builder.adjust(1)
    builder.row(
        InlineKeyboardButton(text=t("events-to-list"), callback_data=ListCb(scope="city").pack()),
        _menu_button(t),
    )
    return builder.as_markup()


def attendance_keyboard(
    t: Translate, event_id: int, going: int, *, typing: bool = False
) -> InlineKeyboardMarkup:
    """How many came: one tap for the usual answers, or type a number (``att`` asks for it;
    ``typing``: the organiser was asked already, so no button for it)."""
    builder = InlineKeyboardBuilder()
    builder.button(
        text=t("events-attendance-as-rsvp", going=going),
        callback_data=OrgCb(action="att_rsvp", id=event_id),
    )
    builder.button(
        text=t("events-attendance-zero"), callback_data=OrgCb(action="att_zero", id=event_id)
    )
    if not typing:
        builder.button(
            text=t("events-attendance-type"), callback_data=OrgCb(action="att", id=event_id)
        )
    builder.button(text=t("events-keep"), callback_data=OrgCb(action="show", id=event_id))
    builder.adjust(1)
    return builder.as_markup()


def manage_keyboard(
    t: Translate,
    event_id: int,
    *,
    can_message: bool,
    can_change: bool,
    can_record: bool = False,
) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    if can_record:
        builder.button(
            text=t("events-attendance-record"), callback_data=OrgCb(action="att", id=event_id)
        )
    if can_message:
        builder.button(text=t("events-message"), callback_data=OrgCb(action="msg", id=event_id))
    if can_change:
        builder.button(text=t("events-move"), callback_data=OrgCb(action="move", id=event_id))
        builder.button(text=t("events-cancel"), callback_data=OrgCb(action="cancel", id=event_id))
    builder.button(text=t("events-open"), callback_data=EventCb(action="open", id=event_id))
    builder.button(text=t("events-organised"), callback_data=OrgCb(action="mine"))
    builder.adjust(1)
    return builder.as_markup()


def confirm_keyboard(t: Translate, yes_key: str, yes: OrgCb, event_id: int) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    builder.button(text=t(yes_key), callback_data=yes)
    builder.button(text=t("events-keep"), callback_data=OrgCb(action="show", id=event_id))
    builder.adjust(1)
    return builder.as_markup()


# ---- the new-event wizard (bot.features.events.wizard) ------------------------------------
# Each step's own buttons; the step engine adds "✔️ Keep this", ⬅️ Back and ✖ Cancel.


def start_check_builder(t: Translate) -> InlineKeyboardBuilder:
    """Under the start as understood: it is right, or type it again."""
    builder = InlineKeyboardBuilder()
    builder.button(text=t("events-start-right"), callback_data=WizCb(step="sc", v="ok"))
    builder.button(text=t("events-start-retype"), callback_data=WizCb(step="sc", v="re"))
    builder.adjust(2)
    return builder


def format_builder(t: Translate) -> InlineKeyboardBuilder:
    builder = InlineKeyboardBuilder()
    builder.button(text=t("events-format-offline"), callback_data=WizCb(step="f", v="offline"))
    builder.button(text=t("events-format-online"), callback_data=WizCb(step="f", v="online"))
    builder.adjust(2)
    return builder


def country_builder(
    t: Translate, locale: str, codes: Iterable[str], *, everyone: bool
) -> InlineKeyboardBuilder:
    builder = InlineKeyboardBuilder()
    for code in codes:
        builder.button(text=country_name(code, locale), callback_data=WizCb(step="c", v=code))
    builder.adjust(2)
    if everyone:
        builder.row(
            InlineKeyboardButton(
                text=t("events-country-everyone"),
                callback_data=WizCb(step="c", v=ALL_COUNTRIES).pack(),
            )
        )
    return builder


def city_builder(t: Translate, locale: str, cities: Iterable[City]) -> InlineKeyboardBuilder:
    builder = InlineKeyboardBuilder()
    for city in cities:
        builder.button(text=city.name(locale), callback_data=WizCb(step="ci", v=city.slug))
    builder.adjust(2)
    builder.row(
        InlineKeyboardButton(
            text=t("events-city-elsewhere"), callback_data=WizCb(step="ci", v=SKIP).pack()
        )
    )
    return builder


def zone_builder(locale: str) -> InlineKeyboardBuilder:
    builder = InlineKeyboardBuilder()
    for name in ONLINE_ZONES:
        builder.button(
            text=zone_label(ZoneInfo(name), locale), callback_data=WizCb(step="tz", v=name)
        )
    builder.adjust(2)
    return builder


def duration_builder(locale: str) -> InlineKeyboardBuilder:
    builder = InlineKeyboardBuilder()
    for minutes in DURATION_PRESETS:
        builder.button(
            text=format_duration(timedelta(minutes=minutes), locale),
            callback_data=WizCb(step="d", v=str(minutes)),
        )
    builder.adjust(4)
    return builder


def tags_builder(
    t: Translate, step: str, kind: TaxonomyKind, slugs: Iterable[str], chosen: Iterable[str]
) -> InlineKeyboardBuilder:
    picked = set(chosen)
    builder = multiselect(
        ((slug, label(t, kind, slug)) for slug in slugs),
        picked,
        lambda slug: WizCb(step=step, v=slug),
    )
    builder.row(
        InlineKeyboardButton(
            text=t("events-tags-done" if picked else "events-tags-none"),
            callback_data=WizCb(step=step, v=DONE).pack(),
        )
    )
    return builder


def capacity_builder(t: Translate) -> InlineKeyboardBuilder:
    builder = InlineKeyboardBuilder()
    builder.button(text=t("events-capacity-unlimited"), callback_data=WizCb(step="cap", v="0"))
    for seats in CAPACITY_PRESETS:
        builder.button(text=str(seats), callback_data=WizCb(step="cap", v=str(seats)))
    builder.adjust(1, 5)
    return builder


EDITABLE = (
    "title",
    "description",
    "place",
    "start",
    "duration",
    "professions",
    "interests",
    "capacity",
)


def confirm_draft_builder(t: Translate) -> InlineKeyboardBuilder:
    """Under the summary: send it (the engine's submit), or change an answer."""
    builder = InlineKeyboardBuilder()
    builder.button(text=t("events-submit"), callback_data=WizCb(step=SUBMIT))
    builder.button(text=t("events-change"), callback_data=WizCb(step="edit"))
    builder.adjust(1)
    return builder


def edit_keyboard(t: Translate) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    for name in EDITABLE:
        builder.button(text=t(f"events-edit-{name}"), callback_data=WizCb(step="edit", v=name))
    builder.adjust(2)
    builder.row(
        InlineKeyboardButton(text=t("events-edit-back"), callback_data=WizCb(step="review").pack())
    )
    return builder.as_markup()
