"""/my_data and /delete_me for listings: a member's jobs, offers and requests, job
subscriptions, and the notices waiting for them.

Erasure takes the member's listings down with them (they are the member's words), withdraws
them from the moderation queue, and closes the reports on them; the conversations about them
go with the relay section (which runs first).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import delete, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import (
    Job,
    JobProfession,
    JobSubscription,
    ListingNotice,
    Offer,
    RelayMessage,
    RelayThread,
    Report,
    ReportStatus,
    ReviewKind,
)
from bot.features.moderation import service as moderation


def _iso(value: Any) -> str | None:
    return value.isoformat() if value is not None else None


def _common(listing: Job | Offer) -> dict[str, Any]:
    return {
        "id": listing.id,
        "title": listing.title,
        "country": listing.country,
        "city": listing.city,
        "status": str(listing.status),
        "scam_flags": list(listing.scam_flags),
        "created_at": _iso(listing.created_at),
        "published_at": _iso(listing.published_at),
        "expires_at": _iso(listing.expires_at),
        "closed_at": _iso(listing.closed_at),
    }


async def export_listings(session: AsyncSession, member_id: int) -> dict[str, Any]:
    jobs = list(await session.scalars(select(Job).where(Job.author_id == member_id)))
    professions: dict[int, list[str]] = {}
    if jobs:
        for job_id, slug in await session.execute(
            select(JobProfession.job_id, JobProfession.slug).where(
                JobProfession.job_id.in_([job.id for job in jobs])
            )
        ):
            professions.setdefault(job_id, []).append(slug)
    offers = await session.scalars(select(Offer).where(Offer.author_id == member_id))
    subscriptions = await session.scalars(
        select(JobSubscription).where(JobSubscription.member_id == member_id)
    )
    waiting = await session.scalars(
        select(ListingNotice).where(ListingNotice.member_id == member_id)
    )
    return {
        "jobs": [
            {
                **_common(job),
                "company": job.company,
                "remote": job.remote,
                "professions": sorted(professions.get(job.id, [])),
                "employment": str(job.employment),
                "languages": list(job.languages),
                "salary": job.salary,
                "description": job.description,
                "how_to_apply": job.how_to_apply,
            }
            for job in jobs
        ],
        "offers_and_requests": [
            {
                **_common(offer),
                "kind": str(offer.kind),
                "category": offer.category,
                "urgency": str(offer.urgency) if offer.urgency else None,
                "description": offer.description,
            }
            for offer in offers
        ],
        "job_subscriptions": [
            {
                "country": sub.country,
                "city": sub.city,
                "remote_only": sub.remote,
                "profession": sub.profession,
                "delivery": str(sub.mode),
                "created_at": _iso(sub.created_at),
            }
            for sub in subscriptions
        ],
        "notices_waiting": [
            {
                "reason": str(notice.reason),
                "listing": f"job:{notice.job_id}" if notice.job_id else f"offer:{notice.offer_id}",
                "due_at": _iso(notice.due_at),
            }
            for notice in waiting
        ],
    }


async def erase_listings(session: AsyncSession, member_id: int) -> None:
    # Explicit deletes, not only ON DELETE CASCADE: erasure must not depend on a pragma.
    job_ids = list(await session.scalars(select(Job.id).where(Job.author_id == member_id)))
    offer_ids = list(await session.scalars(select(Offer.id).where(Offer.author_id == member_id)))
    await session.execute(delete(ListingNotice).where(ListingNotice.member_id == member_id))
    await delete_listings(session, job_ids, offer_ids)
    await session.execute(delete(JobSubscription).where(JobSubscription.member_id == member_id))


async def delete_listings(session: AsyncSession, job_ids: list[int], offer_ids: list[int]) -> None:
    """Delete listings with their notices: they leave the moderation queue and the open reports
    on them are settled. Shared by erasure and by the purge of ended listings; the
    conversations about them are deleted by the caller first (``relay.privacy``)."""
    for kind, ids in ((ReviewKind.JOB, job_ids), (ReviewKind.OFFER, offer_ids)):
        targets = [str(listing_id) for listing_id in ids]
        for target in targets:
            await moderation.withdraw(session, kind, target)
        if targets:
            await session.execute(
                update(Report)
                .where(
                    Report.kind == kind,
                    Report.target_id.in_(targets),
                    Report.status == ReportStatus.OPEN,
                )
                .values(status=ReportStatus.RESOLVED)
            )
    await session.execute(
        delete(ListingNotice).where(
            or_(ListingNotice.job_id.in_(job_ids), ListingNotice.offer_id.in_(offer_ids))
        )
    )
    await session.execute(delete(JobProfession).where(JobProfession.job_id.in_(job_ids)))
    await session.execute(delete(Job).where(Job.id.in_(job_ids)))
    await session.execute(delete(Offer).where(Offer.id.in_(offer_ids)))


async def delete_threads(session: AsyncSession, thread_ids: list[int]) -> None:
    """Delete conversations with all their messages; a reported one leaves the queue and the
    reports about it are settled. Shared by erasure (``relay.privacy``) and by the purge of
    ended listings: a conversation exists only about a listing, so listings own its end."""
    if not thread_ids:
        return
    for thread_id in thread_ids:
        await moderation.withdraw(session, ReviewKind.RELAY, str(thread_id))
    # The other side's reports about a conversation that no longer exists are settled.
    await session.execute(
        update(Report)
        .where(
            Report.kind == ReviewKind.RELAY,
            Report.target_id.in_([str(thread_id) for thread_id in thread_ids]),
            Report.status == ReportStatus.OPEN,
        )
        .values(status=ReportStatus.RESOLVED)
    )
    await session.execute(delete(RelayMessage).where(RelayMessage.thread_id.in_(thread_ids)))
    await session.execute(delete(RelayThread).where(RelayThread.id.in_(thread_ids)))
