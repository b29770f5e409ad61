"""The legal and banking knowledge base: entries, their texts per language, feedback and
knowledge gaps (questions the base could not answer well).

An entry's texts live one row per language (``ru`` and ``en`` are complete; more languages may
follow without a schema change). What is about a member — their vote on an answer
(:class:`FaqVote`) and the questions they asked that became gaps (:class:`FaqGapQuestion`) —
names them only by a keyed pseudonym (HMAC with the data key: a vote on "military registration"
tells a reader of the database nothing about who voted; the id itself is kept only encrypted,
for ``rotate-key``), is exported by /my_data and erased by
/delete_me (``bot.features.faq.privacy``); the counters of :class:`FaqFeedback` and
:class:`FaqGap` are anonymous aggregates.
"""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import (
    BigInteger,
    Boolean,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from bot.db.base import Base
from bot.db.crypto import EncryptedInt, EncryptedText, pseudonym_info
from bot.db.types import BigIntId, Json, UtcDateTime, utcnow

#: Pseudonym purposes: who voted on an answer, who asked a question that became a gap.
FAQ_VOTER = "faq-voter"
GAP_ASKER = "faq-gap-asker"

#: ``country`` of an entry that applies in every country.
GLOBAL_ENTRY = "*"


class FaqStatus(StrEnum):
    DRAFT = "draft"  # being written; not searchable
    PUBLISHED = "published"
    ARCHIVED = "archived"  # withdrawn; kept for the record, not searchable


class Volatility(StrEnum):
    """How often the facts behind an entry change (decides the next review date)."""

    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"


class FaqEntry(Base):
    """One answer of the knowledge base, for one country (or ``*``) and one topic."""

    __tablename__ = "faq_entries"

    id: Mapped[int] = mapped_column(BigIntId, primary_key=True, autoincrement=True)
    # "<country lowercase or 'global'>/<topic>": the stable id import and export use.
    slug: Mapped[str] = mapped_column(String(64), unique=True)
    country: Mapped[str] = mapped_column(String(2))  # ISO alpha-2, or "*"
    topic: Mapped[str] = mapped_column(String(32))
    volatility: Mapped[Volatility] = mapped_column(String(8), default=Volatility.MEDIUM)
    status: Mapped[FaqStatus] = mapped_column(String(16), default=FaqStatus.DRAFT)
    sources: Mapped[list[str]] = mapped_column(Json, default=list)
    # When the answer was last compared with its sources (by the authors of the starter base,
    # an import, or a moderator). Not a confirmation: only ``verified_at`` is one.
    checked_on: Mapped[date | None] = mapped_column(Date)
    # Set only by a moderator's confirmation in the bot (or an import carrying one).
    verified_at: Mapped[date | None] = mapped_column(Date)
    verified_by: Mapped[int | None] = mapped_column(BigInteger)  # a moderator's id
    # checked_on + 90/180/365 days by volatility: when the answer is due for review.
    review_by: Mapped[date | None] = mapped_column(Date)
    # Bumped by every change of this entry (the search index follows FaqIndexVersion instead).
    revision: Mapped[int] = mapped_column(Integer, default=1)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    updated_by: Mapped[int | None] = mapped_column(BigInteger)  # a moderator's id

    texts: Mapped[list[FaqEntryText]] = relationship(
        back_populates="entry",
        cascade="all, delete-orphan",
        lazy="selectin",
        order_by="FaqEntryText.lang",
    )

    __table_args__ = (Index("ix_faq_entries_country_topic", "country", "topic"),)

    def text(self, lang: str) -> FaqEntryText | None:
        """The text in ``lang``, else Russian, else English, else any."""
        by_lang = {t.lang: t for t in self.texts}
        for code in (lang, "ru", "en", *sorted(by_lang)):
            if code in by_lang:
                return by_lang[code]
        return None


class FaqEntryText(Base):
    """One language version of an entry."""

    __tablename__ = "faq_texts"

    entry_id: Mapped[int] = mapped_column(
        BigInteger,
        ForeignKey("faq_entries.id", ondelete="CASCADE"),
        primary_key=True,
        autoincrement=False,
    )
    lang: Mapped[str] = mapped_column(String(8), primary_key=True)
    question: Mapped[str] = mapped_column(Text)
    answer: Mapped[str] = mapped_column(Text)
    keywords: Mapped[list[str]] = mapped_column(Json, default=list)
    # The practical part (contract: steps, documents, where, cost, timeline, caveats): lists
    # of short lines or one line each; absent keys are not shown.
    details: Mapped[dict[str, Any] | None] = mapped_column(Json, default=dict)

    entry: Mapped[FaqEntry] = relationship(back_populates="texts")


class FaqFeedback(Base):
    """How often an entry was the answer, and how members rated it. Counters only: no ids."""

    __tablename__ = "faq_feedback"

    entry_id: Mapped[int] = mapped_column(
        BigInteger,
        ForeignKey("faq_entries.id", ondelete="CASCADE"),
        primary_key=True,
        autoincrement=False,
    )
    shown: Mapped[int] = mapped_column(Integer, default=0)
    helpful: Mapped[int] = mapped_column(Integer, default=0)
    unhelpful: Mapped[int] = mapped_column(Integer, default=0)


class GapKind(StrEnum):
    NO_MATCH = "no_match"  # no entry answered the question well
    UNHELPFUL = "unhelpful"  # an answer was marked 👎


class GapStatus(StrEnum):
    OPEN = "open"
    CLOSED = "closed"


class FaqGap(Base):
    """A question the knowledge base does not answer well, grouped with similar ones.

    ``signature`` is what grouping compares: keyed hashes of the stems of the question's
    content words, never the words (``bot.features.faq.gap_signature``; taken from the oldest
    question still in the group). The questions themselves (encrypted) are
    :class:`FaqGapQuestion` rows; ``count`` is how many members asked.
    """

    __tablename__ = "faq_gaps"

    id: Mapped[int] = mapped_column(BigIntId, primary_key=True, autoincrement=True)
    kind: Mapped[GapKind] = mapped_column(String(16))
    status: Mapped[GapStatus] = mapped_column(String(8), default=GapStatus.OPEN)
    signature: Mapped[str] = mapped_column(Text, default="")
    entry_slug: Mapped[str | None] = mapped_column(String(64))  # the unhelpful answer
    country: Mapped[str] = mapped_column(String(2))  # the country asked about, or "*"
    lang: Mapped[str] = mapped_column(String(8))
    count: Mapped[int] = mapped_column(Integer, default=1)
    first_seen: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    last_seen: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    closed_at: Mapped[datetime | None] = mapped_column(UtcDateTime)

    __table_args__ = (Index("ix_faq_gaps_open", "status", "country", "lang"),)


class FaqGapQuestion(Base):
    """One member's question in a gap (once per member and gap; asking again refreshes it).

    Kept so that moderators read what people really asked, and erased with the member.
    """

    __tablename__ = "faq_gap_questions"

    id: Mapped[int] = mapped_column(BigIntId, primary_key=True, autoincrement=True)
    gap_id: Mapped[int] = mapped_column(
        BigInteger, ForeignKey("faq_gaps.id", ondelete="CASCADE"), index=True
    )
    member_key: Mapped[str] = mapped_column(
        String(40), index=True, info=pseudonym_info(GAP_ASKER, "member_ref")
    )
    member_ref: Mapped[int] = mapped_column(EncryptedInt)
    text: Mapped[str] = mapped_column(EncryptedText)
    asked_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)

    __table_args__ = (UniqueConstraint("gap_id", "member_key"),)


class FaqVote(Base):
    """A member's 👍/👎 on an answer: one per member and entry, so counters cannot be stuffed."""

    __tablename__ = "faq_votes"

    member_key: Mapped[str] = mapped_column(
        String(40), primary_key=True, info=pseudonym_info(FAQ_VOTER, "member_ref")
    )
    member_ref: Mapped[int] = mapped_column(EncryptedInt)
    entry_id: Mapped[int] = mapped_column(
        BigInteger,
        ForeignKey("faq_entries.id", ondelete="CASCADE"),
        primary_key=True,
        autoincrement=False,
    )
    helpful: Mapped[bool] = mapped_column(Boolean)
    voted_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)


class FaqIndexVersion(Base):
    """One row: bumped in the same transaction as every change to entries, so each process
    notices with one primary-key read per question that its search index is out of date."""

    __tablename__ = "faq_index_version"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    version: Mapped[int] = mapped_column(BigInteger, default=0)
    changed_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)


class FaqReviewDigest(Base):
    """When a moderator last got the weekly knowledge-base review digest (erased with them)."""

    __tablename__ = "faq_review_digests"

    member_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    sent_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
