"""SQLAlchemy's aiosqlite driver, with each statement sent to aiosqlite's thread once.

aiosqlite runs sqlite3 in a thread of its own and hands it one call at a time. SQLAlchemy's
adapter makes four such calls for every statement: open a cursor, execute, fetch the rows,
close the cursor. Each hand-off is a round trip between the event loop and the thread; here
(``bench/updates.py``) one costs 60–95 µs, while sqlite3 answers a member's read in a few
microseconds — so a read-only update spent most of its database time passing the statement to
and fro. :class:`OneHopCursor` makes it one hand-off: the thread opens the cursor, executes,
fetches every row and closes it in one go, and the adapter keeps what SQLAlchemy asks for
afterwards (the rows, ``description``, ``rowcount``, ``lastrowid``).

What does not change: statements still run in aiosqlite's thread, one connection's at a time
(the adapter's lock), so a long query never stalls the event loop; errors are sqlite3's, turned
into SQLAlchemy's as before; the server-side cursor (``stream_results``) is aiosqlite's own.

Used through :func:`dbapi`, given to the engine as its DBAPI module (SQLAlchemy's ``module``
argument), so URLs stay ``sqlite+aiosqlite:///...``.
"""

from __future__ import annotations

import collections
import sqlite3
from typing import Any

import aiosqlite
from sqlalchemy.connectors.asyncio import AsyncAdapt_dbapi_connection
from sqlalchemy.dialects.sqlite.aiosqlite import (
    AsyncAdapt_aiosqlite_connection,
    AsyncAdapt_aiosqlite_cursor,
    AsyncAdapt_aiosqlite_dbapi,
)
from sqlalchemy.util import EMPTY_DICT
from sqlalchemy.util.concurrency import await_

# What one statement left behind: description, rows, rowcount, lastrowid.
_Outcome = tuple[Any, list[Any], int, int | None]


def _execute_whole(
    connection: sqlite3.Connection, operation: str, parameters: Any, many: bool, begin: bool
) -> _Outcome:
    """Runs in aiosqlite's thread: the statement from cursor to closed cursor (``begin``:
    after ``BEGIN IMMEDIATE``; if that fails, the statement is not run)."""
    if begin:
        connection.execute("BEGIN IMMEDIATE")
    cursor = connection.cursor()
    try:
        if many:
            cursor.executemany(operation, parameters)
        elif parameters is None:
            cursor.execute(operation)
        else:
            cursor.execute(operation, parameters)
        description = cursor.description
        rows = cursor.fetchall() if description else []
        return description, rows, cursor.rowcount, cursor.lastrowid
    finally:
        cursor.close()


class OneHopCursor(AsyncAdapt_aiosqlite_cursor):
    """A cursor that holds no sqlite3 cursor between calls: each statement is one hand-off to
    aiosqlite's thread, which returns everything SQLAlchemy reads afterwards."""

    __slots__ = ("_begin", "_description", "_lastrowid", "_rowcount")

    def __init__(self, adapt_connection: AsyncAdapt_dbapi_connection) -> None:
        # Not the parent's: it opens an aiosqlite cursor (a hand-off) that is never needed.
        self._adapt_connection = adapt_connection
        self._connection = adapt_connection._connection
        self._cursor = None  # type: ignore[assignment]  # the parent's close() expects it
        self._soft_closed_memoized = EMPTY_DICT
        self._rows = collections.deque()
        self._description: Any = None
        self._rowcount = -1
        self._lastrowid: int | None = None
        self._begin = False

    @property
    def description(self) -> Any:
        return self._description

    @property
    def rowcount(self) -> int:
        return self._rowcount

    @property
    def lastrowid(self) -> int:
        return self._lastrowid  # type: ignore[return-value]

    @property
    def arraysize(self) -> int:
        return 1

    @arraysize.setter
    def arraysize(self, value: int) -> None:
        """Rows are fetched whole: nothing to size."""

    async def _async_soft_close(self) -> None:
        """Nothing is open: the rows are already here."""

    def begin_immediately(self) -> None:
        """Send ``BEGIN IMMEDIATE`` with the next statement, in the same hand-off."""
        self._begin = True

    async def _execute_async(self, operation: Any, parameters: Any) -> None:
        await self._run(operation, parameters, many=False)

    async def _executemany_async(self, operation: Any, seq_of_parameters: Any) -> None:
        await self._run(operation, seq_of_parameters, many=True)

    async def _run(self, operation: Any, parameters: Any, *, many: bool) -> None:
        connection: aiosqlite.Connection = self._connection  # type: ignore[assignment]
        begin, self._begin = self._begin, False
        async with self._adapt_connection._execute_mutex:
            outcome: _Outcome = await connection._execute(  # type: ignore[no-untyped-call]
                _execute_whole, connection._conn, operation, parameters, many, begin
            )
        self._description, rows, self._rowcount, self._lastrowid = outcome
        self._rows = collections.deque(rows)

    def nextset(self) -> None:
        """sqlite3 has one result set per statement."""


class OneHopConnection(AsyncAdapt_aiosqlite_connection):
    """SQLAlchemy's aiosqlite connection, whose cursors are :class:`OneHopCursor`."""

    __slots__ = ()

    _cursor_cls = OneHopCursor


class OneHopDbapi(AsyncAdapt_aiosqlite_dbapi):
    """SQLAlchemy's aiosqlite DBAPI module, connecting with :class:`OneHopConnection`."""

    def connect(self, *arg: Any, **kw: Any) -> OneHopConnection:
        if "async_creator_fn" in kw:  # a connection made elsewhere: SQLAlchemy's own adapter
            return super().connect(*arg, **kw)  # type: ignore[return-value]
        connection = self.aiosqlite.connect(*arg, **kw)
        # As SQLAlchemy does: the thread must not keep a finished process alive.
        connection._thread.daemon = True
        return OneHopConnection(self, await_(connection))


def dbapi() -> OneHopDbapi:
    """The DBAPI module to give ``create_async_engine(..., module=...)`` for aiosqlite URLs."""
    return OneHopDbapi(aiosqlite, sqlite3)
