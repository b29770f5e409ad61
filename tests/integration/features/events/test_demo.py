"""Demo events: upcoming, clearly marked, loaded once; the demo organiser's own among them."""

from __future__ import annotations

from sqlalchemy import select

from bot.content.demo_personas import ORGANISER
from bot.db.models import Event, EventStatus, ReviewItem, ReviewKind
from bot.db.types import utcnow
from bot.db.uow import unit_of_work
from bot.demo.personas import load_demo_personas
from bot.demo.seed import demo_loaders
from bot.features.events.demo import DEMO_MARK, load_demo_events
from tests.integration.features.events.stories import settle
from tests.support.story import Harness


async def test_demo_events_are_upcoming_marked_and_loaded_once(harness: Harness) -> None:
    assert demo_loaders()["events"] is load_demo_events
    async with unit_of_work(harness.services.sessions) as session:
        await load_demo_personas(session)
    async with unit_of_work(harness.services.sessions) as session:
        assert await load_demo_events(session) == 6
    async with unit_of_work(harness.services.sessions) as session:
        assert await load_demo_events(session) == 0
    async with harness.services.sessions() as session:
        events = list(await session.scalars(select(Event)))
        queued = list(
            await session.scalars(
                select(ReviewItem.target_id).where(ReviewItem.kind == ReviewKind.EVENT)
            )
        )
    now = utcnow()
    assert len(events) == 6
    for event in events:
        assert event.title.startswith(DEMO_MARK) and "demo" in event.description.lower()
        assert event.starts_at > now
    pending = [event for event in events if event.status == EventStatus.PENDING]
    assert [str(event.id) for event in pending] == queued  # one in the moderator's queue
    assert {event.organiser_id for event in events if event.city == "Tbilisi"} == {
        ORGANISER.user_id
    }

    member = await settle(harness, 2601, link="ge-tbilisi_design")
    await member.send("/events")
    assert "Завтрак дизайнеров" in member.last.text
    assert "Онлайн: счёт за границей" in member.last.text  # online, for everyone
    assert "настольных игр" not in member.last.text  # not approved yet
