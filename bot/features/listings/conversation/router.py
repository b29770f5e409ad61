"""Writing through the bot, answering, showing one's @username, blocking and reporting.

The bot copies the *text* of a message into a new message of its own; it never forwards, and
never copies entities or files, so no id, name or username can travel with it.
"""

from __future__ import annotations

import logging
from zoneinfo import ZoneInfo

from aiogram import Bot, F, Router
from aiogram.filters import StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, InlineKeyboardMarkup, Message
from aiogram_i18n import I18nContext
from sqlalchemy.ext.asyncio import AsyncSession

from bot import outbox
from bot.db.models import Member, MemberStatus
from bot.features.listings.conversation import delivery, render
from bot.features.listings.conversation import service as relay
from bot.features.listings.conversation.keyboards import (
    RelayCb,
    confirm_keyboard,
    report_keyboard,
    thread_keyboard,
    write_more_keyboard,
)
from bot.features.listings.conversation.service import Outgoing, RelayError, Side
from bot.features.listings.conversation.states import RelayStates
from bot.features.listings.kinds import ListingKind
from bot.features.listings.notices import member_zone
from bot.features.listings.render import Texts
from bot.features.safety.scam import scam_flags
from bot.services import Services
from bot.ui.keyboards import InlineKeyboardBuilder
from bot.ui.screens import edit_or_answer

log = logging.getLogger(__name__)
CANCEL = "x"
# Messages shown in the conversation view (they must fit one Telegram message).
VIEW_MESSAGES = 6


def _cancel_keyboard(t: Texts) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    builder.button(text=t.get("wizard-cancel"), callback_data=RelayCb(a=CANCEL, t=0))
    return builder.as_markup()


async def _ask(query: CallbackQuery, text: str, markup: InlineKeyboardMarkup) -> None:
    """A question under a relayed message comes as a new message: the relayed words stay."""
    await query.answer()
    assert query.bot is not None
    await query.bot.send_message(query.from_user.id, text, reply_markup=markup)


async def _refuse(query: CallbackQuery, i18n: I18nContext, error: RelayError) -> None:
    await query.answer(i18n.get(error.key, **error.values), show_alert=True)


def texts_for(services: Services, member: Member | None) -> Texts:
    locale = (member.locale if member else None) or services.settings.default_locale
    return Texts.from_services(services, locale)


# ---- starting to write ------------------------------------------------------------------


async def begin_response(
    query: CallbackQuery,
    kind: ListingKind,
    listing_id: int,
    *,
    i18n: I18nContext,
    session: AsyncSession,
    member: Member,
    state: FSMContext,
) -> None:
    """ "Respond" on a listing card: the next text goes to the author (see ``listings.router``)."""
    try:
        await relay.check_can_respond(session, kind, listing_id, member.id)
    except RelayError as error:
        await _refuse(query, i18n, error)
        return
    existing = await relay.find_thread(session, kind, listing_id, member.id)
    await state.set_state(RelayStates.writing)
    if existing is not None:
        await state.set_data({"t": existing.id})
    else:
        await state.set_data({"k": kind.value, "l": listing_id})
    await query.answer()
    assert query.bot is not None
    await query.bot.send_message(
        member.id,
        i18n.get("relay-write-first", maximum=relay.MAX_TEXT),
        reply_markup=_cancel_keyboard(Texts.of(i18n)),
    )


async def write_in_thread(
    query: CallbackQuery,
    callback_data: RelayCb,
    i18n: I18nContext,
    session: AsyncSession,
    state: FSMContext,
) -> None:
    side = await relay.side_of(session, callback_data.t, query.from_user.id, "write")
    if side.thread.is_blocked:
        raise RelayError("relay-blocked")
    await state.set_state(RelayStates.writing)
    await state.set_data({"t": side.thread.id})
    await query.answer()
    assert query.bot is not None
    await query.bot.send_message(
        query.from_user.id,
        i18n.get("relay-write-reply", thread=str(side.thread.id), maximum=relay.MAX_TEXT),
        reply_markup=_cancel_keyboard(Texts.of(i18n)),
    )


async def cancel_writing(query: CallbackQuery, i18n: I18nContext, state: FSMContext) -> None:
    await state.clear()
    await edit_or_answer(query, i18n.get("relay-cancelled"))


# ---- the message itself -----------------------------------------------------------------


