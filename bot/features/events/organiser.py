"""Events for organisers (router ``events-organiser``, gated by
:class:`~bot.middlewares.roles.RequireRole` for every message and callback): the new-event
wizard, and their events — attendance counts, a message to everyone going, moving, cancelling.

Scope is checked again by the service against each event (an organiser of one country cannot
act in another, a revoked organiser keeps no power over their events); refusals are audited.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from aiogram import F, Router
from aiogram.filters import Command, StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State
from aiogram.types import CallbackQuery, InlineKeyboardMarkup, Message
from aiogram_i18n import I18nContext
from sqlalchemy.ext.asyncio import AsyncSession

from bot.access import Access
from bot.cleaning import clean_text, has_link
from bot.db.models import ALL_COUNTRIES, EventStatus, Member, Role, TaxonomyKind
from bot.db.types import utcnow
from bot.features.common.keyboards import main_menu
from bot.features.events import keyboards as kb
from bot.features.events import service
from bot.features.events.keyboards import DONE, SKIP, OrgCb, WizCb
from bot.features.events.render import (
    event_card,
    format_moment,
    viewer_zone,
    zone_label,
)
from bot.features.events.router import not_started
from bot.features.events.service import Draft, EventError
from bot.features.events.states import Manage, NewEvent
from bot.features.events.when import (
    WhenError,
    parse_capacity,
    parse_duration,
    parse_start,
    zone_of,
)
from bot.geo import (
    MAIN_HOST_COUNTRIES,
    cities_of,
    match_city,
    match_country,
    timezone_for,
)
from bot.i18n import Markup
from bot.middlewares.roles import RequireRole, audited
from bot.taxonomy import active_slugs
from bot.ui.keyboards import toggled
from bot.ui.screens import Target, edit_or_answer, show

STATUS_MARKS = {
    EventStatus.PENDING: "⏳",
    EventStatus.PUBLISHED: "✅",
    EventStatus.REJECTED: "❌",
    EventStatus.CANCELLED: "🚫",
}


@dataclass(frozen=True)
class Ctx:
    """What every wizard step needs from the update."""

    i18n: I18nContext
    session: AsyncSession
    member: Member
    access: Access
    state: FSMContext


# ---- the organiser: a new event -----------------------------------------------------------

ORDER: tuple[State, ...] = (
    NewEvent.title,
    NewEvent.description,
    NewEvent.format,
    NewEvent.country,
    NewEvent.city,
    NewEvent.zone,
    NewEvent.start,
    NewEvent.start_check,
    NewEvent.duration,
    NewEvent.venue,
    NewEvent.link,
    NewEvent.professions,
    NewEvent.interests,
    NewEvent.capacity,
    NewEvent.confirm,
)
# "Change…" on the summary: one answer, or the place (format, country, city, time, address).
EDIT_STEPS: dict[str, State] = {
    "title": NewEvent.title,
    "description": NewEvent.description,
    "place": NewEvent.format,
    "start": NewEvent.start,
    "duration": NewEvent.duration,
    "professions": NewEvent.professions,
    "interests": NewEvent.interests,
    "capacity": NewEvent.capacity,
}
PLACE_CHAIN = frozenset(
    {
        NewEvent.format,
        NewEvent.country,
        NewEvent.city,
        NewEvent.zone,
        NewEvent.start,
        NewEvent.start_check,
    }
)


def _organiser_countries(access: Access) -> tuple[str, ...]:
    if access.is_admin or ALL_COUNTRIES in access.organiser_scopes:
        return MAIN_HOST_COUNTRIES
    return tuple(sorted(access.organiser_scopes))


def _skipped(step: State, data: dict[str, object]) -> bool:
    online = bool(data.get("online"))
    country = data.get("country")
    if step == NewEvent.city:
        return online or not cities_of(str(country))
    if step == NewEvent.zone:
        return not (online and country == ALL_COUNTRIES)
    if step == NewEvent.venue:
        return online
    if step == NewEvent.link:
        return not online
    return False


def _next(current: State, data: dict[str, object]) -> State:
    if current == NewEvent.start:
        # A typed start is always shown back in words before the wizard goes on, also when
        # only the time is being changed.
        return NewEvent.start_check
    editing = data.get("editing")
    if editing == "one" or (editing == "place" and current not in PLACE_CHAIN):
        return NewEvent.confirm
    index = ORDER.index(current) + 1
    while True:
        step = ORDER[index]
        if editing == "place" and step == NewEvent.duration:
            index += 1
            continue
        if not _skipped(step, data):
            return step
        index += 1


def _draft(data: dict[str, object]) -> Draft | None:
    """The draft so far, or ``None`` while the wizard has not asked everything yet."""
    try:
        return Draft(
            title=str(data["title"]),
            description=str(data.get("description") or ""),
            starts_at=datetime.fromisoformat(str(data["start"])),
            duration=timedelta(minutes=int(str(data["minutes"]))),
            timezone=str(data["tz"]),
            country=str(data["country"]),
            city=str(data["city"]) if data.get("city") else None,
            venue=str(data["venue"]) if not data.get("online") and data.get("venue") else None,
            online_url=str(data["link"]) if data.get("online") and data.get("link") else None,
            professions=tuple(str(slug) for slug in _list(data.get("prof"))),
            interests=tuple(str(slug) for slug in _list(data.get("int"))),
            capacity=int(str(data["cap"])) if data.get("cap") else None,
        )
    except (KeyError, TypeError, ValueError):
        return None


def _list(value: object) -> list[object]:
    return list(value) if isinstance(value, list) else []


async def _render_step(
    step: State, ctx: Ctx, data: dict[str, object]
) -> tuple[str, InlineKeyboardMarkup]:
    t, locale, access = ctx.i18n.get, ctx.i18n.locale, ctx.access
    if step == NewEvent.title:
        return t("events-ask-title"), kb.text_step_keyboard(t)
    if step == NewEvent.description:
        return t("events-ask-description"), kb.text_step_keyboard(t)
    if step == NewEvent.format:
        return t("events-ask-format"), kb.format_keyboard(t)
    if step == NewEvent.country:
        everyone = bool(data.get("online")) and access.can_organise(ALL_COUNTRIES)
        return t("events-ask-country"), kb.country_keyboard(
            t, locale, _organiser_countries(access), everyone=everyone
        )
    if step == NewEvent.city:
        return t("events-ask-city"), kb.city_keyboard(t, locale, cities_of(str(data["country"])))
    if step == NewEvent.zone:
        return t("events-ask-zone"), kb.zone_keyboard(t, locale)
    if step == NewEvent.start or (step == NewEvent.start_check and not data.get("start")):
        zone = zone_of(str(data.get("tz") or "UTC"))
        return t("events-ask-start", zone=zone_label(zone, locale)), kb.text_step_keyboard(t)
    if step == NewEvent.start_check:
        zone = zone_of(str(data.get("tz") or "UTC"))
        moment = datetime.fromisoformat(str(data["start"]))
        understood = t(
            "events-start-check",
            when=format_moment(moment, zone, locale),
            zone=zone_label(zone, locale),
        )
        return understood, kb.start_check_keyboard(t)
    if step == NewEvent.duration:
        return t("events-ask-duration"), kb.duration_keyboard(t, locale)
    if step == NewEvent.venue:
        return t("events-ask-venue"), kb.text_step_keyboard(t)
    if step == NewEvent.link:
        return t("events-ask-link"), kb.text_step_keyboard(t)
    if step in (NewEvent.professions, NewEvent.interests):
        kind = TaxonomyKind.PROFESSION if step == NewEvent.professions else TaxonomyKind.INTEREST
        key = "prof" if kind == TaxonomyKind.PROFESSION else "int"
        return t(f"events-ask-{key}"), kb.tags_keyboard(
            t,
            key,
            kind,
            await active_slugs(ctx.session, kind),
            [str(slug) for slug in _list(data.get(key))],
        )
    if step == NewEvent.capacity:
        return t("events-ask-capacity"), kb.capacity_keyboard(t)
    draft = _draft(data)
    if draft is None:
        return t("events-draft-incomplete"), kb.text_step_keyboard(t)
    card = event_card(
        t,
        locale,
        draft,
        viewer_zone(ctx.member.country, ctx.member.city, draft.timezone),
        professions=draft.professions,
        interests=draft.interests,
        status=EventStatus.PENDING,
        show_link=True,
    )
    return t("events-ask-confirm", card=Markup(card)), kb.confirm_draft_keyboard(t)


async def _show_step(step: State, target: Target, ctx: Ctx, prefix: str | None = None) -> None:
    await ctx.state.set_state(step)
    text, markup = await _render_step(step, ctx, await ctx.state.get_data())
    await show(target, text, markup, prefix=prefix)


async def _answered(
    current: State,
    target: Target,
    changes: dict[str, object],
    ctx: Ctx,
    prefix: str | None = None,
) -> None:
    """Store an answer and go to the next question (or back to the summary)."""
    data = await ctx.state.update_data(changes)
    following = _next(current, data)
    if following == NewEvent.confirm:
        await ctx.state.update_data(editing=None)
    await _show_step(following, target, ctx, prefix)


async def new_event(
    event: Message | CallbackQuery,
    i18n: I18nContext,
    session: AsyncSession,
    member: Member | None,
    access: Access,
    state: FSMContext,
) -> None:
    if member is None or not member.is_onboarded:
        await not_started(event, i18n)
        return
    await state.clear()
    ctx = Ctx(i18n, session, member, access, state)
    await _show_step(NewEvent.title, event, ctx, i18n.get("events-new-intro"))


async def wizard_text(
    message: Message,
    i18n: I18nContext,
    session: AsyncSession,
    member: Member | None,
    access: Access,
    state: FSMContext,
) -> None:
    """A typed answer: whichever question is open reads it."""
    assert message.text is not None
    current = await _current(state)
    if member is None or current is None:
        await state.clear()
        await message.answer(i18n.get("events-wizard-lost"), reply_markup=main_menu(i18n))
        return
    step_of = {
        "title": _typed_title,
        "description": _typed_description,
        "country": _typed_country,
        "city": _typed_city,
        "start": _typed_start,
        "duration": _typed_duration,
        "venue": _typed_venue,
        "link": _typed_link,
        "capacity": _typed_capacity,
    }
    if current == NewEvent.start_check:
        current = NewEvent.start  # typing instead of confirming: the start, typed again
    reader = step_of.get((current.state or "").split(":")[-1])
    ctx = Ctx(i18n, session, member, access, state)
    if reader is None:
        await _show_step(current, message, ctx, i18n.get("events-use-buttons"))
        return
    try:
        changes, note = await reader(message.text.strip(), i18n, await state.get_data(), access)
    except (EventError, WhenError) as problem:
        await _show_step(current, message, ctx, i18n.get(problem.key))
        return
    await _answered(current, message, changes, ctx, note)


async def _current(state: FSMContext) -> State | None:
    name = await state.get_state()
    return next((step for step in NewEvent.__states__ if step.state == name), None)


Reading = tuple[dict[str, object], str | None]


async def _typed_title(
    text: str, i18n: I18nContext, data: dict[str, object], access: Access
) -> Reading:
    if not 3 <= len(text) <= service.TITLE_MAX:
        raise EventError("events-title-bad")
    return {"title": text}, None


async def _typed_description(
    text: str, i18n: I18nContext, data: dict[str, object], access: Access
) -> Reading:
    if text in ("-", "—"):
        text = ""
    if len(text) > service.DESCRIPTION_MAX:
        raise EventError("events-description-bad")
    return {"description": text}, None


def _country_changes(code: str, data: dict[str, object]) -> dict[str, object]:
    changes: dict[str, object] = {"country": code, "city": None, "tz": None}
    if code != ALL_COUNTRIES:
        changes["tz"] = timezone_for(code).key
    return changes


async def _typed_country(
    text: str, i18n: I18nContext, data: dict[str, object], access: Access
) -> Reading:
    matches = match_country(text)
    if not matches or not (matches[0].exact or matches[0].score >= 85):
        raise EventError("events-country-unknown")
    code = matches[0].code
    if not access.can_organise(code):
        raise EventError("events-out-of-scope")
    return _country_changes(code, data), None


async def _typed_city(
    text: str, i18n: I18nContext, data: dict[str, object], access: Access
) -> Reading:
    city = match_city(str(data.get("country")), text)
    if city is None:
        raise EventError("events-city-unknown")
    return {"city": city.name_en, "tz": city.timezone}, None


async def _typed_start(
    text: str, i18n: I18nContext, data: dict[str, object], access: Access
) -> Reading:
    zone = zone_of(str(data.get("tz") or "UTC"))
    moment = parse_start(text, zone)
    return {"start": moment.isoformat()}, None  # shown back in words by the next step


async def _typed_duration(
    text: str, i18n: I18nContext, data: dict[str, object], access: Access
) -> Reading:
    return {"minutes": int(parse_duration(text).total_seconds() // 60)}, None


async def _typed_venue(
    text: str, i18n: I18nContext, data: dict[str, object], access: Access
) -> Reading:
    if not 3 <= len(text) <= service.VENUE_MAX:
        raise EventError("events-venue-bad")
    return {"venue": text}, None


async def _typed_link(
    text: str, i18n: I18nContext, data: dict[str, object], access: Access
) -> Reading:
    return {"link": service.clean_link(text)}, None


async def _typed_capacity(
    text: str, i18n: I18nContext, data: dict[str, object], access: Access
) -> Reading:
    return {"cap": parse_capacity(text)}, None


async def wizard_button(
    query: CallbackQuery,
    callback_data: WizCb,
    i18n: I18nContext,
    session: AsyncSession,
    member: Member | None,
    access: Access,
    state: FSMContext,
) -> None:
    """A button of the open question (buttons of older questions are refused politely)."""
    current = await _current(state)
    if member is None or current is None:
        await query.answer(i18n.get("stale-button"))
        return
    ctx = Ctx(i18n, session, member, access, state)
    step, value = callback_data.step, callback_data.value
    data = await state.get_data()
    if step == "x":
        await state.clear()
        await edit_or_answer(query, i18n.get("events-wizard-cancelled"), main_menu(i18n))
        return
    expected = {
        "f": NewEvent.format,
        "c": NewEvent.country,
        "ci": NewEvent.city,
        "tz": NewEvent.zone,
        "sc": NewEvent.start_check,
        "d": NewEvent.duration,
        "prof": NewEvent.professions,
        "int": NewEvent.interests,
        "cap": NewEvent.capacity,
        "ok": NewEvent.confirm,
        "edit": NewEvent.confirm,
        "review": NewEvent.confirm,
    }
    if expected.get(step) != current:
        await query.answer(i18n.get("stale-button"))
        return
    changes: dict[str, object]
    if step == "f" and value in ("offline", "online"):
        changes = {"online": value == "online"}
        if bool(data.get("online")) != (value == "online"):
            changes.update(venue=None, link=None, country=None, city=None, tz=None)
    elif step == "c":
        # "Everyone" is for online events only; a country must be one of the buttons offered.
        offered = value in _organiser_countries(access) or (
            value == ALL_COUNTRIES and bool(data.get("online"))
        )
        if not offered:
            await query.answer(i18n.get("stale-button"))
            return
        if not access.can_organise(value):
            await query.answer(i18n.get("events-out-of-scope"), show_alert=True)
            return
        changes = _country_changes(value, data)
    elif step == "ci":
        country = str(data.get("country"))
        if value == SKIP:
            changes = {"city": None, "tz": timezone_for(country).key}
        else:
            city = next((c for c in cities_of(country) if c.slug == value), None)
            if city is None:
                await query.answer(i18n.get("stale-button"))
                return
            changes = {"city": city.name_en, "tz": city.timezone}
    elif step == "tz" and value in kb.ONLINE_ZONES:
        changes = {"tz": value}
    elif step == "sc" and value == "re":
        await _show_step(NewEvent.start, query, ctx)
        return
    elif step == "sc" and value == "ok" and data.get("start"):
        changes = {}
    elif step == "d" and value.isdigit() and int(value) in kb.DURATION_PRESETS:
        changes = {"minutes": int(value)}
    elif step in ("prof", "int"):
        if value == DONE:
            await _answered(current, query, {}, ctx)
            return
        kind = TaxonomyKind.PROFESSION if step == "prof" else TaxonomyKind.INTEREST
        if value not in await active_slugs(session, kind):
            await query.answer(i18n.get("stale-button"))
            return
        chosen = [str(slug) for slug in _list(data.get(step))]
        chosen = toggled(chosen, value)
        await state.update_data({step: chosen})
        await _show_step(current, query, ctx)
        return
    elif step == "cap" and value.isdigit() and (int(value) in kb.CAPACITY_PRESETS or value == "0"):
        changes = {"cap": int(value) or None}
    elif step == "ok":
        await _submit(query, ctx)
        return
    elif step == "edit":
        if not value:
            await edit_or_answer(query, i18n.get("events-change-what"), kb.edit_keyboard(i18n.get))
            return
        target = EDIT_STEPS.get(value)
        if target is None:
            await query.answer(i18n.get("stale-button"))
            return
        await state.update_data(editing="place" if value == "place" else "one")
        await _show_step(target, query, ctx)
        return
    elif step == "review":
        await _show_step(NewEvent.confirm, query, ctx)
        return
    else:
        await query.answer(i18n.get("stale-button"))
        return
    await _answered(current, query, changes, ctx)


async def _submit(query: CallbackQuery, ctx: Ctx) -> None:
    i18n = ctx.i18n
    draft = _draft(await ctx.state.get_data())
    if draft is None:
        await query.answer(i18n.get("events-draft-incomplete"), show_alert=True)
        return
    try:
        event = await service.create_event(ctx.session, ctx.access, draft)
    except EventError as problem:
        if problem.key != "events-when-past":
            await query.answer(i18n.get(problem.key), show_alert=True)
            return
        # The time passed while the organiser was filling in: ask for it again.
        await ctx.state.update_data(editing="one")
        await _show_step(NewEvent.start, query, ctx, i18n.get(problem.key))
        return
    await ctx.state.clear()
    await edit_or_answer(
        query,
        i18n.get("events-submitted", title=event.title),
        kb.organised_keyboard(i18n.get, []),
    )


async def wizard_other(
    message: Message,
    i18n: I18nContext,
    session: AsyncSession,
    member: Member | None,
    access: Access,
    state: FSMContext,
) -> None:
    """A sticker, a photo or an unknown command while a question waits: ask again."""
    current = await _current(state)
    typed_command = (message.text or "").startswith("/")
    hint = i18n.get("events-wizard-command" if typed_command else "events-wizard-text-only")
    if member is not None and current is not None:
        await _show_step(current, message, Ctx(i18n, session, member, access, state), hint)
        return
    name = await state.get_state()
    if name in (Manage.message.state, Manage.move.state, Manage.attendance.state):
        await message.answer(hint)
    elif name in (Manage.message_confirm.state, Manage.move_confirm.state):
        await message.answer(i18n.get("events-use-buttons"))
    else:
        await state.clear()
        await message.answer(i18n.get("events-wizard-lost"), reply_markup=main_menu(i18n))


# ---- the organiser: their events ----------------------------------------------------------


async def organised(
    event: Message | CallbackQuery,
    i18n: I18nContext,
    session: AsyncSession,
    member: Member | None,
    access: Access,
    state: FSMContext,
) -> None:
    await state.clear()
    if member is None:
        await not_started(event, i18n)
        return
    events = await service.organised_by(session, access)
    zone = viewer_zone(member.country, member.city, "UTC")
    # Button labels are plain text (not HTML): built here, never through the escaping core.
    captions = [
        (
            item.id,
            f"{STATUS_MARKS[EventStatus(item.status)]} "
            f"{format_moment(item.starts_at, zone, i18n.locale)} · {item.title[:40]}",
        )
        for item in events
    ]
    text = i18n.get("events-organised-title" if events else "events-organised-none")
    await show(event, text, kb.organised_keyboard(i18n.get, captions))


async def _manage_view(
    i18n: I18nContext, session: AsyncSession, member: Member, access: Access, event_id: int
) -> tuple[str, InlineKeyboardMarkup]:
    event, counts = await service.attendance(session, access, event_id)
    now = utcnow()
    card = event_card(
        i18n.get,
        i18n.locale,
        event,
        viewer_zone(member.country, member.city, event.timezone),
        professions=event.professions,
        interests=event.interests,
        status=EventStatus(event.status),
        going=counts.going,
        show_link=True,
        now=now,
    )
    summary = i18n.get(
        "events-attendance",
        going=counts.going,
        waitlist=counts.waitlist,
        declined=counts.declined,
    )
    if event.attended_count is not None:
        summary += "\n" + i18n.get("events-attendance-recorded", count=event.attended_count)
    if counts.last_message_total:
        summary += "\n" + i18n.get(
            "events-attendance-message",
            sent=counts.last_message_sent,
            total=counts.last_message_total,
        )
    live = event.status in (EventStatus.PUBLISHED, EventStatus.PENDING) and event.ends_at > now
    markup = kb.manage_keyboard(
        i18n.get,
        event.id,
        can_message=event.status == EventStatus.PUBLISHED and event.ends_at > now,
        can_change=live,
        can_record=service.can_record_attendance(event, now),
    )
    return f"{card}\n\n{summary}", markup


async def manage(
    query: CallbackQuery,
    callback_data: OrgCb,
    i18n: I18nContext,
    session: AsyncSession,
    member: Member | None,
    access: Access,
    state: FSMContext,
) -> None:
    await state.clear()
    if member is None:
        await not_started(query, i18n)
        return
    text, markup = await _manage_view(i18n, session, member, access, callback_data.id)
    await edit_or_answer(query, text, markup)


async def ask_message(
    query: CallbackQuery,
    callback_data: OrgCb,
    i18n: I18nContext,
    session: AsyncSession,
    access: Access,
    state: FSMContext,
) -> None:
    _, counts = await service.attendance(session, access, callback_data.id)
    if counts.messages_today >= service.MESSAGES_PER_DAY:
        await query.answer(i18n.get("events-message-limit"), show_alert=True)
        return
    await state.set_state(Manage.message)
    await state.set_data({"event": callback_data.id})
    await edit_or_answer(
        query,
        i18n.get("events-message-ask", going=counts.going, limit=service.MESSAGE_MAX),
        kb.confirm_keyboard(
            i18n.get,
            "events-message-cancel",
            OrgCb(action="show", id=callback_data.id),
            callback_data.id,
        ),
    )


async def typed_message(message: Message, i18n: I18nContext, state: FSMContext) -> None:
    text = clean_text(message.text or "")
    data = await state.get_data()
    event_id = int(data.get("event", 0))
    if not text or len(text) > service.MESSAGE_MAX:
        await message.answer(i18n.get("events-message-bad", limit=service.MESSAGE_MAX))
        return
    if has_link(text):
        await message.answer(i18n.get("events-message-links"))
        return
    await state.update_data(text=text)
    await state.set_state(Manage.message_confirm)
    await message.answer(
        i18n.get("events-message-preview", text=text),
        reply_markup=kb.confirm_keyboard(
            i18n.get, "events-message-send", OrgCb(action="msg_send", id=event_id), event_id
        ),
    )


async def send_message_to_attendees(
    query: CallbackQuery,
    callback_data: OrgCb,
    i18n: I18nContext,
    session: AsyncSession,
    access: Access,
    state: FSMContext,
) -> None:
    data = await state.get_data()
    if (
        await state.get_state() != Manage.message_confirm.state
        or data.get("event") != callback_data.id
    ):
        await query.answer(i18n.get("stale-button"))
        return
    count = await service.message_attendees(
        session, access, callback_data.id, str(data.get("text", ""))
    )
    await state.clear()
    await edit_or_answer(
        query,
        i18n.get("events-message-queued", count=count),
        kb.manage_keyboard(i18n.get, callback_data.id, can_message=False, can_change=False),
    )


async def ask_move(
    query: CallbackQuery,
    callback_data: OrgCb,
    i18n: I18nContext,
    session: AsyncSession,
    access: Access,
    state: FSMContext,
) -> None:
    event = await service.own_event(session, access, callback_data.id, "event.move")
    zone = zone_of(event.timezone)
    await state.set_state(Manage.move)
    await state.set_data({"event": event.id})
    await edit_or_answer(
        query,
        i18n.get(
            "events-move-ask",
            now=format_moment(event.starts_at, zone, i18n.locale),
            zone=zone_label(zone, i18n.locale),
        ),
        kb.confirm_keyboard(
            i18n.get, "events-move-keep", OrgCb(action="show", id=event.id), event.id
        ),
    )


async def typed_move(
    message: Message,
    i18n: I18nContext,
    session: AsyncSession,
    access: Access,
    state: FSMContext,
) -> None:
    data = await state.get_data()
    try:
        event = await service.own_event(session, access, int(data.get("event", 0)), "event.move")
        zone = zone_of(event.timezone)
        moment = parse_start(message.text or "", zone)
    except (EventError, WhenError) as problem:
        await message.answer(i18n.get(problem.key))
        return
    counts = await service.going_counts(session, [event.id])
    await state.update_data(start=moment.isoformat())
    await state.set_state(Manage.move_confirm)
    await message.answer(
        i18n.get(
            "events-move-confirm",
            when=format_moment(moment, zone, i18n.locale),
            zone=zone_label(zone, i18n.locale),
            going=counts.get(event.id, 0),
        ),
        reply_markup=kb.confirm_keyboard(
            i18n.get, "events-move-yes", OrgCb(action="move_ok", id=event.id), event.id
        ),
    )


async def move(
    query: CallbackQuery,
    callback_data: OrgCb,
    i18n: I18nContext,
    session: AsyncSession,
    member: Member | None,
    access: Access,
    state: FSMContext,
) -> None:
    data = await state.get_data()
    if (
        await state.get_state() != Manage.move_confirm.state
        or data.get("event") != callback_data.id
        or member is None
    ):
        await query.answer(i18n.get("stale-button"))
        return
    told = await service.move_event(
        session, access, callback_data.id, datetime.fromisoformat(str(data["start"]))
    )
    await state.clear()
    text, markup = await _manage_view(i18n, session, member, access, callback_data.id)
    await edit_or_answer(query, i18n.get("events-moved", count=told) + "\n\n" + text, markup)


async def ask_cancel(
    query: CallbackQuery,
    callback_data: OrgCb,
    i18n: I18nContext,
    session: AsyncSession,
    access: Access,
) -> None:
    event, counts = await service.attendance(session, access, callback_data.id)
    await edit_or_answer(
        query,
        i18n.get("events-cancel-confirm", title=event.title, count=counts.going + counts.waitlist),
        kb.confirm_keyboard(
            i18n.get, "events-cancel-yes", OrgCb(action="cancel_ok", id=event.id), event.id
        ),
    )


async def cancel(
    query: CallbackQuery,
    callback_data: OrgCb,
    i18n: I18nContext,
    session: AsyncSession,
    member: Member | None,
    access: Access,
) -> None:
    if member is None:
        await not_started(query, i18n)
        return
    told = await service.cancel_event(session, access, callback_data.id)
    text, markup = await _manage_view(i18n, session, member, access, callback_data.id)
    await edit_or_answer(query, i18n.get("events-cancelled", count=told) + "\n\n" + text, markup)


# ---- the organiser: how many came ---------------------------------------------------------


async def ask_attendance(
    query: CallbackQuery,
    callback_data: OrgCb,
    i18n: I18nContext,
    session: AsyncSession,
    access: Access,
    state: FSMContext,
) -> None:
    """After the event: one tap for the usual answers, or type how many came."""
    event = await service.attendance_event(session, access, callback_data.id)
    going = (await service.going_counts(session, [event.id])).get(event.id, 0)
    await state.set_state(Manage.attendance)
    await state.set_data({"event": event.id})
    await edit_or_answer(
        query,
        i18n.get(
            "events-attendance-ask",
            title=event.title,
            going=going,
            limit=service.attendance_limit(event),
        ),
        kb.attendance_keyboard(i18n.get, event.id, going, typing=True),
    )


async def _recorded(
    i18n: I18nContext,
    session: AsyncSession,
    member: Member,
    access: Access,
    state: FSMContext,
    event_id: int,
    count: int,
) -> tuple[str, InlineKeyboardMarkup]:
    await service.record_attendance(session, access, event_id, count)
    await state.clear()
    text, markup = await _manage_view(i18n, session, member, access, event_id)
    return i18n.get("events-attendance-saved", count=count) + "\n\n" + text, markup


async def quick_attendance(
    query: CallbackQuery,
    callback_data: OrgCb,
    i18n: I18nContext,
    session: AsyncSession,
    member: Member | None,
    access: Access,
    state: FSMContext,
) -> None:
    """ "About as many as said they'd go" or "nobody came", in one tap."""
    if member is None:
        await not_started(query, i18n)
        return
    event = await service.attendance_event(session, access, callback_data.id)
    count = 0
    if callback_data.action == "att_rsvp":
        count = (await service.going_counts(session, [event.id])).get(event.id, 0)
        count = min(count, service.attendance_limit(event))
    text, markup = await _recorded(i18n, session, member, access, state, event.id, count)
    await edit_or_answer(query, text, markup)


async def typed_attendance(
    message: Message,
    i18n: I18nContext,
    session: AsyncSession,
    member: Member | None,
    access: Access,
    state: FSMContext,
) -> None:
    if member is None:
        await not_started(message, i18n)
        return
    data = await state.get_data()
    event = await service.attendance_event(session, access, int(data.get("event", 0)))
    limit = service.attendance_limit(event)
    typed = (message.text or "").strip().replace(" ", "")
    if not typed.isascii() or not typed.isdigit() or int(typed) > limit:
        going = (await service.going_counts(session, [event.id])).get(event.id, 0)
        await message.answer(
            i18n.get("events-attendance-bad", limit=limit),
            reply_markup=kb.attendance_keyboard(i18n.get, event.id, going, typing=True),
        )
        return
    text, markup = await _recorded(i18n, session, member, access, state, event.id, int(typed))
    await message.answer(text, reply_markup=markup)


def create_router() -> Router:
    """Organisers: the new-event wizard and managing their events (role checked per update)."""
    router = Router(name="events-organiser")
    router.message.filter(F.chat.type == "private")
    router.callback_query.filter(F.message.chat.type == "private")
    gate = RequireRole(Role.ORGANISER, "events")
    router.message.middleware(gate)
    router.callback_query.middleware(gate)
    router.message.register(new_event, Command("new_event"), flags=audited("events.new_event"))
    router.callback_query.register(
        new_event, OrgCb.filter(F.action == "new"), flags=audited("events.new_event")
    )
    router.message.register(organised, Command("my_events"), flags=audited("events.organised"))
    router.callback_query.register(
        organised, OrgCb.filter(F.action == "mine"), flags=audited("events.organised")
    )
    router.callback_query.register(
        manage, OrgCb.filter(F.action == "show"), flags=audited("events.manage")
    )
    router.callback_query.register(
        ask_message, OrgCb.filter(F.action == "msg"), flags=audited("events.ask_message")
    )
    router.callback_query.register(
        send_message_to_attendees,
        OrgCb.filter(F.action == "msg_send"),
        flags=audited("events.send_message_to_attendees"),
    )
    router.callback_query.register(
        ask_move, OrgCb.filter(F.action == "move"), flags=audited("events.ask_move")
    )
    router.callback_query.register(
        move, OrgCb.filter(F.action == "move_ok"), flags=audited("events.move")
    )
    router.callback_query.register(
        ask_cancel, OrgCb.filter(F.action == "cancel"), flags=audited("events.ask_cancel")
    )
    router.callback_query.register(
        cancel, OrgCb.filter(F.action == "cancel_ok"), flags=audited("events.cancel")
    )
    router.callback_query.register(
        ask_attendance, OrgCb.filter(F.action == "att"), flags=audited("events.attendance")
    )
    router.callback_query.register(
        quick_attendance,
        OrgCb.filter(F.action.in_({"att_rsvp", "att_zero"})),
        flags=audited("events.attendance"),
    )
    router.callback_query.register(
        wizard_button, StateFilter(NewEvent), WizCb.filter(), flags=audited("events.wizard_button")
    )
    router.message.register(
        typed_message,
        Manage.message,
        F.text,
        ~F.text.startswith("/"),
        flags=audited("events.typed_message"),
    )
    router.message.register(
        typed_move, Manage.move, F.text, ~F.text.startswith("/"), flags=audited("events.typed_move")
    )
    router.message.register(
        typed_attendance,
        Manage.attendance,
        F.text,
        ~F.text.startswith("/"),
        flags=audited("events.attendance"),
    )
    router.message.register(
        wizard_text,
        StateFilter(NewEvent),
        F.text,
        ~F.text.startswith("/"),
        flags=audited("events.wizard_text"),
    )
    # Last: anything else while a question waits (a sticker, a photo, an unknown command).
    router.message.register(
        wizard_other, StateFilter(NewEvent, Manage), flags=audited("events.wizard_other")
    )
    return router
