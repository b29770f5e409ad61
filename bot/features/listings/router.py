"""A listing card and what can be done with it: view, respond (relay), report, close, renew.

Every press is checked again on the server: the listing must exist and be visible to the
member, and only its author may close or renew it (a forged button is refused and audited).
"""

from __future__ import annotations

from aiogram import F, Router
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup
from aiogram_i18n import I18nContext
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import Job, Member
from bot.features.common.render import edit_or_answer
from bot.features.jobs import cards as job_cards
from bot.features.listings import service
from bot.features.listings.keyboards import (
    ListingCb,
    close_confirm_builder,
    report_reasons_builder,
)
from bot.features.listings.kinds import Listing, ListingKind
from bot.features.listings.render import Texts
from bot.features.listings.service import ListingError
from bot.features.offers import cards as offer_cards
from bot.features.relay import router as relay_router
from bot.features.relay import service as relay
from bot.features.relay.keyboards import threads_keyboard

# Actions only the author may take, and their names in the audit log (listing.close...).
_AUTHOR_ACTIONS = {"cl": "close", "cl!": "close", "rn": "renew", "th": "threads"}


async def render_card(
    session: AsyncSession, t: Texts, listing: Listing, viewer: Member, back: str = ""
) -> tuple[str, InlineKeyboardMarkup]:
    if isinstance(listing, Job):
        return await job_cards.render(session, t, listing, viewer, back)
    return await offer_cards.render(session, t, listing, viewer, back)


async def _show(
    query: CallbackQuery,
    session: AsyncSession,
    i18n: I18nContext,
    listing: Listing,
    member: Member,
    back: str = "",
    prefix: str | None = None,
) -> None:
    text, markup = await render_card(session, Texts.of(i18n), listing, member, back)
    if prefix:
        text = f"{prefix}\n\n{text}"
    await edit_or_answer(query, text, markup)


async def on_listing(
    query: CallbackQuery,
    callback_data: ListingCb,
    i18n: I18nContext,
    session: AsyncSession,
    member: Member | None,
    state: FSMContext,
) -> None:
    kind = ListingKind.parse(callback_data.k)
    if member is None or not member.is_onboarded:
        await query.answer(i18n.get("not-started"), show_alert=True)
        return
    if kind is None:
        await query.answer(i18n.get("stale-button"))
        return
    action = callback_data.a
    try:
        if action in _AUTHOR_ACTIONS:
            # Ownership first, so that a forged press on someone else's listing is audited
            # whatever state that listing is in.
            listing = await service.own_listing(
                session, kind, callback_data.id, member.id, _AUTHOR_ACTIONS[action]
            )
        else:
            found = await service.get_listing(session, kind, callback_data.id)
            if found is None or not service.visible_to(found, member.id):
                raise ListingError("listing-gone")
            listing = found
        if action == "v":
            await _show(query, session, i18n, listing, member, callback_data.v)
        elif action == "rs":
            await relay_router.begin_response(
                query, kind, listing.id, i18n=i18n, session=session, member=member, state=state
            )
        elif action == "rp":
            if listing.author_id == member.id:
                raise ListingError("listing-report-own")
            await edit_or_answer(
                query,
                i18n.get("listing-report-choose"),
                report_reasons_builder(Texts.of(i18n), kind, listing.id).as_markup(),
            )
        elif action == "rp!":
            await service.report(session, kind, listing.id, member.id, callback_data.v)
            await edit_or_answer(query, i18n.get("listing-reported"), _back_to(i18n, kind, listing))
        elif action == "cl":
            await edit_or_answer(
                query,
                i18n.get("listing-close-confirm", title=listing.title),
                close_confirm_builder(Texts.of(i18n), kind, listing.id).as_markup(),
            )
        elif action == "cl!":
            await service.close(session, kind, listing.id, member.id)
            await _show(query, session, i18n, listing, member, prefix=i18n.get("listing-closed"))
        elif action == "rn":
            await service.renew(session, kind, listing.id, member.id)
            await _show(query, session, i18n, listing, member, prefix=i18n.get("listing-renewed"))
        elif action == "th":
            await _threads(query, i18n, session, kind, listing)
        else:
            await query.answer(i18n.get("stale-button"))
    except ListingError as error:
        await query.answer(i18n.get(error.key, **error.values), show_alert=True)


def _back_to(i18n: I18nContext, kind: ListingKind, listing: Listing) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        inline_keyboard=[
            [
                InlineKeyboardButton(
                    text=i18n.get("listing-back-to-card"),
                    callback_data=ListingCb(k=kind.value, a="v", id=listing.id).pack(),
                )
            ]
        ]
    )


async def _threads(
    query: CallbackQuery,
    i18n: I18nContext,
    session: AsyncSession,
    kind: ListingKind,
    listing: Listing,
) -> None:
    threads = await relay.threads_of_listing(session, kind, listing.id)
    labels = [
        (
            thread.id,
            i18n.get("relay-thread-label", thread=str(thread.id))
            + (" 🚫" if thread.is_blocked else ""),
        )
        for thread in threads
    ]
    back = InlineKeyboardButton(
        text=i18n.get("listing-back-to-card"),
        callback_data=ListingCb(k=kind.value, a="v", id=listing.id).pack(),
    )
    await edit_or_answer(
        query,
        i18n.get("relay-threads", title=listing.title, count=len(threads)),
        threads_keyboard(Texts.of(i18n), labels, back),
    )


def create_router() -> Router:
    """A new router with this feature's handlers (one per Dispatcher)."""
    router = Router(name="listings")
    router.callback_query.filter(F.message.chat.type == "private")
    router.callback_query.register(on_listing, ListingCb.filter())
    return router
