"""The update's writes commit before the bot speaks: a decision that fails to commit is never
announced to anyone, and a read-only update sends no BEGIN/COMMIT and takes no write lock."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import aiosqlite
import pytest
from sqlalchemy import event
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from bot.db.models import ReviewStatus
from tests.conftest import HarnessFactory
from tests.support.directory import ADMIN, onboarded, propose, review_items, staff

ANNA, GEORGIAN_MOD = 2101, 2201


@contextmanager
def failing_commits() -> Iterator[list[int]]:
    """Every commit of a session that wrote something fails as a full disk would (an
    ``OperationalError``, which the bot treats as a storage outage). Yields the count."""
    failed: list[int] = []

    def wrote(session: Session, _context: Any) -> None:
        session.info["wrote"] = True

    def commit(session: Session) -> None:
        if session.info.pop("wrote", False) or session.new or session.dirty or session.deleted:
            failed.append(1)
            raise OperationalError("COMMIT", {}, Exception("disk I/O error"))

    event.listen(Session, "after_flush", wrote)
    event.listen(Session, "before_commit", commit)
    try:
        yield failed
    finally:
        event.remove(Session, "before_commit", commit)
        event.remove(Session, "after_flush", wrote)


async def test_no_notice_goes_out_when_the_decision_does_not_commit(
    make_harness: HarnessFactory, database_url: str
) -> None:
    harness = await make_harness(database_url, admin_ids=str(ADMIN))
    anna = await onboarded(harness, ANNA)
    await propose(anna, link="https://t.me/tbilisi_devs", title="Тбилиси: разработчики")
    moderator = await staff(harness, GEORGIAN_MOD, "moderator", "GE")
    await moderator.send("/mod")
    await moderator.press("Review, oldest first")
    told_before = len(anna.transcript())

    with failing_commits() as failed:
        await moderator.press("Approve")
    assert failed, "the decision's commit was never attempted"
    assert len(anna.transcript()) == told_before, "Anna was told of a decision never stored"
    assert moderator.last_answer() is not None  # the moderator hears that it failed
    [item] = await review_items(harness)
    assert item.status == ReviewStatus.PENDING

    # The storage is back: the same press decides, and only now is Anna told.
    await moderator.press("Approve")
    [item] = await review_items(harness)
    assert item.status == ReviewStatus.APPROVED
    assert "одобрена модератором" in anna.last.text


async def test_a_returning_members_read_only_update_sends_no_begin_or_commit(
    make_harness: HarnessFactory, database_url: str
) -> None:
    """Nothing but the reads reaches the database for an update that writes nothing: no BEGIN
    (so no lock taken, no snapshot held) and no COMMIT; the member with their roles and the
    conversation's state come in one statement (on SQLite the state is in the process's cache;
    on PostgreSQL the member's query reads it too)."""
    harness = await make_harness(database_url)
    anna = await onboarded(harness, ANNA)
    await anna.send("/menu")
    statements: list[str] = []
    in_transaction: list[bool] = []

    def executed(conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        statements.append(statement.lstrip()[:7] + " ".join(re.findall(r"FROM (\w+)", statement)))
        driver = conn.connection.dbapi_connection
        if conn.dialect.name == "postgresql":  # asyncpg: a transaction, or autocommit
            in_transaction.append(driver._transaction is not None or not driver.autocommit)
        else:  # aiosqlite's sqlite3 connection knows whether BEGIN was sent
            in_transaction.append(bool(driver._connection._conn.in_transaction))

    # Only the update's own statements: not the outbox round the harness runs after it (the
    # worker's, in its own task; an idle round is a plain read too, see test_worker_wake).
    harness.deliver_outbox = False
    engine = harness.services.engine.sync_engine
    event.listen(engine, "before_cursor_execute", executed)
    try:
        await anna.press("Помощь")
    finally:
        event.remove(engine, "before_cursor_execute", executed)
    assert "/menu" in anna.last.text  # the help page
    assert statements, "the help page was shown without reading the database"
    assert {s.split(None, 1)[0].upper() for s in statements} == {"SELECT"}, statements
    assert not any(in_transaction), statements
    assert len(statements) == 1, statements


async def test_on_sqlite_a_read_only_update_asks_the_driver_for_no_commit_or_rollback(
    make_harness: HarnessFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each commit or rollback is a hand-off to aiosqlite's thread; with no transaction open
    (a read-only update) sqlite3 would do nothing with it, so it is not asked at all. A write
    still commits (the next press finds what it wrote)."""
    harness = await make_harness()
    anna = await onboarded(harness, ANNA)
    await anna.send("/menu")
    asked: list[str] = []
    for name in ("commit", "rollback"):
        original = getattr(aiosqlite.Connection, name)

        async def observed(
            self: aiosqlite.Connection, _name: str = name, _f: Any = original
        ) -> Any:
            asked.append(_name)
            return await _f(self)

        monkeypatch.setattr(aiosqlite.Connection, name, observed)
    harness.deliver_outbox = False
    await anna.press("Помощь")
    assert "/menu" in anna.last.text
    assert asked == [], asked
