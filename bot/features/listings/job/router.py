"""The job board: /jobs, browsing with filters, subscriptions, "my jobs", posting (the wizard).

Cards and their actions (respond, report, close, renew) are in ``bot.features.listings.router``.
"""

from __future__ import annotations

from aiogram import F, Router
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery
from aiogram_i18n import I18nContext
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import Job, Member
from bot.features.listings.job import keyboards as kb
from bot.features.listings.job import service, wizard
from bot.features.listings.job.keyboards import JobsCb, JobSubCb
from bot.features.listings.job.render import filter_text
from bot.features.listings.job.service import JobFilter
from bot.features.listings.render import Texts
from bot.features.listings.service import authored_by
from bot.ui.screens import edit_or_answer


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
        await kb.BOARD.show_list(query, t, session, service.default_filter(member), 0)
    elif callback_data.a == "post":
        await wizard.POSTING.start(
            query, {}, "job-wizard-intro", i18n=i18n, session=session, member=member, state=state
        )
    elif callback_data.a == "subs":
        subscriptions = await service.subscriptions_of(session, member.id)
        key = "jobs-subscriptions-text" if subscriptions else "jobs-subscriptions-none"
        await edit_or_answer(query, i18n.get(key), kb.subscriptions_keyboard(t, subscriptions))
    elif callback_data.a == "mine":
        jobs = await authored_by(session, Job, member.id)
        key = "jobs-mine-text" if jobs else "jobs-mine-none"
        await edit_or_answer(query, i18n.get(key), kb.my_jobs_keyboard(t, jobs))
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
    router.callback_query.register(section, JobsCb.filter())
    kb.BOARD.register(router)
    router.callback_query.register(subscription, JobSubCb.filter())
    router.include_router(wizard.POSTING.wizard.create_router())
    return router
