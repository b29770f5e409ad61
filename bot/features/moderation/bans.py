"""Bans that hold. No aiogram here.

A moderator bans the member behind a queue item (the author of a reported listing, or the
reported side of a conversation). At once:

* the member's status is ``banned`` (the ban gate lets them reach only /privacy, /my_data and
  /delete_me);
* a keyed hash of their Telegram id is kept in ``bans`` (``pseudonym("ban", id)``): it outlives
  their erasure, and a /start from that id is banned again;
* every feature closes what the member had open (its descriptor's ``ban_steps``, handed in
  as ``effects``): listings come down, conversations are closed, and the people on the other
  side are told the listing is no longer available — nothing more reaches the banned member.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.access import Access, audit
from bot.db.crypto import pseudonym, pseudonyms
from bot.db.models import (
    AuditOutcome,
    Ban,
    Member,
    MemberStatus,
    RelayThread,
    Report,
    ReviewItem,
    ReviewKind,
    RoleGrant,
)
from bot.features.moderation import service as moderation
from bot.features.moderation.service import ModerationError
from bot.reviewing import BanEffect, BanNotice, ReviewHandler

BAN_PURPOSE = "ban"


async def is_banned_id(session: AsyncSession, telegram_id: int) -> bool:
    """Whether this Telegram id was banned (even if its member erased themselves since)."""
    found = await session.scalar(
        select(Ban.pseudonym).where(Ban.pseudonym.in_(pseudonyms(BAN_PURPOSE, telegram_id)))
    )
    return found is not None


async def remember_ban(session: AsyncSession, telegram_id: int) -> None:
    if not await is_banned_id(session, telegram_id):
        session.add(Ban(pseudonym=pseudonym(BAN_PURPOSE, telegram_id)))
        await session.flush()


async def ban_target(session: AsyncSession, item: ReviewItem) -> int | None:
    """The member a queue item is about: the reported side of a conversation (the one who
    did not report), or the author of a listing."""
    if item.kind == ReviewKind.RELAY:
        thread = await session.get(RelayThread, int(item.target_id))
        if thread is None:
            return None
        reporters = set(
            await session.scalars(
                select(Report.reporter_ref).where(
                    Report.kind == ReviewKind.RELAY, Report.target_id == item.target_id
                )
            )
        )
        sides = {thread.author_id, thread.responder_id} - reporters
        return next(iter(sides)) if len(sides) == 1 else None
    return item.author_id


@dataclass
class BanResult:
    member_id: int
    notices: list[BanNotice] = field(default_factory=list)
    decision: moderation.Decision | None = None


async def ban(
    session: AsyncSession,
    access: Access,
    item_id: int,
    reason: str,
    handler: ReviewHandler,
    effects: Sequence[BanEffect],
) -> BanResult:
    """Reject the item with ``reason`` and ban the member behind it (see the module doc).

    Scope-checked like a decision (the item's country) and audited; a moderator cannot ban
    themselves or staff (an admin takes away roles first)."""
    item = await moderation.item_for(session, access, item_id, action="member.ban")
    target = await ban_target(session, item)
    member = await session.get(Member, target) if target is not None else None
    if member is None:
        raise ModerationError("mod-ban-nobody")
    target_access_staff = await _is_staff(session, member.id)
    if member.id == access.user_id or target_access_staff:
        await audit(
            session,
            actor_id=access.user_id,
            action="member.ban",
            outcome=AuditOutcome.DENIED,
            subject_id=member.id,
            target_kind=str(item.kind),
            target_id=item.target_id,
            scope=item.country,
            details={"review_item": item.id, "why": "staff"},
        )
        raise ModerationError("mod-ban-staff")
    result = BanResult(member.id)
    if item.status in moderation.QUEUED:
        result.decision = await moderation.decide(
            session, access, item.id, approve=False, reason=reason, handler=handler
        )
    member.status = MemberStatus.BANNED
    await remember_ban(session, member.id)
    for effect in effects:
        result.notices += await effect(session, member.id)
    await audit(
        session,
        actor_id=access.user_id,
        action="member.ban",
        subject_id=member.id,
        target_kind=str(item.kind),
        target_id=item.target_id,
        scope=item.country,
        details={"review_item": item.id, "closed": len(result.notices)},
    )
    return result


async def _is_staff(session: AsyncSession, member_id: int) -> bool:
    found = await session.scalar(select(RoleGrant.role).where(RoleGrant.member_id == member_id))
    return found is not None
