"""Engine and session factory. Built on demand by the composition root, never at import."""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import Connection, make_url
from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)
from sqlalchemy.orm import Session
from sqlalchemy.pool import NullPool

from bot.config import sqlite_path


def create_engine(database_url: str, *, echo: bool = False, pool_size: int = 10) -> AsyncEngine:
    """An async engine for ``database_url`` tuned for its backend.

    SQLite gets WAL, enforced foreign keys (erasure relies on ``ON DELETE CASCADE``) and a busy
    timeout so the embedded worker and the bot can share the file; the folder is created, and
    the folder and the files are this user's only (:func:`make_private`).
    """
    url = make_url(database_url)
    # Errors must not carry query parameters into logs: they can be what a member typed.
    kwargs: dict[str, Any] = {"echo": echo, "hide_parameters": True}
    if url.get_backend_name() == "sqlite":
        path = sqlite_path(database_url)
        if path is not None:
            make_private(path)
        kwargs["connect_args"] = {"timeout": 30}
        if path is None:
            # An in-memory database lives as long as its one connection.
            kwargs["poolclass"] = NullPool
    else:
        kwargs.update(pool_size=pool_size, max_overflow=pool_size, pool_pre_ping=True)
    engine = create_async_engine(url, **kwargs)
    if url.get_backend_name() == "sqlite":
        event.listen(engine.sync_engine, "connect", _sqlite_pragmas)
        event.listen(engine.sync_engine, "begin", _sqlite_begin_immediate)
        event.listen(engine.sync_engine, "before_execute", _sqlite_note_for_update)
        event.listen(engine.sync_engine, "before_cursor_execute", _sqlite_take_write_lock)
        event.listen(engine.sync_engine, "commit", _sqlite_end)
        event.listen(engine.sync_engine, "rollback", _sqlite_end)
    return engine


# SQLite's own files beside the database: it creates them with the database file's mode.
SQLITE_COMPANIONS = ("-wal", "-shm", "-journal")


def make_private(database: Path) -> None:
    """The folder 0700, the database file (made empty here when new) and its WAL, shared-memory
    and journal files 0600: nobody else on the machine reads what members wrote. SQLite gives
    the files it creates later the database file's mode."""
    folder = database.parent
    if not folder.exists():
        folder.mkdir(parents=True, mode=0o700)
    _tighten(folder, 0o700)
    if not database.exists():
        os.close(os.open(database, os.O_WRONLY | os.O_CREAT, 0o600))
    for path in (database, *(database.with_name(database.name + s) for s in SQLITE_COMPANIONS)):
        if path.exists():
            _tighten(path, 0o600)


def _tighten(path: Path, mode: int) -> None:
    """Take away what ``mode`` does not allow (only on what this user owns)."""
    status = path.stat()
    if status.st_uid == os.getuid() and stat.S_IMODE(status.st_mode) & ~mode:
        path.chmod(stat.S_IMODE(status.st_mode) & mode)


def _sqlite_begin_immediate(connection: Connection) -> None:
    """Start SQLite's transaction — and take its write lock — only at the first write.

    SQLAlchemy "begins" a transaction at the first statement of a session. On SQLite nothing is
    sent then: reads run in autocommit (a read-only update sends no BEGIN, no COMMIT and never
    takes the write lock, so readers never queue behind a writer). The first statement that
    needs the lock (:func:`_sqlite_take_write_lock`) sends ``BEGIN IMMEDIATE``: it waits its
    turn (busy_timeout) instead of failing the way a deferred transaction upgraded to a writer
    fails in WAL mode ("database is locked") when another writer committed in between. Reads
    before the first write therefore see the latest committed data, not a snapshot — as
    PostgreSQL's READ COMMITTED does; decisions that must not race use conditional writes or
    ``SELECT ... FOR UPDATE`` (which takes the lock here too).
    """
    if connection.get_execution_options().get("isolation_level") == "AUTOCOMMIT":
        return
    connection.info[_LOCK_PENDING] = True


_LOCK_PENDING = "prichal_sqlite_lock_pending"
# Statements that write (or open a savepoint, which would begin a deferred transaction).
_NEEDS_LOCK = ("INSERT", "UPDATE", "DELETE", "REPLACE", "SAVEPOINT", "CREATE", "DROP", "ALTER")


def _sqlite_take_write_lock(
    connection: Connection, cursor: Any, statement: str, *_args: Any
) -> None:
    """``BEGIN IMMEDIATE`` right before the transaction's first write (see above)."""
    if not connection.info.get(_LOCK_PENDING):
        return
    head = statement.lstrip()[:9].upper()
    if head.startswith(_NEEDS_LOCK) or connection.info.pop(_FOR_UPDATE, False):
        connection.info[_LOCK_PENDING] = False
        cursor.execute("BEGIN IMMEDIATE")


_FOR_UPDATE = "prichal_sqlite_for_update"


def _sqlite_note_for_update(connection: Connection, clause: Any, *_args: Any) -> None:
    """SQLite has no ``FOR UPDATE``: a locking read takes the write lock instead."""
    if connection.info.get(_LOCK_PENDING) and getattr(clause, "_for_update_arg", None) is not None:
        connection.info[_FOR_UPDATE] = True


def _sqlite_end(connection: Connection) -> None:
    connection.info.pop(_LOCK_PENDING, None)
    connection.info.pop(_FOR_UPDATE, None)


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    # Let SQLAlchemy's "begin" event, not the driver, decide how transactions start.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA busy_timeout=30000")
    # What is deleted (an erased member, a closed gap's questions) is overwritten with zeros,
    # not left in the file's free pages for whoever copies it.
    cursor.execute("PRAGMA secure_delete=ON")
    cursor.close()


def create_session_factory(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    """Sessions that keep loaded objects usable after commit (handlers render after it)."""
    # A Session class of this factory's own, so that listeners (bot.worker.wake) hear only
    # the sessions of this engine.
    own = type("PrichalSession", (Session,), {})
    return async_sessionmaker(
        engine, expire_on_commit=False, autoflush=True, sync_session_class=own
    )
