"""Reminders and other notices: stored as rows, sent once, surviving restarts and crashes."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from bot.access import load_member
from bot.db.crypto import pseudonym
from bot.db.engine import create_engine, create_session_factory
from bot.db.models import Event, EventNotice, EventRsvp, Member, NoticeStatus
from bot.db.models.events import EVENT_MEMBER
from bot.db.uow import unit_of_work
from bot.features import plugins
from bot.features.events import notices as job
from bot.features.events import service
from bot.worker.runner import Worker
from tests.conftest import HarnessFactory
from tests.integration.features.events.stories import (
    make_organiser,
    notices,
    published_event,
    run_worker,
    settle,
)
from tests.support.copy import has
from tests.support.story import Harness, Person

ORGANISER, ANNA, BORIS = 2201, 2202, 2203
TBILISI = ZoneInfo("Asia/Tbilisi")


async def starts_at(harness: Harness, event_id: int) -> datetime:
    async with harness.services.sessions() as session:
        event = await session.get(Event, event_id)
        assert event is not None
        return event.starts_at


async def going(person: Person, event_id: int) -> None:
    await person.press_data(f"ev:open:{event_id}:")
    await person.press("I'm going")


def received(person: Person, *harnesses: Harness, containing: str) -> int:
    """How many bot messages with this text reached the member, across bot processes."""
    return sum(
        containing in message.text
        for harness in harnesses
        for message in harness.telegram.transcript(person.user_id)
    )


async def test_reminders_are_sent_exactly_once_across_a_restart(
    make_harness: HarnessFactory, database_url: str
) -> None:
    first = await make_harness(database_url, admin_ids="1")
    assert "events.notices" in [j.name for j in plugins().jobs]
    await make_organiser(first, ORGANISER)
    event_id = await published_event(first, ORGANISER)
    anna, boris = await settle(first, ANNA), await settle(first, BORIS)
    await going(anna, event_id)
    await going(boris, event_id)
    start = await starts_at(first, event_id)

    day_before = start - timedelta(hours=24) + timedelta(minutes=1)
    worker = Worker(first.services, first.bot)
    assert await job.send_due_notices(worker.context, now=day_before) == 2
    assert await job.send_due_notices(worker.context, now=day_before) == 0
    await first.deliver()  # the outbox's loop sends what the job owed
    assert received(anna, first, containing="Tomorrow: Designers' breakfast") == 1

    # The process restarts: new services, a new bot, a new worker, the same database.
    second = await make_harness(database_url, admin_ids="1")
    restarted = Worker(second.services, second.bot)
    assert await job.send_due_notices(restarted.context, now=day_before) == 0
    await second.deliver()
    assert second.telegram.calls("SendMessage") == []

    two_hours_before = start - timedelta(hours=2) + timedelta(minutes=1)
    assert await job.send_due_notices(restarted.context, now=two_hours_before) == 2
    assert await job.send_due_notices(restarted.context, now=two_hours_before) == 0
    await second.deliver()
    for person in (anna, boris):
        assert received(person, first, second, containing="Tomorrow:") == 1
        assert received(person, first, second, containing="In two hours:") == 1
    statuses = {(n.member_id, str(n.kind), str(n.status)) for n in await notices(first, event_id)}
    assert statuses == {
        (member, kind, "sent") for member in (ANNA, BORIS) for kind in ("remind-24h", "remind-2h")
    }


async def test_a_crashed_claim_is_sent_once_when_its_lease_runs_out(
    make_harness: HarnessFactory, database_url: str
) -> None:
    harness = await make_harness(database_url, admin_ids="1")
    await make_organiser(harness, ORGANISER)
    event_id = await published_event(harness, ORGANISER)
    anna = await settle(harness, ANNA)
    await going(anna, event_id)
    due = await starts_at(harness, event_id) - timedelta(hours=24) + timedelta(minutes=1)

    # A worker claims the reminder (committed) and dies before sending anything.
    async with unit_of_work(harness.services.sessions) as session:
        assert len(await job.claim(session, due)) == 1

    assert await run_worker(harness, now=due + timedelta(minutes=1)) == 0  # still leased
    assert received(anna, harness, containing="Tomorrow:") == 0
    after_lease = due + job.LEASE + timedelta(seconds=1)
    assert await run_worker(harness, now=after_lease) == 1
    assert await run_worker(harness, now=after_lease + timedelta(minutes=1)) == 0
    assert received(anna, harness, containing="Tomorrow:") == 1
    [reminder] = [n for n in await notices(harness, event_id) if n.kind == "remind-24h"]
    assert (reminder.status, reminder.attempts) == (NoticeStatus.SENT, 2)


@pytest.mark.postgres
async def test_two_workers_at_once_claim_different_notices_on_postgresql(
    make_harness: HarnessFactory, pg_url: str
) -> None:
    harness = await make_harness(pg_url, admin_ids="1")
    await make_organiser(harness, ORGANISER)
    event_id = await published_event(harness, ORGANISER)
    for user_id in range(2300, 2306):
        await going(await settle(harness, user_id), event_id)
    due = await starts_at(harness, event_id) - timedelta(hours=24) + timedelta(minutes=1)

    engine = create_engine(pg_url)
    sessions = create_session_factory(engine)
    try:
        async with sessions() as one, sessions() as two, one.begin():
            first = await job.claim(one, due, limit=4)
            # The first worker still holds its rows locked: the second skips them.
            async with two.begin():
                second = await job.claim(two, due, limit=4)
        assert len(first) == 4 and len(second) == 2
        assert not {n.id for n in first} & {n.id for n in second}
    finally:
        await engine.dispose()


async def test_notices_that_no_longer_make_sense_are_skipped(harness: Harness) -> None:
    await make_organiser(harness, ORGANISER)
    event_id = await published_event(harness, ORGANISER)
    anna, boris = await settle(harness, ANNA), await settle(harness, BORIS)
    await going(anna, event_id)
    await going(boris, event_id)
    await boris.press("Can't go")  # his reminders are void
    start = await starts_at(harness, event_id)

    assert await run_worker(harness, now=start - timedelta(hours=23)) == 1
    assert received(anna, harness, containing="Tomorrow:") == 1
    assert received(boris, harness, containing="Tomorrow:") == 0
    # The worker was down until 30 minutes before the start: the 2-hour reminder still goes,
    # a late 24-hour one would not (there is none left here), and nothing after the start.
    assert await run_worker(harness, now=start - timedelta(minutes=30)) == 1
    assert received(anna, harness, containing="In two hours:") == 1

    by_kind = {(n.member_id, str(n.kind)): str(n.status) for n in await notices(harness, event_id)}
    assert by_kind[(BORIS, "remind-24h")] == "skipped"
    assert by_kind[(BORIS, "remind-2h")] == "skipped"


async def test_a_reminder_due_after_the_event_started_is_skipped_not_sent(
    harness: Harness,
) -> None:
    await make_organiser(harness, ORGANISER)
    event_id = await published_event(harness, ORGANISER)
    anna = await settle(harness, ANNA)
    await going(anna, event_id)
    start = await starts_at(harness, event_id)
    # Nobody ran the worker for days.
    assert await run_worker(harness, now=start + timedelta(minutes=5)) == 2
    assert received(anna, harness, containing="Tomorrow:") == 0
    assert received(anna, harness, containing="In two hours:") == 0
    assert {str(n.error) for n in await notices(harness, event_id)} == {"started"}


async def test_moving_reschedules_reminders_and_tells_attendees(harness: Harness) -> None:
    organiser = await make_organiser(harness, ORGANISER)
    event_id = await published_event(harness, ORGANISER, capacity=1)
    anna, boris = await settle(harness, ANNA), await settle(harness, BORIS)
    await going(anna, event_id)
    await going(boris, event_id)  # on the waitlist
    old_start = await starts_at(harness, event_id)

    await organiser.press_data(f"evo:show:{event_id}")
    assert "1 going · 1 on the waitlist · 0 cannot go" in organiser.last.text
    assert "Anna" not in organiser.last.text and str(ANNA) not in organiser.last.text
    await organiser.press("Move to another time")
    assert "Type the new date and time" in organiser.last.text
    await organiser.send("yesterday")
    assert "Add the time" in organiser.last.text or "could not read" in organiser.last.text
    new_day = (old_start + timedelta(days=2)).astimezone(TBILISI).date()
    await organiser.send(f"{new_day:%d.%m.%Y} 20:30")
    assert "Move it to" in organiser.last.text and "20:30" in organiser.last.text
    await organiser.press("Yes, move it")
    assert "Moved. 2 people are being told" in organiser.last.text

    new_start = await starts_at(harness, event_id)
    assert new_start.astimezone(TBILISI).strftime("%d.%m %H:%M") == (f"{new_day:%d.%m} 20:30")
    rows = await notices(harness, event_id)
    old = [n for n in rows if n.sequence == 0 and n.kind.startswith("remind")]
    new = [n for n in rows if n.sequence == 1 and n.kind.startswith("remind")]
    assert {str(n.status) for n in old} == {"skipped"}
    assert {(n.member_id, str(n.kind)) for n in new} == {(ANNA, "remind-24h"), (ANNA, "remind-2h")}
    assert {n.due_at for n in new} == {
        new_start - timedelta(hours=24),
        new_start - timedelta(hours=2),
    }

    assert await run_worker(harness) == 2  # the "moved" notices, due now
    assert received(anna, harness, containing="has moved") == 1
    assert received(boris, harness, containing="has moved") == 1
    # The old reminder time comes: nothing; the new one: sent.
    assert await run_worker(harness, now=old_start - timedelta(hours=23)) == 0
    assert await run_worker(harness, now=new_start - timedelta(hours=23)) == 1
    assert received(anna, harness, containing="Tomorrow:") == 1

    # The calendar file follows: same UID, SEQUENCE 1.
    await anna.press("Add to calendar")
    _, filename, payload = harness.telegram.documents[-1]
    assert filename == f"event-{event_id}.ics"
    assert b"SEQUENCE:1" in payload and f"UID:event-{event_id}@prichal".encode() in payload


async def test_cancelling_tells_everyone_once_and_nothing_else_is_sent(harness: Harness) -> None:
    organiser = await make_organiser(harness, ORGANISER)
    event_id = await published_event(harness, ORGANISER, capacity=1)
    anna, boris = await settle(harness, ANNA), await settle(harness, BORIS)
    await going(anna, event_id)
    await going(boris, event_id)
    start = await starts_at(harness, event_id)

    await organiser.press_data(f"evo:show:{event_id}")
    await organiser.press("Cancel the event")
    assert "Everyone going or waiting (2) will be told" in organiser.last.text
    await organiser.press("Yes, cancel it")
    assert "Cancelled. 2 people are being told" in organiser.last.text
    await organiser.press_data(f"evo:cancel_ok:{event_id}")  # pressed twice
    assert "cancelled" in (organiser.last_answer() or "")

    assert await run_worker(harness) == 2
    assert await run_worker(harness, now=start - timedelta(hours=23)) == 0
    assert received(anna, harness, containing="has been cancelled") == 1
    assert received(boris, harness, containing="has been cancelled") == 1
    assert received(anna, harness, containing="Tomorrow:") == 0
    await anna.press_data(f"ev:go:{event_id}:")
    assert "cancelled" in (anna.last_answer() or "")
    await anna.press_data(f"ev:ics:{event_id}:")
    assert b"STATUS:CANCELLED" in harness.telegram.documents[-1][2]
    assert b"SEQUENCE:1" in harness.telegram.documents[-1][2]


async def test_the_organiser_messages_everyone_going_and_sees_delivery(harness: Harness) -> None:
    organiser = await make_organiser(harness, ORGANISER)
    event_id = await published_event(harness, ORGANISER, capacity=1)
    anna, boris = await settle(harness, ANNA), await settle(harness, BORIS)
    await going(anna, event_id)
    await going(boris, event_id)  # waitlisted: messages are for people going

    await organiser.press_data(f"evo:show:{event_id}")
    await organiser.press("Message everyone going")
    assert has(organiser.last.text, "events-message-ask")
    await organiser.send("x" * 1001)
    assert "1 to 1,000 characters" in organiser.last.text
    await organiser.send("We moved to the <b>second</b> floor & the door is on the left")
    assert "This is what attendees will get" in organiser.last.text
    await organiser.press("Send")
    assert "Queued for 1 person" in organiser.last.text

    assert await run_worker(harness) == 1
    # The organiser's text arrives as typed: its "<b>" is shown, not obeyed (escaped).
    assert received(anna, harness, containing="<b>second</b> floor & the door is on the left") == 1
    assert received(anna, harness, containing="the second floor") == 0
    assert received(boris, harness, containing="floor") == 0
    await organiser.press_data(f"evo:show:{event_id}")
    assert "delivered to 1 of 1" in organiser.last.text

    # A forged "send" for someone else's event, and a fourth message in a day, are refused.
    for text in ("two", "three"):
        async with harness.services.sessions() as session, session.begin():
            _, access = await load_member(session, ORGANISER, harness.services.settings.admin_ids)
            await service.message_attendees(session, access, event_id, text)
    await organiser.press_data(f"evo:show:{event_id}")
    await organiser.press("Message everyone going")
    assert "already sent 3 messages" in (organiser.last_answer() or "")
    mallory = await make_organiser(harness, 2299)
    await mallory.press_data(f"evo:msg:{event_id}")
    assert "Only the organiser" in (mallory.last_answer() or "")


async def test_many_attendees_are_claimed_in_batches(harness: Harness) -> None:
    await make_organiser(harness, ORGANISER)
    event_id = await published_event(harness, ORGANISER)
    async with unit_of_work(harness.services.sessions) as session:
        for user_id in range(3000, 3000 + job.BATCH + 20):
            session.add(Member(id=user_id, locale="en", country="GE", city="Tbilisi"))
        await session.flush()
        for user_id in range(3000, 3000 + job.BATCH + 20):
            session.add(
                EventRsvp(
                    event_id=event_id,
                    member_key=pseudonym(EVENT_MEMBER, user_id),
                    member_ref=user_id,
                    status="going",
                )
            )
        await session.flush()
        _, access = await load_member(session, ORGANISER, harness.services.settings.admin_ids)
        assert (
            await service.message_attendees(session, access, event_id, "See you!") == job.BATCH + 20
        )
    assert await run_worker(harness) == job.BATCH
    assert await run_worker(harness) == 20
    assert await run_worker(harness) == 0
    async with harness.services.sessions() as session:
        sent = await session.scalars(
            select(EventNotice.member_ref).where(EventNotice.status == NoticeStatus.SENT)
        )
        assert len(set(sent)) == job.BATCH + 20
