"""Mutual aid: /aid, posting a request or an offer, browsing, "my requests and offers".

Cards and their actions (respond, report, close, renew) are in ``bot.features.listings.router``.
"""

from __future__ import annotations

from aiogram import F, Router
from aiogram.filters import Command
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message
from aiogram_i18n import I18nContext
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import Member, OfferKind, TaxonomyKind
from bot.features.common.keyboards import MenuCb
from bot.features.listings.aid import keyboards as kb
from bot.features.listings.aid import service
from bot.features.listings.aid.keyboards import AidCb, AidListCb, AidPickCb
from bot.features.listings.aid.render import filter_text
from bot.features.listings.aid.service import AidFilter
from bot.features.listings.aid.wizard import aid_wizard, start_posting
from bot.features.listings.render import Texts
from bot.taxonomy import active_slugs
from bot.ui.screens import edit_or_answer


async def home(message: Message, i18n: I18nContext, state: FSMContext) -> None:
    await state.clear()
    await message.answer(i18n.get("aid-home-text"), reply_markup=kb.home_keyboard(Texts.of(i18n)))


async def home_from_menu(query: CallbackQuery, i18n: I18nContext, state: FSMContext) -> None:
    await state.clear()
    await edit_or_answer(query, i18n.get("aid-home-text"), kb.home_keyboard(Texts.of(i18n)))


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
        await start_posting(query, kind, i18n=i18n, session=session, member=member, state=state)
    elif action in ("requests", "offers"):
        kind = OfferKind.REQUEST if action == "requests" else OfferKind.OFFER
        await _show_list(query, t, session, AidFilter(kind, country=member.country), 0)
    elif action == "mine":
        offers = await service.offers_of(session, member.id)
        key = "aid-mine-text" if offers else "aid-mine-none"
        await edit_or_answer(query, i18n.get(key), kb.my_offers_keyboard(t, offers))
    else:
        await query.answer(i18n.get("stale-button"))


async def _show_list(
    query: CallbackQuery, t: Texts, session: AsyncSession, aid_filter: AidFilter, page: int
) -> None:
    found = await service.browse(session, aid_filter, page)
    key = "aid-list" if found.total else "aid-list-empty"
    text = t.get(key, filter=filter_text(t, aid_filter), total=found.total)
    await edit_or_answer(query, text, kb.list_keyboard(t, aid_filter, found))


async def list_page(
    query: CallbackQuery, callback_data: AidListCb, i18n: I18nContext, session: AsyncSession
) -> None:
    aid_filter = AidFilter.parse(callback_data.f)
    if aid_filter is None:
        await query.answer(i18n.get("stale-button"))
        return
    await _show_list(query, Texts.of(i18n), session, aid_filter, callback_data.pg)


async def pick(
    query: CallbackQuery,
    callback_data: AidPickCb,
    i18n: I18nContext,
    session: AsyncSession,
    member: Member | None,
) -> None:
    aid_filter = AidFilter.parse(callback_data.f)
    if aid_filter is None:
        await query.answer(i18n.get("stale-button"))
        return
    t = Texts.of(i18n)
    if callback_data.what == "place":
        markup = kb.place_picker(t, aid_filter, member.country if member else None)
        await edit_or_answer(query, i18n.get("aid-pick-place-text"), markup)
    elif callback_data.what == "city" and aid_filter.country:
        await edit_or_answer(query, i18n.get("aid-pick-city-text"), kb.city_picker(t, aid_filter))
    elif callback_data.what == "cat":
        slugs = await active_slugs(session, TaxonomyKind.OFFER_CATEGORY)
        await edit_or_answer(
            query, i18n.get("aid-pick-category-text"), kb.category_picker(t, aid_filter, slugs)
        )
    else:
        await query.answer(i18n.get("stale-button"))


def create_router() -> Router:
    """A new router with this feature's handlers (one per Dispatcher)."""
    router = Router(name="offers")
    router.message.filter(F.chat.type == "private")
    router.callback_query.filter(F.message.chat.type == "private")
    router.message.register(home, Command("aid"))
    router.callback_query.register(home_from_menu, MenuCb.filter(F.section == "aid"))
    router.callback_query.register(section, AidCb.filter())
    router.callback_query.register(list_page, AidListCb.filter())
    router.callback_query.register(pick, AidPickCb.filter())
    router.include_router(aid_wizard().create_router())
    return router
