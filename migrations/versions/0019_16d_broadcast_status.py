"""broadcasts: the author's live status message, the final report, signing and the sender's role, unsubscribes

Revision ID: 0019_16d
Revises: 0019_16c
Create Date: 2026-12-07
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0019_16d"
down_revision: str | Sequence[str] | None = "0019_16c"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("broadcasts", schema=None) as batch_op:
        batch_op.add_column(sa.Column("signed_as", sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column("sender_role", sa.String(length=16), nullable=True))
        # Existing rows start at 0; the models give the value from then on.
        batch_op.add_column(
            sa.Column("unsubscribed_count", sa.Integer(), nullable=False, server_default="0")
        )
        batch_op.add_column(sa.Column("status_message_id", sa.BigInteger(), nullable=True))
        batch_op.add_column(sa.Column("status_shown", sa.String(length=64), nullable=True))
        batch_op.add_column(
            sa.Column("status_edited_at", sa.DateTime(timezone=True), nullable=True)
        )
        batch_op.add_column(sa.Column("reported_at", sa.DateTime(timezone=True), nullable=True))
    # SQLite rebuilds the table for this: its surrogate key stays AUTOINCREMENT (ids are
    # never reused, migration 0010).
    with op.batch_alter_table(
        "broadcasts", schema=None, table_kwargs={"sqlite_autoincrement": True}
    ) as batch_op:
        batch_op.alter_column("unsubscribed_count", server_default=None)


def downgrade() -> None:
    with op.batch_alter_table("broadcasts", schema=None) as batch_op:
        batch_op.drop_column("reported_at")
        batch_op.drop_column("status_edited_at")
        batch_op.drop_column("status_shown")
        batch_op.drop_column("status_message_id")
        batch_op.drop_column("unsubscribed_count")
        batch_op.drop_column("sender_role")
        batch_op.drop_column("signed_as")
