"""Groups as the moderation queue sees them (``ReviewKind.GROUP``; target id = the group's id).

The same queue item serves a member's proposal and a published group hidden by reports:
approving publishes it (and counts as a verification), rejecting keeps it off the directory;
either way the open reports on it are closed.
"""

from __future__ import annotations

from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.access import Access
from bot.db.models import Group, GroupStatus, Report, ReportStatus, ReviewKind
from bot.db.types import utcnow
from bot.features.directory.links import link_key, normalise_link
from bot.features.directory.render import moderator_card
from bot.features.directory.service import (
    DESCRIPTION_MAX,
    TITLE_MAX,
    clean_text,
    clean_title,
    group_with_link,
    hide_group,
    mark_verified,
    similar_groups,
    stale_groups,
)
from bot.i18n import translator
from bot.reviewing import EditableField, StaleListing

# Look-alike groups named on a proposal's card.
SIMILAR_SHOWN = 3


async def _group(session: AsyncSession, target_id: str) -> Group | None:
    if not target_id.isdigit():
        return None
    return await session.get(Group, int(target_id))


async def _close_reports(session: AsyncSession, group: Group) -> None:
    await session.execute(
        update(Report)
        .where(
            Report.kind == ReviewKind.GROUP,
            Report.target_id == str(group.id),
            Report.status == ReportStatus.OPEN,
        )
        .values(status=ReportStatus.RESOLVED)
    )


class GroupReviewHandler:
    """:class:`bot.reviewing.EditableReviewHandler` and
    :class:`bot.reviewing.RecheckingReviewHandler` for groups."""

    async def stale(
        self, session: AsyncSession, access: Access, *, limit: int, offset: int
    ) -> tuple[list[StaleListing], int]:
        groups, total = await stale_groups(session, access, limit=limit, offset=offset)
        return [StaleListing(str(group.id), group.title, group.link) for group in groups], total

    async def mark_verified(self, session: AsyncSession, access: Access, target_id: str) -> str:
        group = await mark_verified(session, access, int(target_id))
        return group.title

    async def hide(self, session: AsyncSession, access: Access, target_id: str) -> str:
        group = await hide_group(session, access, int(target_id))
        return group.title

    async def describe(self, session: AsyncSession, target_id: str, locale: str) -> str | None:
        group = await _group(session, target_id)
        if group is None:
            return None
        t = translator(locale)
        card = moderator_card(t, group, locale)
        if group.status == GroupStatus.PENDING:
            # Name the look-alikes, so the moderator can tell a duplicate from a namesake.
            similar = await similar_groups(
                session, group.title, group.country, exclude_id=group.id, limit=SIMILAR_SHOWN
            )
            for other in similar[:SIMILAR_SHOWN]:
                card += "\n" + t(
                    "directory-mod-similar",
                    title=other.title,
                    link=other.link,
                    status=t(f"directory-status-{other.status}"),
                )
        return card

    async def title(self, session: AsyncSession, target_id: str) -> str | None:
        group = await _group(session, target_id)
        return group.title if group is not None else None

    async def approve(self, session: AsyncSession, target_id: str, moderator_id: int) -> None:
        group = await _group(session, target_id)
        if group is None:
            return
        group.status = GroupStatus.PUBLISHED
        # The moderator has just looked at it: that is a verification.
        group.verified_at = utcnow()
        group.verified_by = moderator_id
        await _close_reports(session, group)

    async def reject(self, session: AsyncSession, target_id: str, moderator_id: int) -> None:
        group = await _group(session, target_id)
        if group is None:
            return
        # A proposal is rejected; a listed group that was reported is taken down.
        group.status = (
            GroupStatus.REJECTED if group.status == GroupStatus.PENDING else GroupStatus.HIDDEN
        )
        await _close_reports(session, group)

    async def editable_fields(self, session: AsyncSession, target_id: str) -> list[EditableField]:
        group = await _group(session, target_id)
        if group is None:
            return []
        return [
            EditableField("title", "directory-field-title", group.title, TITLE_MAX),
            EditableField("link", "directory-field-link", group.link, 256),
            EditableField(
                "description", "directory-field-description", group.description, DESCRIPTION_MAX
            ),
        ]

    async def edit(
        self, session: AsyncSession, target_id: str, field: str, value: str, moderator_id: int
    ) -> str | None:
        group = await _group(session, target_id)
        if group is None:
            return "mod-item-gone"
        if field == "title":
            title = clean_title(value)
            if not title:
                return "directory-edit-empty"
            group.title = title[:TITLE_MAX]
        elif field == "link":
            link = normalise_link(value)
            if link is None:
                return "directory-propose-link-invalid"
            other = await group_with_link(session, link)
            if other is not None and other.id != group.id:
                return "directory-propose-duplicate-link"
            group.link, group.link_key = link, link_key(link)
            group.link_check = None
        elif field == "description":
            description = clean_text(value)
            if not description:
                return "directory-edit-empty"
            group.description = description[:DESCRIPTION_MAX]
        else:
            return "stale-button"
        return None
