"""Run alembic migrations from inside the program (``python -m bot migrate``, the embedded default).

Migrations are the only source of the schema. The SQL connection is shared with alembic so the
same async engine (and its SQLite pragmas) is used everywhere.
"""

from __future__ import annotations

from collections.abc import Callable

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

    await run_migrations(engine, in_sync)


async def run_migrations(engine: AsyncEngine, migrate: Callable[[Connection], None]) -> None:
    """Run ``migrate`` in one transaction; on SQLite with foreign keys off meanwhile.

    SQLite changes a table by building a new one and dropping the old (the "12 steps" of its
    manual); with foreign keys enforced that drop would cascade into every referencing table.
    So, as SQLite prescribes, enforcement is off while migrating, every key is checked before
    the commit (a violation rolls the whole migration back), and it is on again afterwards.
    """
    async with engine.connect() as connection:
        sqlite = connection.dialect.name == "sqlite"
        if sqlite:  # outside any transaction, where the pragma takes effect
            await connection.run_sync(_foreign_keys, False)
        try:
            async with connection.begin():
                await connection.run_sync(migrate)
                if sqlite:
                    await connection.run_sync(_check_foreign_keys)
        finally:
            if sqlite:
                await connection.run_sync(_foreign_keys, True)


def _foreign_keys(connection: Connection, on: bool) -> None:
    cursor = connection.connection.dbapi_connection.cursor()  # type: ignore[union-attr]
    try:
        cursor.execute(f"PRAGMA foreign_keys={'ON' if on else 'OFF'}")
    finally:
        cursor.close()


def _check_foreign_keys(connection: Connection) -> None:
    broken = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
    if broken:
        tables = sorted({str(row[0]) for row in broken})
        raise RuntimeError(f"the migration left broken foreign keys in {', '.join(tables)}")
