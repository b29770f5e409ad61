"""The job board: /jobs, browsing with filters, subscriptions, "my jobs", posting (the wizard).

Cards and their actions (respond, report, close, renew) are in ``bot.features.listings.router``.
"""

from __future__ import annotations

from aiogram import Router
from aiogram.types import CallbackQuery
from aiogram_i18n import I18nContext
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import Member
from bot.features.listings.job import keyboards as kb
from bot.features.listings.job import service, wizard
from bot.features.listings.job.keyboards import JobSubCb
from bot.features.listings.job.render import filter_text
from bot.features.listings.job.service import JobFilter
from bot.features.listings.render import Texts
from bot.features.listings.section import Press, onboarded_or_refused
from bot.ui.screens import edit_or_answer


async def _browse(press: Press) -> None:
    listing_filter = service.default_filter(press.member)
    await kb.BOARD.show_list(press.query, press.t, press.session, listing_filter, 0)


async def _post(press: Press) -> None:
    await wizard.POSTING.start(press, {}, "job-wizard-intro")


async def _subscriptions(press: Press) -> None:
    subscriptions = await service.subscriptions_of(press.session, press.member.id)
    key = "jobs-subscriptions-text" if subscriptions else "jobs-subscriptions-none"
    markup = kb.subscriptions_keyboard(press.t, subscriptions)
    await edit_or_answer(press.query, press.t.get(key), markup)


async def _mine(press: Press) -> None:
    await kb.BOARD.show_mine(press.query, press.t, press.session, press.member.id)


async def subscription(
    query: CallbackQuery,
    callback_data: JobSubCb,
    i18n: I18nContext,
    session: AsyncSession,
    member: Member | None,
) -> None:
    if (member := await onboarded_or_refused(query, i18n, member)) is None:
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
    router = kb.SECTION.router(
        "jobs", {"browse": _browse, "post": _post, "subs": _subscriptions, "mine": _mine}
    )
    kb.BOARD.register(router)
    router.callback_query.register(subscription, JobSubCb.filter())
    router.include_router(wizard.POSTING.wizard.create_router())
    return router
