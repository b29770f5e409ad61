"""Alembic environment: async engines, batch mode on SQLite, one code path for CLI and bot.

``bot.db.migrate`` hands a live connection in ``config.attributes["connection"]``; the plain
``alembic`` CLI gets none and connects to ``DATABASE_URL`` itself.
"""

from __future__ import annotations

import asyncio

from alembic import context
from sqlalchemy.engine import Connection

from bot.db.base import Base
from bot.db.models import *  # noqa: F403 - every model must be registered on Base.metadata

target_metadata = Base.metadata


def run_with_connection(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
        compare_server_default=True,
    )
    with context.begin_transaction():
        context.run_migrations()


async def run_standalone() -> None:
    from bot.config import load_settings
    from bot.db.engine import create_engine
    from bot.db.keys import open_data_keys
    from bot.db.migrate import run_migrations

    settings = load_settings()
    # Some migrations convert rows with the data key (0010): the keys, checked, first.
    await open_data_keys(settings)
    engine = create_engine(settings.database_url)
    try:
        await run_migrations(engine, run_with_connection)
    finally:
        await engine.dispose()


if context.is_offline_mode():
    raise SystemExit("offline (--sql) migrations are not supported; run against a database")

shared = context.config.attributes.get("connection")
if shared is not None:
    run_with_connection(shared)
else:
    asyncio.run(run_standalone())
