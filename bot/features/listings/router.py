"""A listing card and what can be done with it: view, report, close, renew — and what other
features add to every card (respond, see the conversations: :data:`extensions.ACTIONS`).

Every press is checked again on the server: the listing must exist and be visible to the
member, and only its author may close or renew it (a forged button is refused and audited).
Each kind draws its own card (:data:`extensions.KINDS`); none is imported here.
"""

from __future__ import annotations

from aiogram import F, Router
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup
from aiogram_i18n import I18nContext
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import Member
from bot.features.listings import service
from bot.features.listings.extensions import card_actions, kind_views
from bot.features.listings.keyboards import (
    ListingCb,
    close_confirm_builder,
    report_reasons_builder,
)
from bot.features.listings.kinds import Listing, ListingKind
from bot.features.listings.render import Texts
from bot.features.listings.service import ListingError
from bot.plugins import Plugins
from bot.ui.screens import edit_or_answer

# Actions only the author may take, and their names in the audit log (listing.close...).
_AUTHOR_ACTIONS = {"cl": "close", "cl!": "close", "rn": "renew"}


async def _show(
    query: CallbackQuery,
    session: AsyncSession,
    i18n: I18nContext,
    plugins: Plugins,
    listing: Listing,
    member: Member,
    back: str = "",
    prefix: str | None = None,
) -> None:
    view = kind_views(plugins)[ListingKind.of(listing)]
    text, markup = await view.card(session, Texts.of(i18n), listing, member, back)
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
    plugins: Plugins,
) -> None:
    kind = ListingKind.parse(callback_data.k)
    if member is None or not member.is_onboarded:
        await query.answer(i18n.get("not-started"), show_alert=True)
        return
    if kind is None or kind not in kind_views(plugins):
        await query.answer(i18n.get("stale-button"))
        return
    action = callback_data.a
    extra = card_actions(plugins)
    author_actions = _AUTHOR_ACTIONS | {
        code: plugged.author_action
        for code, plugged in extra.items()
        if plugged.author_action is not None
    }
    if action in author_actions:
        # Ownership first, so that a forged press on someone else's listing is audited
        # whatever state that listing is in.
        listing = await service.own_listing(
            session, kind, callback_data.id, member.id, author_actions[action]
        )
    else:
        found = await service.get_listing(session, kind, callback_data.id)
        if found is None or not service.visible_to(found, member.id):
            raise ListingError("listing-gone")
        listing = found
    if action == "v":
        await _show(query, session, i18n, plugins, listing, member, callback_data.v)
    elif action in extra:
        await extra[action].run(
            query, kind, listing, i18n=i18n, session=session, member=member, state=state
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
        closed = i18n.get("listing-closed")
        await _show(query, session, i18n, plugins, listing, member, prefix=closed)
    elif action == "rn":
        await service.renew(session, kind, listing.id, member.id)
        renewed = i18n.get("listing-renewed")
        await _show(query, session, i18n, plugins, listing, member, prefix=renewed)
    else:
        await query.answer(i18n.get("stale-button"))


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


def create_router() -> Router:
    """A new router with this feature's handlers (one per Dispatcher)."""
    router = Router(name="listings")
    router.callback_query.filter(F.message.chat.type == "private")
    router.callback_query.register(on_listing, ListingCb.filter())
    return router
