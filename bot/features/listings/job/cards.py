"""The job card with the buttons the viewer may use (shared by browsing, notices and "my jobs")."""

from __future__ import annotations

from datetime import datetime

from aiogram.types import InlineKeyboardMarkup
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import Job, Member
from bot.db.types import utcnow
from bot.features.listings.conversation.service import thread_count
from bot.features.listings.job.keyboards import BOARD
from bot.features.listings.job.render import job_card
from bot.features.listings.job.service import professions_of
from bot.features.listings.keyboards import card_actions
from bot.features.listings.kinds import ListingKind
from bot.features.listings.notices import member_zone
from bot.features.listings.render import Texts
from bot.features.listings.service import RENEWAL_NOTICE


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
    rows.append([BOARD.back_from_card(t, back)])
    return text, InlineKeyboardMarkup(inline_keyboard=rows)
