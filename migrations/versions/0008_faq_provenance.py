"""knowledge base provenance: checked_on, practical fields, review digests for moderators

An entry's ``checked_on`` is when its answer was last compared with its sources; only a
moderator's confirmation sets ``verified_at``/``verified_by``. The starter base of earlier
versions wrote a source's date into ``verified_at`` with nobody's id: those dates move to
``checked_on`` here, so no entry claims a confirmation nobody gave.

Also the point where the per-feature branches (0003 directory, 0004 knowledge base, 0005
listings, 0007 broadcasts) join: from here the history is one line.

Revision ID: 0008
Revises: 0003, 0004, 0005, 0007
Create Date: 2026-12-06
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

JSON = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")

revision: str = "0008"
down_revision: str | Sequence[str] | None = ("0003", "0004", "0005", "0007")
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("faq_entries", schema=None) as batch_op:
        batch_op.add_column(sa.Column("checked_on", sa.Date(), nullable=True))
    with op.batch_alter_table("faq_texts", schema=None) as batch_op:
        batch_op.add_column(sa.Column("details", JSON, nullable=True))
    op.execute(
        "UPDATE faq_entries SET checked_on = verified_at, verified_at = NULL "
        "WHERE verified_at IS NOT NULL AND verified_by IS NULL"
    )
    op.create_table(
        "faq_review_digests",
        sa.Column("member_id", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("member_id", name=op.f("pk_faq_review_digests")),
    )


def downgrade() -> None:
    op.drop_table("faq_review_digests")
    op.execute(
        "UPDATE faq_entries SET verified_at = checked_on "
        "WHERE verified_at IS NULL AND checked_on IS NOT NULL"
    )
    with op.batch_alter_table("faq_texts", schema=None) as batch_op:
        batch_op.drop_column("details")
    with op.batch_alter_table("faq_entries", schema=None) as batch_op:
        batch_op.drop_column("checked_on")
