"""The worker delivers: quiet hours defer a member's copy, 403 marks them unreachable, the
author pauses, resumes and cancels, media goes by the file_id Telegram returned, and a worker
that died mid-batch loses nobody."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from aiogram import Bot
from aiogram.types import Message
from sqlalchemy import select, update

from bot.db.models import (
    Broadcast,
    BroadcastDelivery,
    BroadcastStatus,
    DeliveryStatus,
    MediaKind,
    Member,
    MemberStatus,
)
from bot.db.types import utcnow
from bot.db.uow import unit_of_work
from bot.features.broadcast import delivery
from bot.features.broadcast.segment import Segment
from bot.features.broadcast.service import Content
from bot.outbox import engine
from bot.outbox.policy import FIRST_BACKOFF
from tests.integration.features.broadcast.stories import (
    approve,
    broadcast,
    broadcast_by,
    deliveries,
    received,
    residents,
    run_until_idle,
    run_worker,
)
from tests.integration.features.events.stories import make_organiser
from tests.support.story import Harness

DAVID = 3301
ANNA, BORIS, VERA, GLEB = 3311, 3312, 3313, 3314
GEORGIA = Segment(countries=("GE",))
TEXT = "Community picnic on Saturday!"


async def three_georgians(harness: Harness, **anna: object) -> None:
    await residents(
        harness,
        {"id": ANNA, "country": "GE", **anna},
        {"id": BORIS, "country": "GE"},
        {"id": VERA, "country": "GE", "city": "Batumi"},
    )


async def approved_broadcast(harness: Harness, content: Content | None = None) -> int:
    await make_organiser(harness, DAVID)
    broadcast_id = await broadcast_by(harness, DAVID, GEORGIA, content)
    await approve(harness, broadcast_id)
    return broadcast_id


async def test_quiet_hours_defer_a_members_copy_until_they_end_in_her_local_time(
    harness: Harness,
) -> None:
    # Anna sleeps 22:00-08:00 Tbilisi time (UTC+4); the worker runs at 23:30 there.
    await three_georgians(harness, quiet_start=22, quiet_end=8)
    broadcast_id = await approved_broadcast(harness)
    night = datetime(2026, 12, 1, 19, 30, tzinfo=UTC)

    await run_until_idle(harness, now=night)

    assert received(harness, BORIS) == [TEXT] and received(harness, VERA) == [TEXT]
    assert received(harness, ANNA) == []
    assert (await deliveries(harness, broadcast_id))[ANNA] == "deferred"
    async with harness.services.sessions() as session:
        due = await session.scalar(
            select(BroadcastDelivery.next_attempt_at).where(BroadcastDelivery.member_id == ANNA)
        )
    assert due == datetime(2026, 12, 2, 4, 0, tzinfo=UTC)  # 08:00 in Tbilisi
    assert (await broadcast(harness, broadcast_id)).status == BroadcastStatus.SENDING

    await run_until_idle(harness, now=night + timedelta(hours=4))  # 03:30 there: still quiet
    assert received(harness, ANNA) == []
    await run_until_idle(harness, now=due + timedelta(minutes=1))
    assert received(harness, ANNA) == [TEXT]
    assert (await broadcast(harness, broadcast_id)).status == BroadcastStatus.DONE


async def test_a_member_who_blocked_the_bot_is_marked_unreachable_the_rest_get_it(
    harness: Harness,
) -> None:
    await three_georgians(harness)
    harness.telegram.blocked.add(BORIS)
    broadcast_id = await approved_broadcast(harness)

    await run_until_idle(harness)

    assert await deliveries(harness, broadcast_id) == {
        ANNA: "sent",
        BORIS: "unreachable",
        VERA: "sent",
    }
    async with harness.services.sessions() as session:
        boris = await session.get(Member, BORIS)
        assert boris is not None and boris.status == MemberStatus.UNREACHABLE
    done = await broadcast(harness, broadcast_id)
    assert (done.status, done.sent_count, done.failed_count, done.total_count) == (
        BroadcastStatus.DONE,
        2,
        1,
        3,
    )


async def test_the_author_pauses_resumes_sees_progress_and_cancels(harness: Harness) -> None:
    await three_georgians(harness)
    broadcast_id = await approved_broadcast(harness)
    david = harness.member(DAVID, language_code="en")
    await david.send("/my_broadcasts")
    await david.press(f"#{broadcast_id}")
    await david.press("Pause")
    assert "paused" in david.last.text

    await run_until_idle(harness)
    assert received(harness, ANNA) == []

    await david.press("Resume")
    await run_until_idle(harness)
    assert {received(harness, m)[0] for m in (ANNA, BORIS, VERA)} == {TEXT}
    await harness.deliver()  # the status message and the report (test_status.py)
    [view] = await david.press("Refresh")
    assert "Sent: 3 of 3" in view.text and "done" in view.text
    assert "Cancel" not in [label for label, _ in view.buttons()]

    # A second one, cancelled before anybody got it: nobody ever will.
    second = await broadcast_by(harness, DAVID, GEORGIA, Content(text="Second"))
    await approve(harness, second)
    await david.send("/my_broadcasts")
    await david.press(f"#{second}")
    await david.press("Cancel")
    await david.press("Yes, cancel")
    assert "cancelled" in david.last.text
    await run_until_idle(harness)
    assert all("Second" not in received(harness, m) for m in (ANNA, BORIS, VERA))
    assert (await broadcast(harness, second)).status == BroadcastStatus.CANCELLED


async def test_a_pause_stops_a_batch_in_the_middle(
    harness: Harness, monkeypatch: pytest.MonkeyPatch
) -> None:
    await three_georgians(harness)
    broadcast_id = await approved_broadcast(harness)
    monkeypatch.setattr(delivery, "STATUS_EVERY", 0.0)  # the worker looks before each copy

    class PausedAfterTheFirstCopy(delivery.BroadcastSource):
        async def send(self, bot: Bot, item: delivery.Copy) -> Message:
            message = await super().send(bot, item)
            # The author presses Pause while the worker is half-way through its batch.
            async with unit_of_work(harness.services.sessions) as session:
                await session.execute(
                    update(Broadcast)
                    .where(Broadcast.id == broadcast_id)
                    .values(status=BroadcastStatus.PAUSED)
                )
            return message

    async with unit_of_work(harness.services.sessions) as session:
        await delivery.start_approved(session, utcnow())
        await delivery.materialise(session, broadcast_id, "en", utcnow())
    source = PausedAfterTheFirstCopy(harness.services, broadcast_id, "w1")
    assert await engine.run(harness.services, harness.bot, source) == 3

    assert sorted((await deliveries(harness, broadcast_id)).values()) == [
        "pending",
        "pending",
        "sent",
    ]
    async with harness.services.sessions() as session:
        holders = await session.scalars(
            select(BroadcastDelivery.claimed_by).where(
                BroadcastDelivery.status == DeliveryStatus.PENDING
            )
        )
        assert set(holders) == {None}  # handed back, not stuck until the lease ends


async def test_a_worker_killed_mid_batch_loses_nobody_and_repeats_only_the_one_in_flight(
    harness: Harness,
) -> None:
    await three_georgians(harness)
    await residents(harness, {"id": GLEB, "country": "GE"})
    broadcast_id = await approved_broadcast(harness)
    lease = timedelta(seconds=harness.services.settings.broadcast_lease_seconds)
    start = utcnow()
    # The dead worker: claimed all four, had marked Anna's "sending" when it was killed.
    async with unit_of_work(harness.services.sessions) as session:
        await delivery.start_approved(session, start)
        await delivery.materialise(session, broadcast_id, "en", start)
    async with unit_of_work(harness.services.sessions) as session:
        rows = await delivery.claim(session, broadcast_id, "dead", start, lease=lease)
        assert len(rows) == 4
        anna = next(row for row in rows if row.member_id == ANNA)
        anna.status = DeliveryStatus.SENDING
        anna.attempts = 1

    # While its lease lasts nobody else takes them...
    assert await run_worker(harness, now=start + timedelta(seconds=1), worker="alive") == 0
    assert received(harness, BORIS) == []
    # ...and once it ran out, the next worker sends everyone, Anna included.
    await run_until_idle(harness, now=start + lease + timedelta(seconds=1))

    for member_id in (ANNA, BORIS, VERA, GLEB):
        assert received(harness, member_id) == [TEXT]
    assert set((await deliveries(harness, broadcast_id)).values()) == {"sent"}
    async with harness.services.sessions() as session:
        attempts = await session.scalar(
            select(BroadcastDelivery.attempts).where(BroadcastDelivery.member_id == ANNA)
        )
    assert attempts == 2  # the one in flight went again: the at-most-one repeat per crash


async def test_media_goes_by_the_file_id_telegram_returned_after_the_first_upload(
    harness: Harness,
) -> None:
    await three_georgians(harness)
    photo = Content(text="Poster", media_kind=MediaKind.PHOTO, media_file_id="organisers-upload")
    broadcast_id = await approved_broadcast(harness, photo)

    await run_until_idle(harness)

    sent_as = [file_id for _, file_id in harness.telegram.photos]
    assert sent_as == ["organisers-upload", "photo1", "photo1"]
    assert (await broadcast(harness, broadcast_id)).media_file_id == "photo1"
    assert received(harness, VERA) == ["Poster"]


async def test_server_errors_put_the_copy_back_for_later_and_it_goes_then(
    harness: Harness,
) -> None:
    await three_georgians(harness)
    harness.telegram.failing[ANNA] = 4  # every attempt of the Bot API client's own retries
    broadcast_id = await approved_broadcast(harness)
    start = utcnow()

    await run_until_idle(harness, now=start)
    assert received(harness, ANNA) == [] and received(harness, BORIS) == [TEXT]
    assert (await deliveries(harness, broadcast_id))[ANNA] == "pending"

    await run_until_idle(harness, now=start + timedelta(seconds=FIRST_BACKOFF, minutes=1))
    assert received(harness, ANNA) == [TEXT]
    assert (await broadcast(harness, broadcast_id)).status == BroadcastStatus.DONE


async def test_paid_broadcasts_are_sent_as_such_when_enabled(make_harness: object) -> None:
    harness = await make_harness(admin_ids="1", PRICHAL_PAID_BROADCAST=True)  # type: ignore[operator]
    await three_georgians(harness)
    await approved_broadcast(harness)

    await run_until_idle(harness)

    calls = [c for c in harness.telegram.calls("SendMessage") if c.chat_id in (ANNA, BORIS, VERA)]
    assert len(calls) == 3 and all(call.allow_paid_broadcast for call in calls)
