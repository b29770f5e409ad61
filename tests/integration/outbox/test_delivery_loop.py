"""The outbox's one delivery loop: sent after the commit or never, crashes, 429/403/5xx."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Iterator
from datetime import timedelta

import pytest
from aiogram import Bot
from sqlalchemy import event, func, select
from sqlalchemy.orm import Session

from bot.db.models import Member, MemberStatus, OutboxMessage, ReviewItem, ReviewStatus
from bot.db.types import utcnow
from bot.db.uow import unit_of_work
from bot.features import plugins
from bot.outbox import Outgoing, engine, enqueue
from bot.outbox.delivery import LEASE, OutboxRows, deliver_round
from bot.outbox.engine import send_once
from bot.outbox.job import deliver_outbox
from bot.outbox.policy import MAX_ATTEMPTS
from bot.plugins import Job
from bot.retry import RetryTransientErrors
from bot.worker.runner import Worker
from bot.worker.wake import WakeUps
from tests.support.directory import onboarded, propose, staff
from tests.support.story import Harness

ANNA = 501
MODERATOR = 502


class CommitFails(RuntimeError):
    """What the database said when the decision's transaction was to commit."""


@pytest.fixture
def failing_commits() -> Iterator[list[bool]]:
    """While the list holds True, a transaction that wrote outbox rows fails to commit."""
    armed = [False]

    def refuse(session: Session) -> None:
        if armed[0] and session.execute(select(func.count(OutboxMessage.id))).scalar_one():
            raise CommitFails("the database went away")

    event.listen(Session, "before_commit", refuse)
    yield armed
    event.remove(Session, "before_commit", refuse)


async def outbox_size(harness: Harness) -> int:
    async with harness.services.sessions() as session:
        return int(await session.scalar(select(func.count(OutboxMessage.id))) or 0)


def plain_bot(harness: Harness) -> Bot:
    """The harness's bot without the request middleware's own quick retries
    (:mod:`bot.retry`), so the loop's policy alone meets each refusal."""
    manager = harness.bot.session.middleware
    for middleware in [m for m in manager[:] if isinstance(m, RetryTransientErrors)]:
        manager.unregister(middleware)
    return harness.bot


