"""Engine and session factory. Built on demand by the composition root, never at import."""

from __future__ import annotations

import asyncio
import os
import sqlite3
import stat
import time
import weakref
from collections.abc import Callable
from pathlib import Path
from typing import Any

from sqlalchemy import event, exc
from sqlalchemy.engine import Connection, make_url
from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)
from sqlalchemy.orm import Session
from sqlalchemy.pool import NullPool
from sqlalchemy.util import await_only
from sqlalchemy.util.concurrency import in_greenlet

from bot.config import sqlite_path
from bot.db import sqlite_driver


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
        kwargs["connect_args"] = {"timeout": SQLITE_BUSY_SECONDS}
        # aiosqlite with one hand-off to its thread per statement, not four.
        kwargs["module"] = sqlite_driver.dbapi()
        if path is None:
            # An in-memory database lives as long as its one connection.
            kwargs["poolclass"] = NullPool
    if "poolclass" not in kwargs:
        # As many kept as members' updates use at once, on SQLite too (SQLAlchemy keeps five
        # and closes the rest): a new SQLite connection is a thread of its own, set up anew,
        # 3-4 ms of the event loop's time, and at a peak it was opened ~13 times a second.
        kwargs.update(pool_size=pool_size, max_overflow=pool_size)
    engine = create_async_engine(url, **kwargs)
    if url.get_backend_name() == "postgresql":
        _ping_when_idle(engine)
    if url.get_backend_name() == "sqlite":
        event.listen(engine.sync_engine, "connect", _sqlite_pragmas)
        writers = _WRITERS[engine.sync_engine] = SqliteWriters(timeout=SQLITE_BUSY_SECONDS)
        writers.watch(engine)
        _skip_idle_commits(engine, writers)
        event.listen(engine.sync_engine, "before_cursor_execute", writers.begin_at_first_write)
    if url.get_backend_name() == "postgresql":
        event.listen(engine.sync_engine, "before_cursor_execute", _begin_at_first_write)
    if url.get_backend_name() in ("sqlite", "postgresql"):
        event.listen(engine.sync_engine, "begin", _begin_lazily)
        event.listen(engine.sync_engine, "before_execute", _note_for_update)
        event.listen(engine.sync_engine, "commit", _end)
        event.listen(engine.sync_engine, "rollback", _end)
    return engine


# How long a writer waits for SQLite's write lock (the driver's busy timeout, and the wait in
# line before it in this process).
SQLITE_BUSY_SECONDS = 30
_WRITING = "prichal_writing"


def sqlite_writers(engine: AsyncEngine) -> SqliteWriters | None:
    """The line of ``engine``'s writers (SQLite engines made by :func:`create_engine`)."""
    return _WRITERS.get(engine.sync_engine)


class SqliteWriters:
    """SQLite: this process's writers take the write lock one at a time, in arrival order.

    ``BEGIN IMMEDIATE`` blocked by another connection's transaction makes sqlite3 sleep in
    steps of up to 100 ms before it tries again, whether or not the lock was freed meanwhile:
    with members writing at once (a question remembered, a step saved) and the embedded worker
    beside them, an update waited up to a second for a lock held a few milliseconds. Here each
    transaction first waits its turn on an asyncio lock — woken the moment the transaction
    before it ends — and only then sends ``BEGIN IMMEDIATE``, which then finds the lock free
    unless another process holds it (a separate worker: sqlite3's busy timeout, as before).
    The wait in line is bounded like the busy timeout, and ends in the same error.
    """

    def __init__(self, *, timeout: float) -> None:
        self.timeout = timeout
        self.waiting = 0  # writers in line now
        # One lock per event loop: an engine may outlive a loop (tests, ``asyncio.run`` twice).
        self._locks: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, asyncio.Lock] = (
            weakref.WeakKeyDictionary()
        )

    def watch(self, engine: AsyncEngine) -> None:
        """Free the turn of a connection the pool discards with its transaction open."""

        def discarded(_dbapi_connection: Any, record: Any, *_rest: Any) -> None:
            self.leave(record.info)

        for name in ("close", "invalidate", "soft_invalidate", "detach"):
            event.listen(engine.sync_engine.pool, name, discarded)

    def begin_at_first_write(
        self, connection: Connection, cursor: Any, statement: str, *_args: Any
    ) -> None:
        """:func:`_begin_at_first_write` for SQLite: wait in line, then ``BEGIN IMMEDIATE``."""
        if not _needs_transaction(connection, statement):
            return
        connection.info[_PENDING] = False
        self._enter(connection.info)
        if isinstance(cursor, sqlite_driver.OneHopCursor):
            # In the same hand-off to sqlite3's thread as the write itself: one trip round
            # the event loop fewer while this transaction holds the lock. If BEGIN fails, the
            # write fails with it and the rollback that follows frees the turn.
            cursor.begin_immediately()
            return
        try:
            cursor.execute("BEGIN IMMEDIATE")
        except BaseException:
            self.leave(connection.info)
            raise

    def _enter(self, info: dict[Any, Any]) -> None:
        if not in_greenlet():
            return  # called outside the async engine's adaption: nothing to wait on
        loop = asyncio.get_running_loop()
        lock = self._locks.get(loop)
        if lock is None:
            lock = self._locks[loop] = asyncio.Lock()
        self.waiting += 1
        try:
            await_only(acquire_within(lock, self.timeout))
        except TimeoutError:
            raise sqlite3.OperationalError("database is locked") from None
        finally:
            self.waiting -= 1
        info[_WRITING] = lock

    def taken(self) -> bool:
        """Whether a writer of the running event loop holds the turn now."""
        lock = self._locks.get(asyncio.get_running_loop())
        return lock is not None and lock.locked()

    def leave(self, info: dict[Any, Any]) -> None:
        """The connection's transaction ended: the next writer in line may begin."""
        lock = info.pop(_WRITING, None)
        if lock is not None and lock.locked():
            lock.release()


