"""Waking a job when an update of this process committed work for it (the embedded worker).

Jobs poll on an interval so that work committed by other processes is found too; in the
embedded default the bot and its worker share a process, so a job need not wait out its
interval: when a session of the process commits rows of a table the job serves (a broadcast
approved, an event notice queued), the job runs at once. Idle polls take no write lock
(``bot.db.engine``: SQLite's lock is taken at the first write only).
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterable
from typing import Any

from sqlalchemy import event
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from sqlalchemy.orm import Session

_TOUCHED = "prichal_touched_tables"


class WakeUps:
    """One event per job, set when a commit touched one of the tables the job watches."""

    def __init__(self, sessions: async_sessionmaker[AsyncSession]) -> None:
        self._watchers: dict[str, list[asyncio.Event]] = {}
        self._loop = asyncio.get_running_loop()
        self._target: type[Session] = sessions.kw.get("sync_session_class", Session)
        event.listen(self._target, "after_flush", self._flushed)
        event.listen(self._target, "after_commit", self._committed)
        event.listen(self._target, "after_rollback", self._rolled_back)

    def close(self) -> None:
        event.remove(self._target, "after_flush", self._flushed)
        event.remove(self._target, "after_commit", self._committed)
        event.remove(self._target, "after_rollback", self._rolled_back)

    def watch(self, tables: Iterable[str]) -> asyncio.Event:
        """An event set whenever a commit touched one of ``tables``."""
        signal = asyncio.Event()
        for table in tables:
            self._watchers.setdefault(table, []).append(signal)
        return signal

    def _flushed(self, session: Session, _context: Any) -> None:
        if not self._watchers:
            return
        touched: set[str] = session.info.setdefault(_TOUCHED, set())
        for instance in (*session.new, *session.dirty, *session.deleted):
            table = getattr(type(instance), "__tablename__", None)
            if table in self._watchers:
                touched.add(table)

    def _committed(self, session: Session) -> None:
        for table in session.info.pop(_TOUCHED, ()):
            for signal in self._watchers.get(table, ()):
                # Commits happen on the loop's thread; call_soon_threadsafe keeps it safe anyway.
                self._loop.call_soon_threadsafe(signal.set)

    def _rolled_back(self, session: Session) -> None:
        session.info.pop(_TOUCHED, None)
