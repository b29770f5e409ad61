"""Contact through the bot: a conversation about one listing between its author and one
member who responded. Neither side learns the other's id, name or username unless that side
itself chooses to show its @username (which is sent once, never stored).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, SmallInteger, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from bot.db.base import Base
from bot.db.crypto import EncryptedText
from bot.db.types import BigIntId, UtcDateTime, utcnow


class RelayThread(Base):
    __tablename__ = "relay_threads"

    id: Mapped[int] = mapped_column(BigIntId, primary_key=True, autoincrement=True)
    # Exactly one of the two: the listing the conversation is about.
    job_id: Mapped[int | None] = mapped_column(ForeignKey("jobs.id", ondelete="CASCADE"))
    offer_id: Mapped[int | None] = mapped_column(ForeignKey("offers.id", ondelete="CASCADE"))
    author_id: Mapped[int] = mapped_column(ForeignKey("members.id", ondelete="CASCADE"), index=True)
    responder_id: Mapped[int] = mapped_column(
        ForeignKey("members.id", ondelete="CASCADE"), index=True
    )
    # Each side may block the other: no more messages in this thread either way.
    blocked_by_author: Mapped[bool] = mapped_column(Boolean, default=False)
    blocked_by_responder: Mapped[bool] = mapped_column(Boolean, default=False)
    # When a side showed its @username to the other (the username itself is not kept).
    author_revealed_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    responder_revealed_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    # Who wrote last and how many in a row: one side may not flood the other.
    last_from_author: Mapped[bool | None] = mapped_column(Boolean)
    streak: Mapped[int] = mapped_column(SmallInteger, default=0)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    last_message_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)

    __table_args__ = (
        UniqueConstraint("job_id", "responder_id"),
        UniqueConstraint("offer_id", "responder_id"),
    )

    @property
    def is_blocked(self) -> bool:
        return self.blocked_by_author or self.blocked_by_responder


class RelayMessage(Base):
    """One relayed text (kept so that a reported conversation can be reviewed; erased with
    either side)."""

    __tablename__ = "relay_messages"

    id: Mapped[int] = mapped_column(BigIntId, primary_key=True, autoincrement=True)
    thread_id: Mapped[int] = mapped_column(
        ForeignKey("relay_threads.id", ondelete="CASCADE"), index=True
    )
    from_author: Mapped[bool] = mapped_column(Boolean)
    text: Mapped[str] = mapped_column(EncryptedText)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
