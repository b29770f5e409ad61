"""Key rotation: every encrypted column re-encrypted with the first data key.

``python -m bot rotate-key`` runs this after a new key was put first (``PRICHAL_DATA_KEYS``, or
the embedded default's key file, which the command rotates itself); once it has run, the old
keys decrypt nothing and can be removed.
"""

from __future__ import annotations

from sqlalchemy import Table, select, tuple_, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.db.base import Base
from bot.db.crypto import EncryptedText
from bot.db.uow import unit_of_work

BATCH = 500


def encrypted_columns() -> dict[Table, list[str]]:
    """Every table with encrypted columns, and their names (read from the models)."""
    import bot.db.models  # noqa: F401 - every model registered on Base.metadata

    found: dict[Table, list[str]] = {}
    for table in Base.metadata.sorted_tables:
        names = [c.name for c in table.columns if isinstance(c.type, EncryptedText)]
        if names:
            found[table] = names
    return found


async def reencrypt_all(sessions: async_sessionmaker[AsyncSession]) -> dict[str, int]:
    """Rewrite every encrypted value with the first key; rows rewritten, by table."""
    rewritten: dict[str, int] = {}
    for table, names in encrypted_columns().items():
        keys = list(table.primary_key.columns)
        columns = [table.c[name] for name in names]
        last: tuple[object, ...] | None = None
        count = 0
        while True:
            async with unit_of_work(sessions) as session:
                statement = select(*keys, *columns).order_by(*keys).limit(BATCH)
                if last is not None:
                    statement = statement.where(tuple_(*keys) > tuple_(*last))
                rows = (await session.execute(statement)).all()
                for row in rows:
                    key_values = tuple(row[: len(keys)])
                    values = dict(zip(names, row[len(keys) :], strict=True))
                    # Read through the type (decrypted with any key), written back through it
                    # (encrypted with the first key).
                    await session.execute(
                        update(table).where(tuple_(*keys) == tuple_(*key_values)).values(**values)
                    )
                count += len(rows)
            if len(rows) < BATCH:
                break
            last = tuple(rows[-1][: len(keys)])
        rewritten[table.name] = count
    return rewritten
