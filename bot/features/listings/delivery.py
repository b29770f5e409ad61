"""Worker jobs of the listings: expiry and renewal prompts, and handing notices to the outbox.

The notices job claims due rows, words them and owes them through the outbox (``bot.outbox``)
in one transaction, deleting the rows; the outbox's one loop sends them. Quiet hours are
checked when a row falls due — the member may have changed them since the notice was queued —
and a quiet member's rows are put back until the hours end.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from aiogram import Bot
from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot import outbox
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
from bot.features.listings.extensions import KindView, digester, kind_views
from bot.features.listings.keyboards import ListingCb
from bot.features.listings.kinds import Listing, ListingKind
from bot.features.listings.notices import member_zone
from bot.features.listings.render import Texts, date_text
from bot.plugins import JobContext, Plugins
from bot.services import Services

log = logging.getLogger(__name__)

BATCH = 100
METRIC_KIND = "listing-notice"
# Which match a notice of each kind announces (the other reasons are the same for all).
_MATCH_OF = {ListingKind.JOB: NoticeReason.JOB_MATCH, ListingKind.OFFER: NoticeReason.AID_MATCH}


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


async def deliver_due(
    services: Services,
    bot: Bot | None,
    plugins: Plugins,
    now: datetime | None = None,
    limit: int = BATCH,
) -> int:
    """One round: hand the due notices to the outbox. Returns rows handled.

    Each kind's notice is worded by its view (``plugins``: :data:`extensions.KINDS`).

    One transaction: claim the due rows, put a quiet member's back until their hours end,
    word the rest (one digest per member and kind), owe each message through the outbox and
    delete its rows. The outbox's one loop sends them after the commit, with its guarantees
    (nobody lost, at most one repeat per worker crash) and its 429/403/5xx policy. ``bot`` is
    unused (the outbox sends); kept so callers need not change.
    """
    del bot
    now = now or utcnow()
    async with unit_of_work(services.sessions) as session:
        # Claims left by a version that sent them itself (it may have): dropped, not repeated.
        stale = await notices.drop_stale_claims(session, now)
        claimed = await notices.claim_due(session, now, limit)
        if not claimed:
            return 0
        owed = await _prepare(session, services, kind_views(plugins), claimed, now)
        for member_id, messages in owed:
            for message in messages:
                await outbox.enqueue(
                    session, METRIC_KIND, member_id, outbox.Outgoing(message.text, message.markup)
                )
                await notices.finish(session, message.row_ids)
    if stale:
        log.warning("listing notices: %d claims of an older worker dropped", stale)
    return len(claimed)


async def _prepare(
    session: AsyncSession,
    services: Services,
    views: Mapping[ListingKind, KindView],
    claimed: list[ListingNotice],
    now: datetime,
) -> list[tuple[int, list[_Message]]]:
    """The messages owed to each member who may be written to now."""
    by_member: dict[int, list[ListingNotice]] = defaultdict(list)
    for row in claimed:
        by_member[row.member_id].append(row)
    owed: list[tuple[int, list[_Message]]] = []
    members = {
        member.id: member
        for member in await session.scalars(select(Member).where(Member.id.in_(sorted(by_member))))
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
        owed.append((member_id, messages))
    await notices.finish(session, pointless)
    return owed


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
    digesting = {kind: d for kind, v in views.items() if (d := digester(v)) is not None}
    for row in rows:
        if row.job_id is not None:
            kind, listing = ListingKind.JOB, listings.get((ListingKind.JOB, row.job_id))
        else:
            kind, listing = ListingKind.OFFER, listings.get((ListingKind.OFFER, row.offer_id or 0))
        view = views.get(kind)
        if listing is None or view is None or not _still_relevant(row, listing, now):
            pointless.append(row.id)
        elif row.digest and kind in digesting:
            digests[kind].append((row, listing))
        else:
            messages.append(_single(t, view, member, row, listing))
    for kind, items in digests.items():
        text, markup = digesting[kind].digest(t, [listing for _, listing in items])
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
