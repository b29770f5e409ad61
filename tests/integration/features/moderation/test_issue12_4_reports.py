"""Issue 12, attack 4: three sock puppets hid any listing again and again; after a moderator
restored a listing the same reporters hid it again; one member could push every listing into
the queue. Reports now weigh who reports."""

from __future__ import annotations

from sqlalchemy import select

from bot.db.models import AuditEntry, AuditOutcome, Job, ListingStatus, ReviewKind
from bot.features.moderation.service import REPORTS_PER_DAY
from tests.integration.features.listings.test_jobs import published_job
from tests.support.copy import has
from tests.support.directory import staff
from tests.support.listings import age_accounts, decide, newcomer, queued_item
from tests.support.story import Harness, Person

AUTHOR, MODERATOR = 12400, 12490
PUPPETS = (12401, 12402, 12403)
REGULARS = (12411, 12412, 12413)


async def report(person: Person, job_id: int, reason: str = "Looks like a scam") -> None:
    await person.press_data(f"ls:j:v:{job_id}:")
    await person.press("Report")
    await person.press(reason)


async def status_of(harness: Harness, job_id: int) -> ListingStatus:
    async with harness.services.sessions() as session:
        job = await session.get(Job, job_id)
        assert job is not None
        return ListingStatus(job.status)


async def test_a_ring_of_new_accounts_cannot_hide_a_listing(harness: Harness) -> None:
    await newcomer(harness, AUTHOR)
    await age_accounts(harness, AUTHOR)
    job = await published_job(harness, AUTHOR)
    puppets = [await newcomer(harness, member) for member in PUPPETS]
    for puppet in puppets:
        await report(puppet, job.id)
    assert await status_of(harness, job.id) == ListingStatus.PUBLISHED  # still listed
    assert await queued_item(harness, ReviewKind.JOB, job.id) is not None  # but in the queue

    moderator = await staff(harness, MODERATOR, "moderator", "GE")
    await moderator.send("/mod")
    await moderator.press("Reports (1)")
    await moderator.press("job offer: Barista")
    screen = moderator.last.text
    assert screen.count("A reporter: account 0 days old") == 3  # each reporter's record
    assert screen.count("Does not count towards hiding") == 3
    assert not any(str(member) in screen for member in PUPPETS)  # never who


async def test_a_restored_listing_is_not_hidden_again_by_the_same_reporters(
    harness: Harness,
) -> None:
    await newcomer(harness, AUTHOR)
    job = await published_job(harness, AUTHOR)
    regulars = [await newcomer(harness, member) for member in REGULARS]
    await age_accounts(harness, AUTHOR, *REGULARS)
    for person in regulars:
        await report(person, job.id)
    assert await status_of(harness, job.id) == ListingStatus.HIDDEN  # trusted reporters

    await decide(harness, ReviewKind.JOB, job.id)  # the moderator finds nothing wrong
    assert await status_of(harness, job.id) == ListingStatus.PUBLISHED
    for person in regulars:  # the same three, again
        await report(person, job.id)
    assert await status_of(harness, job.id) == ListingStatus.PUBLISHED


async def test_one_member_cannot_push_every_listing_into_the_queue(harness: Harness) -> None:
    await newcomer(harness, AUTHOR)
    jobs = [
        await published_job(harness, AUTHOR, title=f"Job number {n}")
        for n in range(REPORTS_PER_DAY + 1)
    ]
    mallory = await newcomer(harness, PUPPETS[0])
    for job in jobs[:REPORTS_PER_DAY]:
        await report(mallory, job.id)
        assert has(mallory.last.text, "listing-reported")
    await report(mallory, jobs[-1].id)
    assert f"You have sent {REPORTS_PER_DAY} reports today" in (mallory.last_answer() or "")
    assert await queued_item(harness, ReviewKind.JOB, jobs[-1].id) is None
    async with harness.services.sessions() as session:
        denied = list(
            await session.scalars(
                select(AuditEntry).where(
                    AuditEntry.action == "report.create",
                    AuditEntry.outcome == AuditOutcome.DENIED,
                )
            )
        )
    assert [entry.actor_id for entry in denied] == [PUPPETS[0]]
