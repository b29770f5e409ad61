"""Listings run for 30 days: the author is asked 3 days before the end, the listing expires at
the end, and a renewal gives it 30 more days. The worker's job functions run with a given
``now``; the rows' times are set relative to the real clock where a button press (which uses
the real clock) follows."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select, update

from bot.db.models import Job, ListingNotice, ListingStatus, NoticeReason, Offer, ReviewKind
from bot.db.types import utcnow
from bot.db.uow import unit_of_work
from bot.features import plugins
from bot.features.listings.delivery import expiry_round
from bot.features.listings.service import LIFETIME, expire_listings, prompt_renewals
from tests.conftest import HarnessFactory
from tests.integration.features.listings.test_jobs import published_job
from tests.support.copy import has
from tests.support.listings import decide, deliver_due, latest, newcomer, post_aid
from tests.support.story import Harness


async def shift(harness: Harness, job_id: int, *, published_days_ago: float) -> None:
    """Pretend the job was published that many days ago (and runs its 30 days from then)."""
    published = utcnow() - timedelta(days=published_days_ago)
    async with harness.services.sessions() as session, session.begin():
        await session.execute(
            update(Job)
            .where(Job.id == job_id)
            .values(published_at=published, expires_at=published + LIFETIME)
        )


async def notices_of(harness: Harness, member_id: int) -> list[ListingNotice]:
    async with harness.services.sessions() as session:
        return list(
            await session.scalars(select(ListingNotice).where(ListingNotice.member_id == member_id))
        )


async def test_the_author_is_asked_3_days_before_the_end_and_renews(
    make_harness: HarnessFactory, database_url: str
) -> None:
    harness = await make_harness(database_url, admin_ids="1")
    anna = await newcomer(harness, 3001)
    job = await published_job(harness, 3001)

    await shift(harness, job.id, published_days_ago=26)  # 4 days left: not yet
    async with unit_of_work(harness.services.sessions) as session:
        assert await prompt_renewals(session) == 0
    await shift(harness, job.id, published_days_ago=27.5)  # 2.5 days left
    async with unit_of_work(harness.services.sessions) as session:
        assert await prompt_renewals(session, utcnow() - timedelta(hours=13)) == 0  # 3+ days then
        assert await prompt_renewals(session) == 1
        assert await prompt_renewals(session, utcnow() + timedelta(hours=1)) == 0  # asked once
    [notice] = await notices_of(harness, 3001)
    assert notice.reason == NoticeReason.RENEW and notice.job_id == job.id

    assert await deliver_due(harness.services, harness.bot, plugins()) == 1
    prompt = anna.last
    assert has(prompt.text, "listing-renew-prompt", title="Barista")
    assert {"🔁 Renew for 30 days", "✅ Close", "👀 Open"} <= {
        label for label, _ in prompt.buttons()
    }
    assert await notices_of(harness, 3001) == []  # delivered: the row is gone
    assert await deliver_due(harness.services, harness.bot, plugins()) == 0  # never twice

    await anna.press("Renew for 30 days")
    assert "Renewed for 30 more days" in anna.last.text
    renewed = await latest(harness, Job)
    assert renewed.status == ListingStatus.PUBLISHED and renewed.renewal_prompted_at is None
    assert renewed.expires_at is not None
    assert timedelta(days=29, hours=23) < renewed.expires_at - utcnow() <= LIFETIME

    # Renewing again at once is refused: the new term has just begun.
    await anna.press_data(f"ls:j:rn:{job.id}:")
    assert "too early to renew" in (anna.last_answer() or "")


async def test_a_listing_expires_the_author_is_told_and_may_renew_it(harness: Harness) -> None:
    anna = await newcomer(harness, 3010)
    job = await published_job(harness, 3010)
    await shift(harness, job.id, published_days_ago=30.01)
    boris = await newcomer(harness, 3011, name="Boris")

    assert await expiry_round(harness.services) == 1  # expired (it was never prompted: past)
    expired = await latest(harness, Job)
    assert expired.status == ListingStatus.EXPIRED
    await boris.send("/jobs")
    await boris.press("Browse jobs")
    assert has(boris.last.text, "jobs-list-empty")

    assert await deliver_due(harness.services, harness.bot, plugins()) == 1
    assert has(anna.last.text, "listing-expired-notice", title="Barista")
    await boris.press_data(f"ls:j:rn:{job.id}:")  # someone else's renew button, forged
    assert "Only the author" in (boris.last_answer() or "")
    assert (await latest(harness, Job)).status == ListingStatus.EXPIRED

    await anna.press("Renew for 30 days")
    assert (await latest(harness, Job)).status == ListingStatus.PUBLISHED
    await boris.send("/jobs")
    await boris.press("Browse jobs")
    assert "Found: 1" in boris.last.text


async def test_expiry_covers_mutual_aid_too_and_skips_closed_listings(harness: Harness) -> None:
    anna = await newcomer(harness, 3020)
    await post_aid(anna)
    offer = await latest(harness, Offer)
    await decide(harness, ReviewKind.OFFER, offer.id)
    closed = await published_job(harness, 3020, title="Closed job")
    async with harness.services.sessions() as session, session.begin():
        found = await session.get(Job, closed.id)
        assert found is not None
        found.status = ListingStatus.CLOSED
    later = utcnow() + LIFETIME + timedelta(minutes=1)
    async with unit_of_work(harness.services.sessions) as session:
        assert await expire_listings(session, later) == 1
    assert (await latest(harness, Offer)).status == ListingStatus.EXPIRED
    assert (await latest(harness, Job)).status == ListingStatus.CLOSED
    async with harness.services.sessions() as session:
        reasons = list(await session.scalars(select(ListingNotice.reason)))
    assert reasons == [NoticeReason.EXPIRED]


async def test_a_renewal_prompt_for_a_listing_renewed_or_closed_meanwhile_is_not_sent(
    harness: Harness,
) -> None:
    anna = await newcomer(harness, 3030)
    job = await published_job(harness, 3030)
    await shift(harness, job.id, published_days_ago=28)
    async with unit_of_work(harness.services.sessions) as session:
        assert await prompt_renewals(session) == 1
    # The author closes the job from its card before the prompt goes out.
    await anna.send("/jobs")
    await anna.press("My jobs")
    await anna.press("Barista")
    await anna.press("Close")
    await anna.press("Yes, close it")
    before = len(anna.transcript())
    assert await deliver_due(harness.services, harness.bot, plugins()) == 0
    assert len(anna.transcript()) == before
    async with harness.services.sessions() as session:
        assert await session.scalar(select(func.count()).select_from(ListingNotice)) == 0
