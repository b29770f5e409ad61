"""Moderators hear that the queue has new items: one notice at most every hour, in their
daytime and never in their quiet hours, counting what came in per kind within their countries,
with a button to open the queue. Owed through the outbox in the transaction that records it."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any, Final

from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup
from aiogram_i18n.exceptions import KeyNotFoundError
from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot import outbox
from bot.access import Access
from bot.daytime import in_daytime
from bot.db.models import Member, MemberStatus, QueueNotice, Role, RoleGrant
from bot.db.types import utcnow
from bot.db.uow import unit_of_work
from bot.features.moderation import service as moderation
from bot.features.moderation.keyboards import QueueCb
from bot.plugins import JobContext
from bot.services import Services

#: A moderator hears about new items this often at most.
NOTICE_EVERY: Final = timedelta(hours=1)
#: Local hours in which a notice may go out (from 09:00, before 21:00).
DAYTIME: Final = (9, 21)
#: The kinds in the order a notice lists them; any other kind follows.
ORDER: Final = ("event", "job", "offer", "group", "faq", "broadcast", "reports")


async def notify_moderators(context: JobContext, *, now: datetime | None = None) -> int:
    """One round: owe every moderator due a notice (an hour since the last, in their
    daytime, with something new in their countries) one message; returns how many."""
    services = context.services
    now = now or utcnow()
    async with unit_of_work(services.sessions) as session:
        scopes: dict[int, set[str]] = {}
        grants = await session.execute(
            select(RoleGrant.member_id, RoleGrant.scope).where(RoleGrant.role == Role.MODERATOR)
        )
        for member_id, scope in grants:
            scopes.setdefault(member_id, set()).add(scope)
        if not scopes:
            return 0
        members = await session.scalars(
            select(Member).where(
                Member.id.in_(sorted(scopes)), Member.status == MemberStatus.ACTIVE
            )
        )
        last = {
            row.member_id: row
            for row in await session.scalars(
                select(QueueNotice).where(QueueNotice.member_id.in_(sorted(scopes)))
            )
        }
        told = 0
        for member in members:
            row = last.get(member.id)
            if row is not None and now - row.notified_at < NOTICE_EVERY:
                continue
            if not in_daytime(now, member, DAYTIME):
                continue  # what came in meanwhile is counted once the window opens
            access = Access(member.id, moderator_scopes=frozenset(scopes[member.id]))
            counts = await moderation.new_since(
                session, access, None if row is None else row.notified_at
            )
            if not counts:
                continue
            locale = member.locale or services.settings.default_locale
            await outbox.enqueue(
                session, "moderation.queue_notice", member.id, _notice(services, locale, counts)
            )
            if row is None:
                session.add(QueueNotice(member_id=member.id, notified_at=now))
            else:
                row.notified_at = now
            told += 1
    return told


def _notice(services: Services, locale: str, counts: dict[str, int]) -> outbox.Outgoing:
    def t(key: str, **values: object) -> str:
        return services.text(locale, key, **values)

    kinds = sorted(counts, key=lambda kind: (ORDER.index(kind) if kind in ORDER else 99, kind))
    lines = [t("mod-notice-new", count=sum(counts.values()))]
    for kind in kinds:
        name = t("mod-notice-reports") if kind == "reports" else _kind_name(t, kind)
        lines.append(t("mod-home-kind", kind=name, count=counts[kind]))
    markup = InlineKeyboardMarkup(
        inline_keyboard=[
            [
                InlineKeyboardButton(
                    text=t("mod-notice-open"), callback_data=QueueCb(a="home").pack()
                )
            ]
        ]
    )
    return outbox.Outgoing("\n".join(lines), markup)


def _kind_name(t: Callable[..., str], kind: str) -> str:
    try:
        return t(f"mod-kind-{kind}")
    except KeyNotFoundError:
        return kind


async def export_notices(session: AsyncSession, member_id: int) -> dict[str, Any] | None:
    """``/my_data``: when the member was last told about the queue (staff only)."""
    row = await session.get(QueueNotice, member_id)
    return None if row is None else {"last_queue_notice_at": row.notified_at.isoformat()}


async def forget_notices(session: AsyncSession, member_id: int) -> None:
    await session.execute(delete(QueueNotice).where(QueueNotice.member_id == member_id))
