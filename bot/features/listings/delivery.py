"""Worker jobs of the listings: expiry and renewal prompts, and sending the notices.

Sending claims due rows and commits the claim before anything goes to Telegram, then deletes
each row once its message is out (``notices``: at most once, never twice). Quiet hours are
checked at sending time — the member may have changed them since the notice was queued — and
a quiet member's rows are put back until the hours end. 429 puts the rows back for
``retry_after``; 403 marks the member unreachable and drops their rows.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from aiogram import Bot
from aiogram.exceptions import TelegramAPIError, TelegramForbiddenError, TelegramRetryAfter
from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup
from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import (
    Job,
    ListingNotice,
    ListingStatus,
    Member,
    MemberStatus,
    NoticeReason,
    Offer,
)
from bot.db.types import utcnow
from bot.db.uow import unit_of_work
from bot.features.listings import notices, retention, service
from bot.features.listings.extensions import KindView, kind_views
from bot.features.listings.keyboards import ListingCb
from bot.features.listings.kinds import Listing, ListingKind
from bot.features.listings.notices import member_zone
from bot.features.listings.render import Texts, date_text
from bot.plugins import JobContext, Plugins
from bot.ratelimit import wait_for_token
from bot.services import Services

log = logging.getLogger(__name__)

BATCH = 100
METRIC_KIND = "listing-notice"
# Which match a notice of each kind announces (the other reasons are the same for all).
_MATCH_OF = {ListingKind.JOB: NoticeReason.JOB_MATCH, ListingKind.OFFER: NoticeReason.AID_MATCH}
RETRY_AFTER_FAILURE = timedelta(minutes=5)


async def run_expiry(context: JobContext) -> int:
    """Worker job: renewal prompts 3 days before the end, then expiry."""
    return await expiry_round(context.services)


async def expiry_round(services: Services, now: datetime | None = None) -> int:
    now = now or utcnow()
    async with unit_of_work(services.sessions) as session:
        prompted = await service.prompt_renewals(session, now)
        expired = await service.expire_listings(session, now)
    return prompted + expired


async def run_purge(context: JobContext) -> int:
    """Worker job: delete listings that ended over ``PRICHAL_LISTING_RETENTION_DAYS`` ago."""
    days = context.services.settings.listing_retention_days
    async with unit_of_work(context.services.sessions) as session:
        return await retention.purge_ended_listings(session, older_than=timedelta(days=days))


async def run_notices(context: JobContext) -> int:
    """Worker job: send the notices that are due."""
    return await deliver_due(context.services, context.bot, context.plugins)


@dataclass
class _Message:
    text: str
    markup: InlineKeyboardMarkup | None
    row_ids: list[int] = field(default_factory=list)


@dataclass
class _Outcome:
    """What one round did, recorded in one transaction at its end."""

    done: list[int] = field(default_factory=list)  # delivered, or pointless now
    failed: list[int] = field(default_factory=list)  # to retry later
    unreachable: set[int] = field(default_factory=set)  # members who blocked the bot
    later: list[int] = field(default_factory=list)  # not sent because of a 429
    retry_after: datetime | None = None


async def deliver_due(
    services: Services,
    bot: Bot,
    plugins: Plugins,
    now: datetime | None = None,
    limit: int = BATCH,
) -> int:
    """One round: claim due notices, send them, record the outcome. Returns rows handled.

    Each kind's notice is worded by its view (``plugins``: :data:`extensions.KINDS`).

    Three transactions a round, whatever its size: the claim (committed before anything is
    sent), reading what to send (quiet members' rows go back until their hours end), and the
    outcome. A crash before the outcome leaves claimed rows that the next rounds drop as
    stale: a notice may be lost then, but is never sent twice.
    """
    now = now or utcnow()
    async with unit_of_work(services.sessions) as session:
        stale = await notices.drop_stale_claims(session, now)
        claimed = await notices.claim_due(session, now, limit)
    if stale:
        log.warning("listing notices: %d claims of a stopped worker dropped", stale)
    if not claimed:
        return 0
    outbox = await _prepare(services, kind_views(plugins), claimed, now)
    outcome = await _send(services, bot, outbox, now)
    async with unit_of_work(services.sessions) as session:
        await notices.finish(session, outcome.done)
        await notices.release(session, outcome.failed, now + RETRY_AFTER_FAILURE, failed=True)
        if outcome.retry_after is not None:
            await notices.release(session, outcome.later, outcome.retry_after)
        if outcome.unreachable:
            await session.execute(
                update(Member)
                .where(Member.id.in_(sorted(outcome.unreachable)))
                .values(status=MemberStatus.UNREACHABLE)
            )
    return len(claimed)


async def _prepare(
    services: Services,
    views: Mapping[ListingKind, KindView],
    claimed: list[ListingNotice],
    now: datetime,
) -> list[tuple[int, list[_Message]]]:
    """The messages owed to each member who may be written to now."""
    by_member: dict[int, list[ListingNotice]] = defaultdict(list)
    for row in claimed:
        by_member[row.member_id].append(row)
    outbox: list[tuple[int, list[_Message]]] = []
    async with unit_of_work(services.sessions) as session:
        members = {
            member.id: member
            for member in await session.scalars(
                select(Member).where(Member.id.in_(sorted(by_member)))
            )
        }
        listings = await _load_listings(session, claimed)
        pointless: list[int] = []
        for member_id, rows in by_member.items():
            ids = [row.id for row in rows]
            member = members.get(member_id)
            if member is None or member.status != MemberStatus.ACTIVE:
                pointless.extend(ids)
                continue
            zone = member_zone(member)
            until = notices.quiet_until(now, zone, member.quiet_start, member.quiet_end)
            if until is not None:
                await notices.release(session, ids, until)
                continue
            t = Texts.from_services(services, member.locale or services.settings.default_locale)
            messages, dropped = _compose(t, views, member, rows, listings, now)
            pointless.extend(dropped)
            outbox.append((member_id, messages))
        await notices.finish(session, pointless)
    return outbox


async def _send(
    services: Services, bot: Bot, outbox: list[tuple[int, list[_Message]]], now: datetime
) -> _Outcome:
    outcome = _Outcome()
    queue = [(member_id, message) for member_id, messages in outbox for message in messages]
    for index, (member_id, message) in enumerate(queue):
        if member_id in outcome.unreachable:
            outcome.done.extend(message.row_ids)
            continue
        await wait_for_token(services.send_limiter)
        try:
            await bot.send_message(member_id, message.text, reply_markup=message.markup)
        except TelegramRetryAfter as error:
            # Telegram asks the whole bot to slow down: everything not sent yet waits.
            services.metrics.deliveries.labels(METRIC_KIND, "retried").inc()
            outcome.retry_after = now + timedelta(seconds=error.retry_after)
            outcome.later = [i for _, rest in queue[index:] for i in rest.row_ids]
            break
        except TelegramForbiddenError:
            services.metrics.deliveries.labels(METRIC_KIND, "blocked").inc()
            outcome.unreachable.add(member_id)
            outcome.done.extend(message.row_ids)
        except TelegramAPIError as error:
            services.metrics.deliveries.labels(METRIC_KIND, "failed").inc()
            log.warning("listing notice to a member failed: %s", type(error).__name__)
            outcome.failed.extend(message.row_ids)
        else:
            services.metrics.deliveries.labels(METRIC_KIND, "sent").inc()
            outcome.done.extend(message.row_ids)
    return outcome


_Listings = dict[tuple[ListingKind, int], Listing]


async def _load_listings(session: AsyncSession, rows: list[ListingNotice]) -> _Listings:
    """Every listing the rows are about, in two queries (held here: the session's identity map
    keeps objects only while something refers to them)."""
    job_ids = sorted({row.job_id for row in rows if row.job_id is not None})
    offer_ids = sorted({row.offer_id for row in rows if row.offer_id is not None})
    found: _Listings = {}
    if job_ids:
        for job in await session.scalars(select(Job).where(Job.id.in_(job_ids))):
            found[ListingKind.JOB, job.id] = job
    if offer_ids:
        for offer in await session.scalars(select(Offer).where(Offer.id.in_(offer_ids))):
            found[ListingKind.OFFER, offer.id] = offer
    return found


def _compose(
    t: Texts,
    views: Mapping[ListingKind, KindView],
    member: Member,
    rows: list[ListingNotice],
    listings: _Listings,
    now: datetime,
) -> tuple[list[_Message], list[int]]:
    """The messages owed to one member, and the rows that no longer make sense."""
    messages: list[_Message] = []
    pointless: list[int] = []
    digests: dict[ListingKind, list[tuple[ListingNotice, Listing]]] = defaultdict(list)
    for row in rows:
        if row.job_id is not None:
            kind, listing = ListingKind.JOB, listings.get((ListingKind.JOB, row.job_id))
        else:
            kind, listing = ListingKind.OFFER, listings.get((ListingKind.OFFER, row.offer_id or 0))
        view = views.get(kind)
        if listing is None or view is None or not _still_relevant(row, listing, now):
            pointless.append(row.id)
        elif row.digest and view.has_digest:
            digests[kind].append((row, listing))
        else:
            messages.append(_single(t, view, member, row, listing))
    for kind, items in digests.items():
        text, markup = views[kind].digest(t, [listing for _, listing in items])
        messages.append(_Message(text, markup, [row.id for row, _ in items]))
    return messages, pointless


def _still_relevant(row: ListingNotice, listing: Listing, now: datetime) -> bool:
    if row.reason in (NoticeReason.JOB_MATCH, NoticeReason.AID_MATCH):
        return listing.status == ListingStatus.PUBLISHED
    if row.reason == NoticeReason.RENEW:
        return (
            listing.status == ListingStatus.PUBLISHED
            and listing.renewal_prompted_at is not None
            and listing.expires_at is not None
            and listing.expires_at > now
        )
    return listing.status == ListingStatus.EXPIRED


def _button(t: Texts, key: str, listing: Listing, action: str) -> InlineKeyboardButton:
    kind = ListingKind.of(listing).value
    return InlineKeyboardButton(
        text=t.get(key), callback_data=ListingCb(k=kind, a=action, id=listing.id).pack()
    )


def _single(
    t: Texts, view: KindView, member: Member, row: ListingNotice, listing: Listing
) -> _Message:
    open_button = _button(t, "listing-open", listing, "v")
    if row.reason == _MATCH_OF[view.kind]:
        text, below = view.match_notice(t, listing)
        rows = [[open_button], *below]
    elif row.reason == NoticeReason.RENEW:
        text = t.get(
            "listing-renew-prompt",
            title=listing.title,
            expires=date_text(t, listing.expires_at, member_zone(member)),
        )
        rows = [
            [
                _button(t, "listing-renew", listing, "rn"),
                _button(t, "listing-close", listing, "cl"),
            ],
            [open_button],
        ]
    else:
        text = t.get("listing-expired-notice", title=listing.title)
        rows = [[_button(t, "listing-renew", listing, "rn")], [open_button]]
    return _Message(text, InlineKeyboardMarkup(inline_keyboard=rows), [row.id])