async def written(
    message: Message,
    bot: Bot,
    i18n: I18nContext,
    session: AsyncSession,
    member: Member | None,
    services: Services,
    state: FSMContext,
) -> None:
    assert message.text is not None
    if member is None:
        await state.clear()
        await message.answer(i18n.get("not-started"))
        return
    data = await state.get_data()
    try:
        if isinstance(data.get("t"), int):
            outgoing = await relay.reply(session, data["t"], member.id, message.text)
        else:
            kind = ListingKind.parse(str(data.get("k", "")))
            listing_id = data.get("l")
            if kind is None or not isinstance(listing_id, int):
                raise RelayError("relay-gone")
            outgoing = await relay.respond(session, kind, listing_id, member.id, message.text)
    except RelayError as error:
        if error.key not in ("relay-too-long", "relay-empty"):
            await state.clear()
        await message.answer(i18n.get(error.key, **error.values))
        return
    delivered = await deliver(session, services, outgoing, i18n.get("relay-undeliverable"))
    await state.clear()
    if not delivered:
        await message.answer(i18n.get("relay-undeliverable"))
        return
    await message.answer(
        i18n.get("relay-sent"),
        reply_markup=write_more_keyboard(Texts.of(i18n), outgoing.side.thread.id),
    )


async def deliver(
    session: AsyncSession, services: Services, outgoing: Outgoing, sorry: str
) -> bool:
    """Owe the other side the recorded message, sent after the commit through the outbox
    (which takes it back and tells the sender with ``sorry`` if it never arrives); False, and
    taken back at once, when the other side is already known to be unreachable."""
    recipient = await session.get(Member, outgoing.recipient_id)
    if recipient is None or recipient.status != MemberStatus.ACTIVE:
        await relay.undo(session, outgoing)
        return False
    t = texts_for(services, recipient)
    side = Side(outgoing.side.thread, is_author=not outgoing.side.is_author)
    flags = scam_flags(outgoing.message.text)
    await outbox.enqueue(
        session,
        delivery.MESSAGE,
        outgoing.recipient_id,
        outbox.Outgoing(
            render.incoming(t, side, outgoing.listing, outgoing.message.text, flags),
            thread_keyboard(t, side, scam_topics=flags),
            delivery.message_ref(outgoing.message, outgoing.side.member_id, sorry),
        ),
    )
    return True


async def relay_unreveal(side: Side) -> None:
    if side.is_author:
        side.thread.author_revealed_at = None
    else:
        side.thread.responder_revealed_at = None


async def not_text(message: Message, i18n: I18nContext) -> None:
    """Photos, files, voice... would carry more than words (and could reveal the sender)."""
    await message.answer(i18n.get("relay-text-only"), reply_markup=_cancel_keyboard(Texts.of(i18n)))


# ---- the conversation -------------------------------------------------------------------


async def open_thread(
    query: CallbackQuery,
    callback_data: RelayCb,
    i18n: I18nContext,
    session: AsyncSession,
    member: Member | None,
) -> None:
    side = await relay.side_of(session, callback_data.t, query.from_user.id, "open")
    await show_thread(query, side, i18n=i18n, session=session, member=member)


async def show_thread(
    query: CallbackQuery,
    side: Side,
    *,
    i18n: I18nContext,
    session: AsyncSession,
    member: Member | None,
    prefix: str | None = None,
) -> None:
    t = Texts.of(i18n)
    listing = await relay.listing_of(session, side.thread)
    messages = await relay.messages_of(session, side.thread.id, VIEW_MESSAGES)
    zone = member_zone(member) if member is not None else ZoneInfo("UTC")
    text = render.conversation(t, side, listing, messages, zone)
    if prefix:
        text = f"{prefix}\n\n{text}"
    await edit_or_answer(query, text, thread_keyboard(t, side))


async def ask_reveal(
    query: CallbackQuery, callback_data: RelayCb, i18n: I18nContext, session: AsyncSession
) -> None:
    """ "Show my @username": a member without one is told so at once; one with a username is
    asked to confirm (it cannot be taken back)."""
    side = await relay.side_of(session, callback_data.t, query.from_user.id, "reveal")
    if not query.from_user.username:
        # Nothing to show: say so (and how to get one) before any "cannot be taken back".
        await query.answer(i18n.get("relay-no-username"), show_alert=True)
        return
    await _ask(
        query,
        i18n.get("relay-reveal-confirm", thread=str(side.thread.id)),
        confirm_keyboard(Texts.of(i18n), side.thread.id, "rv", "relay-reveal-yes"),
    )


