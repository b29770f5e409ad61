"""What the kinds of listing built on this package plug into it (job offers, aid offers and
requests; the conversations about them), so that listings imports none of them.

A kind provides a :class:`KindView` to :data:`KINDS` (its card, its match notice, its digest);
a feature adding a button to every card provides a :class:`CardAction` to :data:`ACTIONS`. Both
go in the provider's descriptor (``provides=[KINDS.provide(JobView())]``); listings reads them
from the registry (``plugins.extensions(KINDS)``) in its router and in its worker jobs.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup
from aiogram_i18n import I18nContext
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import Member
from bot.features.listings.kinds import Listing, ListingKind
from bot.features.listings.render import Texts
from bot.plugins import ExtensionPoint, Plugins

Rows = list[list[InlineKeyboardButton]]


class KindView(Protocol):
    """One kind of listing as members see it. ``listing`` is always of ``kind``."""

    @property
    def kind(self) -> ListingKind: ...

    async def card(
        self, session: AsyncSession, t: Texts, listing: Listing, viewer: Member, back: str
    ) -> tuple[str, InlineKeyboardMarkup]:
        """The card and the buttons ``viewer`` may use (``back``: where "Back" returns)."""
        ...

    def match_notice(self, t: Texts, listing: Listing) -> tuple[str, Rows]:
        """A subscriber's notice of a new match: its text, and the rows under "Open"."""
        ...


class DigestingKindView(KindView, Protocol):
    """A kind whose matches may be gathered into one digest message (optional: the others
    are sent one by one)."""

    def digest(self, t: Texts, listings: Sequence[Listing]) -> tuple[str, InlineKeyboardMarkup]:
        """Several matches in one message."""
        ...


def digester(view: KindView) -> DigestingKindView | None:
    """The view as a :class:`DigestingKindView` when it gathers matches into a digest."""
    if callable(getattr(view, "digest", None)):
        return view  # type: ignore[return-value]
    return None


class CardAction(Protocol):
    """A button on every card handled by another feature (respond, see the conversations).

    The listings router loads the listing and checks it first — visible to the member, or,
    when ``author_action`` names the action for the audit log, the member's own (a forged
    press on someone else's listing is refused and audited) — then calls :meth:`run`.
    """

    @property
    def code(self) -> str:
        """The ``a`` of ``ListingCb``: short, it travels in callback data."""
        ...

    @property
    def author_action(self) -> str | None: ...

    async def run(
        self,
        query: CallbackQuery,
        kind: ListingKind,
        listing: Listing,
        *,
        i18n: I18nContext,
        session: AsyncSession,
        member: Member,
        state: FSMContext,
    ) -> None: ...


KINDS = ExtensionPoint[KindView]("listings.kinds")
ACTIONS = ExtensionPoint[CardAction]("listings.actions")


def kind_views(plugins: Plugins) -> dict[ListingKind, KindView]:
    """Every kind plugged in, by its code."""
    return {view.kind: view for view in plugins.extensions(KINDS)}


def card_actions(plugins: Plugins) -> dict[str, CardAction]:
    """Every card action plugged in, by its code."""
    return {action.code: action for action in plugins.extensions(ACTIONS)}
