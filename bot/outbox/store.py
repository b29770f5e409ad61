"""Writing outbox rows, and forgetting a member's (erasure)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from aiogram.types import InlineKeyboardMarkup
from sqlalchemy import delete, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.crypto import pseudonym, pseudonyms
from bot.db.models import OUTBOX_RECIPIENT, OutboxMessage, OutboxStatus
from bot.db.types import utcnow


@dataclass(frozen=True)
class Outgoing:
    """A message as Telegram will get it (HTML text in the bot's default parse mode)."""

    text: str
    markup: InlineKeyboardMarkup | None = None
    # What the kind's ``undelivered`` hook needs (ids, never shown): stored encrypted with it.
    ref: Mapping[str, Any] = field(default_factory=dict)

    def to_payload(self) -> dict[str, Any]:
        markup = None if self.markup is None else self.markup.model_dump(exclude_none=True)
        return {"text": self.text, "markup": markup, "ref": dict(self.ref)}

    @classmethod
    def from_payload(cls, payload: dict[str, Any]) -> Outgoing:
        markup = payload.get("markup")
        return cls(
            str(payload["text"]),
            None if markup is None else InlineKeyboardMarkup.model_validate(markup),
            dict(payload.get("ref") or {}),
        )


async def enqueue(
    session: AsyncSession,
    kind: str,
    recipient_id: int,
    message: Outgoing,
    *,
    due_at: datetime | None = None,
) -> OutboxMessage:
    """Owe ``recipient_id`` this message: a row in the caller's transaction, sent after it
    commits (never if it rolls back). ``kind`` names who decided it (metrics, logs)."""
    row = OutboxMessage(
        kind=kind,
        recipient_key=pseudonym(OUTBOX_RECIPIENT, recipient_id),
        recipient_ref=recipient_id,
        payload=message.to_payload(),
        status=OutboxStatus.PENDING,
        due_at=due_at or utcnow(),
        attempts=0,
    )
    # The flush counts the outbox as written: the commit wakes the loop (``bot.worker.wake``).
    session.add(row)
    await session.flush()
    return row


async def pending_for(session: AsyncSession, recipient_id: int) -> int:
    """How many messages are still owed to ``recipient_id``."""
    count = await session.scalar(
        select(func.count(OutboxMessage.id)).where(
            OutboxMessage.recipient_key.in_(pseudonyms(OUTBOX_RECIPIENT, recipient_id))
        )
    )
    return int(count or 0)


async def forget_recipient(session: AsyncSession, recipient_id: int) -> int:
    """Erasure: drop every message still owed to ``recipient_id``; returns how many."""
    result = await session.execute(
        delete(OutboxMessage).where(
            OutboxMessage.recipient_key.in_(pseudonyms(OUTBOX_RECIPIENT, recipient_id))
        )
    )
    return int(getattr(result, "rowcount", 0) or 0)
