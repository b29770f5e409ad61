"""Events in the moderation queue: the card a moderator sees, and what a decision does."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import Event, EventStatus
from bot.features.events import service
from bot.features.events.render import event_card
from bot.features.events.when import zone_of
from bot.i18n import Markup, translator


class EventReviewHandler:
    """:class:`~bot.features.moderation.registry.ReviewHandler` for ``ReviewKind.EVENT``."""

    async def describe(self, session: AsyncSession, target_id: str, locale: str) -> str | None:
        event = await _event(session, target_id)
        if event is None:
            return None
        t = translator(locale)
        card = event_card(
            t,
            locale,
            event,
            zone_of(event.timezone),
            professions=event.professions,
            interests=event.interests,
            status=EventStatus(event.status),
            show_link=True,  # the moderator checks where the link leads
        )
        return t("events-review-card", card=Markup(card))

    async def title(self, session: AsyncSession, target_id: str) -> str | None:
        event = await _event(session, target_id)
        return event.title if event is not None else None

    async def approve(self, session: AsyncSession, target_id: str, moderator_id: int) -> None:
        event = await _event(session, target_id)
        if event is not None:
            await service.publish(session, event.id)

    async def reject(self, session: AsyncSession, target_id: str, moderator_id: int) -> None:
        event = await _event(session, target_id)
        if event is not None:
            await service.reject(session, event.id)


async def _event(session: AsyncSession, target_id: str) -> Event | None:
    if not target_id.isdigit() or len(target_id) > 18:
        return None
    return await session.get(Event, int(target_id))
