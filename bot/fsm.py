"""FSM storage: Redis when ``REDIS_URL`` is set, otherwise rows in the database.

The SQL storage makes the embedded default survive a restart mid-wizard. Inside an update it
works in the update's own session (aiogram's FSM middleware runs inside the session middleware,
``bot.factory``): the state is read once per transaction and a write is one upsert, committed
with the update's other writes. Outside an update each call is its own short transaction.

A wizard's data holds what the member typed (the question passed to moderators, a listing's
draft), so it is encrypted with the data key in both: an ``EncryptedJson`` column, and Redis
values written through :func:`sealed_dumps`. Both forget a conversation after :data:`FSM_TTL`
without a change (Redis by its expiry, the table by the worker's ``purge_stale_fsm``).
"""

from __future__ import annotations

import functools
import json
import logging
from collections.abc import Awaitable, Callable, Mapping
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any, cast

from aiogram import Bot
from aiogram.fsm.middleware import FSMContextMiddleware
from aiogram.fsm.state import State
from aiogram.fsm.storage.base import BaseStorage, DefaultKeyBuilder, StateType, StorageKey
from aiogram.types import TelegramObject
from sqlalchemy import Delete, Select, Table, bindparam, delete, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from bot.db.context import current_session
from bot.db.crypto import PREFIX, DataKeyError, decrypt, encrypt
from bot.db.models import FsmRecord
from bot.db.types import utcnow
from bot.db.uow import unit_of_work

if TYPE_CHECKING:  # redis is imported only where REDIS_URL is set
    from aiogram.fsm.storage.redis import RedisStorage
    from redis.asyncio import Redis

log = logging.getLogger(__name__)


def _record_key(key: StorageKey) -> str:
    return ":".join(
        str(part)
        for part in (
            key.bot_id,
            key.business_connection_id or "",
            key.chat_id,
            key.thread_id or "",
            key.user_id,
            key.destiny,
        )
    )


_Records = dict[str, tuple[str | None, dict[str, Any]]]


@functools.cache
def _delete_statement() -> Delete:
    """Forget one conversation (bound ``key``), built once per process."""
    return delete(FsmRecord).where(FsmRecord.key == bindparam("key"))


@functools.cache
def _upsert_statement(dialect: str) -> Any:
    """Insert the record or update the one there, with bound values, built once per dialect
    (SQLite and PostgreSQL both upsert): building it cost more than running it on SQLite."""
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    # On the table, not the mapped class: the ORM's bulk insert would leave out a ``None``
    # state (a column not sent), and this is one plain statement.
    upsert = insert(cast(Table, FsmRecord.__table__))
    return upsert.on_conflict_do_update(
        index_elements=[FsmRecord.key],
        set_={
            "state": upsert.excluded.state,
            "data": upsert.excluded.data,
            "updated_at": upsert.excluded.updated_at,
        },
    )


def _seen_in(session: AsyncSession) -> _Records:
    """The FSM records the session's current transaction has read or written.

    Tied to that transaction: after a rollback (or a commit) the next transaction reads again.
    """
    transaction = session.sync_session.get_transaction()
    cached: tuple[object, _Records] | None = session.info.get("fsm")
    if cached is None or transaction is None or cached[0] is not transaction:
        cached = (transaction, {})
        if transaction is not None:
            session.info["fsm"] = cached
    return cached[1]


@functools.cache
def _record_query() -> Select[tuple[str | None, dict[str, Any] | None]]:
    """One conversation's record by its key (bound ``key``), built once per process."""
    return select(FsmRecord.state, FsmRecord.data).where(FsmRecord.key == bindparam("key"))


