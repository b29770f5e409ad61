"""Key rotation: every encrypted column re-encrypted, every pseudonym whose value can be read
back computed again, with the first data key.

``python -m bot rotate-key`` runs this after a new key was put first (``PRICHAL_DATA_KEYS``, or
the embedded default's key file, which the command rotates itself). Afterwards the old keys
decrypt nothing; what still needs them is only what cannot be computed again: pseudonyms with
no encrypted source beside them (``PseudonymOf.source is None`` — who voted, reported or asked
a question that became a gap). Those are found with every *listed* key; once the old key is
removed they match nobody (they stay, as anonymous rows).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from sqlalchemy import Column, Table, select, tuple_, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.db.base import Base
from bot.db.crypto import (
    EncryptedInt,
    EncryptedJson,
    EncryptedText,
    PseudonymOf,
    pseudonym,
)
from bot.db.uow import unit_of_work

BATCH = 500
ENCRYPTED_TYPES = (EncryptedText, EncryptedInt, EncryptedJson)


def encrypted_columns() -> dict[Table, list[str]]:
    """Every table with encrypted columns, and their names (read from the models)."""
    import bot.db.models  # noqa: F401 - every model registered on Base.metadata

    found: dict[Table, list[str]] = {}
    for table in Base.metadata.sorted_tables:
        names = [c.name for c in table.columns if isinstance(c.type, ENCRYPTED_TYPES)]
        if names:
            found[table] = names
    return found


def pseudonym_columns() -> Iterator[tuple[Table, Column[Any], PseudonymOf]]:
    """Every pseudonym column, with what it stands for (``Column.info["pseudonym"]``)."""
    import bot.db.models  # noqa: F401 - every model registered on Base.metadata

    for table in Base.metadata.sorted_tables:
        for column in table.columns:
            of = column.info.get("pseudonym")
            if isinstance(of, PseudonymOf):
                yield table, column, of


async def rekey_pseudonyms(sessions: async_sessionmaker[AsyncSession]) -> dict[str, int]:
    """Compute again, with the first key, every pseudonym whose value is kept encrypted beside
    it; rows rewritten, by ``table.column``."""
    rewritten: dict[str, int] = {}
    for table, column, of in pseudonym_columns():
        if of.source is None:
            continue
        keys = list(table.primary_key.columns)
        source = table.c[of.source]
        last: tuple[object, ...] | None = None
        count = 0
        while True:
            async with unit_of_work(sessions) as session:
                statement = select(*keys, column, source).order_by(*keys).limit(BATCH)
                if last is not None:
                    statement = statement.where(tuple_(*keys) > tuple_(*last))
                rows = (await session.execute(statement)).all()
                for row in rows:
                    key_values = tuple(row[: len(keys)])
                    current, value = row[len(keys)], row[len(keys) + 1]
                    fresh = pseudonym(of.purpose, value)
                    if fresh != current:
                        await session.execute(
                            update(table)
                            .where(tuple_(*keys) == tuple_(*key_values))
                            .values({column.name: fresh})
                        )
                        count += 1
            if len(rows) < BATCH:
                break
            last = tuple(rows[-1][: len(keys)])
        rewritten[f"{table.name}.{column.name}"] = count
    return rewritten


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
