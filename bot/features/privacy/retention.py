"""How long things are kept: silent members are warned, then erased; old audit entries go.

No aiogram here: the worker's jobs (``bot/features/privacy/jobs.py``) call these with a
session and send the notices themselves.

A member counts as silent when ``last_seen_at`` (updated at most once a day) is older than
``PRICHAL_INACTIVE_DAYS``. They are told once (``retention_notice_at``); writing to the bot
again in the next ``PRICHAL_INACTIVE_GRACE_DAYS`` keeps everything (the member loader clears
the notice), otherwise they are erased through the one erasure path.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import AuditEntry, Member
from bot.db.types import utcnow
from bot.features.privacy.service import erase_member
from bot.plugins import DataSection

BATCH = 200


async def members_to_warn(
    session: AsyncSession, *, inactive_for: timedelta, now: datetime | None = None
) -> list[tuple[int, str | None]]:
    """Silent members not yet warned: ``(id, locale)``, marked warned in this transaction."""
    now = now or utcnow()
    members = list(
        await session.scalars(
            select(Member)
            .where(Member.last_seen_at < now - inactive_for, Member.retention_notice_at.is_(None))
            .order_by(Member.last_seen_at)
            .limit(BATCH)
            .with_for_update(skip_locked=True)
        )
    )
    for member in members:
        member.retention_notice_at = now
    return [(member.id, member.locale) for member in members]


async def erase_silent_members(
    session: AsyncSession,
    sections: Sequence[DataSection],
    *,
    grace: timedelta,
    now: datetime | None = None,
) -> list[int]:
    """Erase members warned over ``grace`` ago who have not come back; their ids."""
    now = now or utcnow()
    ids = list(
        await session.scalars(
            select(Member.id)
            .where(
                Member.retention_notice_at < now - grace,
                Member.last_seen_at < Member.retention_notice_at,
            )
            .limit(BATCH)
            .with_for_update(skip_locked=True)
        )
    )
    for member_id in ids:
        await erase_member(session, member_id, sections)
    return ids


async def purge_audit(
    session: AsyncSession, *, older_than: timedelta, now: datetime | None = None
) -> int:
    """Delete audit entries older than the retention period; how many went."""
    now = now or utcnow()
    result = await session.execute(delete(AuditEntry).where(AuditEntry.at < now - older_than))
    return int(getattr(result, "rowcount", 0) or 0)
