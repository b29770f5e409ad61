"""Mutual aid: /aid, posting a request or an offer, browsing, "my requests and offers".

Cards and their actions (respond, report, close, renew) are in ``bot.features.listings.router``.
"""

from __future__ import annotations

from aiogram import F, Router
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery
from aiogram_i18n import I18nContext
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import Member, Offer, OfferKind
from bot.features.listings.aid import keyboards as kb
from bot.features.listings.aid.keyboards import AidCb
from bot.features.listings.aid.service import AidFilter
from bot.features.listings.aid.wizard import POSTING
from bot.features.listings.render import Texts
from bot.features.listings.service import authored_by
from bot.ui.screens import edit_or_answer


async def section(
    query: CallbackQuery,
    callback_data: AidCb,
    i18n: I18nContext,
    session: AsyncSession,
    member: Member | None,
    state: FSMContext,
) -> None:
    if member is None or not member.is_onboarded:
        await query.answer(i18n.get("not-started"), show_alert=True)
        return
    t = Texts.of(i18n)
    action = callback_data.a
    if action in ("need", "give"):
        kind = OfferKind.REQUEST if action == "need" else OfferKind.OFFER
        draft, intro = {"kind": str(kind)}, f"aid-wizard-intro-{kind}"
        await POSTING.start(
            query, draft, intro, i18n=i18n, session=session, member=member, state=state
        )
    elif action in ("requests", "offers"):
        kind = OfferKind.REQUEST if action == "requests" else OfferKind.OFFER
        await kb.BOARD.show_list(query, t, session, AidFilter(kind, country=member.country), 0)
    elif action == "mine":
        offers = await authored_by(session, Offer, member.id)
        key = "aid-mine-text" if offers else "aid-mine-none"
        await edit_or_answer(query, i18n.get(key), kb.my_offers_keyboard(t, offers))
    else:
        await query.answer(i18n.get("stale-button"))


def create_router() -> Router:
    """A new router with this feature's handlers (one per Dispatcher)."""
    router = Router(name="offers")
    router.message.filter(F.chat.type == "private")
    router.callback_query.filter(F.message.chat.type == "private")
    router.callback_query.register(section, AidCb.filter())
    kb.BOARD.register(router)
    router.include_router(POSTING.wizard.create_router())
    return router
