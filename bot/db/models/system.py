"""Infrastructure tables: durable FSM state and the record of loaded starter content."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import BigInteger, String
from sqlalchemy.orm import Mapped, mapped_column

from bot.db.base import Base
from bot.db.types import Json, UtcDateTime, utcnow


class FsmRecord(Base):
    """A conversation's FSM state and data when Redis is not configured.

    ``user_id`` is kept apart from the key so erasure can find every record of a member.
    """

    __tablename__ = "fsm_states"

    key: Mapped[str] = mapped_column(String(255), primary_key=True)
    user_id: Mapped[int] = mapped_column(BigInteger, index=True)
    chat_id: Mapped[int] = mapped_column(BigInteger)
    state: Mapped[str | None] = mapped_column(String(255))
    data: Mapped[dict[str, Any]] = mapped_column(Json, default=dict)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow, onupdate=utcnow)


class SeededContent(Base):
    """One starter item once loaded; loading again never re-creates or overwrites it."""

    __tablename__ = "seeded_content"

    kind: Mapped[str] = mapped_column(String(32), primary_key=True)
    key: Mapped[str] = mapped_column(String(128), primary_key=True)
    loaded_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
