"""After the event: the organiser records how many came (one number, never who), prompted
once by the worker a few hours after the end, or from their past-event card."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select, update

from bot.db.models import AuditEntry, AuditOutcome, Event, EventNotice, NoticeKind
from bot.db.types import utcnow
from bot.features import plugins
from bot.features.events import notices as job
from bot.plugins import JobContext
from tests.integration.features.events.stories import (
    make_organiser,
    published_event,
    run_worker,
    settle,
)
from tests.support.story import Harness

ORGANISER, ANNA, BORIS, MALLORY = 2301, 2302, 2303, 2304


async def _end(harness: Harness, event_id: int, ago: timedelta) -> None:
    """The event took place: it ended ``ago``."""
    now = utcnow()
    async with harness.services.sessions() as session, session.begin():
        await session.execute(
            update(Event)
            .where(Event.id == event_id)
            .values(starts_at=now - ago - timedelta(hours=2), ends_at=now - ago)
        )


async def _event(harness: Harness, event_id: int) -> Event:
    async with harness.services.sessions() as session:
        found = await session.get(Event, event_id)
        assert found is not None
        return found


async def _ask(harness: Harness) -> int:
    context = JobContext(
        services=harness.services, bot=harness.bot, worker_id="test", plugins=plugins()
    )
    return await job.ask_attendance(context)


async def test_the_organiser_records_how_many_came_and_a_forged_press_is_refused(
    harness: Harness,
) -> None:
    assert "events.attendance" in [j.name for j in plugins().jobs]
    organiser = await make_organiser(harness, ORGANISER)
    event_id = await published_event(harness, ORGANISER, capacity=10)
    for user_id in (ANNA, BORIS):
        member = await settle(harness, user_id)
        await member.press_data(f"ev:open:{event_id}:")
        await member.press("I'm going")

    # Not over yet: nobody is asked, and the card has no button for it.
    assert await _ask(harness) == 0
    await organiser.press_data(f"evo:show:{event_id}")
    assert "How many came?" not in [label for label, _ in organiser.last.buttons()]

    # An hour after the end: still too early to ask.
    await _end(harness, event_id, timedelta(hours=1))
    assert await _ask(harness) == 0
    # Four hours after: one prompt, owed once however often the job runs.
    await _end(harness, event_id, timedelta(hours=4))
    assert await _ask(harness) == 1
    assert await _ask(harness) == 0
    assert await run_worker(harness) == 1
    prompt = organiser.last
    assert "is over — how many came?" in prompt.text
    assert "2 said they were going" in prompt.text
    async with harness.services.sessions() as session:
        kinds = list(
            await session.scalars(select(EventNotice.kind).where(EventNotice.event_id == event_id))
        )
    assert kinds.count(NoticeKind.ATTENDANCE) == 1

    # Typing a number: bad input is explained, with the buttons to go on or back.
    await organiser.press_on(prompt, "Type the number")
    assert "from 0 to 20" in organiser.last.text
    for typed in ("many", "21", "-3", "4.5"):
        await organiser.send(typed)
        assert "whole number from 0 to 20" in organiser.last.text
        assert "Back" in [label for label, _ in organiser.last.buttons()][-1]
    await organiser.send("7")
    assert "Saved: 7 came" in organiser.last.text
    assert (await _event(harness, event_id)).attended_count == 7

    # One tap on the prompt corrects it: about as many as said they'd go.
    changed = await organiser.press_on(prompt, "About as many as said so (2)")
    assert any("Saved: 2 came" in message.text for message in changed)
    recorded = await _event(harness, event_id)
    assert recorded.attended_count == 2 and recorded.attendance_recorded_at is not None

    # The past event stays on "My events", its card showing the count and the button.
    await organiser.send("/my_events")
    await organiser.press("Designers' breakfast")
    assert "Came</b>: 2" in organiser.last.text or "Came: 2" in organiser.last.text
    assert "📋 How many came?" in [label for label, _ in organiser.last.buttons()]

    # Another organiser of Georgia forges the presses: refused, audited, nothing changes.
    mallory = await make_organiser(harness, MALLORY)
    for action in ("att", "att_rsvp", "att_zero"):
        await mallory.press_data(f"evo:{action}:{event_id}")
        assert "Only the organiser" in (mallory.last_answer() or "")
    assert (await _event(harness, event_id)).attended_count == 2
    async with harness.services.sessions() as session:
        refusals = list(
            await session.scalars(
                select(AuditEntry).where(
                    AuditEntry.actor_id == MALLORY, AuditEntry.outcome == AuditOutcome.DENIED
                )
            )
        )
    assert {entry.action for entry in refusals} == {"event.attendance.record"}
    assert len(refusals) == 3
    assert all(entry.target_id == str(event_id) for entry in refusals)
