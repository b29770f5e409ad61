"""An organiser announces a small dinner through the real bot; a seat frees up and the worker
tells the next person waiting — emulator, bot process and its embedded worker, end to end."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from bot.access import Access
from bot.db.models import Event, ReviewItem, ReviewKind
from bot.features import plugins
from bot.features.moderation import service as moderation
from tests.support.e2e import E2E

pytestmark = pytest.mark.e2e

# The worker's notice job runs every 15 s (first round within 5 s of start).
NOTICE_WAIT = 60.0


async def test_a_seat_frees_up_and_the_next_person_waiting_is_told(e2e: E2E) -> None:
    nino = await e2e.user("Nino", language="en")
    await nino.onboard("ge-tbilisi")
    await e2e.grant(nino, "organiser", "GE")

    day = datetime.now(ZoneInfo("Asia/Tbilisi")).date() + timedelta(days=3)
    await nino.send("/new_event")
    await nino.send("Small dinner")
    await nino.send("Khinkali and stories.")
    await nino.press("In person")
    await nino.press("Georgia")
    reply = await nino.press("Tbilisi")
    assert "Tbilisi time" in reply.text
    reply = await nino.send(f"{day:%d.%m} 19:00")
    assert "I understood" in reply.text and "19:00" in reply.text
    await nino.press("✅ Yes")
    await nino.send("2h")
    await nino.send("Rustaveli 1")
    await nino.press("None — next")
    await nino.press("None — next")
    summary = await nino.send("1")
    assert "1 of 1 seats free" in summary.text
    reply = await nino.press("Send for review")
    assert "sent to the moderators" in reply.text

    async with e2e.session() as session, session.begin():
        event = await session.scalar(select(Event).where(Event.title == "Small dinner"))
        assert event is not None
        item = await session.scalar(
            select(ReviewItem).where(
                ReviewItem.kind == ReviewKind.EVENT, ReviewItem.target_id == str(event.id)
            )
        )
        assert item is not None
        await moderation.decide(
            session,
            Access(e2e.stack.admin_id, is_admin=True),
            item.id,
            approve=True,
            reason=None,
            handler=plugins().review_handlers[ReviewKind.EVENT],
        )
        event_id = event.id

    anna, boris = await e2e.user("Anna", language="en"), await e2e.user("Boris", language="ru")
    await anna.onboard("ge-tbilisi")
    await boris.onboard("ge-tbilisi")
    await anna.send("/events")
    await anna.press_data(f"ev:open:{event_id}:")
    reply = await anna.press("I'm going")
    assert "You're going" in reply.text
    await boris.send("/events")
    await boris.press_data(f"ev:open:{event_id}:")
    reply = await boris.press("Пойду")
    assert "1-й в листе ожидания" in reply.text

    seen = (await boris.last()).message_id
    await anna.press("Can't go")
    notice = await e2e.client.wait_bot_message(boris.id, after=seen, timeout=NOTICE_WAIT)
    assert "Освободилось место — вы идёте на «Small dinner»" in notice["text"]
    assert "19:00" in notice["text"]  # his zone is Tbilisi's too

    reply = await boris.press("В календарь")
    assert reply.document is not None and reply.document["file_name"] == f"event-{event_id}.ics"
