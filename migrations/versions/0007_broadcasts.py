"""broadcasts, one delivery row per recipient, unsubscribe reason counts, the audience index

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-02
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

JSON = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")
BIG_ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
OPEN = "status IN ('pending', 'deferred', 'sending')"

revision: str = "0007"
down_revision: str | Sequence[str] | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "broadcasts",
        sa.Column("id", BIG_ID, autoincrement=True, nullable=False),
        sa.Column("author_id", sa.BigInteger(), nullable=True),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("scope", sa.String(length=2), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("entities", JSON, nullable=False),
        sa.Column("media_kind", sa.String(length=8), nullable=True),
        sa.Column("media_file_id", sa.String(length=256), nullable=True),
        sa.Column("button_text", sa.String(length=64), nullable=True),
        sa.Column("button_url", sa.String(length=300), nullable=True),
        sa.Column("countries", JSON, nullable=False),
        sa.Column("cities", JSON, nullable=False),
        sa.Column("professions", JSON, nullable=False),
        sa.Column("interests", JSON, nullable=False),
        sa.Column("languages", JSON, nullable=False),
        sa.Column("event_id", BIG_ID, nullable=True),
        sa.Column("total_count", sa.Integer(), nullable=False),
        sa.Column("sent_count", sa.Integer(), nullable=False),
        sa.Column("failed_count", sa.Integer(), nullable=False),
        sa.Column("materialised_upto", sa.BigInteger(), nullable=False),
        sa.Column("materialised", sa.Boolean(), nullable=False),
        sa.Column("approved_by", sa.BigInteger(), nullable=True),
        sa.Column("approved_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["author_id"],
            ["members.id"],
            name=op.f("fk_broadcasts_author_id_members"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["event_id"],
            ["events.id"],
            name=op.f("fk_broadcasts_event_id_events"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_broadcasts")),
    )
    op.create_index(op.f("ix_broadcasts_author_id"), "broadcasts", ["author_id"], unique=False)
    op.create_index("ix_broadcasts_status", "broadcasts", ["status"], unique=False)
    op.create_table(
        "broadcast_deliveries",
        sa.Column("id", BIG_ID, autoincrement=True, nullable=False),
        sa.Column("broadcast_id", BIG_ID, nullable=False),
        sa.Column("member_id", sa.BigInteger(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("attempts", sa.SmallInteger(), nullable=False),
        sa.Column("next_attempt_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("claimed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("claimed_by", sa.String(length=64), nullable=True),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("message_id", sa.BigInteger(), nullable=True),
        sa.Column("error", sa.String(length=32), nullable=True),
        sa.ForeignKeyConstraint(
            ["broadcast_id"],
            ["broadcasts.id"],
            name=op.f("fk_broadcast_deliveries_broadcast_id_broadcasts"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["member_id"],
            ["members.id"],
            name=op.f("fk_broadcast_deliveries_member_id_members"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_broadcast_deliveries")),
        sa.UniqueConstraint("broadcast_id", "member_id", name="uq_broadcast_deliveries_member"),
    )
    op.create_index(
        "ix_broadcast_deliveries_open",
        "broadcast_deliveries",
        ["broadcast_id", "id"],
        unique=False,
        postgresql_where=sa.text(OPEN),
        sqlite_where=sa.text(OPEN),
    )
    op.create_index(
        "ix_broadcast_deliveries_progress",
        "broadcast_deliveries",
        ["broadcast_id", "status"],
        unique=False,
    )
    op.create_index(
        "ix_broadcast_deliveries_member", "broadcast_deliveries", ["member_id"], unique=False
    )
    op.create_table(
        "broadcast_unsubscribe_reasons",
        sa.Column("reason", sa.String(length=32), nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("reason", name=op.f("pk_broadcast_unsubscribe_reasons")),
    )
    op.create_index(
        "ix_members_audience",
        "members",
        ["country", "city", "locale", "id"],
        unique=False,
        postgresql_where=sa.text("broadcasts_opt_in = true AND status = 'active'"),
        sqlite_where=sa.text("broadcasts_opt_in = 1 AND status = 'active'"),
    )


def downgrade() -> None:
    op.drop_index("ix_members_audience", table_name="members")
    op.drop_table("broadcast_unsubscribe_reasons")
    op.drop_index("ix_broadcast_deliveries_member", table_name="broadcast_deliveries")
    op.drop_index("ix_broadcast_deliveries_progress", table_name="broadcast_deliveries")
    op.drop_index("ix_broadcast_deliveries_open", table_name="broadcast_deliveries")
    op.drop_table("broadcast_deliveries")
    op.drop_index("ix_broadcasts_status", table_name="broadcasts")
    op.drop_index(op.f("ix_broadcasts_author_id"), table_name="broadcasts")
    op.drop_table("broadcasts")
