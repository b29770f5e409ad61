"""events: how many people came (an aggregate the organiser records after the event)

Revision ID: 0018b
Revises: 0017a
Create Date: 2026-12-07
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0018b"
down_revision: str | Sequence[str] | None = "0017a"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("events", schema=None) as batch_op:
        batch_op.add_column(sa.Column("attended_count", sa.Integer(), nullable=True))
        batch_op.add_column(
            sa.Column("attendance_recorded_at", sa.DateTime(timezone=True), nullable=True)
        )


def downgrade() -> None:
    with op.batch_alter_table("events", schema=None) as batch_op:
        batch_op.drop_column("attendance_recorded_at")
        batch_op.drop_column("attended_count")
