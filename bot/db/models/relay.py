"""Contact through the bot: a conversation about one listing between its author and one
member who responded. Neither side learns the other's id, name or username unless that side
itself chooses to show its @username (which is sent once, never stored).

Nor does a reader of the database: both sides' ids are stored encrypted (the bot reads them to
deliver), and the responder is found by a keyed pseudonym (``responder_key``), so without the
data key the table says that *someone* wrote about a listing, never who.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, Index, SmallInteger, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from bot.db.base import Base
from bot.db.crypto import EncryptedInt, EncryptedText, pseudonym_info
from bot.db.types import BigIntId, UtcDateTime, utcnow

#: The pseudonym purpose of a conversation's responder.
RELAY_RESPONDER = "relay-responder"


class RelayThread(Base):
    __tablename__ = "relay_threads"

    id: Mapped[int] = mapped_column(BigIntId, primary_key=True, autoincrement=True)
    # Exactly one of the two: the listing the conversation is about.
    job_id: Mapped[int | None] = mapped_column(ForeignKey("jobs.id", ondelete="CASCADE"))
    offer_id: Mapped[int | None] = mapped_column(ForeignKey("offers.id", ondelete="CASCADE"))
    # Both sides, encrypted (erasure finds the author by the listing, the responder by the key).
    author_ref: Mapped[int] = mapped_column(EncryptedInt)
    responder_ref: Mapped[int] = mapped_column(EncryptedInt)
    responder_key: Mapped[str] = mapped_column(
        String(40), info=pseudonym_info(RELAY_RESPONDER, "responder_ref")
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
        UniqueConstraint("job_id", "responder_key"),
        UniqueConstraint("offer_id", "responder_key"),
        Index("ix_relay_threads_responder_key", "responder_key"),
    )

    @property
    def author_id(self) -> int:
        return self.author_ref

    @property
    def responder_id(self) -> int:
        return self.responder_ref

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