class SqlStorage(BaseStorage):
    """aiogram FSM storage on the ``fsm_states`` table.

    ``cache``: keep a write-through copy in memory. Only safe when this process is the only
    writer (the embedded SQLite default); never with several replicas on PostgreSQL.
    """

    def __init__(self, sessions: async_sessionmaker[AsyncSession], *, cache: bool = False) -> None:
        self.sessions = sessions
        engine = sessions.kw.get("bind")
        assert isinstance(engine, AsyncEngine), "the session factory must be bound to an engine"
        self.engine = engine
        self._cache: dict[str, tuple[str | None, dict[str, Any]]] | None = {} if cache else None

    async def _load(self, key: StorageKey) -> tuple[str | None, dict[str, Any]]:
        record_key = _record_key(key)
        query = _record_query()
        values = {"key": record_key}
        session = current_session.get()
        if session is not None:
            # Inside an update: read what this transaction may already have written — once;
            # aiogram asks for the state and the data separately, often several times.
            seen = _seen_in(session)
            if record_key not in seen:
                if self._cache is not None and record_key in self._cache:
                    seen[record_key] = self._cache[record_key]
                else:
                    row = (await session.execute(query, values)).first()
                    # Looked up again: the transaction may have begun with this very read.
                    seen = _seen_in(session)
                    seen[record_key] = (row[0], dict(row[1] or {})) if row else (None, {})
                    if self._cache is not None:
                        self._cache[record_key] = seen[record_key]
            state, data = seen[record_key]
            return state, dict(data)
        if self._cache is not None and record_key in self._cache:
            return self._cache[record_key]
        async with self.engine.connect() as connection:
            autocommit = await connection.execution_options(isolation_level="AUTOCOMMIT")
            row = (await autocommit.execute(query, values)).first()
        value: tuple[str | None, dict[str, Any]] = (
            (row[0], dict(row[1] or {})) if row else (None, {})
        )
        if self._cache is not None:
            self._cache[record_key] = value
        return value

    def prefetch_key(self, key: StorageKey) -> str | None:
        """The record key the member middleware should read with the member, in the same
        statement (:func:`bot.access.load_member_and_conversation`); ``None`` when this
        process's cache already holds it (the embedded default: no read at all)."""
        record_key = _record_key(key)
        if self._cache is not None and record_key in self._cache:
            return None
        return record_key

    def prefetched(
        self, session: AsyncSession, key: StorageKey, value: tuple[str | None, dict[str, Any]]
    ) -> None:
        """What the member middleware read for ``key`` in ``session``'s transaction: the
        handlers' ``get_state``/``get_data`` take it from there instead of reading again."""
        record_key = _record_key(key)
        _seen_in(session).setdefault(record_key, (value[0], dict(value[1])))
        if self._cache is not None:
            self._cache[record_key] = (value[0], dict(value[1]))

    async def _save(self, key: StorageKey, state: str | None, data: dict[str, Any]) -> None:
        record_key = _record_key(key)
        if self._cache is not None:
            # Dropped, not updated: the update's transaction may still roll back.
            self._cache.pop(record_key, None)
        session = current_session.get()
        if session is not None:
            await self._write(session, key, record_key, state, data)
            _seen_in(session)[record_key] = (state, dict(data))
            return
        async with unit_of_work(self.sessions) as own:
            await self._write(own, key, record_key, state, data)

    @staticmethod
    async def _write(
        session: AsyncSession,
        key: StorageKey,
        record_key: str,
        state: str | None,
        data: dict[str, Any],
    ) -> None:
        if state is None and not data:
            await session.execute(_delete_statement(), {"key": record_key})
            return
        # One statement: insert, or update the row that is there.
        await session.execute(
            _upsert_statement(session.get_bind().dialect.name),
            {
                "key": record_key,
                "user_id": key.user_id,
                "chat_id": key.chat_id,
                "state": state,
                "data": data,
                "updated_at": utcnow(),
            },
        )

    async def set_state(self, key: StorageKey, state: StateType = None) -> None:
        value = state.state if isinstance(state, State) else state
        current, data = await self._load(key)
        if value != current:
            await self._save(key, value, data)

    async def get_state(self, key: StorageKey) -> str | None:
        return (await self._load(key))[0]

    async def set_data(self, key: StorageKey, data: Mapping[str, Any]) -> None:
        state, current = await self._load(key)
        # Most updates end with ``state.clear()`` on a member who has no state: no write then.
        if dict(data) != current:
            await self._save(key, state, dict(data))

    async def get_data(self, key: StorageKey) -> dict[str, Any]:
        return dict((await self._load(key))[1])

    async def forget_user(self, user_id: int) -> None:
        """Erase every conversation state of a member (privacy erasure)."""
        statement = delete(FsmRecord).where(FsmRecord.user_id == user_id)
        session = current_session.get()
        if session is not None:
            await session.execute(statement)
            session.info.pop("fsm", None)
        else:
            async with unit_of_work(self.sessions) as own:
                await own.execute(statement)
        if self._cache is not None:
            for record_key in [k for k in self._cache if k.split(":")[4] == str(user_id)]:
                del self._cache[record_key]

    async def close(self) -> None:
        if self._cache is not None:
            self._cache.clear()


