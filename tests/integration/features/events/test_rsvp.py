"""Members find events and answer: going, can't go, the waitlist and its automatic promotion."""

from __future__ import annotations

from datetime import timedelta

from bot.db.models import NoticeStatus
from tests.conftest import HarnessFactory
from tests.integration.features.events.stories import (
    answers,
    make_organiser,
    notices,
    pending_kinds,
    published_event,
    run_worker,
    settle,
)
from tests.support.copy import has
from tests.support.story import Harness

ORGANISER, ANNA, BORIS, VERA = 2001, 2002, 2003, 2004


async def test_one_seat_a_goes_b_waits_a_cannot_go_b_gets_the_seat_with_a_notice(
    make_harness: HarnessFactory, database_url: str
) -> None:
    harness = await make_harness(database_url, admin_ids="1")
    await make_organiser(harness, ORGANISER)
    event_id = await published_event(harness, ORGANISER, capacity=1)
    anna = await settle(harness, ANNA)
    boris = await settle(harness, BORIS)

    await anna.send("/events")
    assert "Designers' breakfast" in anna.last.text
    await anna.press("1", exact=True)
    assert "1 of 1 seats free" in anna.last.text
    await anna.press("I'm going")
    assert "See you there" in anna.last.text
    assert has(anna.last.text, "events-you-going")

    await boris.send("/events")
    await boris.press("1", exact=True)
    assert "All 1 seats taken" in boris.last.text
    await boris.press("I'm going")
    assert "number 1 on the waitlist" in boris.last.text
    assert await answers(harness, event_id) == {ANNA: "going", BORIS: "waitlist"}

    await anna.press("Can't go")
    assert "not going" in anna.last.text
    assert await answers(harness, event_id) == {ANNA: "declined", BORIS: "going"}
    # Boris is owed a "you got a seat" notice now, and reminders later; Anna nothing more.
    assert (BORIS, "promoted") in await pending_kinds(harness, event_id)
    assert not {kind for member, kind in await pending_kinds(harness, event_id) if member == ANNA}

    assert await run_worker(harness) == 1
    assert has(boris.last.text, "events-notice-promoted", title="Designers' breakfast")
    assert any("Can't go" in label for label, _ in boris.last.buttons())
    [promoted] = [n for n in await notices(harness, event_id) if n.kind == "promoted"]
    assert promoted.status == NoticeStatus.SENT


async def test_the_waitlist_is_served_in_the_order_people_joined(harness: Harness) -> None:
    await make_organiser(harness, ORGANISER)
    event_id = await published_event(harness, ORGANISER, capacity=1)
    people = [await settle(harness, user_id) for user_id in (ANNA, BORIS, VERA)]
    for person in people:
        await person.send("/events")
        await person.press("1", exact=True)
        await person.press("I'm going")
    assert "number 2 on the waitlist" in people[2].last.text

    await people[0].press("Can't go")
    assert await answers(harness, event_id) == {ANNA: "declined", BORIS: "going", VERA: "waitlist"}
    # Anna changes her mind: she goes to the back of the queue, behind Vera.
    await people[0].press("I'm going")
    assert "number 2 on the waitlist" in people[0].last.text
    await people[1].press("Can't go")
    assert await answers(harness, event_id) == {ANNA: "waitlist", BORIS: "declined", VERA: "going"}


async def test_answers_are_refused_for_a_forged_or_unpublished_event(harness: Harness) -> None:
    await make_organiser(harness, ORGANISER)
    anna = await settle(harness, ANNA)
    await anna.press_data("ev:go:999999:")
    assert "not available" in (anna.last_answer() or "")
    await anna.press_data("ev:go:abc:")
    assert "old message" in (anna.last_answer() or "")
    assert await answers(harness, 999999) == {}


async def test_an_event_that_started_takes_no_answers(harness: Harness) -> None:
    await make_organiser(harness, ORGANISER)
    event_id = await published_event(harness, ORGANISER, starts_in=timedelta(minutes=1))
    anna = await settle(harness, ANNA)
    from bot.db.models import Event

    async with harness.services.sessions() as session, session.begin():
        event = await session.get(Event, event_id)
        assert event is not None
        event.starts_at -= timedelta(minutes=2)  # time moved on
    await anna.press_data(f"ev:go:{event_id}:")
    assert "already started" in (anna.last_answer() or "")