_WRITERS: weakref.WeakKeyDictionary[Any, SqliteWriters] = weakref.WeakKeyDictionary()


async def acquire_within(lock: asyncio.Lock, seconds: float) -> None:
    """Take ``lock`` within ``seconds`` (``TimeoutError`` after), in the caller's own
    task: a free lock is taken at once, and a busy one hands over as soon as it is released.

    Not ``asyncio.wait_for``: on Python 3.11 it wraps the wait in a task of its own, so even a
    free lock cost a trip round the event loop, and a handed-over one two — each a wait behind
    every other member's work queued on the loop, paid while the writers behind wait in line.
    """
    async with asyncio.timeout(seconds):
        await lock.acquire()


def _skip_idle_commits(engine: AsyncEngine, writers: SqliteWriters) -> None:
    """SQLite: no COMMIT or ROLLBACK call when the connection has no transaction open.

    Reads run without one (:func:`_begin_lazily`), yet SQLAlchemy ends every session's
    transaction with the driver's commit or rollback, and the pool rolls back each connection it
    takes back: for a read-only update that was four hand-offs to aiosqlite's thread (a third of
    all it made), each a no-op for sqlite3. sqlite3 says whether a transaction is open
    (``in_transaction``, read without the thread: no statement runs on the connection then);
    when in doubt the call is made as before. Either way the connection's turn among the
    writers (:class:`SqliteWriters`) ends with it.
    """
    dialect = engine.sync_engine.dialect
    commit, rollback = dialect.do_commit, dialect.do_rollback  # the dialect's own, wrapped below

    def open_transaction(connection: Any) -> bool:
        driver = getattr(connection, "dbapi_connection", connection)
        try:
            return bool(driver._connection._conn.in_transaction)
        except Exception:  # not the aiosqlite adapter this was written for: do as before
            return True

    def ending(end: Callable[[Any], None]) -> Callable[[Any], None]:
        def end_if_open(connection: Any) -> None:
            try:
                if open_transaction(connection):
                    end(connection)
            finally:
                writers.leave(_info_of(connection))

        return end_if_open

    setattr(dialect, "do_commit", ending(commit))  # noqa: B010 - an instance's method, replaced
    setattr(dialect, "do_rollback", ending(rollback))  # noqa: B010


# A connection back in the pool for less than this is taken as alive without asking the server.
IDLE_BEFORE_PING_SECONDS = 10.0
_CHECKED_IN_AT = "prichal_checked_in_at"


def _ping_when_idle(engine: AsyncEngine) -> None:
    """Ask the server whether a pooled connection is alive only when it sat idle for a while.

    ``pool_pre_ping`` pings on every checkout: with commit-before-speaking an update checks a
    connection out again after each Bot API call, and each ping on asyncpg is a round trip of
    BEGIN / ``;`` / ROLLBACK — more statements than a read-only update sends itself. A
    connection that went back to the pool seconds ago was alive then; the ones that die
    (a server restart, an idle timeout, a failover) die while they sit unused. So only a
    connection idle for ``IDLE_BEFORE_PING_SECONDS`` is pinged; a dead one is replaced through
    :class:`~sqlalchemy.exc.DisconnectionError`, which makes the pool connect again. A
    connection killed within those seconds fails one statement, which SQLAlchemy reports as a
    disconnect and which invalidates the pool's other connections (it does so on every
    disconnect error), as before with the pre-ping's own retries.
    """
    pool = engine.sync_engine.pool
    dialect = engine.sync_engine.dialect

    def checked_in(_dbapi_connection: Any, record: Any) -> None:
        record.info[_CHECKED_IN_AT] = time.monotonic()

    def checked_out(dbapi_connection: Any, record: Any, _proxy: Any) -> None:
        since = record.info.get(_CHECKED_IN_AT)
        if since is None or time.monotonic() - since < IDLE_BEFORE_PING_SECONDS:
            return  # new, or back in the pool only just now
        try:
            dialect.do_ping(dbapi_connection)
        except Exception as error:  # what a dead connection raises depends on how it died
            raise exc.DisconnectionError("the pooled connection is gone") from error

    event.listen(pool, "checkin", checked_in)
    event.listen(pool, "checkout", checked_out)


