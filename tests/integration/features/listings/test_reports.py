"""Reports on listings go to the moderation queue; three different members hide the listing
until a moderator decides."""

from __future__ import annotations

from sqlalchemy import select

from bot.db.models import (
    AuditEntry,
    Job,
    ListingStatus,
    Offer,
    OfferKind,
    Report,
    ReportStatus,
    ReviewKind,
)
from bot.features.moderation.service import HIDE_AFTER_REPORTS
from tests.conftest import HarnessFactory
from tests.integration.features.listings.test_jobs import published_job
from tests.integration.features.listings.test_offers import aid
from tests.support.copy import has
from tests.support.listings import age_accounts, decide, latest, newcomer, queued_item
from tests.support.story import Harness, Person


async def report(person: Person, job_id: int, reason: str = "Looks like a scam") -> None:
    await person.press_data(f"ls:j:v:{job_id}:")
    await person.press("Report")
    await person.press(reason)


async def test_three_members_hide_a_listing_until_a_moderator_restores_it(
    make_harness: HarnessFactory, database_url: str
) -> None:
    harness = await make_harness(database_url, admin_ids="1")
    anna = await newcomer(harness, 6000)
    job = await published_job(harness, 6000)
    reporters = [await newcomer(harness, 6001 + n) for n in range(HIDE_AFTER_REPORTS)]
    await age_accounts(harness, *(6001 + n for n in range(HIDE_AFTER_REPORTS)))

    await report(reporters[0], job.id)
    assert has(reporters[0].last.text, "listing-reported")
    item = await queued_item(harness, ReviewKind.JOB, job.id)
    assert item is not None and item.flags == ["report:scam"]  # in the queue at once
    await report(reporters[0], job.id, "Spam")  # the same member again: still one reporter
    await report(reporters[1], job.id, "False or out of date")
    assert (await latest(harness, Job)).status == ListingStatus.PUBLISHED
    await anna.press_data(f"ls:j:rp!:{job.id}:scam")
    assert "cannot report your own" in (anna.last_answer() or "")

    await report(reporters[2], job.id)
    hidden = await latest(harness, Job)
    assert hidden.status == ListingStatus.HIDDEN
    item = await queued_item(harness, ReviewKind.JOB, job.id)
    assert item is not None
    assert item.flags == ["report:false", "report:scam", "report:spam"]
    async with harness.services.sessions() as session:
        [entry] = list(
            await session.scalars(
                select(AuditEntry).where(AuditEntry.action == "listing.hidden_by_reports")
            )
        )
    assert (entry.subject_id, entry.target_id, entry.details) == (
        6000,
        str(job.id),
        {"reporters": 3},
    )

    stranger = await newcomer(harness, 6010)
    await stranger.send("/jobs")
    await stranger.press("Browse jobs")
    assert has(stranger.last.text, "jobs-list-empty")
    await stranger.press_data(f"ls:j:v:{job.id}:")
    assert "no longer available" in (stranger.last_answer() or "")
    await anna.press_data(f"ls:j:v:{job.id}:")  # the author still sees it, and why
    assert "hidden after reports" in anna.last.text

    await decide(harness, ReviewKind.JOB, job.id)  # the moderator finds nothing wrong
    assert (await latest(harness, Job)).status == ListingStatus.PUBLISHED
    async with harness.services.sessions() as session:
        statuses = set(await session.scalars(select(Report.status)))
    assert statuses == {ReportStatus.RESOLVED}
    # Old reports are settled: one new report does not hide it again.
    await report(reporters[1], job.id)
    assert (await latest(harness, Job)).status == ListingStatus.PUBLISHED


async def test_a_moderator_takes_a_reported_listing_down(harness: Harness) -> None:
    await newcomer(harness, 6100)
    offer = await aid(harness, 6100, OfferKind.OFFER)
    reporters = [await newcomer(harness, 6101 + n) for n in range(HIDE_AFTER_REPORTS)]
    await age_accounts(harness, *(6101 + n for n in range(HIDE_AFTER_REPORTS)))
    for person in reporters:
        await person.press_data(f"ls:o:v:{offer.id}:")
        await person.press("Report")
        await person.press("Offensive")
    assert (await latest(harness, Offer)).status == ListingStatus.HIDDEN
    await decide(harness, ReviewKind.OFFER, offer.id, approve=False, reason="Insults")
    assert (await latest(harness, Offer)).status == ListingStatus.REJECTED
    await reporters[0].press_data(f"ls:o:rp!:{offer.id}:spam")
    assert "no longer available" in (reporters[0].last_answer() or "")


async def test_forged_report_reasons_and_listings_are_refused(harness: Harness) -> None:
    await newcomer(harness, 6200)
    job = await published_job(harness, 6200)
    mallory = await newcomer(harness, 6201)
    await mallory.press_data(f"ls:j:rp!:{job.id}:i-just-dont-like-it")
    assert mallory.last_answer() == harness.services.text("en", "stale-button")
    await mallory.press_data("ls:j:rp!:987654:scam")
    assert "no longer available" in (mallory.last_answer() or "")
    await mallory.press_data(f"ls:x:rp!:{job.id}:scam")
    assert mallory.last_answer() == harness.services.text("en", "stale-button")
    async with harness.services.sessions() as session:
        assert list(await session.scalars(select(Report))) == []
