"""The weekly review digest: what keeps the knowledge base true.

Every moderator scoped to countries gets, at most once a week, one message listing the entries
of their countries due or overdue for review, the answers members marked 👎, and how many
questions are waiting without a good answer — with a button to the review list. It goes out in
their daytime (09:00–20:00 where they live) and never in their quiet hours; a week with nothing
to review sends nothing. Sent first, recorded after: a worker dying in between repeats one
digest, never loses one.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import date, datetime, timedelta
from functools import partial
from typing import Final

from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup
from sqlalchemy import select

from bot import outbox
from bot.access import Access
from bot.daytime import in_quiet_hours
from bot.db.models import (
    ALL_COUNTRIES,
    FaqReviewDigest,
    Member,
    MemberStatus,
    Role,
    RoleGrant,
    TaxonomyKind,
)
from bot.db.types import utcnow
from bot.db.uow import unit_of_work
from bot.features.faq import editing
from bot.features.faq.keyboards import FaqModCb
from bot.features.faq.render import day, flag
from bot.geo import timezone_for
from bot.plugins import JobContext
from bot.taxonomy import label

log = logging.getLogger(__name__)

#: A moderator hears about the review work of their countries this often at most.
DIGEST_EVERY: Final = timedelta(days=7)
#: Local hours in which a digest may go out (from 09:00, before 20:00).
DAYTIME: Final = (9, 20)
_SHOWN: Final = 8


def in_daytime(now: datetime, member: Member) -> bool:
    """Whether it is daytime where the member lives and not in their quiet hours."""
    local = now.astimezone(timezone_for(member.country, member.city))
    if not DAYTIME[0] <= local.hour < DAYTIME[1]:
        return False
    return not in_quiet_hours(local.hour, member.quiet_start, member.quiet_end)


async def send_review_digests(context: JobContext, *, now: datetime | None = None) -> int:
    """One round: send the digests that are due now; returns how many were sent."""
    services = context.services
    now = now or utcnow()
    async with unit_of_work(services.sessions) as session:
        grants = (
            await session.execute(
                select(RoleGrant.member_id, RoleGrant.scope).where(
                    RoleGrant.role == Role.MODERATOR, RoleGrant.scope != ALL_COUNTRIES
                )
            )
        ).all()
        scopes: dict[int, set[str]] = {}
        for member_id, scope in grants:
            scopes.setdefault(member_id, set()).add(scope)
        last = {
            row.member_id: row.sent_at
            for row in await session.scalars(
                select(FaqReviewDigest).where(FaqReviewDigest.member_id.in_(sorted(scopes)))
            )
        }
        members = {
            member.id: member
            for member in await session.scalars(
                select(Member).where(
                    Member.id.in_(sorted(scopes)), Member.status == MemberStatus.ACTIVE
                )
            )
        }
        sent_to: list[int] = []
        considered: list[int] = []
        for member_id, member in sorted(members.items()):
            sent = last.get(member_id)
            if sent is not None and now - sent < DIGEST_EVERY:
                continue
            if not in_daytime(now, member):
                continue
            considered.append(member_id)
            access = Access(member_id, moderator_scopes=frozenset(scopes[member_id]))
            digest = await editing.review_digest(session, access, on=now.date(), limit=_SHOWN)
            if digest.empty:
                continue
            locale = member.locale or services.settings.default_locale
            text, markup = _render(partial(services.text, locale), locale, digest, now.date())
            # Owed in the transaction that records it as sent: once a week, after the commit.
            await outbox.enqueue(
                session, "faq.review_digest", member_id, outbox.Outgoing(text, markup)
            )
            sent_to.append(member_id)
        for member_id in considered:
            row = await session.get(FaqReviewDigest, member_id)
            if row is None:
                session.add(FaqReviewDigest(member_id=member_id, sent_at=now))
            else:
                row.sent_at = now
    return len(sent_to)


def _render(
    t: Callable[..., str], locale: str, digest: editing.ReviewDigest, today: date
) -> tuple[str, InlineKeyboardMarkup]:
    """The digest in the moderator's language (``t(key, **values)``)."""
    parts = [t("faq-digest-title")]
    if digest.due_total:
        lines = [t("faq-digest-due", count=digest.due_total)]
        for row in digest.due:
            overdue = row.review_by is not None and row.review_by < today
            lines.append(
                t(
                    "faq-digest-due-line-overdue" if overdue else "faq-digest-due-line",
                    place=flag(row.country),
                    topic=label(t, TaxonomyKind.FAQ_TOPIC, row.topic),
                    date=day(row.review_by, locale) if row.review_by else "—",
                )
            )
        parts.append("\n".join(lines))
    if digest.unhelpful:
        lines = [t("faq-digest-unhelpful")]
        lines += [t("faq-digest-unhelpful-line", slug=s, count=c) for s, c in digest.unhelpful]
        parts.append("\n".join(lines))
    if digest.gaps:
        parts.append(t("faq-digest-gaps", gaps=digest.gaps, asked=digest.asked))
    markup = InlineKeyboardMarkup(
        inline_keyboard=[
            [
                InlineKeyboardButton(
                    text=t("faq-digest-open"), callback_data=FaqModCb(action="due").pack()
                ),
                InlineKeyboardButton(
                    text=t("faq-digest-open-gaps"), callback_data=FaqModCb(action="gaps").pack()
                ),
            ]
        ]
    )
    return "\n\n".join(parts), markup