class LockedContextMiddleware(FSMContextMiddleware):
    """aiogram's FSM middleware (the conversation's context under the event isolation lock)
    without its own read of the state: ``raw_state`` is put by the member middleware, which runs
    next, inside the lock — with the SQL storage, read in the member's own statement
    (:meth:`SqlStorage.prefetch_key`), so a returning member's read-only update is one query."""

    async def __call__(
        self,
        handler: Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]],
        event: TelegramObject,
        data: dict[str, Any],
    ) -> Any:
        context = self.resolve_event_context(cast(Bot, data["bot"]), data)
        data["fsm_storage"] = self.storage
        if context is None:
            return await handler(event, data)
        # The state is read after the lock is taken (aiogram issue 1317), by the next middleware.
        async with self.events_isolation.lock(key=context.key):
            data["state"] = context
            return await handler(event, data)


# A conversation left this long without a change is forgotten (wizard state and data).
FSM_TTL = timedelta(days=30)


def sealed_dumps(data: Any) -> str:
    """Wizard data as Redis keeps it: encrypted JSON."""
    return encrypt(json.dumps(data, ensure_ascii=False))


def sealed_loads(value: str) -> Any:
    """Wizard data from Redis; data no configured key opens (a removed key) is forgotten — the
    member's wizard starts over — rather than an error for every update of theirs."""
    try:
        return json.loads(decrypt(value))
    except DataKeyError:
        log.warning("fsm: wizard data under a removed key was forgotten")
        return {}


def create_redis_storage(redis: Redis) -> RedisStorage:
    """Redis FSM storage; keys carry the bot id so several bots may share one Redis."""
    from aiogram.fsm.storage.redis import RedisStorage

    return RedisStorage(
        redis=redis,
        key_builder=DefaultKeyBuilder(prefix="prichal:fsm", with_bot_id=True, with_destiny=True),
        state_ttl=int(FSM_TTL.total_seconds()),
        data_ttl=int(FSM_TTL.total_seconds()),
        json_loads=sealed_loads,
        json_dumps=sealed_dumps,
    )


async def reencrypt_redis_fsm(redis: Redis) -> int:
    """``rotate-key``: every wizard's data in Redis again under the first key (its expiry kept);
    returns how many values were rewritten."""
    count = 0
    async for name in redis.scan_iter(match="prichal:fsm:*", count=500):
        value = await redis.get(name)
        text = value.decode() if isinstance(value, bytes) else value
        if isinstance(text, str) and text.startswith(PREFIX):
            try:
                fresh = encrypt(decrypt(text))
            except DataKeyError:
                continue  # under a key no longer listed: it will be forgotten when read
            await redis.set(name, fresh, keepttl=True)
            count += 1
    return count


async def purge_stale_fsm(session: AsyncSession, now: datetime) -> int:
    """Delete the table's conversations untouched for :data:`FSM_TTL`; returns how many."""
    result = await session.execute(delete(FsmRecord).where(FsmRecord.updated_at < now - FSM_TTL))
    return int(cast(Any, result).rowcount or 0)


async def forget_user_in_redis(redis: Redis, bot_id: int, user_id: int) -> None:
    """Erase every FSM key of a member from Redis (any chat: private chat and groups)."""
    pattern = f"prichal:fsm:{bot_id}:*{user_id}:*"
    async for redis_key in redis.scan_iter(match=pattern, count=500):
        parts = (redis_key.decode() if isinstance(redis_key, bytes) else str(redis_key)).split(":")
        if str(user_id) in parts[3:]:
            await redis.delete(redis_key)