# SQLite's own files beside the database: it creates them with the database file's mode.
SQLITE_COMPANIONS = ("-wal", "-shm", "-journal")


def make_private(database: Path) -> None:
    """The folder 0700 (unless it is a shared, sticky one like /tmp), the database file (made
    empty here when new) and its WAL, shared-memory and journal files 0600: nobody else on the
    machine reads what members wrote. SQLite gives the files it creates later the database
    file's mode."""
    folder = database.parent
    if not folder.exists():
        folder.mkdir(parents=True, mode=0o700)
    if not stat.S_IMODE(folder.stat().st_mode) & stat.S_ISVTX:
        # Never a shared folder such as /tmp (sticky): tightening it would lock every other
        # user and service out of it. The files themselves are still made private below.
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


def _begin_lazily(connection: Connection) -> None:
    """Start the database's transaction only at the first statement that needs one.

    SQLAlchemy "begins" a transaction at the first statement of a session. Nothing is sent
    then: reads run in autocommit, so a read-only update sends no BEGIN and no COMMIT, takes no
    lock and holds no snapshot. The first statement that writes (or locks: ``FOR UPDATE``, a
    savepoint, ``SET LOCAL``...) begins the transaction right before it
    (:func:`_begin_at_first_write`), and everything after it in the transaction is atomic as
    before. Reads before that first write see the latest committed data, each on its own — as
    PostgreSQL's READ COMMITTED does anyway; decisions that must not race use conditional writes
    or ``SELECT ... FOR UPDATE`` (which begins the transaction first, on SQLite too).

    On SQLite the transaction starts with ``BEGIN IMMEDIATE``, so it takes the write lock when
    it begins: it waits its turn (busy_timeout) instead of failing the way a deferred
    transaction upgraded to a writer fails in WAL mode ("database is locked") when another
    writer committed in between. On PostgreSQL (asyncpg) the connection is switched out of
    autocommit, and asyncpg sends BEGIN before the statement.
    """
    if connection.get_execution_options().get("isolation_level") == "AUTOCOMMIT":
        return
    connection.info[_PENDING] = True
    if connection.dialect.name == "postgresql":
        # The attribute, not the ``autocommit`` setter: the setting to come back to is kept.
        _dbapi(connection).isolation_level = "autocommit"


# ``connection.info[TRANSACTION_PENDING]``: True while a begun transaction has sent nothing yet
# (no BEGIN), False once its first write began it; the bench reads it to count real statements.
TRANSACTION_PENDING = "prichal_transaction_pending"
_PENDING = TRANSACTION_PENDING
_FOR_UPDATE = "prichal_for_update"
# Statements that need no transaction; anything else (writes, savepoints, locks, SET LOCAL,
# DDL, a WITH that might write) begins one first.
_READS = ("SELECT", "PRAGMA", "SHOW", "EXPLAIN")


def _info_of(connection: Any) -> dict[Any, Any]:
    """The pool's info of the connection a dialect call got; empty for one the pool never
    handed out (the dialect's first-connect checks)."""
    try:
        info: dict[Any, Any] = connection.info
        return info
    except (AttributeError, NotImplementedError):
        return {}


def _dbapi(connection: Connection) -> Any:
    return connection.connection.dbapi_connection


def _needs_transaction(connection: Connection, statement: str) -> bool:
    """Whether ``statement`` is the first of a pending transaction that needs it begun."""
    if not connection.info.get(_PENDING):
        return False
    head = statement.lstrip()[:8].upper()
    locking = connection.info.pop(_FOR_UPDATE, False) or "FOR UPDATE" in statement
    return not head.startswith(_READS) or locking


def _begin_at_first_write(connection: Connection, cursor: Any, statement: str, *_args: Any) -> None:
    """Begin the pending transaction right before its first statement that needs one
    (PostgreSQL; SQLite's is :meth:`SqliteWriters.begin_at_first_write`)."""
    if not _needs_transaction(connection, statement):
        return
    connection.info[_PENDING] = False
    _dbapi(connection).autocommit = False  # asyncpg begins before this statement


def _note_for_update(connection: Connection, clause: Any, *_args: Any) -> None:
    """A locking read begins the transaction (SQLite compiles no ``FOR UPDATE`` at all)."""
    if connection.info.get(_PENDING) and getattr(clause, "_for_update_arg", None) is not None:
        connection.info[_FOR_UPDATE] = True


def _end(connection: Connection) -> None:
    """The transaction ended (committed or rolled back): nothing is pending any more."""
    if connection.invalidated:
        return  # the server went away: the connection is discarded, with what it kept
    if connection.info.pop(_PENDING, False) and connection.dialect.name == "postgresql":
        _dbapi(connection).autocommit = False  # never began: back to the usual setting
    connection.info.pop(_FOR_UPDATE, None)


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    # Let SQLAlchemy's "begin" event, not the driver, decide how transactions start.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_SECONDS * 1000}")
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
