"""Broadcasts in chat: the organiser's wizard and controls (router ``broadcast-organiser``,
gated by :class:`~bot.middlewares.roles.RequireRole` for every message and callback), and the
recipient's side (router ``broadcast``): unsubscribing, and reachability from
``my_chat_member``.

Every callback is checked again by the service against the broadcast (only its author, while
they still organise in its scope, or an admin); refusals are audited.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from aiogram import Bot, F, Router
from aiogram.filters import Command, StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.types import (
    CallbackQuery,
    ChatMemberUpdated,
    InlineKeyboardMarkup,
    Message,
    MessageEntity,
)
from aiogram_i18n import I18nContext
from sqlalchemy.ext.asyncio import AsyncSession

from bot.access import Access
from bot.config import Settings
from bot.db.models import (
    ALL_COUNTRIES,
    Broadcast,
    BroadcastStatus,
    Event,
    MediaKind,
    Member,
    Role,
    TaxonomyKind,
)
from bot.features.broadcast import keyboards as kb
from bot.features.broadcast import service
from bot.features.broadcast.delivery import send_copy
from bot.features.broadcast.header import headed, header_for, signature
from bot.features.broadcast.keyboards import BcCb, ComposeCb, OptOutCb, UnsubCb
from bot.features.broadcast.render import (
    STATUS_MARKS,
    count_text,
    progress_text,
    reasons_text,
    segment_text,
)
from bot.features.broadcast.segment import Segment
from bot.features.broadcast.service import BroadcastError, Content
from bot.features.broadcast.states import Compose
from bot.features.common.keyboards import main_menu
from bot.features.events import service as events
from bot.geo import MAIN_HOST_COUNTRIES, cities_of, country_name
from bot.middlewares.roles import RequireRole, audited
from bot.taxonomy import active_slugs, label
from bot.ui import screens
from bot.ui.keyboards import toggled
from bot.ui.screens import Target, edit_or_answer

LANGUAGES = ("ru", "en")


@dataclass(frozen=True)
class Ctx:
    i18n: I18nContext
    session: AsyncSession
    access: Access
    state: FSMContext
    settings: Settings


def _countries(access: Access) -> tuple[str, ...]:
    if access.can_organise(ALL_COUNTRIES):
        return MAIN_HOST_COUNTRIES
    return tuple(sorted(access.organiser_scopes))


def _list(data: dict[str, Any], key: str) -> list[str]:
    value = data.get(key)
    return [str(v) for v in value] if isinstance(value, list) else []


def _content(data: dict[str, Any]) -> Content | None:
    if "text" not in data:
        return None
    media = data.get("media_kind")
    return Content(
        text=str(data["text"]),
        entities=tuple(data.get("entities") or ()),
        media_kind=MediaKind(str(media)) if media else None,
        media_file_id=str(data["media_file_id"]) if data.get("media_file_id") else None,
        button_text=str(data["button_text"]) if data.get("button_text") else None,
        button_url=str(data["button_url"]) if data.get("button_url") else None,
    )


# ---- composing ----------------------------------------------------------------------------


async def new_broadcast(
    event: Message | CallbackQuery,
    i18n: I18nContext,
    member: Member | None,
    state: FSMContext,
) -> None:
    if member is None or not member.is_onboarded:
        text = i18n.get("not-started")
        if isinstance(event, CallbackQuery):
            await event.answer(text, show_alert=True)
        else:
            await event.answer(text)
        return
    await state.clear()
    await state.set_state(Compose.content)
    await screens.show(event, i18n.get("bc-ask-content"), kb.text_step_keyboard(i18n.get))


def _entities(items: list[MessageEntity] | None) -> list[dict[str, Any]]:
    return [item.model_dump(mode="json", exclude_none=True) for item in items or []]


async def typed_content(message: Message, i18n: I18nContext, state: FSMContext) -> None:
    """The announcement: text, or a photo / document with a caption; formatting kept."""
    data: dict[str, Any]
    if message.photo:
        data = {
            "text": message.caption or "",
            "entities": _entities(message.caption_entities),
            "media_kind": str(MediaKind.PHOTO),
            "media_file_id": message.photo[-1].file_id,
        }
    elif message.document is not None:
        data = {
            "text": message.caption or "",
            "entities": _entities(message.caption_entities),
            "media_kind": str(MediaKind.DOCUMENT),
            "media_file_id": message.document.file_id,
        }
    elif message.text and not message.text.startswith("/"):
        data = {
            "text": message.text,
            "entities": _entities(message.entities),
            "media_kind": None,
            "media_file_id": None,
        }
    else:
        await message.answer(i18n.get("bc-content-kinds"))
        return
    content = _content({**data, "button_text": None, "button_url": None})
    assert content is not None
    content = service.clean_content(content)
    data["text"], data["entities"] = content.text, list(content.entities)
    try:
        service.check_content(content)
    except BroadcastError as problem:
        await message.answer(i18n.get(problem.key, limit=service.text_limit(content)))
        return
    await state.update_data(data)
    await state.set_state(Compose.button)
    await message.answer(
        i18n.get("bc-ask-button"), reply_markup=kb.text_step_keyboard(i18n.get, skip=True)
    )


async def typed_button(
    message: Message,
    i18n: I18nContext,
    session: AsyncSession,
    access: Access,
    state: FSMContext,
    settings: Settings,
) -> None:
    try:
        label_text, url = service.parse_button(message.text or "")
    except BroadcastError as problem:
        await message.answer(
            i18n.get(problem.key), reply_markup=kb.text_step_keyboard(i18n.get, skip=True)
        )
        return
    await state.update_data(button_text=label_text, button_url=url)
    await _show_segment(message, Ctx(i18n, session, access, state, settings))


async def _segment(ctx: Ctx) -> Segment:
    """The chosen segment; with nothing narrowed, the organiser's own community."""
    chosen = Segment.from_data(await ctx.state.get_data(), ctx.settings.default_locale)
    return service.default_audience(ctx.access, chosen)


