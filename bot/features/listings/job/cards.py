"""The job card with the buttons the viewer may use (shared by browsing, notices and "my jobs")."""

from __future__ import annotations

from datetime import datetime

from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import Job, Member
from bot.db.types import utcnow
from bot.features.listings.conversation.service import thread_count
from bot.features.listings.job.keyboards import JobListCb, JobsCb, jobs_home_button
from bot.features.listings.job.render import job_card
from bot.features.listings.job.service import JobFilter, professions_of
from bot.features.listings.keyboards import BACK_MINE, card_actions
from bot.features.listings.kinds import ListingKind
from bot.features.listings.notices import member_zone
from bot.features.listings.render import Texts
from bot.features.listings.service import RENEWAL_NOTICE


def back_button(t: Texts, back: str) -> InlineKeyboardButton:
    """Where ⬅️ leads: "my jobs", the list the member came from, or the jobs section."""
    if back == BACK_MINE:
        return InlineKeyboardButton(
            text=t.get("jobs-back-mine"), callback_data=JobsCb(a="mine").pack()
        )
    token, _, page = back.rpartition(".")
    if token and page.isdigit() and JobFilter.parse(token) is not None:
        return InlineKeyboardButton(
            text=t.get("jobs-back-list"), callback_data=JobListCb(f=token, pg=int(page)).pack()
        )
    return jobs_home_button(t)


async def render(
    session: AsyncSession,
    t: Texts,
    job: Job,
    viewer: Member,
    back: str,
    now: datetime | None = None,
) -> tuple[str, InlineKeyboardMarkup]:
    now = now or utcnow()
    mine = job.author_id == viewer.id
    text = job_card(
        t, job, await professions_of(session, job.id), member_zone(viewer), for_author=mine
    )
    rows = card_actions(
        t,
        job,
        viewer.id,
        respond_key="job-apply",
        has_threads=mine and await thread_count(session, ListingKind.JOB, job.id) > 0,
        now_expires_soon=job.expires_at is not None and job.expires_at - now <= RENEWAL_NOTICE,
    )
    rows.append([back_button(t, back)])
    return text, InlineKeyboardMarkup(inline_keyboard=rows)
