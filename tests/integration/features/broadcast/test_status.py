"""The author watches their broadcast go out: told it is being sent once approved, then ONE
status message that edits itself with the live numbers (at most every few seconds, never when
nothing changed, a 429 or "not modified" never breaking anything), then the final report as a
new message and as the status message's last edit."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import update

from bot.db.models import Broadcast, BroadcastStatus, Member
from bot.db.types import utcnow
from bot.features.broadcast.segment import Segment
from bot.features.broadcast.service import Content
from bot.features.broadcast.status import MIN_EDIT_GAP, refresh_statuses
from tests.integration.features.broadcast.stories import (
    ADMIN,
    broadcast,
    broadcast_by,
    received,
    residents,
    run_until_idle,
)
from tests.integration.features.events.stories import make_organiser
from tests.support.fake_telegram import Sent
from tests.support.story import Harness

DAVID = 3501
ANNA, BORIS, VERA, GLEB = 3511, 3512, 3513, 3514
GEORGIA = Segment(countries=("GE",))
TEXT = "Picnic on Saturday"
# 19:30 UTC is 23:30 in Tbilisi: Anna (quiet 22-08) waits until 04:00 UTC.
NIGHT = datetime(2026, 12, 1, 19, 30, tzinfo=UTC)
MORNING = datetime(2026, 12, 2, 4, 1, tzinfo=UTC)


async def four_georgians_one_blocked(harness: Harness) -> None:
    await residents(
        harness,
        {"id": ANNA, "country": "GE", "quiet_start": 22, "quiet_end": 8},
        {"id": BORIS, "country": "GE"},
        {"id": VERA, "country": "GE", "city": "Batumi"},
        {"id": GLEB, "country": "GE"},
    )
    harness.telegram.blocked.add(GLEB)


async def approved_by_a_moderator(harness: Harness) -> int:
    """David's broadcast, approved in the queue by the admin (through the Dispatcher)."""
    await make_organiser(harness, DAVID)
    broadcast_id = await broadcast_by(harness, DAVID, GEORGIA, Content(text=TEXT))
    moderator = harness.member(ADMIN, language_code="en")
    await moderator.send("/mod")
    await moderator.press("Review, oldest first")
    await moderator.press("Approve")
    return broadcast_id


def edits(harness: Harness) -> int:
    return len([c for c in harness.telegram.calls("EditMessageText") if c.chat_id == DAVID])


def shown(harness: Harness, message: Sent) -> Sent:
    """The message as it looks now (after its edits)."""
    [now] = [m for m in harness.telegram.transcript(DAVID) if m.message_id == message.message_id]
    return now


async def refresh(harness: Harness, at: datetime) -> int:
    """One round of the status job, standing at ``at``."""
    return await refresh_statuses(harness.services, harness.bot, now=at)


async def test_the_author_watches_one_status_message_progress_to_the_final_report(
    harness: Harness,
) -> None:
    await four_georgians_one_blocked(harness)
    broadcast_id = await approved_by_a_moderator(harness)
    david = harness.member(DAVID, language_code="en")
    assert "is being sent" in david.last.text
    assert "visible to members" not in david.last.text

    await run_until_idle(harness, now=NIGHT)  # Boris and Vera get it; Anna sleeps; Gleb 403
    await harness.deliver()  # the status message owed when sending started
    status = david.last
    assert "being sent" in status.text and TEXT in status.text
    messages = len(david.transcript())

    start = utcnow()
    await refresh(harness, start + MIN_EDIT_GAP)
    live = shown(harness, status).text
    assert "Sent: 2 of 4" in live and "unreachable: 1" in live and "failed: 0" in live
    assert "quiet hours to end: 1" in live
    assert [label for label, _ in shown(harness, status).buttons()][:3] == [
        "🔄 Refresh",
        "⏸ Pause",
        "🚫 Cancel",
    ]
    made = edits(harness)

    await run_until_idle(harness, now=MORNING)  # Anna wakes up: the broadcast is done
    assert received(harness, ANNA) == [TEXT]
    assert (await broadcast(harness, broadcast_id)).status == BroadcastStatus.DONE
    await refresh(harness, start + MIN_EDIT_GAP + timedelta(seconds=1))
    assert edits(harness) == made  # changed, but edited less than the gap ago

    await harness.deliver()  # the report, a new message: the author is notified
    assert len(david.transcript()) == messages + 1
    report = david.last.text
    assert "has been sent" in report and "Delivered: 3 of 4" in report
    assert "Unreachable (they blocked the bot): 1" in report and "Unsubscribed since: 0" in report

    await refresh(harness, start + MIN_EDIT_GAP * 3)
    assert shown(harness, status).text == report  # the last edit is the report
    assert [label for label, _ in shown(harness, status).buttons()] == ["📋 My broadcasts"]
    made = edits(harness)
    await refresh(harness, start + MIN_EDIT_GAP * 10)
    assert edits(harness) == made  # reported: never edited again
    assert len(david.transcript()) == messages + 1


async def test_a_flood_wait_or_not_modified_on_an_edit_never_breaks_anything(
    harness: Harness,
) -> None:
    await four_georgians_one_blocked(harness)
    broadcast_id = await approved_by_a_moderator(harness)
    await run_until_idle(harness, now=NIGHT)
    await harness.deliver()
    david = harness.member(DAVID, language_code="en")
    status = david.last
    start = utcnow()

    # Telegram: "retry after 1", more often than the bot's own retries wait out.
    harness.telegram.flooding[DAVID] = 4
    await refresh(harness, start + MIN_EDIT_GAP)
    assert (
        "being sent" in shown(harness, status).text and "Sent:" not in shown(harness, status).text
    )
    await refresh(harness, start + MIN_EDIT_GAP * 2)  # edited on a later round
    assert "Sent: 2 of 4" in shown(harness, status).text
    made = edits(harness)
    await refresh(harness, start + MIN_EDIT_GAP * 3)
    assert edits(harness) == made  # nothing changed: no edit

    # A worker died after its edit, before recording it: the next edit is "not modified".
    async with harness.services.sessions() as session, session.begin():
        await session.execute(
            update(Broadcast).where(Broadcast.id == broadcast_id).values(status_shown=None)
        )
    await refresh(harness, start + MIN_EDIT_GAP * 4)
    made = edits(harness)
    await refresh(harness, start + MIN_EDIT_GAP * 5)
    assert edits(harness) == made  # taken as shown

    await run_until_idle(harness, now=MORNING)  # sending went on regardless
    assert received(harness, ANNA) == [TEXT]
    assert (await broadcast(harness, broadcast_id)).status == BroadcastStatus.DONE


async def test_the_status_and_report_speak_the_authors_language(harness: Harness) -> None:
    await residents(harness, {"id": BORIS, "country": "GE"})
    await make_organiser(harness, DAVID)
    async with harness.services.sessions() as session, session.begin():
        member = await session.get(Member, DAVID)
        assert member is not None
        member.locale = "ru"
    broadcast_id = await broadcast_by(harness, DAVID, GEORGIA, Content(text=TEXT))
    moderator = harness.member(ADMIN, language_code="en")
    await moderator.send("/mod")
    await moderator.press("Review, oldest first")
    await moderator.press("Approve")
    david = harness.member(DAVID, language_code="ru")
    assert "отправляется" in david.last.text

    await run_until_idle(harness)
    await harness.deliver()
    assert (await broadcast(harness, broadcast_id)).status == BroadcastStatus.DONE
    assert "отправлена" in david.last.text and "Доставлено: 1 из 1" in david.last.text
