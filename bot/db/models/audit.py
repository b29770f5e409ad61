"""The audit trail: every privileged action and every refusal, one row each.

Member ids here are plain columns (no foreign key): the actor may be a bootstrap admin who
never started the bot. Erasure anonymises them (see ``bot.features.privacy.service``).
Details carry ids and slugs only, never free text typed by members.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import BigInteger, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from bot.db.base import Base
from bot.db.types import BigIntId, Json, UtcDateTime, utcnow


class AuditOutcome(StrEnum):
    OK = "ok"
    DENIED = "denied"


class AuditEntry(Base):
    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(BigIntId, primary_key=True, autoincrement=True)
    at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow, index=True)
    actor_id: Mapped[int | None] = mapped_column(BigInteger, index=True)
    action: Mapped[str] = mapped_column(String(64))
    outcome: Mapped[AuditOutcome] = mapped_column(String(16), default=AuditOutcome.OK)
    # The member the action was about (a grant's target, say), if any.
    subject_id: Mapped[int | None] = mapped_column(BigInteger, index=True)
    # Any other object: ("group", "ge-tbilisi-it"), ("faq", "ge/bank-account")...
    target_kind: Mapped[str | None] = mapped_column(String(32))
    target_id: Mapped[str | None] = mapped_column(String(128))
    scope: Mapped[str | None] = mapped_column(String(2))
    details: Mapped[dict[str, Any]] = mapped_column(Json, default=dict)

    __table_args__ = (Index("ix_audit_log_target", "target_kind", "target_id"),)
