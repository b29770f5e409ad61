"""Run alembic migrations from inside the program (``python -m bot migrate``, the embedded default).

Migrations are the only source of the schema. The SQL connection is shared with alembic so the
same async engine (and its SQLite pragmas) is used everywhere.
"""

from __future__ import annotations

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.paths import project_dir


def alembic_config() -> Config:
    """Alembic's config pointing at ``migrations/`` wherever the project is installed."""
    root = project_dir("migrations").parent
    config = Config(str(root / "alembic.ini")) if (root / "alembic.ini").exists() else Config()
    config.set_main_option("script_location", str(root / "migrations"))
    return config


async def upgrade(engine: AsyncEngine, revision: str = "heads") -> None:
    """Bring the schema to ``revision`` (default: the newest of every branch)."""
    await _run(engine, lambda config: command.upgrade(config, revision))


async def downgrade(engine: AsyncEngine, revision: str = "base") -> None:
    """Take the schema back to ``revision`` (default: nothing at all)."""
    await _run(engine, lambda config: command.downgrade(config, revision))


async def current_revisions(engine: AsyncEngine) -> frozenset[str]:
    """The revisions the database is at (one per branch)."""

    def read(connection: Connection) -> frozenset[str]:
        return frozenset(MigrationContext.configure(connection).get_current_heads())

    async with engine.connect() as connection:
        return await connection.run_sync(read)


def head_revisions() -> frozenset[str]:
    """The newest revisions the code knows (one per branch)."""
    return frozenset(ScriptDirectory.from_config(alembic_config()).get_heads())


async def _run(engine: AsyncEngine, action: object) -> None:
    assert callable(action)
    config = alembic_config()

    def in_sync(connection: Connection) -> None:
        config.attributes["connection"] = connection
        action(config)

    async with engine.begin() as connection:
        await connection.run_sync(in_sync)
