"""Jobs as the moderation queue sees them (``ReviewKind.JOB``; target id = the job's id).

One queue item serves a new job and a published job that members reported: approving
publishes it (and, the first time, tells matching subscribers); rejecting keeps it off the
board or takes it down. Either way the open reports on it are settled.
"""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import Job
from bot.features.listings.job.render import moderator_card
from bot.features.listings.job.service import notify_subscribers, professions_of
from bot.features.listings.render import Texts
from bot.features.listings.service import clear_scam_flag, publish, take_down
from bot.geo import timezone_for


async def _job(session: AsyncSession, target_id: str) -> Job | None:
    if not target_id.isdigit():
        return None
    return await session.get(Job, int(target_id))


class JobReviewHandler:
    """:class:`bot.features.moderation.registry.ReviewHandler` for jobs."""

    async def describe(self, session: AsyncSession, target_id: str, locale: str) -> str | None:
        job = await _job(session, target_id)
        if job is None:
            return None
        zone = timezone_for(job.country, job.city)
        return moderator_card(
            Texts.offline(locale), job, await professions_of(session, job.id), zone
        )

    async def title(self, session: AsyncSession, target_id: str) -> str | None:
        job = await _job(session, target_id)
        return job.title if job is not None else None

    async def approve(self, session: AsyncSession, target_id: str, moderator_id: int) -> None:
        job = await _job(session, target_id)
        if job is not None and await publish(session, job):
            await notify_subscribers(session, job)

    async def reject(self, session: AsyncSession, target_id: str, moderator_id: int) -> None:
        job = await _job(session, target_id)
        if job is not None:
            await take_down(session, job)

    async def clear_flag(self, session: AsyncSession, target_id: str, category: str) -> None:
        listing = await _job(session, target_id)
        if listing is not None:
            clear_scam_flag(listing, category)
