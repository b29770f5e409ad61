"""directory of community groups

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-23
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

JSON = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")
BIG_ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")

revision: str = "0003"
down_revision: str | Sequence[str] | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "directory_groups",
        sa.Column("id", BIG_ID, autoincrement=True, nullable=False),
        sa.Column("slug", sa.String(length=64), nullable=False),
        sa.Column("title", sa.String(length=128), nullable=False),
        sa.Column("link", sa.String(length=256), nullable=False),
        sa.Column("link_key", sa.String(length=256), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("country", sa.String(length=2), nullable=False),
        sa.Column("city", sa.String(length=64), nullable=True),
        sa.Column("professions", JSON, nullable=False),
        sa.Column("interests", JSON, nullable=False),
        sa.Column("languages", JSON, nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("is_demo", sa.Boolean(), nullable=False),
        sa.Column("verified_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("verified_by", sa.BigInteger(), nullable=True),
        sa.Column("submitted_by", sa.BigInteger(), nullable=True),
        sa.Column("link_checked_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("link_check", sa.String(length=16), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["submitted_by"],
            ["members.id"],
            name=op.f("fk_directory_groups_submitted_by_members"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_directory_groups")),
        sa.UniqueConstraint("slug", name=op.f("uq_directory_groups_slug")),
    )
    with op.batch_alter_table("directory_groups", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_directory_groups_link_key"), ["link_key"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_directory_groups_submitted_by"), ["submitted_by"], unique=False
        )
        batch_op.create_index(
            "ix_directory_groups_place", ["status", "country", "city"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("directory_groups", schema=None) as batch_op:
        batch_op.drop_index("ix_directory_groups_place")
        batch_op.drop_index(batch_op.f("ix_directory_groups_submitted_by"))
        batch_op.drop_index(batch_op.f("ix_directory_groups_link_key"))

    op.drop_table("directory_groups")
