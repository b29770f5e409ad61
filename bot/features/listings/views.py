"""What every kind's :class:`~bot.features.listings.extensions.KindView` shares: the listing
handed in checked to be of the kind, and its card drawn with the buttons the viewer may use
(manage, respond, report, safety tips) and ⬅️ back to where it was opened from."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import datetime
from typing import Any, Generic, TypeVar
from zoneinfo import ZoneInfo

from aiogram.types import InlineKeyboardMarkup
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import Member
from bot.db.types import utcnow
from bot.features.listings.board import Board
from bot.features.listings.conversation.service import thread_count
from bot.features.listings.keyboards import card_actions
from bot.features.listings.kinds import Listing, ListingKind
from bot.features.listings.notices import member_zone
from bot.features.listings.render import Texts
from bot.features.listings.service import RENEWAL_NOTICE

M = TypeVar("M", bound=Listing)

# The card's text for a viewer in ``zone`` (its author also sees its state).
CardText = Callable[[AsyncSession, Texts, M, ZoneInfo, bool], Awaitable[str]]


class ListingView(Generic[M]):
    """The shared half of a kind's view over listings of ``model``, browsed on ``board``;
    ``respond_key`` names the catalog label of a listing's "respond" button."""

    def __init__(
        self,
        model: type[M],
        board: Board[Any],
        text: CardText[M],
        respond_key: Callable[[M], str],
    ) -> None:
        self.model = model
        self.kind = board.kind
        self.board = board
        self._text = text
        self._respond_key = respond_key

    def own(self, listing: Listing) -> M:
        """``listing`` as this kind's model. The registry hands each view its own kind only:
        a mix-up is a bug, said loudly."""
        if not isinstance(listing, self.model):
            raise TypeError(f"not a {self.model.__name__}: {type(listing).__name__}")
        return listing

    async def card(
        self,
        session: AsyncSession,
        t: Texts,
        listing: Listing,
        viewer: Member,
        back: str,
        now: datetime | None = None,
    ) -> tuple[str, InlineKeyboardMarkup]:
        now = now or utcnow()
        own = self.own(listing)
        mine = own.author_id == viewer.id
        text = await self._text(session, t, own, member_zone(viewer), mine)
        rows = card_actions(
            t,
            own,
            viewer.id,
            respond_key=self._respond_key(own),
            has_threads=mine and await thread_count(session, ListingKind.of(own), own.id) > 0,
            now_expires_soon=own.expires_at is not None and own.expires_at - now <= RENEWAL_NOTICE,
        )
        rows.append([self.board.back_from_card(t, back)])
        return text, InlineKeyboardMarkup(inline_keyboard=rows)
