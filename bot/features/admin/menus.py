"""Each staff member's own "/" menu: owed in the transaction that changes their roles, set by
a worker job after the commit (a failed Telegram call never undoes a grant)."""

from __future__ import annotations

import logging
from datetime import timedelta
from typing import Any

from aiogram.exceptions import TelegramAPIError
from aiogram.types import BotCommand, BotCommandScopeChat
from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.access import load_member
from bot.commands import menu_for
from bot.db.models import StaffMenuSync
from bot.db.types import utcnow
from bot.db.uow import unit_of_work
from bot.outbox import policy
from bot.plugins import JobContext

log = logging.getLogger(__name__)

BATCH = 50


async def owe_menu(session: AsyncSession, member_id: int) -> None:
    """Owe ``member_id`` their "/" menu as their roles will be once the caller commits."""
    row = await session.get(StaffMenuSync, member_id)
    if row is None:
        session.add(StaffMenuSync(member_id=member_id, due_at=utcnow(), attempts=0))
    else:
        row.due_at = utcnow()


async def export_menu(session: AsyncSession, member_id: int) -> dict[str, Any] | None:
    """Nothing is kept about a member's menu beyond a pending change (``/my_data``)."""
    row = await session.get(StaffMenuSync, member_id)
    return None if row is None else {"menu_update_pending_since": row.due_at.isoformat()}


async def forget_menu(session: AsyncSession, member_id: int) -> None:
    """Erasure: a pending menu change goes (the erasure handler clears the menu itself, as it
    answers the member), so no row keeps the id."""
    await session.execute(delete(StaffMenuSync).where(StaffMenuSync.member_id == member_id))


async def sync_staff_menus(context: JobContext) -> int:
    """Set (or clear) the chat-scoped "/" menu of every member owed one; returns how many."""
    services = context.services
    now = utcnow()
    async with unit_of_work(services.sessions) as session:
        owed = list(
            await session.scalars(
                select(StaffMenuSync)
                .where(StaffMenuSync.due_at <= now)
                .order_by(StaffMenuSync.due_at)
                .limit(BATCH)
            )
        )
        work = []
        for row in owed:
            member, access = await load_member(session, row.member_id, services.settings.admin_ids)
            if member is None or (member.locale is None and member.onboarded_at is None):
                # Never wrote to the bot (a bootstrap admin, a role given ahead): Telegram
                # knows no such chat yet. Their menu is set at the next start.
                await session.delete(row)
                continue
            locale = member.locale or services.settings.default_locale
            work.append((row.member_id, row.attempts, menu_for(access), locale))
    done = 0
    for member_id, attempts, names, locale in work:
        scope = BotCommandScopeChat(chat_id=member_id)
        try:
            if names is None:
                await context.bot.delete_my_commands(scope=scope)
            else:
                commands = [
                    BotCommand(command=name, description=services.text(locale, f"cmd-{name}"))
                    for name in names
                ]
                await context.bot.set_my_commands(commands, scope=scope)
        except TelegramAPIError as error:
            verdict = policy.judge(error, attempts + 1)
            log.warning("staff menu of %s: %s", member_id, verdict.error)
            if verdict.result in (policy.Result.WAIT, policy.Result.RETRY):
                async with unit_of_work(services.sessions) as session:
                    retried = await session.get(StaffMenuSync, member_id)
                    if retried is not None:
                        retried.attempts = attempts + 1
                        retried.due_at = utcnow() + timedelta(seconds=verdict.retry_in)
                continue
        async with unit_of_work(services.sessions) as session:
            # Only the change this call carried out: a grant committed meanwhile moved due_at.
            await session.execute(
                delete(StaffMenuSync).where(
                    StaffMenuSync.member_id == member_id, StaffMenuSync.due_at <= now
                )
            )
        done += 1
    return done