async def _event_title(session: AsyncSession, event_id: int | None) -> str | None:
    if event_id is None:
        return None
    event = await session.get(Event, event_id)
    return event.title if event is not None else None


async def _show_segment(target: Target, ctx: Ctx, note: str | None = None) -> None:
    await ctx.state.set_state(Compose.segment)
    if "countries" not in await ctx.state.get_data():
        # The first look at the audience: the organiser's community, ticked as chosen.
        default = service.default_audience(ctx.access, Segment())
        await ctx.state.update_data(countries=list(default.countries))
    segment = await _segment(ctx)
    count = await service.count_recipients(ctx.session, ctx.access, segment)
    lines = segment_text(
        ctx.i18n.get, ctx.i18n.locale, segment, await _event_title(ctx.session, segment.event_id)
    )
    dimensions = ["countries"]
    if len(segment.countries) == 1 and cities_of(segment.countries[0]):
        dimensions.append("cities")
    dimensions += ["professions", "interests", "languages", "event"]
    shown = count_text(ctx.i18n.get, count, exact=service.exact_count_for(ctx.access, count))
    text = ctx.i18n.get("bc-segment", segment=lines, count=shown)
    if note:
        text = f"{note}\n\n{text}"
    await screens.show(target, text, kb.segment_keyboard(ctx.i18n.get, dimensions))


async def _options(ctx: Ctx, dimension: str, data: dict[str, Any]) -> list[tuple[str, str]]:
    """The values offered for a dimension (a forged value outside them is refused)."""
    t, locale = ctx.i18n.get, ctx.i18n.locale
    if dimension == "countries":
        return [(code, country_name(code, locale)) for code in _countries(ctx.access)]
    if dimension == "cities":
        countries = _list(data, "countries")
        if len(countries) != 1:
            return []
        return [(city.slug, city.name(locale)) for city in cities_of(countries[0])]
    if dimension in ("professions", "interests"):
        kind = TaxonomyKind.PROFESSION if dimension == "professions" else TaxonomyKind.INTEREST
        return [(slug, label(t, kind, slug)) for slug in await active_slugs(ctx.session, kind)]
    if dimension == "languages":
        return [(code, t(f"bc-lang-{code}")) for code in LANGUAGES]
    organised = await events.organised_by(ctx.session, ctx.access)
    return [(str(event.id), event.title[:40]) for event in organised]


