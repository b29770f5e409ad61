"""Loads the member behind an update and what they may do, in one query, writing nothing.

Puts ``data["member"]`` (``None`` until the member first starts the bot) and ``data["access"]``.
With the SQL FSM storage the same statement reads the conversation's state and data, which the
storage then serves to the handlers: a returning member's read-only update is one statement.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import timedelta
from typing import Any

from aiogram import BaseMiddleware
from aiogram.fsm.context import FSMContext
from aiogram.types import TelegramObject, User
from sqlalchemy.ext.asyncio import AsyncSession

from bot.access import Access, load_member_and_conversation
from bot.db.types import utc_day, utcnow
from bot.fsm import SqlStorage

# "Last seen" is only as precise as retention needs (inactive for months): the day, written at
# most once a day per member instead of on every update — and never the time of day, which
# would match the member to what they did at that moment in tables that name nobody.
LAST_SEEN_PRECISION = timedelta(days=1)


class MemberMiddleware(BaseMiddleware):
    def __init__(self, admin_ids: frozenset[int]) -> None:
        self.admin_ids = admin_ids

    async def __call__(
        self,
        handler: Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]],
        event: TelegramObject,
        data: dict[str, Any],
    ) -> Any:
        user: User | None = data.get("event_from_user")
        session: AsyncSession = data["session"]
        member = None
        access = Access(user_id=0)
        conversation = None
        context: FSMContext | None = data.get("state")
        storage = context.storage if context is not None else None
        if user is not None and not user.is_bot:
            prefetch = (
                storage.prefetch_key(context.key)
                if context is not None and isinstance(storage, SqlStorage)
                else None
            )
            member, access, conversation = await load_member_and_conversation(
                session, user.id, self.admin_ids, conversation=prefetch
            )
            if conversation is not None and isinstance(storage, SqlStorage):
                assert context is not None
                storage.prefetched(session, context.key, conversation)
            if member is not None:
                now = utcnow()
                if now - member.last_seen_at > LAST_SEEN_PRECISION:
                    member.last_seen_at = utc_day(now)
                    member.retention_notice_at = None  # back: the erasure warning is void
        if context is not None and "raw_state" not in data:
            # What aiogram's FSM middleware reads itself (bot.fsm.LockedContextMiddleware).
            data["raw_state"] = (
                conversation[0] if conversation is not None else await context.get_state()
            )
        data["member"] = member
        data["access"] = access
        return await handler(event, data)
