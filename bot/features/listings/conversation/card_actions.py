"""The relay's buttons on every listing card (plugged into ``listings.extensions.ACTIONS``):
"Respond" starts a conversation with the author; "Conversations" lists the author's."""

from __future__ import annotations

from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, InlineKeyboardButton
from aiogram_i18n import I18nContext
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import Member
from bot.features.listings.conversation import service as relay
from bot.features.listings.conversation.keyboards import threads_keyboard
from bot.features.listings.conversation.router import begin_response
from bot.features.listings.keyboards import ListingCb
from bot.features.listings.kinds import Listing, ListingKind
from bot.features.listings.render import Texts
from bot.ui.screens import edit_or_answer


class Respond:
    """Any member who may see the listing may answer it (the relay checks the rest)."""

    code = "rs"
    author_action = None

    async def run(
        self,
        query: CallbackQuery,
        kind: ListingKind,
        listing: Listing,
        *,
        i18n: I18nContext,
        session: AsyncSession,
        member: Member,
        state: FSMContext,
    ) -> None:
        await begin_response(
            query, kind, listing.id, i18n=i18n, session=session, member=member, state=state
        )


class Threads:
    """The conversations about the author's own listing (audited as ``listing.threads``)."""

    code = "th"
    author_action = "threads"

    async def run(
        self,
        query: CallbackQuery,
        kind: ListingKind,
        listing: Listing,
        *,
        i18n: I18nContext,
        session: AsyncSession,
        member: Member,
        state: FSMContext,
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
