"""Bringing a database up to date before a command uses it, without the bot's wiring.

Kept apart from :mod:`bot.app` so that commands that only read the database (``faq search``,
``export``) start without importing aiogram and every feature's router.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping

from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from bot.config import Settings
from bot.db.keys import ensure_canary
from bot.db.migrate import current_revisions, head_revisions, upgrade
from bot.db.uow import unit_of_work

# A feature's starter content: loads rows into the caller's transaction, returns how many.
StarterLoader = Callable[[AsyncSession], Awaitable[int]]


class SchemaNotReadyError(RuntimeError):
    """The database is behind the code; ``python -m bot migrate`` fixes it."""


async def migrate_and_seed(
    engine: AsyncEngine,
    sessions: async_sessionmaker[AsyncSession],
    starter_content: Mapping[str, StarterLoader],
) -> dict[str, int]:
    """``alembic upgrade head`` when the schema is behind, then the data key's canary (when
    the database has none yet) and the starter content (only what was never loaded).

    ``starter_content`` is the features' (their descriptors', handed down by the caller: this
    layer imports no feature)."""
    from bot.content.loader import load_starter_content

    # Reading the revision is a query; running alembic's environment is most of a second.
    if await current_revisions(engine) != head_revisions():
        await upgrade(engine)
    async with unit_of_work(sessions) as session:
        await ensure_canary(session)
        return await load_starter_content(session, starter_content)


async def prepare_database(
    settings: Settings,
    engine: AsyncEngine,
    sessions: async_sessionmaker[AsyncSession],
    starter_content: Mapping[str, StarterLoader],
) -> None:
    """The embedded SQLite default migrates itself; a server database must be migrated first
    (a separate step in deployments, so that replicas never race to migrate)."""
    if settings.is_sqlite:
        await migrate_and_seed(engine, sessions, starter_content)
        return
    current = await current_revisions(engine)
    if current != head_revisions():
        raise SchemaNotReadyError(
            f"database schema is at {sorted(current) or 'nothing'}, the code needs "
            f"{sorted(head_revisions())}: run `python -m bot migrate` first"
        )
    async with unit_of_work(sessions) as session:
        await ensure_canary(session)