async def do_reveal(
    query: CallbackQuery,
    callback_data: RelayCb,
    bot: Bot,
    i18n: I18nContext,
    session: AsyncSession,
    member: Member | None,
    services: Services,
) -> None:
    await relay.side_of(session, callback_data.t, query.from_user.id, "reveal")
    # Read at this moment from Telegram, sent once, never stored.
    username = query.from_user.username
    if not username:
        await query.answer(i18n.get("relay-no-username"), show_alert=True)
        return
    side = await relay.reveal(session, callback_data.t, query.from_user.id)
    other = await session.get(Member, side.other_id)
    t = texts_for(services, other)
    other_side = Side(side.thread, is_author=not side.is_author)
    listing = await relay.listing_of(session, side.thread)
    if other is None or other.status != MemberStatus.ACTIVE:
        # Not deliverable: not revealed either (the member may try again later).
        await relay_unreveal(side)
        await query.answer(i18n.get("relay-undeliverable"), show_alert=True)
        return
    # Sent after the commit; if it never arrives the reveal is taken back (relay.delivery).
    await outbox.enqueue(
        session,
        delivery.REVEAL,
        side.other_id,
        outbox.Outgoing(
            t.get(
                "relay-revealed",
                thread=str(side.thread.id),
                title=render.listing_title(t, listing),
                username=f"@{username}",
            ),
            thread_keyboard(t, other_side),
            delivery.reveal_ref(
                side.thread, side.is_author, side.member_id, i18n.get("relay-undeliverable")
            ),
        ),
    )
    await show_thread(
        query, side, i18n=i18n, session=session, member=member, prefix=i18n.get("relay-reveal-done")
    )


async def ask_block(
    query: CallbackQuery, callback_data: RelayCb, i18n: I18nContext, session: AsyncSession
) -> None:
    side = await relay.side_of(session, callback_data.t, query.from_user.id, "block")
    await _ask(
        query,
        i18n.get("relay-block-confirm"),
        confirm_keyboard(Texts.of(i18n), side.thread.id, "bl", "relay-block-yes"),
    )


async def do_block(
    query: CallbackQuery,
    callback_data: RelayCb,
    i18n: I18nContext,
    session: AsyncSession,
    member: Member | None,
) -> None:
    blocked = callback_data.a == "bl!"
    side = await relay.set_blocked(session, callback_data.t, query.from_user.id, blocked)
    key = "relay-block-done" if blocked else "relay-unblock-done"
    await show_thread(query, side, i18n=i18n, session=session, member=member, prefix=i18n.get(key))


async def ask_report(
    query: CallbackQuery, callback_data: RelayCb, i18n: I18nContext, session: AsyncSession
) -> None:
    side = await relay.side_of(session, callback_data.t, query.from_user.id, "report")
    await _ask(
        query, i18n.get("relay-report-choose"), report_keyboard(Texts.of(i18n), side.thread.id)
    )


async def do_report(
    query: CallbackQuery,
    callback_data: RelayCb,
    i18n: I18nContext,
    session: AsyncSession,
    member: Member | None,
) -> None:
    side = await relay.report_thread(session, callback_data.t, query.from_user.id, callback_data.v)
    await show_thread(
        query, side, i18n=i18n, session=session, member=member, prefix=i18n.get("relay-report-done")
    )


def create_router() -> Router:
    """A new router with this feature's handlers (one per Dispatcher)."""
    router = Router(name="relay")
    router.message.filter(F.chat.type == "private")
    router.callback_query.filter(F.message.chat.type == "private")
    router.callback_query.register(cancel_writing, RelayCb.filter(F.a == CANCEL))
    router.callback_query.register(write_in_thread, RelayCb.filter(F.a == "w"))
    router.callback_query.register(open_thread, RelayCb.filter(F.a == "o"))
    router.callback_query.register(ask_reveal, RelayCb.filter(F.a == "rv"))
    router.callback_query.register(do_reveal, RelayCb.filter(F.a == "rv!"))
    router.callback_query.register(ask_block, RelayCb.filter(F.a == "bl"))
    router.callback_query.register(do_block, RelayCb.filter(F.a.in_({"bl!", "ub"})))
    router.callback_query.register(ask_report, RelayCb.filter(F.a == "rp"))
    router.callback_query.register(do_report, RelayCb.filter(F.a == "rp!"))
    router.message.register(
        written, StateFilter(RelayStates.writing), F.text, ~F.text.startswith("/")
    )
    router.message.register(not_text, StateFilter(RelayStates.writing), ~F.text)
    return router
