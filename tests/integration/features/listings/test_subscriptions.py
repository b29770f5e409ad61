"""Subscriptions to new jobs: exactly the right members hear about a job, at once or in a daily
digest, never during their quiet hours (in their own time zone), and never twice."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import delete, select

from bot.db.models import (
    AuditEntry,
    AuditOutcome,
    DeliveryMode,
    Job,
    JobSubscription,
    ListingNotice,
    Member,
    MemberStatus,
)
from bot.db.types import utcnow
from bot.db.uow import unit_of_work
from bot.features import plugins
from bot.features.listings import notices
from bot.features.listings.job.service import JobFilter, notify_subscribers, subscribe
from bot.features.listings.job.service import post_job as save_job
from bot.features.listings.service import publish
from tests.conftest import HarnessFactory
from tests.integration.features.listings.test_jobs import draft
from tests.support.copy import has, t
from tests.support.listings import deliver_due, newcomer
from tests.support.story import Harness

# 23:00 in Tbilisi (UTC+4), 20:00 in Belgrade (UTC+1 in November).
EVENING = datetime(2026, 11, 23, 19, 0, tzinfo=UTC)
AUTHOR = 4000


async def add_member(
    harness: Harness,
    member_id: int,
    *,
    country: str | None = "GE",
    city: str | None = "Tbilisi",
    quiet: tuple[int, int] | None = None,
    status: MemberStatus = MemberStatus.ACTIVE,
) -> None:
    async with harness.services.sessions() as session, session.begin():
        session.add(
            Member(
                id=member_id,
                locale="en",
                country=country,
                city=city,
                onboarded_at=utcnow(),
                quiet_start=quiet[0] if quiet else None,
                quiet_end=quiet[1] if quiet else None,
                status=status,
            )
        )


async def add_subscription(
    harness: Harness, member_id: int, job_filter: JobFilter, mode: DeliveryMode
) -> None:
    async with harness.services.sessions() as session, session.begin():
        await subscribe(session, member_id, job_filter, mode)


async def publish_at(harness: Harness, when: datetime, **changes: object) -> Job:
    """What the review handler does on approval, at a given time."""
    async with harness.services.sessions() as session, session.begin():
        job = await save_job(session, AUTHOR, draft(**changes))
        assert await publish(session, job, when)
        await notify_subscribers(session, job, when)
    return job


async def waiting(harness: Harness) -> dict[int, tuple[bool, datetime]]:
    """member → (digest, due) of every waiting job notice (one job at a time in these tests)."""
    async with harness.services.sessions() as session:
        rows = await session.scalars(select(ListingNotice))
        return {row.member_id: (row.digest, row.due_at) for row in rows}


def received(harness: Harness, member_id: int) -> list[str]:
    return [sent.text for sent in harness.telegram.transcript(member_id)]


@pytest.fixture
async def world(make_harness: HarnessFactory, database_url: str) -> Harness:
    harness = await make_harness(database_url)
    await add_member(harness, AUTHOR)
    await add_subscription(harness, AUTHOR, JobFilter(country="GE"), DeliveryMode.INSTANT)
    people = {
        4001: (JobFilter(), DeliveryMode.INSTANT),  # anywhere, any profession
        4002: (JobFilter(country="GE"), DeliveryMode.INSTANT),
        4003: (JobFilter(country="GE", city="Tbilisi", profession="it"), DeliveryMode.DAILY),
        4004: (JobFilter(country="GE", city="Batumi"), DeliveryMode.INSTANT),
        4005: (JobFilter(country="AM"), DeliveryMode.INSTANT),
        4006: (JobFilter(remote=True), DeliveryMode.INSTANT),
        4007: (JobFilter(country="GE", profession="marketing"), DeliveryMode.INSTANT),
        4009: (JobFilter(country="GE"), DeliveryMode.INSTANT),
        4010: (JobFilter(country="GE", city="Tbilisi", profession="design"), DeliveryMode.INSTANT),
    }
    await add_member(harness, 4001)
    await add_member(harness, 4002, quiet=(22, 8))
    await add_member(harness, 4003, quiet=(0, 10))
    await add_member(harness, 4004, city="Batumi")
    await add_member(harness, 4005, country="AM", city="Yerevan")
    await add_member(harness, 4006, country="RS", city="Belgrade", quiet=(22, 8))
    await add_member(harness, 4007)
    await add_member(harness, 4008)
    await add_member(harness, 4009, status=MemberStatus.BANNED)
    await add_member(harness, 4010, status=MemberStatus.UNREACHABLE)
    for member_id, (job_filter, mode) in people.items():
        await add_subscription(harness, member_id, job_filter, mode)
    # 4008 has two subscriptions that both take a Tbilisi IT job: one notice, at once.
    await add_subscription(harness, 4008, JobFilter(), DeliveryMode.DAILY)
    await add_subscription(harness, 4008, JobFilter(country="GE"), DeliveryMode.INSTANT)
    return harness


async def test_a_tbilisi_it_job_reaches_exactly_the_matching_members(world: Harness) -> None:
    await publish_at(world, EVENING, professions=["it", "design"])
    found = await waiting(world)
    assert sorted(found) == [4001, 4002, 4003, 4008]
    assert {member: digest for member, (digest, _) in found.items()} == {
        4001: False,
        4002: False,
        4003: True,
        4008: False,
    }


async def test_a_remote_job_and_a_job_without_a_city(world: Harness) -> None:
    await publish_at(world, EVENING, remote=True, country=None, city=None, professions=["it"])
    assert sorted(await waiting(world)) == [4001, 4006, 4008]
    async with world.services.sessions() as session, session.begin():
        await session.execute(delete(ListingNotice))
    await publish_at(world, EVENING, city=None, professions=["marketing"])
    # A Batumi subscription takes the country's jobs that name no city.
    assert sorted(await waiting(world)) == [4001, 4002, 4004, 4007, 4008]


async def test_a_job_is_announced_once_even_if_published_again(world: Harness) -> None:
    job = await publish_at(world, EVENING, professions=["it"])
    async with world.services.sessions() as session, session.begin():
        found = await session.get(Job, job.id)
        assert found is not None
        assert not await publish(session, found, EVENING)  # restored after reports, say
        assert await notify_subscribers(session, found, EVENING) == 0
    assert len(await waiting(world)) == 4


async def test_instant_notices_wait_for_the_end_of_quiet_hours_in_the_members_zone(
    world: Harness,
) -> None:
    await publish_at(world, EVENING, remote=True, country=None, city=None, professions=["it"])
    assert await deliver_due(world.services, world.bot, plugins(), now=EVENING) == 2
    [text] = received(world, 4001)
    assert "A new job for your subscription" in text and "Barista" in text
    assert len(received(world, 4006)) == 1  # 20:00 in Belgrade: not quiet there
    # 4008's instant subscription is for Georgia (not remote): only the digest takes it.
    assert received(world, 4008) == [] and (await waiting(world))[4008][0] is True

    await publish_at(world, EVENING, professions=["it"])
    await deliver_due(world.services, world.bot, plugins(), now=EVENING)
    assert received(world, 4002) == []  # 23:00 in Tbilisi, quiet 22→8
    [(digest, due)] = [value for member, value in (await waiting(world)).items() if member == 4002]
    assert not digest and due == datetime(2026, 11, 24, 4, 0, tzinfo=UTC)  # 08:00 Tbilisi
    await deliver_due(
        world.services, world.bot, plugins(), now=datetime(2026, 11, 24, 3, 59, tzinfo=UTC)
    )
    assert received(world, 4002) == []
    await deliver_due(
        world.services, world.bot, plugins(), now=datetime(2026, 11, 24, 4, 0, tzinfo=UTC)
    )
    assert len(received(world, 4002)) == 1


async def test_the_daily_digest_gathers_the_day_in_one_message_after_quiet_hours(
    world: Harness,
) -> None:
    await publish_at(world, EVENING, title="Python developer", professions=["it"])
    await publish_at(world, EVENING + timedelta(hours=2), title="Data engineer", professions=["it"])
    async with world.services.sessions() as session:
        dues = set(
            await session.scalars(
                select(ListingNotice.due_at).where(ListingNotice.member_id == 4003)
            )
        )
    assert dues == {datetime(2026, 11, 24, 5, 0, tzinfo=UTC)}  # 09:00 in Tbilisi
    await deliver_due(
        world.services, world.bot, plugins(), now=datetime(2026, 11, 24, 5, 0, tzinfo=UTC)
    )
    assert received(world, 4003) == []  # 09:00 is inside 4003's quiet hours (00→10)
    await deliver_due(
        world.services, world.bot, plugins(), now=datetime(2026, 11, 24, 6, 0, tzinfo=UTC)
    )
    [digest] = received(world, 4003)
    assert has(digest, "job-digest", count=2)
    assert "Python developer" in digest and "Data engineer" in digest
    labels = [label for sent in world.telegram.transcript(4003) for label, _ in sent.buttons()]
    assert labels[:2] == ["1. Python developer", "2. Data engineer"]


async def test_a_notice_is_never_sent_twice_even_after_a_crash(world: Harness) -> None:
    await publish_at(world, EVENING, professions=["it"])
    # A worker claims the rows and dies before sending anything.
    async with unit_of_work(world.services.sessions) as session:
        assert len(await notices.claim_due(session, EVENING)) == 3  # 4002 is quiet, 4003 waits
    assert (
        await deliver_due(world.services, world.bot, plugins(), now=EVENING + timedelta(minutes=1))
        == 0
    )
    assert received(world, 4001) == []  # still claimed by the dead worker
    await deliver_due(world.services, world.bot, plugins(), now=EVENING + timedelta(minutes=11))
    assert received(world, 4001) == []  # maybe sent before the crash: dropped, not repeated
    assert sorted(await waiting(world)) == [4003]


async def test_a_member_who_blocked_the_bot_is_marked_unreachable(world: Harness) -> None:
    await publish_at(world, EVENING, remote=True, country=None, city=None, professions=["it"])
    world.telegram.blocked.add(4001)
    await deliver_due(world.services, world.bot, plugins(), now=EVENING)
    async with world.services.sessions() as session:
        member = await session.get(Member, 4001)
        assert member is not None and member.status == MemberStatus.UNREACHABLE
    assert 4001 not in await waiting(world)
    assert len(received(world, 4006)) == 1  # the others still got theirs

    def delivered(result: str) -> float | None:
        return world.services.metrics.registry.get_sample_value(
            "prichal_deliveries_total", {"kind": "listing-notice", "result": result}
        )

    assert (delivered("blocked"), delivered("sent")) == (1.0, 1.0)


async def test_subscribing_from_a_search_and_unsubscribing(harness: Harness) -> None:
    anna = await newcomer(harness, 4100)
    await anna.send("/jobs")
    await anna.press("Browse jobs")
    await anna.press("City")
    await anna.press("Tbilisi")
    await anna.press("Profession")
    await anna.press("💻 IT")
    await anna.press("Tell me about new jobs like these")
    assert has(anna.last.text, "jobs-mode-question", filter="Georgia, Tbilisi · 💻 IT")
    await anna.press(t("jobs-mode-choose-daily"))
    assert "Subscribed: Georgia, Tbilisi · 💻 IT (daily digest)" in anna.last.text
    # The same search again changes only how it is delivered.
    await anna.send("/jobs")
    await anna.press("Browse jobs")
    await anna.press("City")
    await anna.press("Tbilisi")
    await anna.press("Profession")
    await anna.press("💻 IT")
    await anna.press("Tell me about new jobs like these")
    await anna.press(t("jobs-mode-choose-instant"))
    async with harness.services.sessions() as session:
        subscriptions = list(await session.scalars(select(JobSubscription)))
    assert [(s.country, s.city, s.profession, s.mode) for s in subscriptions] == [
        ("GE", "Tbilisi", "it", DeliveryMode.INSTANT)
    ]

    mallory = await newcomer(harness, 4101, name="Mallory")
    await mallory.press_data(f"js:del:::{subscriptions[0].id}")
    assert "Only the author" in (mallory.last_answer() or "")
    async with harness.services.sessions() as session:
        denied = list(
            await session.scalars(select(AuditEntry).where(AuditEntry.action == "jobs.unsubscribe"))
        )
    assert [(e.actor_id, e.outcome) for e in denied] == [(4101, AuditOutcome.DENIED)]

    await anna.send("/jobs")
    await anna.press("My subscriptions")
    await anna.press("🗑")
    assert "no subscriptions left" in anna.last.text
    async with harness.services.sessions() as session:
        assert list(await session.scalars(select(JobSubscription))) == []
