"""A kind of listing as the moderation queue sees it (one queue item per listing; target id =
the listing's id).

One item serves a new listing and a published one that members reported: approving publishes
it (and, the first time, tells the members it matches); rejecting keeps it off the board or
takes it down. Either way the open reports on it are settled. What differs per kind — the
moderator's card and who hears about a new listing — is handed in by the kind.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Generic, TypeVar
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncSession

from bot.features.listings.kinds import Listing
from bot.features.listings.render import Texts
from bot.features.listings.service import clear_scam_flag, publish, take_down
from bot.geo import timezone_for

M = TypeVar("M", bound=Listing)

# The moderator's card of one listing, in the listing's own time zone.
ModeratorCard = Callable[[AsyncSession, Texts, M, ZoneInfo], Awaitable[str]]
# Tell the members a newly published listing matches (once per listing).
Announce = Callable[[AsyncSession, M], Awaitable[object]]


class ListingReviewHandler(Generic[M]):
    """:class:`bot.reviewing.ReviewHandler` for the listings of ``model``."""

    def __init__(self, model: type[M], card: ModeratorCard[M], announce: Announce[M]) -> None:
        self.model = model
        self._card = card
        self._announce = announce

    async def _load(self, session: AsyncSession, target_id: str) -> M | None:
        if not target_id.isdigit():
            return None
        return await session.get(self.model, int(target_id))

    async def describe(self, session: AsyncSession, target_id: str, locale: str) -> str | None:
        listing = await self._load(session, target_id)
        if listing is None:
            return None
        zone = timezone_for(listing.country, listing.city)
        return await self._card(session, Texts.offline(locale), listing, zone)

    async def title(self, session: AsyncSession, target_id: str) -> str | None:
        listing = await self._load(session, target_id)
        return listing.title if listing is not None else None

    async def approve(self, session: AsyncSession, target_id: str, moderator_id: int) -> None:
        listing = await self._load(session, target_id)
        if listing is not None and await publish(session, listing):
            await self._announce(session, listing)

    async def reject(self, session: AsyncSession, target_id: str, moderator_id: int) -> None:
        listing = await self._load(session, target_id)
        if listing is not None:
            await take_down(session, listing)

    async def clear_flag(self, session: AsyncSession, target_id: str, category: str) -> None:
        listing = await self._load(session, target_id)
        if listing is not None:
            clear_scam_flag(listing, category)
