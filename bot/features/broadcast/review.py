"""Broadcasts in the moderation queue: the card a moderator sees, and what a decision does."""

from __future__ import annotations

from aiogram import Bot
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import Broadcast, Event
from bot.features.broadcast import segment as segments
from bot.features.broadcast import service
from bot.features.broadcast.preview import link_checks, links_text, send_review_preview
from bot.features.broadcast.render import count_text, segment_text
from bot.features.broadcast.segment import Segment
from bot.i18n import Markup, translator


class BroadcastReviewHandler:
    """:class:`~bot.features.moderation.registry.ReviewHandler` for ``ReviewKind.BROADCAST``."""

    # Approved means being sent (not "now visible"); the status message follows.
    approved_notice = "bc-notice-approved"

    async def describe(self, session: AsyncSession, target_id: str, locale: str) -> str | None:
        broadcast = await _broadcast(session, target_id)
        if broadcast is None:
            return None
        t = translator(locale)
        segment = Segment.of(broadcast, locale)
        event = await session.get(Event, broadcast.event_id) if broadcast.event_id else None
        # The segment passed the author's scope check when it was saved; the queue shows the
        # count as a moderator may see it (exact only from FEWEST_SHOWN on).
        count = await segments.count(session, segment)
        return t(
            "bc-review-card",
            links=Markup(links_text(t, link_checks(service.Content.of(broadcast)))),
            segment=Markup(segment_text(t, locale, segment, event.title if event else None)),
            count=count_text(t, count, exact=count >= service.FEWEST_SHOWN),
        )

    async def send_preview(
        self, bot: Bot, session: AsyncSession, target_id: str, chat_id: int, locale: str
    ) -> bool:
        """The links list, then the message exactly as recipients get it."""
        return await send_review_preview(
            bot, session, target_id, chat_id, translator(locale), locale
        )

    async def title(self, session: AsyncSession, target_id: str) -> str | None:
        broadcast = await _broadcast(session, target_id)
        if broadcast is None:
            return None
        first = (broadcast.text.strip().splitlines() or ["—"])[0]
        return first[:60] + ("…" if len(first) > 60 else "")

    async def approve(self, session: AsyncSession, target_id: str, moderator_id: int) -> None:
        broadcast = await _broadcast(session, target_id)
        if broadcast is not None:
            await service.approve(session, broadcast.id, moderator_id)

    async def reject(self, session: AsyncSession, target_id: str, moderator_id: int) -> None:
        broadcast = await _broadcast(session, target_id)
        if broadcast is not None:
            await service.reject(session, broadcast.id)


async def _broadcast(session: AsyncSession, target_id: str) -> Broadcast | None:
    if not target_id.isdigit() or len(target_id) > 18:
        return None
    return await session.get(Broadcast, int(target_id))
