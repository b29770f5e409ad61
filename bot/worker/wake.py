"""Waking a job when a commit wrote work for it, instead of after its interval.

Jobs poll on an interval, which stays the fallback. In the embedded default the bot and its
worker share a process: when a session of the process commits rows of a table a job serves (a
broadcast approved, an event notice queued), the job runs at once (:class:`WakeUps`). On
PostgreSQL the bot replicas and the worker may be separate processes: a commit that wrote such a
table also sends ``NOTIFY prichal_wake, '<table>'`` inside its transaction (delivered only if it
commits; :class:`CommitNotices`), and the worker listens (``LISTEN``) on a connection of its own
(:meth:`WakeUps.listen`). Idle polls take no write lock (``bot.db.engine``: SQLite's lock is
taken at the first write only).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Iterable
from typing import Any

from sqlalchemy import event, func, select
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker
from sqlalchemy.orm import Session

from bot.db.touched import TOUCHED as _TOUCHED

log = logging.getLogger(__name__)

# The PostgreSQL channel of the wake-ups; the payload is a table's name.
WAKE_CHANNEL = "prichal_wake"
# Tables of this transaction that other processes' jobs watch (CommitNotices' own record).
_NOTIFY = "prichal_notify_tables"
# How soon the worker tries LISTEN again after its connection was lost (polls go on meanwhile).
RELISTEN_SECONDS = 5.0


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

    def wake(self, table: str) -> None:
        """Wake the jobs watching ``table`` (a notice from another process)."""
        for signal in self._watchers.get(table, ()):
            signal.set()

    async def listen(
        self, engine: AsyncEngine, stopping: asyncio.Event, listening: asyncio.Event
    ) -> None:
        """PostgreSQL: ``LISTEN`` for other processes' commits until ``stopping`` is set, on a
        connection of its own (not the pool's), again after it is lost. After each (re)connect
        every watched job is woken once: a notice sent while nobody listened is lost.
        ``listening`` is set while the connection listens."""
        import asyncpg  # only on PostgreSQL, where the driver is there

        dsn = engine.url.set(drivername="postgresql").render_as_string(hide_password=False)

        def notified(_connection: Any, _pid: int, _channel: str, payload: str) -> None:
            self.wake(payload)

        while not stopping.is_set():
            connection = None
            try:
                connection = await asyncpg.connect(dsn)
                await connection.add_listener(WAKE_CHANNEL, notified)
                for table in self._watchers:
                    self.wake(table)
                listening.set()
                while not stopping.is_set() and not connection.is_closed():
                    with contextlib.suppress(TimeoutError):
                        await asyncio.wait_for(stopping.wait(), RELISTEN_SECONDS)
            except (OSError, asyncpg.PostgresError) as error:
                log.warning("worker: LISTEN lost (%s); polling meanwhile", type(error).__name__)
            finally:
                listening.clear()
                if connection is not None and not connection.is_closed():
                    with contextlib.suppress(OSError, asyncpg.PostgresError):
                        await connection.close()
            if not stopping.is_set():
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(stopping.wait(), RELISTEN_SECONDS)


class CommitNotices:
    """PostgreSQL: a transaction that wrote one of ``tables`` (those some job watches) sends
    ``NOTIFY prichal_wake, '<table>'`` before it commits — PostgreSQL delivers it only if the
    commit succeeds — so a worker in another process wakes at once. One statement per such
    table and commit; transactions that write none of them send nothing."""

    def __init__(self, sessions: async_sessionmaker[AsyncSession], tables: Iterable[str]) -> None:
        self.tables = frozenset(tables)
        self._target: type[Session] = sessions.kw.get("sync_session_class", Session)
        event.listen(self._target, "after_flush", self._flushed)
        event.listen(self._target, "before_commit", self._before_commit)
        event.listen(self._target, "after_rollback", self._rolled_back)

    def close(self) -> None:
        event.remove(self._target, "after_flush", self._flushed)
        event.remove(self._target, "before_commit", self._before_commit)
        event.remove(self._target, "after_rollback", self._rolled_back)

    def _flushed(self, session: Session, _context: Any) -> None:
        written: set[str] = session.info.setdefault(_NOTIFY, set())
        for instance in (*session.new, *session.dirty, *session.deleted):
            table = getattr(type(instance), "__tablename__", None)
            if table in self.tables:
                written.add(table)

    def _before_commit(self, session: Session) -> None:
        if session.get_bind().dialect.name != "postgresql":
            return
        session.flush()  # what the commit would flush anyway: its tables are known now
        tables = session.info.pop(_NOTIFY, set()) | set(session.info.get(_TOUCHED, ()))
        for table in sorted(tables & self.tables):
            session.execute(select(func.pg_notify(WAKE_CHANNEL, table)))

    def _rolled_back(self, session: Session) -> None:
        session.info.pop(_NOTIFY, None)