def _chosen(dimension: str, data: dict[str, Any]) -> list[str]:
    if dimension == "event":
        return [str(data["event"])] if data.get("event") else []
    if dimension == "cities":
        countries = _list(data, "countries")
        names = set(_list(data, "cities"))
        return [
            c.slug for c in cities_of(countries[0] if countries else None) if c.name_en in names
        ]
    return _list(data, dimension)


async def _show_choices(query: CallbackQuery, ctx: Ctx, dimension: str) -> None:
    # Changing who gets it voids an earlier preview: Submit needs a new one (and its count).
    await ctx.state.set_state(Compose.segment)
    data = await ctx.state.get_data()
    options = await _options(ctx, dimension, data)
    text = ctx.i18n.get(f"bc-choose-{dimension}" if options else "bc-choose-nothing")
    await edit_or_answer(
        query, text, kb.choices_keyboard(ctx.i18n.get, dimension, options, _chosen(dimension, data))
    )


async def compose_button(
    query: CallbackQuery,
    callback_data: ComposeCb,
    i18n: I18nContext,
    session: AsyncSession,
    member: Member | None,
    access: Access,
    state: FSMContext,
    settings: Settings,
    bot: Bot,
) -> None:
    """A button of the wizard; each is accepted only at the step that showed it."""
    ctx = Ctx(i18n, session, access, state, settings)
    step, value = callback_data.step, callback_data.value
    current = await state.get_state()
    if step == "x":
        await state.clear()
        await edit_or_answer(query, i18n.get("bc-wizard-cancelled"), main_menu(i18n))
        return
    data = await state.get_data()
    if step == "skip" and current == Compose.button.state:
        await state.update_data(button_text=None, button_url=None)
        await _show_segment(query, ctx)
        return
    if current not in (Compose.segment.state, Compose.confirm.state) or _content(data) is None:
        await query.answer(i18n.get("stale-button"))
        return
    if step == "seg":
        await _show_segment(query, ctx)
        return
    if step == "dim" and value in kb.DIMENSION_KEYS:
        await _show_choices(query, ctx, value)
        return
    if step in ("tog", "ev"):
        parsed = kb.parse_toggle(value)
        if parsed is None:
            await query.answer(i18n.get("stale-button"))
            return
        dimension, item = parsed
        offered = {v for v, _ in await _options(ctx, dimension, data)}
        if item not in offered:
            await query.answer(i18n.get("stale-button"))
            return
        await _toggle(ctx, data, dimension, item)
        await _show_choices(query, ctx, dimension)
        return
    if step == "preview":
        await _preview(query, ctx, bot)
        return
    if step == "sign" and current == Compose.confirm.state:
        # Signing is off unless the author turns it on; the preview shows it either way.
        await state.update_data(signed=not data.get("signed"))
        await _preview(query, ctx, bot)
        return
    if step in ("submit", "now") and current == Compose.confirm.state:
        await _submit(query, ctx, send_now=step == "now")
        return
    await query.answer(i18n.get("stale-button"))


async def _toggle(ctx: Ctx, data: dict[str, Any], dimension: str, item: str) -> None:
    if dimension == "event":
        chosen_event = None if str(data.get("event")) == item else int(item)
        changes: dict[str, Any] = {"event": chosen_event}
        default = service.default_audience(ctx.access, Segment()).countries
        if chosen_event is not None and tuple(sorted(_list(data, "countries"))) == default:
            # The event is the audience (its attendees wherever they live), unless the
            # organiser narrowed the countries themselves.
            changes["countries"] = []
        await ctx.state.update_data(changes)
        return
    if dimension == "cities":
        countries = _list(data, "countries")
        city = next((c for c in cities_of(countries[0]) if c.slug == item), None)
        if city is None:
            return
        item = city.name_en
    chosen = _list(data, dimension)
    chosen = toggled(chosen, item)
    changes = {dimension: chosen}
    if dimension == "countries":
        changes["cities"] = []  # cities belong to one chosen country
    await ctx.state.update_data(changes)


