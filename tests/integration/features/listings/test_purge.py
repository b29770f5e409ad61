"""Ended listings do not stay forever: an expired, closed or rejected job or request is deleted
with its conversations ``PRICHAL_LISTING_RETENTION_DAYS`` after it ended — and not a day
before, and never one still running or waiting for a moderator."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select, update

from bot.db.models import (
    Job,
    ListingNotice,
    ListingStatus,
    Offer,
    RelayMessage,
    RelayThread,
    Report,
    ReportStatus,
    ReviewKind,
)
from bot.db.types import utcnow
from bot.db.uow import unit_of_work
from bot.features import plugins
from bot.features.listings.retention import purge_ended_listings
from bot.plugins import JobContext
from tests.conftest import HarnessFactory
from tests.integration.features.listings.test_jobs import published_job
from tests.support.listings import latest, newcomer, post_aid
from tests.support.story import Harness

KEEP = timedelta(days=90)


async def set_times(harness: Harness, job_id: int, **values: object) -> None:
    async with harness.services.sessions() as session, session.begin():
        await session.execute(update(Job).where(Job.id == job_id).values(**values))


async def purge(harness: Harness, *, days_from_now: float = 0) -> int:
    async with unit_of_work(harness.services.sessions) as session:
        return await purge_ended_listings(
            session, older_than=KEEP, now=utcnow() + timedelta(days=days_from_now)
        )


async def count(harness: Harness, model: type) -> int:
    async with harness.services.sessions() as session:
        return int(await session.scalar(select(func.count()).select_from(model)) or 0)


async def test_an_expired_job_goes_with_its_conversations_after_the_retention_period(
    harness: Harness,
) -> None:
    await newcomer(harness, 4001)
    candidate = await newcomer(harness, 4002)
    job = await published_job(harness, 4001, title="Barista")
    await candidate.press_data(f"ls:j:rs:{job.id}:")
    await candidate.send("Hello, is the job still open?")
    await candidate.press_data(f"ls:j:v:{job.id}:")
    await candidate.press("Report")
    await candidate.press("Looks like a scam")
    assert await count(harness, RelayMessage) == 1
    async with harness.services.sessions() as session:
        report = await session.scalar(select(Report).where(Report.kind == ReviewKind.JOB))
    assert report is not None and report.status == ReportStatus.OPEN

    ended = utcnow() - timedelta(days=1)
    await set_times(harness, job.id, status=ListingStatus.EXPIRED, expires_at=ended)

    # Within the period the author may still renew it: nothing goes.
    assert await purge(harness) == 0
    assert await purge(harness, days_from_now=88) == 0
    assert await count(harness, Job) == 1

    assert await purge(harness, days_from_now=90) == 1
    assert await count(harness, Job) == 0
    assert await count(harness, RelayThread) == 0 and await count(harness, RelayMessage) == 0
    async with harness.services.sessions() as session:
        settled = await session.get(Report, report.id)
        notices = await session.scalar(select(func.count()).select_from(ListingNotice))
    assert settled is not None and settled.status == ReportStatus.RESOLVED
    assert notices == 0
    assert await purge(harness, days_from_now=90) == 0  # nothing left to do


async def test_closed_and_rejected_listings_go_running_and_waiting_ones_stay(
    make_harness: HarnessFactory, database_url: str
) -> None:
    harness = await make_harness(database_url)
    author = await newcomer(harness, 4101)
    long_ago = utcnow() - timedelta(days=400)
    closed = await published_job(harness, 4101, title="Closed long ago")
    await set_times(
        harness, closed.id, status=ListingStatus.CLOSED, closed_at=long_ago, created_at=long_ago
    )
    rejected = await published_job(harness, 4101, title="Rejected long ago")
    await set_times(
        harness,
        rejected.id,
        status=ListingStatus.REJECTED,
        expires_at=None,
        published_at=None,
        created_at=long_ago,
    )
    # Still published, or hidden until a moderator decides: an old date changes nothing.
    running = await published_job(harness, 4101, title="Still running")
    await set_times(harness, running.id, created_at=long_ago)
    hidden = await published_job(harness, 4101, title="Hidden after reports")
    await set_times(
        harness, hidden.id, status=ListingStatus.HIDDEN, created_at=long_ago, expires_at=long_ago
    )
    await post_aid(author, kind="request")
    request = await latest(harness, Offer)
    async with harness.services.sessions() as session, session.begin():
        await session.execute(
            update(Offer)
            .where(Offer.id == request.id)
            .values(status=ListingStatus.CLOSED, closed_at=long_ago)
        )

    assert await purge(harness) == 3
    async with harness.services.sessions() as session:
        left = set(await session.scalars(select(Job.title)))
        offers = await session.scalar(select(func.count()).select_from(Offer))
    assert left == {"Still running", "Hidden after reports"}
    assert offers == 0


async def test_the_worker_runs_the_purge_with_the_configured_period(harness: Harness) -> None:
    [job] = [job for job in plugins().jobs if job.name == "listings.purge_ended"]
    assert harness.services.settings.listing_retention_days == 90
    await newcomer(harness, 4201)
    old = await published_job(harness, 4201, title="Expired long ago")
    await set_times(
        harness, old.id, status=ListingStatus.EXPIRED, expires_at=utcnow() - timedelta(days=91)
    )
    fresh = await published_job(harness, 4201, title="Expired yesterday")
    await set_times(
        harness, fresh.id, status=ListingStatus.EXPIRED, expires_at=utcnow() - timedelta(days=1)
    )

    context = JobContext(
        services=harness.services, bot=harness.bot, worker_id="test", plugins=plugins()
    )
    assert await job.run(context) == 1
    async with harness.services.sessions() as session:
        assert set(await session.scalars(select(Job.title))) == {"Expired yesterday"}
