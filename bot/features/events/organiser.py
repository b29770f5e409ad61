"""Events for organisers (router ``events-organiser``, gated by
:class:`~bot.middlewares.roles.RequireRole` for every message and callback): opening the
new-event wizard (:mod:`bot.features.events.wizard`), and their events — attendance counts,
a message to everyone going, moving, cancelling.

Scope is checked again by the service against each event (an organiser of one country cannot
act in another, a revoked organiser keeps no power over their events); refusals are audited.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import datetime

from aiogram import F, Router
from aiogram.filters import Command, StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State
from aiogram.types import CallbackQuery, InlineKeyboardMarkup, Message
from aiogram_i18n import I18nContext
from sqlalchemy.ext.asyncio import AsyncSession

from bot.access import Access
from bot.cleaning import clean_text, has_link
from bot.db.models import EventStatus, Member, Role
from bot.db.types import utcnow
from bot.features.events import keyboards as kb
from bot.features.events import service
from bot.features.events.keyboards import OrgCb
from bot.features.events.render import (
    event_card,
    format_moment,
    viewer_zone,
    zone_label,
)
from bot.features.events.router import not_started
from bot.features.events.service import EventError
from bot.features.events.states import Manage
from bot.features.events.when import (
    WhenError,
    parse_start,
    zone_of,
)
from bot.features.events.wizard import new_event_wizard
from bot.middlewares.roles import RequireRole, audited
from bot.ui.screens import edit_or_answer, show
from bot.ui.steps import StepContext

STATUS_MARKS = {
    EventStatus.PENDING: "⏳",
    EventStatus.PUBLISHED: "✅",
    EventStatus.REJECTED: "❌",
    EventStatus.CANCELLED: "🚫",
}


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
    ctx = StepContext(i18n, session, member, state, access)
    await new_event_wizard().start(event, ctx, prefix=i18n.get("events-new-intro"))


async def manage_other(
    message: Message,
    i18n: I18nContext,
    state: FSMContext,
) -> None:
    """A sticker, a photo or an unknown command while a one-question prompt waits: say what
    it waits for (the new-event wizard's steps answer this themselves)."""
    typed_command = (message.text or "").startswith("/")
    name = await state.get_state()
    if name in (Manage.message_confirm.state, Manage.move_confirm.state):
        await message.answer(i18n.get("events-use-buttons"))
        return
    await message.answer(
        i18n.get("events-wizard-command" if typed_command else "events-wizard-text-only")
    )


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


Handler = Callable[..., Awaitable[None]]
# The organiser's buttons: the OrgCb action, its handler, how the audit log names it.
BUTTONS: tuple[tuple[str, Handler, str], ...] = (
    ("new", new_event, "events.new_event"),
    ("mine", organised, "events.organised"),
    ("show", manage, "events.manage"),
    ("msg", ask_message, "events.ask_message"),
    ("msg_send", send_message_to_attendees, "events.send_message_to_attendees"),
    ("move", ask_move, "events.ask_move"),
    ("move_ok", move, "events.move"),
    ("cancel", ask_cancel, "events.ask_cancel"),
    ("cancel_ok", cancel, "events.cancel"),
    ("att", ask_attendance, "events.attendance"),
    ("att_rsvp", quick_attendance, "events.attendance"),
    ("att_zero", quick_attendance, "events.attendance"),
)
# The one-question prompts: the state waiting for typed text, its reader, its audit name.
PROMPTS: tuple[tuple[State, Handler, str], ...] = (
    (Manage.message, typed_message, "events.typed_message"),
    (Manage.move, typed_move, "events.typed_move"),
    (Manage.attendance, typed_attendance, "events.attendance"),
)


def create_router() -> Router:
    """Organisers: opening the new-event wizard (its steps have their own router, see
    :mod:`bot.features.events.wizard`) and managing their events (role checked per update)."""
    router = Router(name="events-organiser")
    router.message.filter(F.chat.type == "private")
    router.callback_query.filter(F.message.chat.type == "private")
    gate = RequireRole(Role.ORGANISER, "events")
    router.message.middleware(gate)
    router.callback_query.middleware(gate)
    router.message.register(new_event, Command("new_event"), flags=audited("events.new_event"))
    router.message.register(organised, Command("my_events"), flags=audited("events.organised"))
    for action, handler, name in BUTTONS:
        router.callback_query.register(
            handler, OrgCb.filter(F.action == action), flags=audited(name)
        )
    for prompt, handler, name in PROMPTS:
        router.message.register(
            handler, prompt, F.text, ~F.text.startswith("/"), flags=audited(name)
        )
    # Last: anything else while a prompt waits (a sticker, a photo, an unknown command).
    router.message.register(manage_other, StateFilter(Manage), flags=audited("events.wizard_other"))
    return router
