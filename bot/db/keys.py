"""The data keys at start: found, never silently replaced, and proven to open this database.

Every command that opens the database calls :func:`open_data_keys` first:

* the keys come from ``PRICHAL_DATA_KEYS``, else from the embedded default's key file
  (``PRICHAL_DATA_KEY_FILE``; a key file left inside the database's folder by an older version
  is moved out to it);
* a database that holds encrypted data — the canary, or any encrypted value of a database
  from before the canary — is never given a new key: a missing key file stops the program with
  one line naming it, instead of a fresh key that opens nothing;
* the canary (a known text encrypted with the first key, :class:`DataKeyCanary`; before it
  exists, one encrypted value of each table) must open with the keys configured, or the
  program stops with one line naming the variable or the file.

:class:`~bot.config.SettingsError` carries that line; ``python -m bot`` prints it and exits 2.
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import inspect, select, text
from sqlalchemy.engine import Connection
from sqlalchemy.exc import DBAPIError, OperationalError
from sqlalchemy.ext.asyncio import AsyncSession

from bot.config import Settings, SettingsError, sqlite_path
from bot.db import crypto
from bot.db.engine import create_engine
from bot.db.models import DataKeyCanary

log = logging.getLogger(__name__)

CANARY_TEXT = "prichal data key canary"
CANARY_ID = 1


@dataclass
class _Found:
    """What of the database is encrypted: the canary, or (before it) one value per table."""

    canary: str | None = None
    samples: list[str] = field(default_factory=list)

    @property
    def holds_data(self) -> bool:
        return self.canary is not None or bool(self.samples)


async def open_data_keys(settings: Settings) -> None:
    """Configure this process's data keys, or raise :class:`SettingsError` (one line)."""
    path = crypto.key_file_for(settings)
    if settings.data_keys is not None or not settings.is_sqlite or path is None:
        keys: list[str] | None = crypto.data_keys_for(settings)
        variable = "PRICHAL_DATA_KEYS"
    else:
        _move_legacy_key_file(settings, path)
        keys = crypto.read_key_file(path) if path.exists() else None
        variable = crypto.KEY_FILE_VARIABLE
    found = await _encrypted_data(settings)
    if keys is None:
        assert path is not None
        if found.holds_data:
            raise SettingsError(
                variable,
                f"{path} is missing, but the database holds data encrypted with its key: "
                "restore the key file from its backup (a new key would open none of it)",
            )
        crypto.write_key_file(path, [crypto.new_key()])
        log.info("made a new data key file (back it up apart from the database)")
        keys = crypto.read_key_file(path)
    crypto.configure_data_keys(keys)
    for token in [found.canary] if found.canary is not None else found.samples:
        try:
            crypto.decrypt(token)
        except crypto.DataKeyError:
            which = "" if variable == "PRICHAL_DATA_KEYS" else f"{path} "
            raise SettingsError(
                variable,
                f"{which}does not open the data in this database: it was encrypted with "
                "another key (restore the right one; a new key would open none of it)",
            ) from None


async def ensure_canary(session: AsyncSession) -> None:
    """Write the canary with the first key when the database has none yet (after migrating)."""
    if await session.scalar(select(DataKeyCanary.id).where(DataKeyCanary.id == CANARY_ID)):
        return
    session.add(DataKeyCanary(id=CANARY_ID, token=CANARY_TEXT))
    await session.flush()


def _move_legacy_key_file(settings: Settings, path: Path) -> None:
    legacy = crypto.legacy_key_file_for(settings)
    if legacy is None or legacy == path or path.exists() or not legacy.exists():
        return
    if not path.parent.exists():
        path.parent.mkdir(parents=True, mode=0o700)
    os.replace(legacy, path)
    log.warning(
        "moved the data key file out of the database's folder to %s: back it up apart from "
        "the database",
        path,
    )


async def _encrypted_data(settings: Settings) -> _Found:
    """Read (never write) what of the database is encrypted; nothing for a new database."""
    database = sqlite_path(settings.database_url) if settings.is_sqlite else None
    if settings.is_sqlite and (database is None or not database.exists()):
        return _Found()
    engine = create_engine(settings.database_url, pool_size=1)
    try:
        async with engine.connect() as connection:
            return await connection.run_sync(_look)
    except (OperationalError, DBAPIError, OSError) as error:
        problem = f"cannot open the database to check the data key ({type(error).__name__})"
        raise SettingsError("DATABASE_URL", problem) from None
    finally:
        await engine.dispose()


def _look(connection: Connection) -> _Found:
    from bot.db.rotation import encrypted_columns

    inspector = inspect(connection)
    tables = set(inspector.get_table_names())
    found = _Found()
    if DataKeyCanary.__tablename__ in tables:
        found.canary = connection.execute(
            text("SELECT token FROM data_key_canary WHERE id = :id"), {"id": CANARY_ID}
        ).scalar()
        if found.canary is not None:
            return found
    for table, names in encrypted_columns().items():
        if table.name not in tables:
            continue
        present = {column["name"] for column in inspector.get_columns(table.name)}
        for name in names:
            if name not in present:
                continue
            value = connection.execute(
                text(
                    f"SELECT {name} FROM {table.name} "  # noqa: S608 - names from the models
                    f"WHERE {name} LIKE :prefix LIMIT 1"
                ),
                {"prefix": crypto.PREFIX + "%"},
            ).scalar()
            if value is not None:
                found.samples.append(str(value))
    return found