async def test_a_decision_whose_commit_fails_sends_no_notice(
    harness: Harness, failing_commits: list[bool], caplog: pytest.LogCaptureFixture
) -> None:
    anna = await onboarded(harness, ANNA)
    await propose(anna, link="@tbilisi_devs", title="Тбилиси: разработчики")
    moderator = await staff(harness, MODERATOR, "moderator", "GE")
    await moderator.send("/mod")
    await moderator.press("Review, oldest first")
    seen = len(anna.transcript())

    failing_commits[0] = True
    await moderator.press("Approve")  # the handler ran; its commit failed
    failing_commits[0] = False
    await harness.deliver()

    assert len(anna.transcript()) == seen  # no "approved" for a decision never saved
    assert await outbox_size(harness) == 0
    async with harness.services.sessions() as session:
        statuses = list(await session.scalars(select(ReviewItem.status)))
    assert statuses == [ReviewStatus.PENDING]
    # The failed update was logged as an error, as it should be (and only that).
    errors = [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert errors and all(
        r.exc_info is not None and r.exc_info[0] is CommitFails for r in errors
    ), [r.getMessage() for r in errors]
    caplog.clear()

    # Decided again, committed: the notice goes out once.
    await moderator.send("/mod")
    await moderator.press("Review, oldest first")
    await moderator.press("Approve")
    notices = [m for m in anna.transcript()[seen:] if "одобрена модератором" in m.text]
    assert len(notices) == 1
    assert await outbox_size(harness) == 0


async def test_the_commit_wakes_the_loop(harness: Harness) -> None:
    wake_ups = WakeUps(harness.services.sessions)
    woken = wake_ups.watch(("outbox",))
    try:
        async with unit_of_work(harness.services.sessions) as session:
            await enqueue(session, "test", ANNA, Outgoing("hello"))
            await asyncio.sleep(0)
            assert not woken.is_set()  # not before the commit
        await asyncio.wait_for(woken.wait(), 5)
        woken.clear()

        async def decide_then_fail() -> None:
            async with unit_of_work(harness.services.sessions) as session:
                await enqueue(session, "test", ANNA, Outgoing("never"))
                raise CommitFails

        with pytest.raises(CommitFails):
            await decide_then_fail()
        await asyncio.sleep(0.01)
        assert not woken.is_set()  # a rollback wakes nobody
    finally:
        wake_ups.close()


async def owe(harness: Harness, recipients: list[int], kind: str = "test") -> None:
    async with unit_of_work(harness.services.sessions) as session:
        for recipient in recipients:
            await enqueue(session, kind, recipient, Outgoing(f"for {recipient}"))


def received(harness: Harness, recipients: list[int]) -> dict[int, int]:
    return {r: len(harness.telegram.transcript(r)) for r in recipients}


async def test_a_worker_that_dies_mid_round_loses_nobody_and_repeats_at_most_one(
    harness: Harness,
) -> None:
    recipients = list(range(7001, 7011))
    await owe(harness, recipients)
    start = utcnow()
    services = harness.services
    # A worker claims the batch, sends three (recording two of them), and dies while the
    # third's outcome is being recorded.
    rows = OutboxRows(services)
    async with unit_of_work(services.sessions) as session:
        claimed = await rows.claim(session, start)
    assert len(claimed) == len(recipients)
    for item in claimed[:2]:
        sent = await send_once(services, harness.bot, rows, item)
        async with unit_of_work(services.sessions) as session:
            await rows.record(session, item, sent, start)
    await send_once(services, harness.bot, rows, claimed[2])

    # Until the lease runs out nobody else takes those rows.
    assert await deliver_round(services, harness.bot, now=start + LEASE / 2) == 0
    # Then the next worker does.
    assert await deliver_round(services, harness.bot, now=start + LEASE + timedelta(seconds=1))

    counts = received(harness, recipients)
    assert all(count >= 1 for count in counts.values()), "nobody lost"
    assert sum(count - 1 for count in counts.values()) == 1, "one repeat: the one in flight"
    assert counts[recipients[2]] == 2
    assert await outbox_size(harness) == 0  # delivered rows are gone


async def test_a_flood_wait_is_waited_out_and_the_same_member_gets_it(harness: Harness) -> None:
    await owe(harness, [7101, 7102])
    harness.telegram.flooding[7101] = 1
    assert await deliver_round(harness.services, plain_bot(harness)) == 2
    assert received(harness, [7101, 7102]) == {7101: 1, 7102: 1}
    calls = [c.chat_id for c in harness.telegram.calls("SendMessage")]
    assert calls == [7101, 7101, 7102]  # the same member again before the next one
    assert await outbox_size(harness) == 0


async def test_a_member_who_blocked_the_bot_is_marked_unreachable_and_dropped(
    harness: Harness,
) -> None:
    await onboarded(harness, 7201)
    await owe(harness, [7201, 7201], kind="relay.message")
    harness.telegram.blocked.add(7201)
    await deliver_round(harness.services, plain_bot(harness))
    async with harness.services.sessions() as session:
        member = await session.get(Member, 7201)
        assert member is not None and member.status == MemberStatus.UNREACHABLE
    assert await outbox_size(harness) == 0


async def test_server_errors_back_off_and_give_up_after_the_limit(harness: Harness) -> None:
    await owe(harness, [7301, 7302])
    harness.telegram.failing[7301] = 2  # fails twice, then works
    harness.telegram.failing[7302] = 1000  # never works
    bot = plain_bot(harness)
    now = utcnow()
    for attempt in range(MAX_ATTEMPTS + 1):
        await deliver_round(harness.services, bot, now=now + timedelta(hours=attempt))
    assert received(harness, [7301, 7302]) == {7301: 1, 7302: 0}
    tries = [c.chat_id for c in harness.telegram.calls("SendMessage")]
    assert tries.count(7301) == 3
    assert tries.count(7302) == MAX_ATTEMPTS  # then given up, not tried for ever
    assert await outbox_size(harness) == 0


async def test_a_retry_waits_its_backoff(harness: Harness) -> None:
    await owe(harness, [7401])
    harness.telegram.failing[7401] = 1
    bot = plain_bot(harness)
    now = utcnow()
    await deliver_round(harness.services, bot, now=now)
    assert await deliver_round(harness.services, bot, now=now) == 0  # not due yet
    assert await deliver_round(harness.services, bot, now=now + timedelta(hours=1)) == 1
    assert received(harness, [7401]) == {7401: 1}


async def test_a_round_stops_before_its_lease_ends_and_hands_back_the_rest(
    harness: Harness, monkeypatch: pytest.MonkeyPatch
) -> None:
    await owe(harness, [7501, 7502])
    # No share of the lease left to send in: the round must not send past it.
    monkeypatch.setattr(engine, "LEASE_SHARE", 0.0)
    assert await deliver_round(harness.services, harness.bot) == 2
    assert received(harness, [7501, 7502]) == {7501: 0, 7502: 0}
    async with harness.services.sessions() as session:
        statuses = set(await session.scalars(select(OutboxMessage.status)))
    assert statuses == {"pending"}  # handed back, not left leased
    monkeypatch.undo()
    assert await deliver_round(harness.services, harness.bot) == 2
    assert received(harness, [7501, 7502]) == {7501: 1, 7502: 1}


async def test_the_worker_sends_as_soon_as_a_commit_wakes_it(harness: Harness) -> None:
    """The embedded worker's loop, polling only hourly here, still sends at once: the
    commit that owed the message wakes it."""
    hourly = Job("outbox.deliver", deliver_outbox, interval=3600.0, wakes_on=("outbox",))
    worker = Worker(harness.services, harness.bot, jobs=[hourly], plugins=plugins())
    running = asyncio.create_task(worker.run())
    try:
        await asyncio.sleep(0)  # the loop starts and waits
        await owe(harness, [7601])
        async with asyncio.timeout(30):  # generous: without the wake-up it would be an hour
            while not harness.telegram.transcript(7601):  # noqa: ASYNC110 (a fake: no event)
                await asyncio.sleep(0.01)
    finally:
        worker.stop()
        await running
    assert [m.text for m in harness.telegram.transcript(7601)] == ["for 7601"]
