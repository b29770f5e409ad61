"""Broadcasts in chat: the organiser's screens (router ``broadcast-organiser``) and compose
wizard (router ``broadcast-wizard``, :mod:`bot.features.broadcast.compose`), both gated by
:class:`~bot.middlewares.roles.RequireRole` for every message and callback; and the recipient's
side (router ``broadcast``): unsubscribing, and reachability from ``my_chat_member``.

Every callback is checked again by the service against the broadcast (only its author, while
they still organise in its scope, or an admin); refusals are audited.
"""

from __future__ import annotations

from aiogram import Bot, F, Router
from aiogram.filters import Command
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, ChatMemberUpdated, InlineKeyboardMarkup, Message
from aiogram_i18n import I18nContext
from sqlalchemy.ext.asyncio import AsyncSession

from bot.access import Access
from bot.config import Settings
from bot.db.models import Broadcast, BroadcastStatus, Event, Member, Role
from bot.features.broadcast import keyboards as kb
from bot.features.broadcast import service
from bot.features.broadcast.compose import COMPOSE, new_broadcast, typed_content
from bot.features.broadcast.keyboards import BcCb, OptOutCb, UnsubCb
from bot.features.broadcast.render import STATUS_MARKS, progress_text, reasons_text, segment_text
from bot.features.broadcast.segment import Segment
from bot.features.broadcast.states import Compose
from bot.middlewares.roles import RequireRole, audited
from bot.ui import screens
from bot.ui.screens import edit_or_answer

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
    event = await session.get(Event, broadcast.event_id) if broadcast.event_id else None
    lines = segment_text(i18n.get, i18n.locale, segment, event.title if event else None)
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


OPERATIONS = {"pause": service.pause, "resume": service.resume, "cancel_ok": service.cancel}


async def control(
    query: CallbackQuery,
    callback_data: BcCb,
    i18n: I18nContext,
    session: AsyncSession,
    access: Access,
    settings: Settings,
) -> None:
    """A broadcast's progress (``show``); pause, resume, cancel (after a confirmation)."""
    action, toast = callback_data.action, None
    if action in ("show", "cancel"):
        audit = f"broadcast.{action}"
        broadcast = await service.own_broadcast(session, access, callback_data.id, audit)
        if action == "cancel":
            confirm = kb.cancel_confirm_keyboard(i18n.get, broadcast.id)
            await edit_or_answer(query, i18n.get("bc-cancel-confirm"), confirm)
            return
    else:
        broadcast = await OPERATIONS[action](session, access, callback_data.id)
        toast = i18n.get(f"bc-{action}-done")
    text, markup = await _progress_view(i18n, session, settings, broadcast)
    await edit_or_answer(query, text, markup, toast=toast)


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


def _organisers_only(router: Router) -> Router:
    """Private chats, organisers only: the gate refuses (and audits) everyone else."""
    gate = RequireRole(Role.ORGANISER, "broadcast")
    router.message.filter(F.chat.type == "private")
    router.callback_query.filter(F.message.chat.type == "private")
    router.message.middleware(gate)
    router.callback_query.middleware(gate)
    return router


def create_organiser_router() -> Router:
    """Organisers: a new broadcast and the wizard's content step, their broadcasts' progress
    and controls. Before :func:`create_compose_router`: the content step takes a photo or a
    document too, which the engine's handlers (text only) would refuse."""
    router = _organisers_only(Router(name="broadcast-organiser"))
    flags = audited("broadcast.new_broadcast")
    router.message.register(new_broadcast, Command("broadcast"), flags=flags)
    router.callback_query.register(new_broadcast, BcCb.filter(F.action == "new"), flags=flags)
    flags = audited("broadcast.mine")
    router.message.register(mine, Command("my_broadcasts"), flags=flags)
    router.callback_query.register(mine, BcCb.filter(F.action == "mine"), flags=flags)
    router.callback_query.register(
        control, BcCb.filter(F.action == "show"), flags=audited("broadcast.show")
    )
    router.callback_query.register(
        control,
        BcCb.filter(F.action.in_({"pause", "resume", "cancel", "cancel_ok"})),
        flags=audited("broadcast.control"),
    )
    # Commands fall through to their routers (/menu, /cancel leave the wizard).
    router.message.register(
        typed_content,
        Compose.content,
        ~(F.text.startswith("/")),
        flags=audited("broadcast.typed_content"),
    )
    return router


def create_compose_router() -> Router:
    """The compose wizard's buttons and typed answers (the engine's handlers, behind the
    organisers' gate: :data:`bot.features.broadcast.compose.GATE`), private chats only."""
    router = COMPOSE.create_router()
    router.message.filter(F.chat.type == "private")
    router.callback_query.filter(F.message.chat.type == "private")
    return router
