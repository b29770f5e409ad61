"""Export and erasure of everything stored about one member.

Every feature that stores personal data names its :class:`~bot.plugins.DataSection` in its
descriptor (its export and its erasure side by side; ``Plugins.personal_data`` gathers
them); :func:`erase_member` is the one erasure path, and
``tests/integration/test_erasure.py`` walks every table to prove nothing is left behind.
State outside the database (FSM, flood-control buckets) is erased by
``Services.forget_member_state``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import String, and_, delete, func, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import (
    ERASED_MEMBER,
    AuditEntry,
    Broadcast,
    Job,
    Member,
    MemberProfession,
    Offer,
    RelayThread,
    Report,
    ReportStatus,
    ReviewItem,
    ReviewKind,
    RoleGrant,
)
from bot.db.types import utcnow
from bot.features.listings.conversation.service import about_listings_of, responder_is
from bot.features.moderation.service import reported_by
from bot.features.profile.service import forget_interests, interest_slugs
from bot.plugins import DataSection


async def _export_profile(session: AsyncSession, member_id: int) -> dict[str, Any] | None:
    member = await session.get(Member, member_id)
    if member is None:
        return None
    professions = await session.scalars(
        select(MemberProfession.slug).where(MemberProfession.member_id == member_id)
    )
    interests = await interest_slugs(session, member_id)
    return {
        "telegram_id": member.id,
        "language": member.locale,
        "country": member.country,
        "city": member.city,
        "professions": sorted(professions),
        "interests": sorted(interests),
        "announcements_opt_in": member.broadcasts_opt_in,
        "alerts_opt_in": member.alerts_opt_in,
        "quiet_hours": (
            None if member.quiet_start is None else [member.quiet_start, member.quiet_end]
        ),
        "status": str(member.status),
        "onboarded_at": _iso(member.onboarded_at),
        "created_at": _iso(member.created_at),
        "last_seen_at": _iso(member.last_seen_at),
    }


async def _erase_profile(session: AsyncSession, member_id: int) -> None:
    # Explicit deletes, not only ON DELETE CASCADE: erasure must not depend on a pragma.
    await forget_interests(session, member_id)
    for model in (MemberProfession, RoleGrant):
        await session.execute(delete(model).where(model.member_id == member_id))
    await session.execute(delete(Member).where(Member.id == member_id))


async def _export_roles(session: AsyncSession, member_id: int) -> list[dict[str, Any]]:
    rows = await session.execute(
        select(RoleGrant.role, RoleGrant.scope, RoleGrant.granted_at).where(
            RoleGrant.member_id == member_id
        )
    )
    return [{"role": str(r), "scope": s, "granted_at": _iso(at)} for r, s, at in rows]


async def _export_audit(session: AsyncSession, member_id: int) -> list[dict[str, Any]]:
    rows = await session.scalars(
        select(AuditEntry)
        .where(or_(AuditEntry.actor_id == member_id, AuditEntry.subject_id == member_id))
        .order_by(AuditEntry.at)
    )
    return [
        {
            "at": _iso(entry.at),
            "action": entry.action,
            "outcome": str(entry.outcome),
            "role": "actor" if entry.actor_id == member_id else "subject",
            "target": f"{entry.target_kind}:{entry.target_id}" if entry.target_kind else None,
        }
        for entry in rows
    ]


async def _anonymise_audit(session: AsyncSession, member_id: int) -> None:
    # The trail of what was done stays (moderation needs it); who did it, or to whom, goes.
    await session.execute(
        update(AuditEntry).where(AuditEntry.actor_id == member_id).values(actor_id=ERASED_MEMBER)
    )
    await session.execute(
        update(AuditEntry)
        .where(AuditEntry.subject_id == member_id)
        .values(subject_id=ERASED_MEMBER)
    )


async def _export_staff_acts(session: AsyncSession, member_id: int) -> dict[str, Any]:
    granted = await session.execute(
        select(RoleGrant.member_id, RoleGrant.role, RoleGrant.scope).where(
            RoleGrant.granted_by == member_id
        )
    )
    approved = await session.scalars(
        select(Broadcast.id).where(Broadcast.approved_by == member_id).order_by(Broadcast.id)
    )
    return {
        "roles_granted": [{"role": str(r), "scope": s} for _, r, s in granted],
        "broadcasts_approved": list(approved),
    }


async def _forget_staff_acts(session: AsyncSession, member_id: int) -> None:
    """Roles the member granted and announcements they approved stay; the member's id in them
    becomes the tombstone (the other staff columns are forgotten by their own features)."""
    await session.execute(
        update(RoleGrant).where(RoleGrant.granted_by == member_id).values(granted_by=ERASED_MEMBER)
    )
    await session.execute(
        update(Broadcast)
        .where(Broadcast.approved_by == member_id)
        .values(approved_by=ERASED_MEMBER)
    )


async def _export_reports(session: AsyncSession, member_id: int) -> list[dict[str, Any]]:
    rows = await session.scalars(select(Report).where(reported_by(member_id)))
    return [
        {
            "about": f"{r.kind}:{r.target_id}",
            "reason": r.reason,
            "comment": r.comment,
            "status": str(r.status),
            "at": _iso(r.created_at),
        }
        for r in rows
    ]


async def _erase_reports(session: AsyncSession, member_id: int) -> None:
    await session.execute(delete(Report).where(reported_by(member_id)))


async def _export_submissions(session: AsyncSession, member_id: int) -> list[dict[str, Any]]:
    rows = await session.scalars(select(ReviewItem).where(ReviewItem.author_id == member_id))
    return [
        {
            "listing": f"{i.kind}:{i.target_id}",
            "status": str(i.status),
            "reason": i.reason,
            "appeal": i.appeal,
            "at": _iso(i.created_at),
        }
        for i in rows
    ]


async def _forget_submissions(session: AsyncSession, member_id: int) -> None:
    # The decision stays in the queue's history (a listing may still be public: a group is
    # the community's, not the submitter's); who submitted it and their appeal go.
    await session.execute(
        update(ReviewItem)
        .where(ReviewItem.author_id == member_id)
        .values(author_id=None, appeal=None)
    )


async def _nothing(session: AsyncSession, member_id: int) -> None:
    """Erased together with the profile (role grants)."""


# This feature's own sections (its descriptor lists them with every other feature's).
OWN_SECTIONS: tuple[DataSection, ...] = (
    DataSection("roles", _export_roles, _nothing),
    DataSection("staff_acts", _export_staff_acts, _forget_staff_acts),
    DataSection("reports", _export_reports, _erase_reports),
    DataSection("submissions", _export_submissions, _forget_submissions),
    DataSection("audit_log", _export_audit, _anonymise_audit),
    # The profile itself is erased last, after every feature's data.
    DataSection("profile", _export_profile, _erase_profile, phase=1),
)


async def under_open_report(session: AsyncSession, member_id: int) -> bool:
    """Whether someone's open report is about this member: a conversation they took part in
    (reported by the other side) or a listing of theirs. Until a moderator decides, erasing
    would destroy the evidence (and settle the reports), so it waits."""
    threads = select(func.cast(RelayThread.id, String)).where(
        or_(about_listings_of(member_id), responder_is(member_id))
    )
    jobs = select(func.cast(Job.id, String)).where(Job.author_id == member_id)
    offers = select(func.cast(Offer.id, String)).where(Offer.author_id == member_id)
    found = await session.scalar(
        select(Report.id)
        .where(
            Report.status == ReportStatus.OPEN,
            ~reported_by(member_id),
            or_(
                and_(Report.kind == ReviewKind.RELAY, Report.target_id.in_(threads)),
                and_(Report.kind == ReviewKind.JOB, Report.target_id.in_(jobs)),
                and_(Report.kind == ReviewKind.OFFER, Report.target_id.in_(offers)),
            ),
        )
        .limit(1)
    )
    return found is not None


async def request_erasure(
    session: AsyncSession, member_id: int, sections: Sequence[DataSection]
) -> bool:
    """/delete_me: erase now (``True``), or — under an open report — remember the request
    and erase once moderators have decided (``False``; :func:`erase_when_decided`)."""
    if await under_open_report(session, member_id):
        member = await session.get(Member, member_id)
        if member is not None and member.erase_requested_at is None:
            member.erase_requested_at = utcnow()
        return False
    await erase_member(session, member_id, sections)
    return True


async def erase_when_decided(
    session: AsyncSession, sections: Sequence[DataSection], limit: int = 100
) -> list[int]:
    """Members who asked to be erased while under a report, now that it is decided."""
    waiting = list(
        await session.scalars(
            select(Member.id)
            .where(Member.erase_requested_at.is_not(None))
            .order_by(Member.erase_requested_at)
            .limit(limit)
        )
    )
    erased = []
    for member_id in waiting:
        if not await under_open_report(session, member_id):
            await erase_member(session, member_id, sections)
            erased.append(member_id)
    return erased


async def collect_member_data(
    session: AsyncSession, member_id: int, sections: Sequence[DataSection]
) -> dict[str, Any]:
    """Everything stored about a member, as JSON-ready data (for /my_data).

    ``sections``: every feature's (``Plugins.personal_data``)."""
    return {section.name: await section.export(session, member_id) for section in sections}


async def erase_member(
    session: AsyncSession, member_id: int, sections: Sequence[DataSection]
) -> None:
    """Remove a member from every table, in the caller's transaction.

    ``sections``: every feature's (``Plugins.personal_data``), in their erasure order."""
    for section in sections:
        await section.erase(session, member_id)


def _iso(value: Any) -> str | None:
    return value.isoformat() if value is not None else None
