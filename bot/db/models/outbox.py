"""The outbox: every message the bot owes a member other than the one it is answering.

A row is written in the transaction of the update (or job) that decided the message, so a
rolled-back decision sends nothing; :mod:`bot.outbox` delivers it after the commit. The row is
personal data: the recipient is held as a keyed pseudonym (``recipient_key``: found by it, for
erasure) and their id encrypted (``recipient_ref``: read to write to them); the message itself
is encrypted. A delivered row is deleted: the outbox keeps nothing once its message is out.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import Index, SmallInteger, String
from sqlalchemy.orm import Mapped, mapped_column

from bot.db.base import Base
from bot.db.crypto import EncryptedInt, EncryptedJson, pseudonym_info
from bot.db.types import BigIntId, UtcDateTime, utcnow

#: The pseudonym purpose of an outbox row's recipient.
OUTBOX_RECIPIENT = "outbox-recipient"


class OutboxStatus(StrEnum):
    PENDING = "pending"  # waiting for its ``due_at``
    SENDING = "sending"  # claimed by a worker until ``lease_until`` (then claimable again)


class OutboxMessage(Base):
    """One message owed to one member, sent once by the delivery loop, then deleted."""

    __tablename__ = "outbox"

    id: Mapped[int] = mapped_column(BigIntId, primary_key=True, autoincrement=True)
    # Who decided it (``moderation.decision``, ``relay.message``...): metrics and the loop's
    # per-kind renderers; never shown to anyone.
    kind: Mapped[str] = mapped_column(String(32))
    recipient_key: Mapped[str] = mapped_column(
        String(40), info=pseudonym_info(OUTBOX_RECIPIENT, "recipient_ref")
    )
    recipient_ref: Mapped[int] = mapped_column(EncryptedInt)
    # ``{"text": ..., "markup": {...} | None}`` (or what the kind's renderer reads), encrypted.
    payload: Mapped[Any] = mapped_column(EncryptedJson)
    status: Mapped[OutboxStatus] = mapped_column(String(16), default=OutboxStatus.PENDING)
    due_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    lease_until: Mapped[datetime | None] = mapped_column(UtcDateTime)
    # Claims so far: a row claimed too often (it keeps killing workers, or 5xx) is given up.
    attempts: Mapped[int] = mapped_column(SmallInteger, default=0)
    error: Mapped[str | None] = mapped_column(String(32))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)

    __table_args__ = (
        Index("ix_outbox_due", "status", "due_at"),
        Index("ix_outbox_recipient", "recipient_key"),
    )
