"""A member's event data in /my_data, and what /delete_me does to seats and organised events."""

from __future__ import annotations

import json

from sqlalchemy import select

from bot.access import load_member
from bot.db.models import Event, EventStatus, ReviewItem, ReviewKind, ReviewStatus
from bot.features.events import service
from tests.integration.features.events.stories import (
    answers,
    draft,
    make_organiser,
    pending_kinds,
    published_event,
    settle,
)
from tests.support.copy import has
from tests.support.story import Harness

ORGANISER, LEAVER, BORIS = 2501, 2502, 2503


async def test_my_data_lists_answers_notices_and_organised_events(harness: Harness) -> None:
    await make_organiser(harness, ORGANISER)
    event_id = await published_event(harness, ORGANISER, title="Board games")
    leaver = await settle(harness, LEAVER)
    await leaver.press_data(f"ev:go:{event_id}:")
    await leaver.send("/my_data")
    _, _, payload = harness.telegram.documents[-1]
    data = json.loads(payload)["events"]
    assert [(a["event"], a["title"], a["answer"]) for a in data["answers"]] == [
        (event_id, "Board games", "going")
    ]
    assert {n["kind"] for n in data["notices"]} == {"remind-24h", "remind-2h"}
    assert data["organised"] == []
    organiser = harness.member(ORGANISER)
    await organiser.send("/my_data")
    mine = json.loads(harness.telegram.documents[-1][2])["events"]["organised"]
    assert [(e["event"], e["status"]) for e in mine] == [(event_id, "published")]


async def test_leaving_frees_the_seat_and_keeps_the_organisers_event_for_attendees(
    harness: Harness,
) -> None:
    await make_organiser(harness, ORGANISER)
    full = await published_event(harness, ORGANISER, capacity=1, title="Small dinner")
    leaver = await make_organiser(harness, LEAVER)
    boris = await settle(harness, BORIS)
    await leaver.press_data(f"ev:go:{full}:")
    await boris.press_data(f"ev:go:{full}:")
    own = await published_event(harness, LEAVER, title="Leaver's meetup")
    await boris.press_data(f"ev:go:{own}:")
    async with harness.services.sessions() as session, session.begin():
        _, access = await load_member(session, LEAVER, harness.services.settings.admin_ids)
        draft_id = (await service.create_event(session, access, draft(title="Half-done"))).id

    await leaver.send("/delete_me")
    await leaver.press("Yes, erase everything")

    assert await answers(harness, full) == {BORIS: "going"}  # the seat went to Boris
    assert (BORIS, "promoted") in await pending_kinds(harness, full)
    async with harness.services.sessions() as session:
        kept = await session.get(Event, own)
        assert kept is not None and kept.organiser_id is None
        assert kept.status == EventStatus.PUBLISHED
        assert await session.get(Event, draft_id) is None
        review = await session.scalar(
            select(ReviewItem).where(
                ReviewItem.kind == ReviewKind.EVENT, ReviewItem.target_id == str(draft_id)
            )
        )
        assert review is not None and review.status == ReviewStatus.WITHDRAWN
    await boris.press_data(f"ev:open:{own}:")
    assert "Leaver's meetup" in boris.last.text and has(boris.last.text, "events-you-going")
