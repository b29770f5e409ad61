"""The unit of work: the one owner of a transaction outside of an update.

Inside the bot, :class:`bot.middlewares.database.DbSessionMiddleware` owns the transaction of
each update. The CLI, the worker and scripts use :func:`unit_of_work`. Repositories and services
never commit.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker


@asynccontextmanager
async def unit_of_work(sessions: async_sessionmaker[AsyncSession]) -> AsyncIterator[AsyncSession]:
    """A session committed when the block ends normally, rolled back when it raises."""
    async with sessions() as session:
        try:
            yield session
        except BaseException:
            await session.rollback()
            raise
        await session.commit()
