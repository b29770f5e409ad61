"""Job offers as a kind of listing (plugged into ``listings.extensions.KINDS``)."""

from __future__ import annotations

from collections.abc import Sequence

from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import Job, Member
from bot.features.listings.extensions import Rows
from bot.features.listings.job import cards
from bot.features.listings.job.keyboards import JobsCb
from bot.features.listings.job.render import notice_line
from bot.features.listings.keyboards import ListingCb
from bot.features.listings.kinds import Listing, ListingKind
from bot.features.listings.render import Texts
from bot.i18n import Markup

# A digest lists at most this many jobs as buttons (the rest: "and N more").
DIGEST_BUTTONS = 8


def _job(listing: Listing) -> Job:
    # The registry hands each view its own kind only; a mix-up is a bug, said loudly.
    if not isinstance(listing, Job):
        raise TypeError(f"not a job offer: {type(listing).__name__}")
    return listing


def _subscriptions(t: Texts) -> InlineKeyboardButton:
    return InlineKeyboardButton(
        text=t.get("jobs-subscriptions"), callback_data=JobsCb(a="subs").pack()
    )


class JobView:
    kind = ListingKind.JOB

    async def card(
        self, session: AsyncSession, t: Texts, listing: Listing, viewer: Member, back: str
    ) -> tuple[str, InlineKeyboardMarkup]:
        return await cards.render(session, t, _job(listing), viewer, back)

    def match_notice(self, t: Texts, listing: Listing) -> tuple[str, Rows]:
        text = t.get("job-notice", line=Markup(notice_line(t, _job(listing))))
        return text, [[_subscriptions(t)]]

    def digest(self, t: Texts, listings: Sequence[Listing]) -> tuple[str, InlineKeyboardMarkup]:
        jobs = [_job(listing) for listing in listings]
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
        rows.append([_subscriptions(t)])
        return text, InlineKeyboardMarkup(inline_keyboard=rows)
