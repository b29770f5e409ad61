"""Work owed to staff members outside any update: their "/" menu and their queue notices."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, Integer
from sqlalchemy.orm import Mapped, mapped_column

from bot.db.base import Base
from bot.db.types import UtcDateTime, utcnow


class StaffMenuSync(Base):
    """A member whose chat-scoped "/" menu must be set again (a role granted or revoked, the
    member erased). Written in the decision's transaction; the admin feature's job makes the
    Telegram call after the commit and deletes the row (``due_at`` moves on after a failure).
    Only the Telegram id: role grants already say who is staff."""

    __tablename__ = "staff_menu_syncs"

    member_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    due_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    attempts: Mapped[int] = mapped_column(Integer, default=0)


class QueueNotice(Base):
    """When a moderator was last told about new items in the review queue: the next notice
    waits an hour after it and counts only what was queued (or reported) since."""

    __tablename__ = "queue_notices"

    member_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    notified_at: Mapped[datetime] = mapped_column(UtcDateTime)