async def _preview(query: CallbackQuery, ctx: Ctx, bot: Bot) -> None:
    """The message exactly as recipients get it, then the exact count and the buttons."""
    data = await ctx.state.get_data()
    content = _content(data)
    segment = await _segment(ctx)
    assert content is not None
    try:
        service.check_content(content)
        event = await service.check_segment(ctx.session, ctx.access, segment)
    except BroadcastError as problem:
        await query.answer(
            ctx.i18n.get(problem.key, limit=service.text_limit(content)), show_alert=True
        )
        return
    count = await service.count_recipients(ctx.session, ctx.access, segment)
    await query.answer()
    assert query.from_user is not None
    chat_id = query.from_user.id
    signed = bool(data.get("signed"))
    header = header_for(
        segment,
        event,
        team=ctx.access.is_admin,
        name=signature(query.from_user.full_name) if signed else None,
    )
    copy = headed(content, header.text(ctx.i18n.get, ctx.i18n.locale))
    markup = kb.recipient_keyboard(ctx.i18n.get, content.button_text, content.button_url)
    entities = [MessageEntity.model_validate(e) for e in copy.entities] or None
    await send_copy(bot, chat_id, copy, entities, markup)
    await ctx.state.set_state(Compose.confirm)
    lines = segment_text(
        ctx.i18n.get, ctx.i18n.locale, segment, await _event_title(ctx.session, segment.event_id)
    )
    await bot.send_message(
        chat_id,
        ctx.i18n.get(
            "bc-confirm",
            segment=lines,
            count=count_text(ctx.i18n.get, count, exact=service.exact_count_for(ctx.access, count)),
        ),
        reply_markup=kb.confirm_keyboard(
            ctx.i18n.get, can_send_now=ctx.access.is_admin, signed=signed
        ),
    )


async def _submit(query: CallbackQuery, ctx: Ctx, *, send_now: bool) -> None:
    data = await ctx.state.get_data()
    content = _content(data)
    assert content is not None
    signed_as = signature(query.from_user.full_name) if data.get("signed") else None
    try:
        broadcast = await service.create_broadcast(
            ctx.session,
            ctx.access,
            content,
            await _segment(ctx),
            send_now=send_now,
            signed_as=signed_as,
        )
    except BroadcastError as problem:
        await query.answer(
            ctx.i18n.get(problem.key, limit=service.text_limit(content)), show_alert=True
        )
        return
    await ctx.state.clear()
    key = "bc-sending-now" if broadcast.status == BroadcastStatus.APPROVED else "bc-submitted"
    await edit_or_answer(
        query,
        ctx.i18n.get(key),
        kb.progress_keyboard(
            ctx.i18n.get, broadcast.id, can_pause=False, can_resume=False, can_cancel=True
        ),
    )


async def compose_other(message: Message, i18n: I18nContext, state: FSMContext) -> None:
    """Something the open step does not take (a sticker, text where buttons are expected)."""
    current = await state.get_state()
    if current == Compose.button.state:
        await message.answer(
            i18n.get("bc-button-bad"), reply_markup=kb.text_step_keyboard(i18n.get, skip=True)
        )
        return
    await message.answer(i18n.get("bc-use-buttons"))


# ---- the author's broadcasts --------------------------------------------------------------


async def mine(
    event: Message | CallbackQuery,
    i18n: I18nContext,
    session: AsyncSession,
    access: Access,
    state: FSMContext,
) -> None:
    await state.clear()
    items = await service.authored_by(session, access)
    captions = [
        (
            item.id,
            f"{STATUS_MARKS[BroadcastStatus(item.status)]} #{item.id} · "
            f"{(item.text.strip().splitlines() or ['—'])[0][:40]}",
        )
        for item in items
    ]
    text = i18n.get("bc-mine-title" if items else "bc-mine-none")
    await screens.show(event, text, kb.mine_keyboard(i18n.get, captions))


