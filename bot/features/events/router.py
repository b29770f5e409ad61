"""Events for members (router ``events``): the list, a card, going / can't go, the .ics.

Organisers' handlers live in :mod:`bot.features.events.organiser`. Thin handlers: read the
update, call :mod:`bot.features.events.service`, render. Every callback re-reads the event
and re-checks the caller (callback data is forgeable).
"""

from __future__ import annotations

from aiogram import Bot, F, Router
from aiogram.filters import Command
from aiogram.fsm.context import FSMContext
from aiogram.types import BufferedInputFile, CallbackQuery, InlineKeyboardMarkup, Message
from aiogram_i18n import I18nContext
from sqlalchemy.ext.asyncio import AsyncSession

from bot.access import Access
from bot.db.models import Event, EventStatus, Member
from bot.db.types import utcnow
from bot.features.common.keyboards import MenuCb
from bot.features.events import keyboards as kb
from bot.features.events import service
from bot.features.events.ics import event_ics, filename_of
from bot.features.events.keyboards import MINE, EventCb, ListCb
from bot.features.events.render import (
    answer_text,
    event_card,
    event_line,
    viewer_zone,
)
from bot.features.events.service import Scope, Viewer
from bot.features.profile.service import profile_slugs
from bot.geo import (
    find_city,
)
from bot.ui.screens import Target, edit_or_answer


async def not_started(target: Target, i18n: I18nContext) -> None:
    if isinstance(target, CallbackQuery):
        await target.answer(i18n.get("not-started"), show_alert=True)
    else:
        await target.answer(i18n.get("not-started"))


# ---- browsing -----------------------------------------------------------------------------


async def _viewer(session: AsyncSession, member: Member) -> Viewer:
    professions, interests = await profile_slugs(session, member.id)
    return Viewer(
        member_id=member.id,
        country=member.country,
        city=member.city,
        professions=professions,
        interests=interests,
    )


def _scopes(viewer: Viewer) -> tuple[str, ...]:
    scopes = [Scope.CITY.value] if viewer.city else []
    return (*scopes, Scope.COUNTRY.value, Scope.ONLINE.value, Scope.INTERESTS.value, MINE)


async def _list_view(
    i18n: I18nContext,
    session: AsyncSession,
    member: Member,
    access: Access,
    scope: str | None,
    offset: int,
) -> tuple[str, InlineKeyboardMarkup]:
    viewer = await _viewer(session, member)
    scopes = _scopes(viewer)
    if scope not in scopes:
        scope = scopes[0]
    if scope == MINE:
        page = await service.answered(session, member.id, offset=offset)
    else:
        page = await service.upcoming(session, viewer, Scope(scope), offset=offset)
    locale = i18n.locale
    lines = [
        event_line(
            i18n.get,
            locale,
            number,
            event,
            viewer_zone(member.country, member.city, event.timezone),
            star=scope != Scope.INTERESTS and viewer.matches(event),
        )
        for number, event in enumerate(page.events, start=page.offset + 1)
    ]
    place = i18n.get("events-your-place-unknown")
    if member.country:
        city = find_city(member.country, member.city) if member.city else None
        place = city.name(locale) if city else i18n.get("events-your-country")
    header = i18n.get(f"events-list-{scope}", place=place)
    if lines:
        body = "\n".join(lines)
        if page.total > len(page.events):
            body += "\n\n" + i18n.get(
                "events-list-range",
                first=page.offset + 1,
                last=page.offset + len(page.events),
                total=page.total,
            )
    else:
        body = i18n.get("events-list-empty")
    markup = kb.list_keyboard(
        i18n.get,
        [event.id for event in page.events],
        scope=scope,
        offset=page.offset,
        page_size=service.PAGE_SIZE,
        has_more=page.has_more,
        scopes=scopes,
        organiser=access.is_organiser,
        offer_announcements=not member.broadcasts_opt_in,
    )
    return f"{header}\n\n{body}", markup


async def events_command(
    message: Message,
    i18n: I18nContext,
    session: AsyncSession,
    member: Member | None,
    access: Access,
    state: FSMContext,
) -> None:
    await state.clear()
    if member is None or not member.is_onboarded:
        await not_started(message, i18n)
        return
    text, markup = await _list_view(i18n, session, member, access, None, 0)
    await message.answer(text, reply_markup=markup)


