"""How long ended listings are kept: expired, closed and rejected jobs, offers and requests
are deleted ``PRICHAL_LISTING_RETENTION_DAYS`` after they ended, with the conversations
through the bot about them, their notices, and their place in the moderation queue.

Until then the author may renew an expired listing or look back at a closed one. Listings
still published, waiting for review or hidden pending a moderator's decision are never purged.
No aiogram here: the worker job (``delivery.run_purge``) calls :func:`purge_ended_listings`.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import Job, ListingStatus, Offer, RelayThread
from bot.db.types import utcnow
from bot.features.listings.privacy import delete_listings, delete_threads

ENDED = (ListingStatus.EXPIRED, ListingStatus.CLOSED, ListingStatus.REJECTED)
BATCH = 200


async def purge_ended_listings(
    session: AsyncSession, *, older_than: timedelta, now: datetime | None = None
) -> int:
    """Delete up to one batch of each kind that ended over ``older_than`` ago; how many went."""
    cutoff = (now or utcnow()) - older_than
    ids: dict[type[Job] | type[Offer], list[int]] = {}
    for model in (Job, Offer):
        # The moment it ended: closed by the author, or its time ran out; a listing rejected
        # at its first review never ran, so its age counts from when it was written.
        ended_at = func.coalesce(model.closed_at, model.expires_at, model.created_at)
        ids[model] = list(
            await session.scalars(
                select(model.id)
                .where(model.status.in_(ENDED), ended_at < cutoff)
                .order_by(model.id)
                .limit(BATCH)
                .with_for_update(skip_locked=True)
            )
        )
    job_ids, offer_ids = ids[Job], ids[Offer]
    if not job_ids and not offer_ids:
        return 0
    threads = list(
        await session.scalars(
            select(RelayThread.id).where(
                RelayThread.job_id.in_(job_ids) | RelayThread.offer_id.in_(offer_ids)
            )
        )
    )
    await delete_threads(session, threads)
    await delete_listings(session, job_ids, offer_ids)
    return len(job_ids) + len(offer_ids)