async def _progress_view(
    i18n: I18nContext, session: AsyncSession, settings: Settings, broadcast: Broadcast
) -> tuple[str, InlineKeyboardMarkup]:
    progress = await service.progress(session, broadcast, settings.send_rate)
    segment = Segment.of(broadcast, settings.default_locale)
    lines = segment_text(
        i18n.get, i18n.locale, segment, await _event_title(session, broadcast.event_id)
    )
    status = BroadcastStatus(broadcast.status)
    text = progress_text(i18n.get, i18n.locale, broadcast, progress, lines)
    reasons = reasons_text(i18n.get, await service.reason_counts(session))
    if reasons:
        text += "\n\n" + reasons
    markup = kb.progress_keyboard(
        i18n.get,
        broadcast.id,
        can_pause=status in (BroadcastStatus.APPROVED, BroadcastStatus.SENDING),
        can_resume=status == BroadcastStatus.PAUSED,
        can_cancel=status in (*service.LIVE, BroadcastStatus.PENDING),
    )
    return text, markup


async def show(
    query: CallbackQuery,
    callback_data: BcCb,
    i18n: I18nContext,
    session: AsyncSession,
    access: Access,
    settings: Settings,
) -> None:
    broadcast = await service.own_broadcast(session, access, callback_data.id, "broadcast.show")
    text, markup = await _progress_view(i18n, session, settings, broadcast)
    await edit_or_answer(query, text, markup)


async def control(
    query: CallbackQuery,
    callback_data: BcCb,
    i18n: I18nContext,
    session: AsyncSession,
    access: Access,
    settings: Settings,
) -> None:
    """Pause, resume, cancel (after a confirmation)."""
    action = callback_data.action
    if action == "cancel":
        broadcast = await service.own_broadcast(
            session, access, callback_data.id, "broadcast.cancel"
        )
        await edit_or_answer(
            query,
            i18n.get("bc-cancel-confirm"),
            kb.cancel_confirm_keyboard(i18n.get, broadcast.id),
        )
        return
    operation = {"pause": service.pause, "resume": service.resume, "cancel_ok": service.cancel}
    broadcast = await operation[action](session, access, callback_data.id)
    text, markup = await _progress_view(i18n, session, settings, broadcast)
    await edit_or_answer(query, text, markup, toast=i18n.get(f"bc-{action}-done"))


# ---- recipients ---------------------------------------------------------------------------


async def opt_out(
    query: CallbackQuery,
    callback_data: OptOutCb,
    i18n: I18nContext,
    session: AsyncSession,
    member: Member | None,
    state: FSMContext,
    bot: Bot,
) -> None:
    """ "Unsubscribe" under a copy: one tap turns broadcasts off and says so, with Undo and,
    optionally, why (a count per reason, tied to nobody). Forged data changes nothing: a
    broadcast the member did not receive is not counted, an unknown reason is not counted."""
    if member is None or callback_data.action not in ("off", "undo", "why"):
        await query.answer(i18n.get("stale-button"))
        return
    broadcast_id = callback_data.b
    data = await state.get_data()
    if callback_data.action == "off":
        changed = await service.unsubscribe(session, member.id)
        member.broadcasts_opt_in = False
        counted = changed and await service.count_unsubscribe(session, broadcast_id, member.id)
        if changed:
            await state.update_data(bc_reason_owed=True, bc_counted=broadcast_id if counted else 0)
        await query.answer(i18n.get("bc-unsubscribed-toast"))
        await bot.send_message(
            member.id,
            i18n.get("bc-unsubscribed"),
            reply_markup=kb.reasons_keyboard(i18n.get, service.UNSUBSCRIBE_REASONS, broadcast_id),
        )
        return
    if callback_data.action == "undo":
        if await service.resubscribe(session, member.id):
            member.broadcasts_opt_in = True
            counted_on = data.get("bc_counted")
            if isinstance(counted_on, int) and counted_on and counted_on == broadcast_id:
                await service.uncount_unsubscribe(session, counted_on)
        await state.update_data(bc_reason_owed=None, bc_counted=None)
        await edit_or_answer(query, i18n.get("bc-resubscribed"), None)
        return
    await _reason(query, i18n, session, state, callback_data.reason)


