"""The life cycle every listing shares: review, publication, renewal, expiry, closing, reports.

No aiogram here. Actions of an author re-check on the server that the listing is theirs
(callback data is forgeable); a refusal is written to the audit log.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Generic, TypeVar

from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.sql import ColumnElement

from bot import cleaning
from bot.access import audit, refuse_unless
from bot.db.models import (
    Job,
    ListingStatus,
    NoticeReason,
    Offer,
    Report,
    ReportStatus,
)
from bot.db.types import utcnow
from bot.errors import DomainError
from bot.features.listings import notices
from bot.features.listings.kinds import Listing, ListingKind
from bot.features.moderation import service as moderation
from bot.features.safety.scam import review_flags, scam_flags
from bot.geo import find_city, is_country
from bot.reviewing import BanNotice

# A listing is shown for this long after publication (or renewal).
LIFETIME = timedelta(days=30)
# The author is asked whether to renew this long before the end.
RENEWAL_NOTICE = timedelta(days=3)
# Listings one author may have waiting for review at once (a flood of spam stops here).
MAX_PENDING_PER_AUTHOR = 3
# Reasons a member may give when reporting a listing (slugs; button labels
# ``listing-report-reason-<slug>``, moderators' words ``report-reason-<slug>``).
REPORT_REASONS = ("scam", "false", "offensive", "spam", "other")

_MATCH_REASONS = (NoticeReason.JOB_MATCH, NoticeReason.AID_MATCH)
_AUTHOR_REASONS = (NoticeReason.RENEW, NoticeReason.EXPIRED)


class ListingError(DomainError):
    """An action that cannot be taken; ``key`` is the catalog message that explains it."""


# ---- member text ------------------------------------------------------------------------

# One cleaning for every member text (``bot.cleaning``); the names stay for the features.
clean_text = cleaning.clean_text
clean_line = cleaning.clean_line
has_contact = cleaning.has_contact


def check_text(value: str, *, minimum: int, maximum: int, one_line: bool = False) -> str:
    """The cleaned text, or :class:`ListingError` saying what is wrong with it."""
    text = clean_line(value) if one_line else clean_text(value)
    if len(text) < minimum:
        raise ListingError("listing-text-too-short", minimum=minimum)
    if len(text) > maximum:
        raise ListingError("listing-text-too-long", maximum=maximum, length=len(text))
    if has_contact(text):
        raise ListingError("listing-no-contacts")
    return text


# ---- loading and ownership --------------------------------------------------------------


async def get_listing(session: AsyncSession, kind: ListingKind, listing_id: int) -> Listing | None:
    return await session.get(kind.model, listing_id)


async def own_listing(
    session: AsyncSession, kind: ListingKind, listing_id: int, member_id: int, action: str
) -> Listing:
    """The member's own listing, or :class:`ListingError`; someone else's is audited."""
    listing = await get_listing(session, kind, listing_id)
    if listing is None:
        raise ListingError("listing-gone")
    await refuse_unless(
        session,
        listing.author_id == member_id,
        ListingError("listing-not-yours"),
        actor_id=member_id,
        action=f"listing.{action}",
        target_kind=str(kind.review_kind),
        target_id=str(listing_id),
        scope=listing.country,
    )
    return listing


def visible_to(listing: Listing, member_id: int | None) -> bool:
    """Members see published listings; the author sees their own in any state."""
    return listing.status == ListingStatus.PUBLISHED or listing.author_id == member_id


async def pending_count(session: AsyncSession, kind: ListingKind, author_id: int) -> int:
    model = kind.model
    return int(
        await session.scalar(
            select(func.count())
            .select_from(model)
            .where(model.author_id == author_id, model.status == ListingStatus.PENDING)
        )
        or 0
    )


async def check_can_submit(session: AsyncSession, kind: ListingKind, author_id: int) -> None:
    if await pending_count(session, kind, author_id) >= MAX_PENDING_PER_AUTHOR:
        raise ListingError("listing-too-many-pending", count=MAX_PENDING_PER_AUTHOR)


# ---- review and publication -------------------------------------------------------------


async def submit_for_review(
    session: AsyncSession, listing: Listing, texts: Sequence[str | None]
) -> list[str]:
    """Check the text for scam patterns and put the listing in the queue; returns the flags.

    ``texts``: everything the author typed (each kind knows its own fields)."""
    kind = ListingKind.of(listing)
    await session.flush()
    listing.scam_flags = scam_flags(*texts)
    await moderation.submit(
        session,
        kind=kind.review_kind,
        target_id=str(listing.id),
        country=listing.country,
        author_id=listing.author_id,
        flags=review_flags(listing.scam_flags),
    )
    return listing.scam_flags


def clear_scam_flag(listing: Listing, category: str) -> None:
    """A moderator found the warning false: members no longer see it on the listing."""
    listing.scam_flags = [flag for flag in listing.scam_flags if flag != category]


async def publish(session: AsyncSession, listing: Listing, now: datetime | None = None) -> bool:
    """A moderator approved: publish (again). Returns True on the first publication, when
    matching members are to be told. A closed or expired listing stays as it is."""
    now = now or utcnow()
    await resolve_reports(session, listing)
    if listing.status in (ListingStatus.CLOSED, ListingStatus.EXPIRED):
        return False
    first = listing.published_at is None
    listing.status = ListingStatus.PUBLISHED
    if first:
        listing.published_at = now
        listing.expires_at = now + LIFETIME
        listing.renewal_prompted_at = None
    elif listing.expires_at is None or listing.expires_at <= now:
        # Hidden (after reports) past its end: a few days more, and the renewal question.
        listing.expires_at = now + RENEWAL_NOTICE
        listing.renewal_prompted_at = None
    return first and listing.notified_at is None


async def take_down(session: AsyncSession, listing: Listing) -> None:
    """A moderator rejected: a proposal stays unpublished, a reported listing comes down."""
    await resolve_reports(session, listing)
    if listing.status in (ListingStatus.CLOSED, ListingStatus.EXPIRED):
        return
    listing.status = ListingStatus.REJECTED
    await notices.drop_notices(session, ListingKind.of(listing), listing.id, _MATCH_REASONS)


async def resolve_reports(session: AsyncSession, listing: Listing) -> None:
    """A moderator looked at the listing: its open reports are settled."""
    await session.execute(
        update(Report)
        .where(
            Report.kind == ListingKind.of(listing).review_kind,
            Report.target_id == str(listing.id),
            Report.status == ReportStatus.OPEN,
        )
        .values(status=ReportStatus.RESOLVED)
    )


# ---- the author's actions ---------------------------------------------------------------


async def close(
    session: AsyncSession,
    kind: ListingKind,
    listing_id: int,
    member_id: int,
    now: datetime | None = None,
) -> Listing:
    """The author closes the listing (the job is filled, the help was found)."""
    listing = await own_listing(session, kind, listing_id, member_id, "close")
    if listing.status == ListingStatus.CLOSED:
        raise ListingError("listing-already-closed")
    listing.status = ListingStatus.CLOSED
    listing.closed_at = now or utcnow()
    await moderation.withdraw(session, kind.review_kind, str(listing.id))
    await notices.drop_notices(session, kind, listing.id, (*_MATCH_REASONS, *_AUTHOR_REASONS))
    return listing


async def renew(
    session: AsyncSession,
    kind: ListingKind,
    listing_id: int,
    member_id: int,
    now: datetime | None = None,
) -> Listing:
    """Another 30 days for a listing near its end (or just expired)."""
    now = now or utcnow()
    listing = await own_listing(session, kind, listing_id, member_id, "renew")
    if listing.status == ListingStatus.PUBLISHED:
        assert listing.expires_at is not None
        if listing.expires_at - now > RENEWAL_NOTICE:
            raise ListingError("listing-renew-not-yet")
    elif listing.status != ListingStatus.EXPIRED:
        raise ListingError("listing-cannot-renew")
    listing.status = ListingStatus.PUBLISHED
    listing.expires_at = now + LIFETIME
    listing.renewal_prompted_at = None
    await notices.drop_notices(session, kind, listing.id, _AUTHOR_REASONS)
    return listing


# ---- reports ----------------------------------------------------------------------------


@dataclass(frozen=True)
class ReportResult:
    reporters: int
    hidden: bool


async def report(
    session: AsyncSession, kind: ListingKind, listing_id: int, reporter_id: int, reason: str
) -> ReportResult:
    """A member reports a listing: it goes to the queue; enough reporters hide it."""
    if reason not in REPORT_REASONS:
        raise ListingError("stale-button")
    listing = await get_listing(session, kind, listing_id)
    if listing is None or listing.status not in (ListingStatus.PUBLISHED, ListingStatus.HIDDEN):
        raise ListingError("listing-gone")
    if listing.author_id == reporter_id:
        raise ListingError("listing-report-own")
    target = str(listing.id)
    try:
        counted = await moderation.report(
            session,
            kind=kind.review_kind,
            target_id=target,
            country=listing.country,
            reporter_id=reporter_id,
            reason=reason,
        )
    except moderation.ModerationError as refused:
        raise ListingError(refused.key, count=moderation.REPORTS_PER_DAY) from None
    await moderation.submit(
        session,
        kind=kind.review_kind,
        target_id=target,
        country=listing.country,
        author_id=listing.author_id,
        flags=[f"report:{reason}"],
    )
    hidden = False
    # Only trusted reporters hide a listing: not new accounts, not members whose reports
    # moderators keep dismissing, not those whose report on it a moderator already dismissed.
    if (
        counted.trusted >= moderation.HIDE_AFTER_REPORTS
        and listing.status == ListingStatus.PUBLISHED
    ):
        listing.status = ListingStatus.HIDDEN
        hidden = True
        await audit(
            session,
            actor_id=None,
            action="listing.hidden_by_reports",
            subject_id=listing.author_id,
            target_kind=str(kind.review_kind),
            target_id=target,
            scope=listing.country,
            details={"reporters": counted.trusted},
        )
    return ReportResult(counted.reporters, hidden)


# ---- bans --------------------------------------------------------------------------------


async def close_for_ban(session: AsyncSession, member_id: int) -> list[BanNotice]:
    """A banned member's listings come down at once: out of Browse and of the queue, no more
    match notices. (Whoever wrote to them is told by the conversations' side of the ban.)"""
    for model in _MODELS:
        rows: list[Listing] = list(
            await session.scalars(
                select(model).where(
                    model.author_id == member_id,
                    model.status.in_(
                        [ListingStatus.PENDING, ListingStatus.PUBLISHED, ListingStatus.HIDDEN]
                    ),
                )
            )
        )
        for listing in rows:
            kind = ListingKind.of(listing)
            listing.status = ListingStatus.REJECTED
            await moderation.withdraw(session, kind.review_kind, str(listing.id))
            await notices.drop_notices(
                session, kind, listing.id, (*_MATCH_REASONS, *_AUTHOR_REASONS)
            )
    return []


# ---- expiry (worker) --------------------------------------------------------------------

_BATCH = 500
_MODELS: tuple[type[Job] | type[Offer], ...] = (Job, Offer)


async def prompt_renewals(session: AsyncSession, now: datetime | None = None) -> int:
    """Ask the authors of listings ending within 3 days whether to renew (once per term)."""
    now = now or utcnow()
    prompted = 0
    for model in _MODELS:
        rows: list[Listing] = list(
            await session.scalars(
                select(model)
                .where(
                    model.status == ListingStatus.PUBLISHED,
                    model.expires_at <= now + RENEWAL_NOTICE,
                    model.expires_at > now,
                    model.renewal_prompted_at.is_(None),
                )
                .order_by(model.expires_at)
                .limit(_BATCH)
                .with_for_update(skip_locked=True)
            )
        )
        for listing in rows:
            listing.renewal_prompted_at = now
            await notices.add_notices(
                session,
                reason=NoticeReason.RENEW,
                kind=ListingKind.of(listing),
                listing_id=listing.id,
                due={listing.author_id: now},
            )
        prompted += len(rows)
    return prompted


async def expire_listings(session: AsyncSession, now: datetime | None = None) -> int:
    """Listings past their end expire; the author is told and may renew."""
    now = now or utcnow()
    expired = 0
    for model in _MODELS:
        rows: list[Listing] = list(
            await session.scalars(
                select(model)
                .where(model.status == ListingStatus.PUBLISHED, model.expires_at <= now)
                .order_by(model.expires_at)
                .limit(_BATCH)
                .with_for_update(skip_locked=True)
            )
        )
        for listing in rows:
            kind = ListingKind.of(listing)
            listing.status = ListingStatus.EXPIRED
            await notices.drop_notices(
                session, kind, listing.id, (*_MATCH_REASONS, NoticeReason.RENEW)
            )
            await notices.add_notices(
                session,
                reason=NoticeReason.EXPIRED,
                kind=kind,
                listing_id=listing.id,
                due={listing.author_id: now},
            )
        expired += len(rows)
    return expired


# ---- browsing ---------------------------------------------------------------------------

PAGE_SIZE = 5
Row = TypeVar("Row")
_SLUG = re.compile(r"^[a-z0-9-]{1,32}$")


@dataclass(frozen=True)
class FilterToken:
    """A kind's filter as it travels in callback data: four dot-separated parts — the country,
    the city's slug and a topic slug (profession, category), in that order, with the kind's own
    ``flag`` among them at ``flag_at`` (jobs: "remote" third, aid: request or offer first).
    Tokens already sent in buttons keep their layout, so each kind keeps its place of the flag.
    """

    flag: str
    country: str | None = None
    city: str | None = None  # the English name
    topic: str | None = None

    def pack(self, flag_at: int) -> str:
        found = find_city(self.country, self.city) if self.city else None
        parts = [self.country or "", found.slug if found else "", self.topic or ""]
        parts.insert(flag_at, self.flag)
        return ".".join(parts)

    @classmethod
    def parse(cls, token: str, flag_at: int) -> FilterToken | None:
        """The token's parts, its place checked (a country and a city of it that exist) and its
        topic a slug; ``None`` when it was forged or is malformed (the kind checks the flag)."""
        parts = token.split(".")
        if len(parts) != 4:
            return None
        flag = parts.pop(flag_at)
        country, city_slug, topic = parts
        if (topic and not _SLUG.match(topic)) or (country and not is_country(country)):
            return None
        city = find_city(country, city_slug) if country and city_slug else None
        if city_slug and city is None:
            return None
        return cls(flag, country or None, city.name_en if city else None, topic or None)


@dataclass(frozen=True)
class Page(Generic[Row]):
    """One page of a list: its ``items``, how many match in all, and which page it is (0-based,
    clamped to the pages there are: a forged page number opens the nearest real one)."""

    items: list[Row]
    total: int
    page: int

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // PAGE_SIZE))


async def page_of(
    session: AsyncSession,
    model: type[Row],
    conditions: Sequence[ColumnElement[bool]],
    order: Sequence[ColumnElement[Any]],
    page: int,
) -> Page[Row]:
    """Page ``page`` of the rows of ``model`` matching ``conditions``, in ``order``."""
    count = select(func.count()).select_from(model).where(*conditions)
    total = int(await session.scalar(count) or 0)
    page = min(max(page, 0), max(1, -(-total // PAGE_SIZE)) - 1)
    rows = await session.scalars(
        select(model).where(*conditions).order_by(*order).limit(PAGE_SIZE).offset(page * PAGE_SIZE)
    )
    return Page(list(rows), total, page)


async def authored_by(
    session: AsyncSession, model: type[Row], author_id: int, limit: int = 20
) -> list[Row]:
    """The author's own listings of one kind ("my jobs", "my requests and offers"), newest
    first, whatever their state."""
    author, created, number = (getattr(model, name) for name in ("author_id", "created_at", "id"))
    rows = await session.scalars(
        select(model)
        .where(author == author_id)
        .order_by(created.desc(), number.desc())
        .limit(limit)
    )
    return list(rows)
