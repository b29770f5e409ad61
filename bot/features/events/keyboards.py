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
from bot.ui.steps import CANCEL, SUBMIT


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


# ✖ Cancel and ✅ Send of messages sent before the wizard moved onto the step engine were "x"
# and "ok": read as the engine's own codes (``Steps.renamed``).
OLD_CODES = {"x": CANCEL, "ok": SUBMIT}


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


def _choice(
    step: str, options: Iterable[tuple[str, str]], *, columns: int = 2
) -> InlineKeyboardBuilder:
    """The buttons of step ``step``: ``(label, value)`` pairs, ``columns`` a row."""
    builder = InlineKeyboardBuilder()
    for text, value in options:
        builder.button(text=text, callback_data=WizCb(step=step, v=value))
    builder.adjust(columns)
    return builder


def start_check_builder(t: Translate) -> InlineKeyboardBuilder:
    """Under the start as understood: it is right, or type it again."""
    return _choice("sc", [(t("events-start-right"), "ok"), (t("events-start-retype"), "re")])


def format_builder(t: Translate) -> InlineKeyboardBuilder:
    return _choice(
        "f", [(t("events-format-offline"), "offline"), (t("events-format-online"), "online")]
    )


def country_builder(
    t: Translate, locale: str, codes: Iterable[str], *, everyone: bool
) -> InlineKeyboardBuilder:
    builder = _choice("c", [(country_name(code, locale), code) for code in codes])
    if everyone:
        builder.row(
            InlineKeyboardButton(
                text=t("events-country-everyone"),
                callback_data=WizCb(step="c", v=ALL_COUNTRIES).pack(),
            )
        )
    return builder


def city_builder(t: Translate, locale: str, cities: Iterable[City]) -> InlineKeyboardBuilder:
    builder = _choice("ci", [(city.name(locale), city.slug) for city in cities])
    builder.row(
        InlineKeyboardButton(
            text=t("events-city-elsewhere"), callback_data=WizCb(step="ci", v=SKIP).pack()
        )
    )
    return builder


def zone_builder(locale: str) -> InlineKeyboardBuilder:
    return _choice("tz", [(zone_label(ZoneInfo(name), locale), name) for name in ONLINE_ZONES])


def duration_builder(locale: str) -> InlineKeyboardBuilder:
    presets = [
        (format_duration(timedelta(minutes=minutes), locale), str(minutes))
        for minutes in DURATION_PRESETS
    ]
    return _choice("d", presets, columns=4)


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
    seats = [(str(count), str(count)) for count in CAPACITY_PRESETS]
    builder = _choice("cap", [(t("events-capacity-unlimited"), "0"), *seats])
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


# The summary's step code: "Change something" (no value), an answer to change, or back.
EDIT = "edit"
REVIEW = "review"


def confirm_draft_builder(t: Translate) -> InlineKeyboardBuilder:
    """Under the summary: send it (the engine's submit), or change an answer."""
    builder = InlineKeyboardBuilder()
    builder.button(text=t("events-submit"), callback_data=WizCb(step=SUBMIT))
    builder.button(text=t("events-change"), callback_data=WizCb(step=EDIT))
    builder.adjust(1)
    return builder


def edit_keyboard(t: Translate) -> InlineKeyboardMarkup:
    """What to change (stays on the summary step: ``evw:edit:<answer>``), or back to it."""
    builder = _choice(EDIT, [(t(f"events-edit-{name}"), name) for name in EDITABLE])
    builder.row(
        InlineKeyboardButton(
            text=t("events-edit-back"), callback_data=WizCb(step=EDIT, v=REVIEW).pack()
        )
    )
    return builder.as_markup()
