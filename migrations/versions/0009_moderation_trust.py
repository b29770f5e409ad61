"""moderation that cannot be fooled: bans that outlive erasure, report outcomes, deferred erasure

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-07
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: str | Sequence[str] | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # A banned Telegram id as a keyed hash (bot.db.crypto.pseudonym("ban", id)): kept after
    # the member erased themselves, checked when that id starts the bot again.
    op.create_table(
        "bans",
        sa.Column("pseudonym", sa.String(length=40), nullable=False),
        sa.Column("banned_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("pseudonym"),
    )
    # What a moderator made of a report: upheld (the listing came down) or dismissed (kept).
    op.add_column("reports", sa.Column("outcome", sa.String(length=16), nullable=True))
    op.create_index("ix_reports_reporter", "reports", ["reporter_id", "created_at"])
    # /delete_me while under an open report: erased once a moderator has decided.
    op.add_column(
        "members", sa.Column("erase_requested_at", sa.DateTime(timezone=True), nullable=True)
    )


def downgrade() -> None:
    op.drop_column("members", "erase_requested_at")
    op.drop_index("ix_reports_reporter", table_name="reports")
    op.drop_column("reports", "outcome")
    op.drop_table("bans")
