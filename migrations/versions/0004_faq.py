"""knowledge base: faq entries, texts, feedback, votes, knowledge gaps, index version

Revision ID: 0004
Revises: 0002
Create Date: 2026-11-23
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

JSON = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")
BIG_ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")

revision: str = "0004"
down_revision: str | Sequence[str] | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "faq_entries",
        sa.Column("id", BIG_ID, autoincrement=True, nullable=False),
        sa.Column("slug", sa.String(length=64), nullable=False),
        sa.Column("country", sa.String(length=2), nullable=False),
        sa.Column("topic", sa.String(length=32), nullable=False),
        sa.Column("volatility", sa.String(length=8), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("sources", JSON, nullable=False),
        sa.Column("verified_at", sa.Date(), nullable=True),
        sa.Column("verified_by", sa.BigInteger(), nullable=True),
        sa.Column("review_by", sa.Date(), nullable=True),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_by", sa.BigInteger(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_faq_entries")),
        sa.UniqueConstraint("slug", name=op.f("uq_faq_entries_slug")),
    )
    with op.batch_alter_table("faq_entries", schema=None) as batch_op:
        batch_op.create_index("ix_faq_entries_country_topic", ["country", "topic"], unique=False)

    op.create_table(
        "faq_texts",
        sa.Column("entry_id", sa.BigInteger(), nullable=False),
        sa.Column("lang", sa.String(length=8), nullable=False),
        sa.Column("question", sa.Text(), nullable=False),
        sa.Column("answer", sa.Text(), nullable=False),
        sa.Column("keywords", JSON, nullable=False),
        sa.ForeignKeyConstraint(
            ["entry_id"],
            ["faq_entries.id"],
            name=op.f("fk_faq_texts_entry_id_faq_entries"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("entry_id", "lang", name=op.f("pk_faq_texts")),
    )

    op.create_table(
        "faq_feedback",
        sa.Column("entry_id", sa.BigInteger(), nullable=False),
        sa.Column("shown", sa.Integer(), nullable=False),
        sa.Column("helpful", sa.Integer(), nullable=False),
        sa.Column("unhelpful", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["entry_id"],
            ["faq_entries.id"],
            name=op.f("fk_faq_feedback_entry_id_faq_entries"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("entry_id", name=op.f("pk_faq_feedback")),
    )

    op.create_table(
        "faq_gaps",
        sa.Column("id", BIG_ID, autoincrement=True, nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("status", sa.String(length=8), nullable=False),
        sa.Column("signature", sa.Text(), nullable=False),
        sa.Column("entry_slug", sa.String(length=64), nullable=True),
        sa.Column("country", sa.String(length=2), nullable=False),
        sa.Column("lang", sa.String(length=8), nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.Column("first_seen", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_seen", sa.DateTime(timezone=True), nullable=False),
        sa.Column("closed_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_faq_gaps")),
    )
    with op.batch_alter_table("faq_gaps", schema=None) as batch_op:
        batch_op.create_index("ix_faq_gaps_open", ["status", "country", "lang"], unique=False)

    op.create_table(
        "faq_gap_questions",
        sa.Column("id", BIG_ID, autoincrement=True, nullable=False),
        sa.Column("gap_id", sa.BigInteger(), nullable=False),
        sa.Column("member_id", sa.BigInteger(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("asked_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["gap_id"],
            ["faq_gaps.id"],
            name=op.f("fk_faq_gap_questions_gap_id_faq_gaps"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_faq_gap_questions")),
        sa.UniqueConstraint("gap_id", "member_id", name=op.f("uq_faq_gap_questions_gap_id")),
    )
    with op.batch_alter_table("faq_gap_questions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_faq_gap_questions_gap_id"), ["gap_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_faq_gap_questions_member_id"), ["member_id"], unique=False
        )

    op.create_table(
        "faq_votes",
        sa.Column("member_id", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("entry_id", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("helpful", sa.Boolean(), nullable=False),
        sa.Column("voted_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["entry_id"],
            ["faq_entries.id"],
            name=op.f("fk_faq_votes_entry_id_faq_entries"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("member_id", "entry_id", name=op.f("pk_faq_votes")),
    )

    version = op.create_table(
        "faq_index_version",
        sa.Column("id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("version", sa.BigInteger(), nullable=False),
        sa.Column("changed_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_faq_index_version")),
    )
    # The one row every change bumps (bot.features.faq.service.INDEX_VERSION_ID).
    op.bulk_insert(version, [{"id": 1, "version": 0, "changed_at": datetime.now(UTC)}])


def downgrade() -> None:
    op.drop_table("faq_index_version")
    op.drop_table("faq_votes")
    with op.batch_alter_table("faq_gap_questions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_faq_gap_questions_member_id"))
        batch_op.drop_index(batch_op.f("ix_faq_gap_questions_gap_id"))
    op.drop_table("faq_gap_questions")
    with op.batch_alter_table("faq_gaps", schema=None) as batch_op:
        batch_op.drop_index("ix_faq_gaps_open")
    op.drop_table("faq_gaps")
    op.drop_table("faq_feedback")
    op.drop_table("faq_texts")
    with op.batch_alter_table("faq_entries", schema=None) as batch_op:
        batch_op.drop_index("ix_faq_entries_country_topic")
    op.drop_table("faq_entries")
