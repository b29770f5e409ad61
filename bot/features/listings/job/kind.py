"""Job offers as a kind of listing (plugged into ``listings.extensions.KINDS``)."""

from __future__ import annotations

from collections.abc import Sequence
from zoneinfo import ZoneInfo

from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import Job
from bot.features.listings.extensions import Rows
from bot.features.listings.job.keyboards import BOARD, SECTION
from bot.features.listings.job.render import job_card, notice_line
from bot.features.listings.job.service import professions_of
from bot.features.listings.keyboards import ListingCb
from bot.features.listings.kinds import Listing, ListingKind
from bot.features.listings.render import Texts
from bot.features.listings.views import ListingView
from bot.i18n import Markup

# A digest lists at most this many jobs as buttons (the rest: "and N more").
DIGEST_BUTTONS = 8


async def _card_text(
    session: AsyncSession, t: Texts, job: Job, zone: ZoneInfo, for_author: bool
) -> str:
    return job_card(t, job, await professions_of(session, job.id), zone, for_author=for_author)


class JobView(ListingView[Job]):
    """The job card ("apply" to respond), a subscriber's notice, and the daily digest."""

    def __init__(self) -> None:
        super().__init__(Job, BOARD, _card_text, lambda job: "job-apply")

    def match_notice(self, t: Texts, listing: Listing) -> tuple[str, Rows]:
        text = t.get("job-notice", line=Markup(notice_line(t, self.own(listing))))
        return text, [[SECTION.button(t, "subs")]]

    def digest(self, t: Texts, listings: Sequence[Listing]) -> tuple[str, InlineKeyboardMarkup]:
        jobs = [self.own(listing) for listing in listings]
        lines = [notice_line(t, job) for job in jobs]
        more = len(jobs) - DIGEST_BUTTONS
        text = t.get(
            "job-digest", count=len(jobs), lines=Markup("\n\n".join(lines[:DIGEST_BUTTONS]))
        )
        if more > 0:
            text += "\n\n" + t.get("job-digest-more", count=more)
        rows = [
            [
                InlineKeyboardButton(
                    text=f"{position}. {job.title[:40]}",
                    callback_data=ListingCb(k=ListingKind.JOB.value, a="v", id=job.id).pack(),
                )
            ]
            for position, job in enumerate(jobs[:DIGEST_BUTTONS], start=1)
        ]
        rows.append([SECTION.button(t, "subs")])
        return text, InlineKeyboardMarkup(inline_keyboard=rows)
