"""The moderation queue's worker job: tell the admins about items waiting too long."""

from __future__ import annotations

import logging

from sqlalchemy import select

from bot.access import Access
from bot.db.models import Member, Role, RoleGrant
from bot.db.uow import unit_of_work
from bot.features.moderation import service as moderation
from bot.plugins import JobContext

log = logging.getLogger(__name__)


async def escalate_overdue_reviews(context: JobContext) -> int:
    """Tell the admins about items that waited over 48 hours (once per wait)."""
    services = context.services
    async with unit_of_work(services.sessions) as session:
        items = await moderation.escalate_overdue(session)
        if not items:
            return 0
        admin_ids = set(services.settings.admin_ids) | set(
            await session.scalars(select(RoleGrant.member_id).where(RoleGrant.role == Role.ADMIN))
        )
        rows = await session.execute(
            select(Member.id, Member.locale).where(Member.id.in_(admin_ids))
        )
        locales: dict[int, str | None] = {row[0]: row[1] for row in rows}
        total = await moderation.count_pending(session, Access(user_id=0, is_admin=True))
    for admin_id in sorted(admin_ids):
        locale = locales.get(admin_id) or services.settings.default_locale
        text = services.text(locale, "mod-overdue-alert", count=len(items), total=total)
        try:
            await context.bot.send_message(admin_id, text)
        except Exception as error:
            log.warning("overdue alert not delivered to an admin: %s", type(error).__name__)
    return len(items)
