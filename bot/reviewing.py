"""What the moderation queue needs from each kind of listing (a lower layer: no feature here).

Each feature that sends listings to review implements :class:`ReviewHandler` in its own
``review.py`` and names it in its descriptor (:class:`bot.plugins.Feature`, ``review``); the
composition root hands the registry to the queue (``Services.plugins.review_handlers``).

"Edit then approve" is optional: a handler that also implements :class:`EditableReviewHandler`
(``editable_fields`` and ``edit``) gets an edit screen in the queue; others show Approve and
Reject only. :func:`editable` tells which.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Protocol

from sqlalchemy.ext.asyncio import AsyncSession

from bot.access import Access

if TYPE_CHECKING:
    from aiogram import Bot


class ReviewHandler(Protocol):
    """A kind of listing as the moderation queue sees it. No aiogram here."""

    async def describe(self, session: AsyncSession, target_id: str, locale: str) -> str | None:
        """The listing as a moderator's card: safe HTML (every member value escaped).

        ``None`` when the listing no longer exists.
        """
        ...

    async def title(self, session: AsyncSession, target_id: str) -> str | None:
        """A short plain-text name of the listing, for notices to its author."""
        ...

    async def approve(self, session: AsyncSession, target_id: str, moderator_id: int) -> None:
        """Publish the listing (called once the decision is recorded)."""
        ...

    async def reject(self, session: AsyncSession, target_id: str, moderator_id: int) -> None:
        """Keep the listing unpublished (called once the decision is recorded)."""
        ...


@dataclass(frozen=True)
class EditableField:
    """One field a moderator may correct before approving.

    ``name`` travels in callback data (keep it short, ``[a-z_]``); ``label_key`` is a catalog
    key for its button; ``current`` is the plain-text value now (shown to the moderator
    escaped); ``max_length`` bounds what the moderator may type.
    """

    name: str
    label_key: str
    current: str
    max_length: int = 1500


class EditableReviewHandler(ReviewHandler, Protocol):
    """A kind of listing whose fields a moderator may correct before approving (optional)."""

    async def editable_fields(self, session: AsyncSession, target_id: str) -> list[EditableField]:
        """The fields of this listing a moderator may change (empty: nothing to edit)."""
        ...

    async def edit(
        self, session: AsyncSession, target_id: str, field: str, value: str, moderator_id: int
    ) -> str | None:
        """Change one field; ``None`` when done, else a catalog key saying why ``value`` was
        refused (the listing is left unchanged). The caller audits the edit."""
        ...


def editable(handler: ReviewHandler) -> EditableReviewHandler | None:
    """The handler as an :class:`EditableReviewHandler` when it implements editing."""
    if callable(getattr(handler, "editable_fields", None)) and callable(
        getattr(handler, "edit", None)
    ):
        return handler  # type: ignore[return-value]
    return None


class FlaggedReviewHandler(ReviewHandler, Protocol):
    """A kind of listing whose automatic scam warning a moderator may clear (optional)."""

    async def clear_flag(self, session: AsyncSession, target_id: str, category: str) -> None:
        """Drop a scam category from the listing: members never see that warning again."""
        ...


def flag_clearer(handler: ReviewHandler) -> FlaggedReviewHandler | None:
    """The handler as a :class:`FlaggedReviewHandler` when it can clear a warning."""
    if callable(getattr(handler, "clear_flag", None)):
        return handler  # type: ignore[return-value]
    return None


class PreviewingReviewHandler(ReviewHandler, Protocol):
    """A kind of listing the moderator must see exactly as its recipients will (optional):
    a broadcast is sent to the moderator's chat as it will reach members, before the card."""

    async def send_preview(
        self, bot: Bot, session: AsyncSession, target_id: str, chat_id: int, locale: str
    ) -> bool:
        """Send the exact copy (and what to check about it); ``False`` when it is gone."""
        ...


def previewer(handler: ReviewHandler) -> PreviewingReviewHandler | None:
    if callable(getattr(handler, "send_preview", None)):
        return handler  # type: ignore[return-value]
    return None


class NoticingReviewHandler(ReviewHandler, Protocol):
    """A kind of listing whose approval means something else than "now visible" (optional):
    a broadcast approved is being sent, and its author is told so."""

    # The catalog key of the notice to the author (its values: ``kind`` and ``title``).
    approved_notice: str


def approved_notice(handler: ReviewHandler) -> str:
    """The catalog key that tells an author their listing was approved."""
    key = getattr(handler, "approved_notice", None)
    return key if isinstance(key, str) else "mod-notice-approved"


@dataclass(frozen=True)
class StaleListing:
    """A published listing due for a moderator's second look: its id and its link."""

    target_id: str
    title: str
    link: str | None


class RecheckingReviewHandler(ReviewHandler, Protocol):
    """A kind of listing that goes stale once published (dead links, facts not re-checked
    for long) and that moderators re-check from the queue (optional).

    Each call checks the moderator's scope itself and audits what it does (or refuses).
    """

    async def stale(
        self, session: AsyncSession, access: Access, *, limit: int, offset: int
    ) -> tuple[list[StaleListing], int]:
        """A page of stale listings in the moderator's scope, and how many there are."""
        ...

    async def mark_verified(self, session: AsyncSession, access: Access, target_id: str) -> str:
        """The moderator looked: the listing is alive and true. Returns its title."""
        ...

    async def hide(self, session: AsyncSession, access: Access, target_id: str) -> str:
        """The moderator takes the listing down. Returns its title."""
        ...


def rechecker(handler: ReviewHandler | None) -> RecheckingReviewHandler | None:
    """The handler as a :class:`RecheckingReviewHandler` when it has a stale list."""
    if handler is not None and all(
        callable(getattr(handler, name, None)) for name in ("stale", "mark_verified", "hide")
    ):
        return handler  # type: ignore[return-value]
    return None


@dataclass(frozen=True)
class BanNotice:
    """Someone to tell after a ban (in their own language): a catalog key and its values."""

    member_id: int
    key: str
    values: dict[str, str] = field(default_factory=dict)


# What a feature closes when a member is banned (named in its descriptor, ``ban_effects``).
BanEffect = Callable[[AsyncSession, int], Awaitable[list[BanNotice]]]
