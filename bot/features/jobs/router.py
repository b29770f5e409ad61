"""The job board: /jobs, browsing with filters, subscriptions, "my jobs", posting (the wizard).

Cards and their actions (respond, report, close, renew) are in ``bot.features.listings.router``.
"""

from __future__ import annotations

from aiogram import F, Router
from aiogram.filters import Command
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message
from aiogram_i18n import I18nContext
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import Member, TaxonomyKind
from bot.features.common.keyboards import MenuCb
from bot.features.common.render import edit_or_answer
from bot.features.jobs import keyboards as kb
from bot.features.jobs import service, wizard
from bot.features.jobs.keyboards import JobListCb, JobPickCb, JobsCb, JobSubCb
from bot.features.jobs.render import filter_text
from bot.features.jobs.service import JobFilter
from bot.features.listings.render import Texts
from bot.taxonomy import active_slugs


async def home(message: Message, i18n: I18nContext, state: FSMContext) -> None:
    await state.clear()
    await message.answer(i18n.get("jobs-home-text"), reply_markup=kb.home_keyboard(Texts.of(i18n)))


async def home_from_menu(query: CallbackQuery, i18n: I18nContext, state: FSMContext) -> None:
    await state.clear()
    await edit_or_answer(query, i18n.get("jobs-home-text"), kb.home_keyboard(Texts.of(i18n)))


async def section(
    query: CallbackQuery,
    callback_data: JobsCb,
    i18n: I18nContext,
    session: AsyncSession,
    member: Member | None,
    state: FSMContext,
) -> None:
    if member is None or not member.is_onboarded:
        await query.answer(i18n.get("not-started"), show_alert=True)
        return
    t = Texts.of(i18n)
    if callback_data.a == "browse":
        await _show_list(query, t, session, service.default_filter(member), 0)
    elif callback_data.a == "post":
        await wizard.start_posting(query, i18n=i18n, session=session, member=member, state=state)
    elif callback_data.a == "subs":
        subscriptions = await service.subscriptions_of(session, member.id)
        key = "jobs-subscriptions-text" if subscriptions else "jobs-subscriptions-none"
        await edit_or_answer(query, i18n.get(key), kb.subscriptions_keyboard(t, subscriptions))
    elif callback_data.a == "mine":
        jobs = await service.jobs_of(session, member.id)
        key = "jobs-mine-text" if jobs else "jobs-mine-none"
        await edit_or_answer(query, i18n.get(key), kb.my_jobs_keyboard(t, jobs))
    else:
        await query.answer(i18n.get("stale-button"))


async def _show_list(
    query: CallbackQuery, t: Texts, session: AsyncSession, job_filter: JobFilter, page: int
) -> None:
    found = await service.browse(session, job_filter, page)
    key = "jobs-list" if found.total else "jobs-list-empty"
    text = t.get(key, filter=filter_text(t, job_filter), total=found.total)
    await edit_or_answer(query, text, kb.list_keyboard(t, job_filter, found))


async def list_page(
    query: CallbackQuery, callback_data: JobListCb, i18n: I18nContext, session: AsyncSession
) -> None:
    job_filter = JobFilter.parse(callback_data.f)
    if job_filter is None:
        await query.answer(i18n.get("stale-button"))
        return
    await _show_list(query, Texts.of(i18n), session, job_filter, callback_data.pg)


async def pick(
    query: CallbackQuery,
    callback_data: JobPickCb,
    i18n: I18nContext,
    session: AsyncSession,
    member: Member | None,
) -> None:
    job_filter = JobFilter.parse(callback_data.f)
    if job_filter is None:
        await query.answer(i18n.get("stale-button"))
        return
    t = Texts.of(i18n)
    if callback_data.what == "place":
        markup = kb.place_picker(t, job_filter, member.country if member else None)
        await edit_or_answer(query, i18n.get("jobs-pick-place-text"), markup)
    elif callback_data.what == "city" and job_filter.country:
        await edit_or_answer(query, i18n.get("jobs-pick-city-text"), kb.city_picker(t, job_filter))
    elif callback_data.what == "prof":
        slugs = await active_slugs(session, TaxonomyKind.PROFESSION)
        markup = kb.profession_picker(t, job_filter, slugs)
        await edit_or_answer(query, i18n.get("jobs-pick-profession-text"), markup)
    else:
        await query.answer(i18n.get("stale-button"))


async def subscription(
    query: CallbackQuery,
    callback_data: JobSubCb,
    i18n: I18nContext,
    session: AsyncSession,
    member: Member | None,
) -> None:
    if member is None or not member.is_onboarded:
        await query.answer(i18n.get("not-started"), show_alert=True)
        return
    t = Texts.of(i18n)
    if callback_data.a == "del":
        await service.unsubscribe(session, member.id, callback_data.id)
        subscriptions = await service.subscriptions_of(session, member.id)
        key = "jobs-unsubscribed" if subscriptions else "jobs-unsubscribed-last"
        await edit_or_answer(query, i18n.get(key), kb.subscriptions_keyboard(t, subscriptions))
        return
    job_filter = JobFilter.parse(callback_data.f)
    if job_filter is None:
        await query.answer(i18n.get("stale-button"))
        return
    if callback_data.a == "ask":
        await edit_or_answer(
            query,
            i18n.get("jobs-mode-question", filter=filter_text(t, job_filter)),
            kb.mode_keyboard(t, callback_data.f),
        )
        return
    mode = kb.MODE_CODES.get(callback_data.m)
    if callback_data.a != "add" or mode is None:
        await query.answer(i18n.get("stale-button"))
        return
    await service.subscribe(session, member.id, job_filter, mode)
    subscriptions = await service.subscriptions_of(session, member.id)
    await edit_or_answer(
        query,
        i18n.get(
            "jobs-subscribed",
            filter=filter_text(t, job_filter),
            mode=i18n.get(f"jobs-mode-{mode}"),
        ),
        kb.subscriptions_keyboard(t, subscriptions),
    )


def create_router() -> Router:
    """A new router with this feature's handlers (one per Dispatcher)."""
    router = Router(name="jobs")
    router.message.filter(F.chat.type == "private")
    router.callback_query.filter(F.message.chat.type == "private")
    router.message.register(home, Command("jobs"))
    router.callback_query.register(home_from_menu, MenuCb.filter(F.section == "jobs"))
    router.callback_query.register(section, JobsCb.filter())
    router.callback_query.register(list_page, JobListCb.filter())
    router.callback_query.register(pick, JobPickCb.filter())
    router.callback_query.register(subscription, JobSubCb.filter())
    router.include_router(wizard.job_wizard().create_router())
    return router