async def _reason(
    query: CallbackQuery, i18n: I18nContext, session: AsyncSession, state: FSMContext, reason: str
) -> None:
    """Why they unsubscribed: counted once, only right after unsubscribing (not after Undo)."""
    data = await state.get_data()
    owed = bool(data.get("bc_reason_owed"))
    if owed and reason in service.UNSUBSCRIBE_REASONS:
        await service.count_reason(session, reason)
    if owed:
        await state.update_data(bc_reason_owed=None)
    await edit_or_answer(query, i18n.get("bc-reason-thanks"), None)


async def unsubscribe_legacy(
    query: CallbackQuery,
    callback_data: UnsubCb,
    i18n: I18nContext,
    session: AsyncSession,
    member: Member | None,
    state: FSMContext,
    bot: Bot,
) -> None:
    """The buttons of copies sent before Undo existed: the same, without a broadcast."""
    if member is None:
        await query.answer(i18n.get("stale-button"))
        return
    if callback_data.reason:
        await _reason(query, i18n, session, state, callback_data.reason)
        return
    await opt_out(query, OptOutCb(action="off"), i18n, session, member, state, bot)


async def chat_member_changed(update: ChatMemberUpdated, session: AsyncSession) -> None:
    """Blocked the bot → unreachable; came back → active again (a ban stays a ban)."""
    status = update.new_chat_member.status
    if status == "kicked":
        await service.set_reachable(session, update.from_user.id, reachable=False)
    elif status == "member":
        await service.set_reachable(session, update.from_user.id, reachable=True)


def create_router() -> Router:
    """Recipients: unsubscribe and reason buttons, and ``my_chat_member`` (no role needed)."""
    router = Router(name="broadcast")
    router.callback_query.register(opt_out, OptOutCb.filter())
    router.callback_query.register(unsubscribe_legacy, UnsubCb.filter())
    router.my_chat_member.register(chat_member_changed, F.chat.type == "private")
    return router


def create_organiser_router() -> Router:
    """Organisers: compose, preview, submit, and their broadcasts' progress and controls."""
    router = Router(name="broadcast-organiser")
    router.message.filter(F.chat.type == "private")
    router.callback_query.filter(F.message.chat.type == "private")
    gate = RequireRole(Role.ORGANISER, "broadcast")
    router.message.middleware(gate)
    router.callback_query.middleware(gate)
    router.message.register(
        new_broadcast, Command("broadcast"), flags=audited("broadcast.new_broadcast")
    )
    router.callback_query.register(
        new_broadcast, BcCb.filter(F.action == "new"), flags=audited("broadcast.new_broadcast")
    )
    router.message.register(mine, Command("my_broadcasts"), flags=audited("broadcast.mine"))
    router.callback_query.register(
        mine, BcCb.filter(F.action == "mine"), flags=audited("broadcast.mine")
    )
    router.callback_query.register(
        show, BcCb.filter(F.action == "show"), flags=audited("broadcast.show")
    )
    router.callback_query.register(
        control,
        BcCb.filter(F.action.in_({"pause", "resume", "cancel", "cancel_ok"})),
        flags=audited("broadcast.control"),
    )
    router.callback_query.register(
        compose_button, ComposeCb.filter(), flags=audited("broadcast.compose_button")
    )
    router.message.register(
        typed_content, Compose.content, flags=audited("broadcast.typed_content")
    )
    router.message.register(
        typed_button,
        Compose.button,
        F.text,
        ~F.text.startswith("/"),
        flags=audited("broadcast.typed_button"),
    )
    router.message.register(
        compose_other, StateFilter(Compose), flags=audited("broadcast.compose_other")
    )
    return router
