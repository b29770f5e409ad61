"""data protection: ids never reused on SQLite

Revision ID: 0010
Revises: 0003, 0004, 0005, 0007
Create Date: 2026-12-06

* Every surrogate key becomes ``AUTOINCREMENT`` on SQLite, so an id freed by a deletion is never
  given to another row (PostgreSQL's sequences never go back). SQLite cannot alter a primary
  key: each table is rebuilt by the "12 steps" of SQLite's manual — a new table from the stored
  ``CREATE TABLE`` with the key made ``AUTOINCREMENT``, the rows copied, the old table dropped,
  the new one renamed, its indexes re-created from their stored SQL (partial ones included).
  ``bot.db.migrate.run_migrations`` keeps foreign keys off meanwhile and checks them all
  before the commit. The downgrade leaves ``AUTOINCREMENT`` in place (harmless to 0007).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from alembic import op

revision: str = "0010"
# It changes tables of every branch (directory, knowledge base, listings, events and
# broadcasts), so it merges them: one head again.
down_revision: str | Sequence[str] | None = ("0003", "0004", "0005", "0007")
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Every table with a surrogate key (``id``), as of this revision.
SURROGATE_KEYS = (
    "audit_log",
    "broadcast_deliveries",
    "broadcasts",
    "directory_groups",
    "event_messages",
    "event_notices",
    "events",
    "faq_entries",
    "faq_gap_questions",
    "faq_gaps",
    "job_subscriptions",
    "jobs",
    "listing_notices",
    "offers",
    "relay_messages",
    "relay_threads",
    "reports",
    "review_items",
)


def upgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for table in SURROGATE_KEYS:
            _sqlite_autoincrement(table)


def downgrade() -> None:
    """Nothing to undo for ids: ``AUTOINCREMENT`` stays (0007 works the same with it)."""


# ---- SQLite: AUTOINCREMENT ---------------------------------------------------------------

_CREATE = re.compile(r'^\s*CREATE TABLE\s+("?)(\w+)\1\s*\(', re.IGNORECASE)
_ID_COLUMN = re.compile(r'(\(\s*"?id"?\s+INTEGER\s+NOT NULL)(\s*,)', re.IGNORECASE)
_PRIMARY_KEY = re.compile(
    r'\s*CONSTRAINT\s+"?\w+"?\s+PRIMARY KEY\s*\(\s*"?id"?\s*\)\s*,|'
    r',\s*CONSTRAINT\s+"?\w+"?\s+PRIMARY KEY\s*\(\s*"?id"?\s*\)(?=\s*\)\s*$)',
    re.IGNORECASE,
)


def _sqlite_autoincrement(table: str) -> None:
    """Rebuild ``table`` with ``id INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT``."""
    bind = op.get_bind()
    found = bind.exec_driver_sql(
        "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?", (table,)
    ).scalar()
    if found is None or "AUTOINCREMENT" in str(found).upper():
        return
    sql = str(found)
    new = f"_rebuilt_{table}"
    rebuilt, named = _CREATE.subn(f'CREATE TABLE "{new}" (', sql, count=1)
    rebuilt, keyed = _ID_COLUMN.subn(r"\1 PRIMARY KEY AUTOINCREMENT\2", rebuilt, count=1)
    rebuilt, dropped = _PRIMARY_KEY.subn("", rebuilt, count=1)
    if (named, keyed, dropped) != (1, 1, 1):
        raise RuntimeError(f"unexpected schema of {table}; cannot make its key AUTOINCREMENT")
    indexes = [
        str(row[0])
        for row in bind.exec_driver_sql(
            "SELECT sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ? "
            "AND sql IS NOT NULL",
            (table,),
        )
    ]
    columns = ", ".join(
        f'"{row[1]}"' for row in bind.exec_driver_sql(f'PRAGMA table_info("{table}")')
    )
    bind.exec_driver_sql(rebuilt)
    # Names from the schema itself (SURROGATE_KEYS and PRAGMA table_info), never from input.
    copy = f'INSERT INTO "{new}" ({columns}) SELECT {columns} FROM "{table}"'  # noqa: S608
    bind.exec_driver_sql(copy)
    bind.exec_driver_sql(f'DROP TABLE "{table}"')
    bind.exec_driver_sql(f'ALTER TABLE "{new}" RENAME TO "{table}"')
    for index in indexes:
        bind.exec_driver_sql(index)
