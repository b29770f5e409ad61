"""Which tables a transaction wrote, for the worker's wake-ups (``bot.worker.wake``).

The flush records the tables of the ORM rows it writes; a Core ``INSERT``/``UPDATE`` is not
seen by it, so whoever issues one names its table with :func:`touched`. Lives below the
features so that any of them (and the outbox) can say it without importing the worker.
"""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

# The key in ``Session.info`` holding the set of table names written since the last commit.
TOUCHED = "prichal_touched_tables"


def touched(session: AsyncSession, *tables: str) -> None:
    """Count ``tables`` as written by ``session``'s transaction: its commit wakes the jobs
    watching them (its rollback wakes nobody)."""
    marked: set[str] = session.sync_session.info.setdefault(TOUCHED, set())
    marked.update(tables)