async def events_from_menu(
    query: CallbackQuery,
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
    text, markup = await _list_view(i18n, session, member, access, None, 0)
    await edit_or_answer(query, text, markup)


async def list_page(
    query: CallbackQuery,
    callback_data: ListCb,
    i18n: I18nContext,
    session: AsyncSession,
    member: Member | None,
    access: Access,
) -> None:
    if member is None:
        await not_started(query, i18n)
        return
    offset = min(max(0, callback_data.offset), 10_000)
    text, markup = await _list_view(i18n, session, member, access, callback_data.scope, offset)
    await edit_or_answer(query, text, markup)


async def _card_view(
    i18n: I18nContext,
    session: AsyncSession,
    member: Member,
    access: Access,
    event: Event,
    *,
    prefix: str | None = None,
) -> tuple[str, InlineKeyboardMarkup]:
    now = utcnow()
    rsvp = await service.my_rsvp(session, event.id, member.id)
    going = (await service.going_counts(session, [event.id])).get(event.id, 0)
    own = event.organiser_id == member.id
    text = event_card(
        i18n.get,
        i18n.locale,
        event,
        viewer_zone(member.country, member.city, event.timezone),
        professions=event.professions,
        interests=event.interests,
        status=EventStatus(event.status),
        going=going,
        answer=answer_text(i18n.get, rsvp.status, rsvp.position),
        show_link=rsvp.status == "going" or own or access.can_moderate(event.country),
        now=now,
    )
    if prefix:
        text = f"{prefix}\n\n{text}"
    markup = kb.card_keyboard(
        i18n.get,
        event.id,
        status=rsvp.status,
        open_for_answers=event.status == EventStatus.PUBLISHED and event.starts_at > now,
        manage=own and access.is_organiser,
    )
    return text, markup


async def open_event(
    query: CallbackQuery,
    callback_data: EventCb,
    i18n: I18nContext,
    session: AsyncSession,
    member: Member | None,
    access: Access,
) -> None:
    if member is None:
        await not_started(query, i18n)
        return
    event = await service.visible_event(session, callback_data.id, access)
    if event is None:
        await query.answer(i18n.get("events-gone"), show_alert=True)
        return
    text, markup = await _card_view(i18n, session, member, access, event)
    await _show_card(query, callback_data, text, markup)


async def _show_card(
    query: CallbackQuery, callback_data: EventCb, text: str, markup: InlineKeyboardMarkup
) -> None:
    """In place of the pressed card; under a notice (``src == "n"``) as a new message, so the
    reminder or the organiser's message stays readable."""
    if callback_data.src == "n":
        await query.answer()
        assert query.bot is not None
        await query.bot.send_message(query.from_user.id, text, reply_markup=markup)
        return
    await edit_or_answer(query, text, markup)


async def rsvp(
    query: CallbackQuery,
    callback_data: EventCb,
    i18n: I18nContext,
    session: AsyncSession,
    member: Member | None,
    access: Access,
) -> None:
    if member is None:
        await not_started(query, i18n)
        return
    result = await service.answer(
        session, callback_data.id, member.id, going=callback_data.action == "go"
    )
    event = await service.visible_event(session, callback_data.id, access)
    assert event is not None
    prefix = None
    if result.changed:
        prefix = i18n.get(f"events-answer-{result.status}", position=result.position or 1)
    text, markup = await _card_view(i18n, session, member, access, event, prefix=prefix)
    await _show_card(query, callback_data, text, markup)


async def send_ics(
    query: CallbackQuery,
    callback_data: EventCb,
    bot: Bot,
    i18n: I18nContext,
    session: AsyncSession,
    member: Member | None,
    access: Access,
) -> None:
    if member is None:
        await not_started(query, i18n)
        return
    event = await service.visible_event(session, callback_data.id, access)
    if event is None:
        await query.answer(i18n.get("events-gone"), show_alert=True)
        return
    rsvp_now = await service.my_rsvp(session, event.id, member.id)
    payload = event_ics(
        event, show_link=rsvp_now.status == "going" or event.organiser_id == member.id
    )
    await query.answer()
    await bot.send_document(
        query.from_user.id,
        BufferedInputFile(payload, filename=filename_of(event)),
        caption=i18n.get("events-ics-caption", title=event.title),
    )


def create_router() -> Router:
    """Members: /events, the list, a card, going / can't go, the calendar file."""
    router = Router(name="events")
    router.message.filter(F.chat.type == "private")
    router.callback_query.filter(F.message.chat.type == "private")
    router.message.register(events_command, Command("events"))
    router.callback_query.register(events_from_menu, MenuCb.filter(F.section == "events"))
    router.callback_query.register(list_page, ListCb.filter())
    router.callback_query.register(open_event, EventCb.filter(F.action == "open"))
    router.callback_query.register(rsvp, EventCb.filter(F.action.in_({"go", "no"})))
    router.callback_query.register(send_ics, EventCb.filter(F.action == "ics"))
    return router
