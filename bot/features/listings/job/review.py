"""Jobs as the moderation queue sees them (``ReviewKind.JOB``): the shared listing review,
with the job's moderator card (its professions) and its subscribers told on publication."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import Job
from bot.features.listings.job.render import moderator_card
from bot.features.listings.job.service import notify_subscribers, professions_of
from bot.features.listings.render import Texts
from bot.features.listings.review import ListingReviewHandler


async def _card(session: AsyncSession, t: Texts, job: Job, zone: ZoneInfo) -> str:
    return moderator_card(t, job, await professions_of(session, job.id), zone)


class JobReviewHandler(ListingReviewHandler[Job]):
    def __init__(self) -> None:
        super().__init__(Job, _card, notify_subscribers)
