"""Demo events: upcoming, published, clearly marked, loaded once."""

from __future__ import annotations

from sqlalchemy import select

from bot.db.models import Event, EventStatus
from bot.db.types import utcnow
from bot.db.uow import unit_of_work
from bot.features.events.demo import DEMO_MARK, load_demo_events
from tests.integration.features.events.stories import settle
from tests.support.story import Harness


async def test_demo_events_are_upcoming_marked_and_loaded_once(harness: Harness) -> None:
    async with unit_of_work(harness.services.sessions) as session:
        assert await load_demo_events(session) == 5
    async with unit_of_work(harness.services.sessions) as session:
        assert await load_demo_events(session) == 0
    async with harness.services.sessions() as session:
        events = list(await session.scalars(select(Event)))
    now = utcnow()
    assert len(events) == 5
    for event in events:
        assert event.title.startswith(DEMO_MARK) and "demo" in event.description.lower()
        assert event.status == EventStatus.PUBLISHED and event.starts_at > now
        assert event.organiser_id is None
    member = await settle(harness, 2601, link="ge-tbilisi_design")
    await member.send("/events")
    assert "Завтрак дизайнеров" in member.last.text
    assert "Онлайн: счёт за границей" in member.last.text  # online, for everyone
