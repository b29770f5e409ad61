"""Mutual aid: offers ("I can help with...") and requests ("I need help with..."), by category
and place, and who hears about a new one.

No aiogram here. A published request is announced to members who offer help in the same
category and place and opted in to alerts (``Member.alerts_opt_in``); a published offer, to
members with a matching open request who opted in. Aid is local: every listing has a country;
a listing without a city matches the whole country.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from sqlalchemy import case, or_, select, true
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.sql import ColumnElement

from bot.db.models import (
    ListingStatus,
    Member,
    MemberStatus,
    NoticeReason,
    Offer,
    OfferKind,
    TaxonomyKind,
    Urgency,
)
from bot.features.listings import notices
from bot.features.listings import service as listings
from bot.features.listings.kinds import ListingKind
from bot.geo import find_city, is_country
from bot.taxonomy import active_slugs

TITLE = (3, 120)
DESCRIPTION = (10, 1500)
KIND_CODES = {"r": OfferKind.REQUEST, "o": OfferKind.OFFER}
CODE_OF_KIND = {kind: code for code, kind in KIND_CODES.items()}
# Where request or offer stands in a filter token (``listings.FilterToken``): first.
_FLAG_AT = 0
_URGENCY_ORDER = case(
    (Offer.urgency == Urgency.TODAY, 0), (Offer.urgency == Urgency.WEEK, 1), else_=2
)


@dataclass(frozen=True)
class AidFilter:
    """Requests or offers, in a country (and city), optionally of one category."""

    kind: OfferKind
    country: str | None = None
    city: str | None = None
    category: str | None = None

    def pack(self) -> str:
        """A compact token for callback data: ``r.GE.tbilisi.housing``."""
        token = listings.FilterToken(
            CODE_OF_KIND[self.kind], self.country, self.city, self.category
        )
        return token.pack(_FLAG_AT)

    @classmethod
    def parse(cls, token: str) -> AidFilter | None:
        parsed = listings.FilterToken.parse(token, _FLAG_AT)
        kind = KIND_CODES.get(parsed.flag) if parsed is not None else None
        if parsed is None or kind is None:
            return None
        return cls(kind, country=parsed.country, city=parsed.city, category=parsed.topic)

    # The copies the list's pickers open (bot.features.listings.board.BoardFilter).
    def anywhere(self) -> AidFilter:
        return AidFilter(self.kind, category=self.category)

    def in_country(self, code: str) -> AidFilter:
        return AidFilter(self.kind, country=code, category=self.category)

    def in_city(self, city: str | None) -> AidFilter:
        return AidFilter(self.kind, self.country, city, self.category)

    def about(self, topic: str | None) -> AidFilter:
        return replace(self, category=topic)

    def where(self) -> list[ColumnElement[bool]]:
        conditions: list[ColumnElement[bool]] = [
            Offer.status == ListingStatus.PUBLISHED,
            Offer.kind == self.kind,
        ]
        if self.country:
            conditions.append(Offer.country == self.country)
            if self.city:
                conditions.append(or_(Offer.city == self.city, Offer.city.is_(None)))
        if self.category:
            conditions.append(Offer.category == self.category)
        return conditions


# ---- posting ----------------------------------------------------------------------------


@dataclass
class AidDraft:
    kind: OfferKind
    category: str
    title: str
    description: str
    country: str
    city: str | None
    urgency: Urgency | None

    @classmethod
    def from_data(cls, data: Mapping[str, Any]) -> AidDraft:
        try:
            kind = OfferKind(data["kind"])
            urgency = data.get("urgency")
            return cls(
                kind=kind,
                category=str(data["category"]),
                title=str(data["title"]),
                description=str(data["description"]),
                country=str(data["country"]),
                city=data.get("city"),
                urgency=Urgency(urgency) if urgency else None,
            )
        except (KeyError, TypeError, ValueError) as error:
            raise listings.ListingError("listing-draft-incomplete") from error


async def post_offer(session: AsyncSession, author_id: int, draft: AidDraft) -> Offer:
    """Save an offer or request as pending and put it in the moderation queue."""
    await listings.check_can_submit(session, ListingKind.OFFER, author_id)
    if draft.category not in await active_slugs(session, TaxonomyKind.OFFER_CATEGORY):
        raise listings.ListingError("listing-draft-incomplete")
    if not is_country(draft.country):
        raise listings.ListingError("listing-draft-incomplete")
    if draft.kind == OfferKind.REQUEST and draft.urgency is None:
        raise listings.ListingError("listing-draft-incomplete")
    city = find_city(draft.country, draft.city) if draft.city else None
    offer = Offer(
        author_id=author_id,
        kind=draft.kind,
        category=draft.category,
        title=listings.check_text(draft.title, minimum=TITLE[0], maximum=TITLE[1], one_line=True),
        description=listings.check_text(
            draft.description, minimum=DESCRIPTION[0], maximum=DESCRIPTION[1]
        ),
        country=draft.country,
        city=city.name_en if city else None,
        urgency=draft.urgency if draft.kind == OfferKind.REQUEST else None,
        status=ListingStatus.PENDING,
    )
    session.add(offer)
    await listings.submit_for_review(session, offer, [offer.title, offer.description])
    return offer


# ---- browsing ---------------------------------------------------------------------------


async def browse(
    session: AsyncSession, aid_filter: AidFilter, page: int = 0
) -> listings.Page[Offer]:
    """Published listings of the filter; requests most urgent first, then newest."""
    order: list[ColumnElement[Any]] = [Offer.published_at.desc(), Offer.id.desc()]
    if aid_filter.kind == OfferKind.REQUEST:
        order.insert(0, _URGENCY_ORDER)
    return await listings.page_of(session, Offer, aid_filter.where(), order, page)


# ---- who hears about it -----------------------------------------------------------------


async def audience(session: AsyncSession, listing: Offer) -> list[int]:
    """Members (opted in to alerts, active, not the author) with a published listing of the
    opposite kind in the same category and place."""
    other = OfferKind.OFFER if listing.kind == OfferKind.REQUEST else OfferKind.REQUEST
    same_city = (
        true() if listing.city is None else or_(Offer.city.is_(None), Offer.city == listing.city)
    )
    rows = await session.scalars(
        select(Offer.author_id)
        .join(Member, Member.id == Offer.author_id)
        .where(
            Offer.status == ListingStatus.PUBLISHED,
            Offer.kind == other,
            Offer.category == listing.category,
            Offer.country == listing.country,
            same_city,
            Offer.author_id != listing.author_id,
            Member.alerts_opt_in.is_(True),
            Member.status == MemberStatus.ACTIVE,
        )
        .distinct()
    )
    return sorted(rows)


async def notify_matching(
    session: AsyncSession, listing: Offer, now: datetime | None = None
) -> int:
    """Queue one notice per matching member (quiet hours apply on delivery); once per listing."""
    now = notices.announcing(listing, now)
    if now is None:
        return 0
    members = await audience(session, listing)
    return await notices.add_notices(
        session,
        reason=NoticeReason.AID_MATCH,
        kind=ListingKind.OFFER,
        listing_id=listing.id,
        due=dict.fromkeys(members, now),
    )
