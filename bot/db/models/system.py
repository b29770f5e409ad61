"""Infrastructure tables: durable FSM state, the record of loaded starter content, and the data
key's canary."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import BigInteger, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from bot.db.base import Base
from bot.db.crypto import EncryptedJson, EncryptedText
from bot.db.types import UtcDateTime, utcnow


class FsmRecord(Base):
    """A conversation's FSM state and data when Redis is not configured.

    ``user_id`` is kept apart from the key so erasure can find every record of a member. The
    data is encrypted: a wizard keeps what the member typed (a question, a draft) there. Records
    untouched for :data:`bot.fsm.FSM_TTL` are deleted by the worker, as Redis expires its keys.
    """

    __tablename__ = "fsm_states"

    key: Mapped[str] = mapped_column(String(255), primary_key=True)
    user_id: Mapped[int] = mapped_column(BigInteger, index=True)
    chat_id: Mapped[int] = mapped_column(BigInteger)
    state: Mapped[str | None] = mapped_column(String(255))
    data: Mapped[dict[str, Any]] = mapped_column(EncryptedJson, default=dict)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow, onupdate=utcnow)


class DataKeyCanary(Base):
    """One row: a known text encrypted with the first data key. At start it shows whether the
    configured keys open this database (``bot.db.keys``); ``rotate-key`` re-encrypts it with
    the rest."""

    __tablename__ = "data_key_canary"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    token: Mapped[str] = mapped_column(EncryptedText)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)


class SeededContent(Base):
    """One starter item once loaded; loading again never re-creates or overwrites it."""

    __tablename__ = "seeded_content"

    kind: Mapped[str] = mapped_column(String(32), primary_key=True)
    key: Mapped[str] = mapped_column(String(128), primary_key=True)
    loaded_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
