"""One database session per update, committed once by this middleware (the owner)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from aiogram import BaseMiddleware
from aiogram.types import TelegramObject
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.db.context import current_session


class DbSessionMiddleware(BaseMiddleware):
    """Opens ``data["session"]``; commits when the handler returns, rolls back when it raises.

    The session connects lazily, so updates that never touch the database cost nothing here.
    """

    def __init__(self, sessions: async_sessionmaker[AsyncSession]) -> None:
        self.sessions = sessions

    async def __call__(
        self,
        handler: Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]],
        event: TelegramObject,
        data: dict[str, Any],
    ) -> Any:
        async with self.sessions() as session:
            data["session"] = session
            token = current_session.set(session)
            try:
                result = await handler(event, data)
            except BaseException:
                await session.rollback()
                raise
            else:
                await session.commit()
            finally:
                current_session.reset(token)
            return result
