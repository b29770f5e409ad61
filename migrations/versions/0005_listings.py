"""job board, mutual-aid offers and requests, notices, contact through the bot (relay)

Revision ID: 0005
Revises: 0002
Create Date: 2026-11-22
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

JSON = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")
BIG_ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")

revision: str = "0005"
down_revision: str | Sequence[str] | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "job_subscriptions",
        sa.Column("id", BIG_ID, autoincrement=True, nullable=False),
        sa.Column("member_id", sa.BigInteger(), nullable=False),
        sa.Column("country", sa.String(length=2), nullable=True),
        sa.Column("city", sa.String(length=64), nullable=True),
        sa.Column("remote", sa.Boolean(), nullable=False),
        sa.Column("profession", sa.String(length=32), nullable=True),
        sa.Column("mode", sa.String(length=8), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["member_id"],
            ["members.id"],
            name=op.f("fk_job_subscriptions_member_id_members"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_job_subscriptions")),
    )
    with op.batch_alter_table("job_subscriptions", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_job_subscriptions_member_id"), ["member_id"], unique=False
        )
        batch_op.create_index("ix_job_subscriptions_place", ["country", "remote"], unique=False)

    op.create_table(
        "jobs",
        sa.Column("id", BIG_ID, autoincrement=True, nullable=False),
        sa.Column("company", sa.String(length=120), nullable=True),
        sa.Column("remote", sa.Boolean(), nullable=False),
        sa.Column("employment", sa.String(length=16), nullable=False),
        sa.Column("languages", JSON, nullable=False),
        sa.Column("salary", sa.String(length=80), nullable=True),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("how_to_apply", sa.Text(), nullable=False),
        sa.Column("author_id", sa.BigInteger(), nullable=False),
        sa.Column("title", sa.String(length=120), nullable=False),
        sa.Column("country", sa.String(length=2), nullable=True),
        sa.Column("city", sa.String(length=64), nullable=True),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("scam_flags", JSON, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("published_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("renewal_prompted_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("closed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("notified_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["author_id"],
            ["members.id"],
            name=op.f("fk_jobs_author_id_members"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_jobs")),
    )
    with op.batch_alter_table("jobs", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_jobs_author_id"), ["author_id"], unique=False)
        batch_op.create_index("ix_jobs_browse", ["status", "country", "published_at"], unique=False)
        batch_op.create_index("ix_jobs_expiry", ["status", "expires_at"], unique=False)

    op.create_table(
        "offers",
        sa.Column("id", BIG_ID, autoincrement=True, nullable=False),
        sa.Column("kind", sa.String(length=8), nullable=False),
        sa.Column("category", sa.String(length=32), nullable=False),
        sa.Column("urgency", sa.String(length=8), nullable=True),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("author_id", sa.BigInteger(), nullable=False),
        sa.Column("title", sa.String(length=120), nullable=False),
        sa.Column("country", sa.String(length=2), nullable=True),
        sa.Column("city", sa.String(length=64), nullable=True),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("scam_flags", JSON, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("published_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("renewal_prompted_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("closed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("notified_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["author_id"],
            ["members.id"],
            name=op.f("fk_offers_author_id_members"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_offers")),
    )
    with op.batch_alter_table("offers", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_offers_author_id"), ["author_id"], unique=False)
        batch_op.create_index(
            "ix_offers_browse", ["status", "kind", "country", "category"], unique=False
        )
        batch_op.create_index("ix_offers_expiry", ["status", "expires_at"], unique=False)

    op.create_table(
        "job_professions",
        sa.Column("job_id", BIG_ID, nullable=False),
        sa.Column("slug", sa.String(length=32), nullable=False),
        sa.ForeignKeyConstraint(
            ["job_id"], ["jobs.id"], name=op.f("fk_job_professions_job_id_jobs"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("job_id", "slug", name=op.f("pk_job_professions")),
    )
    with op.batch_alter_table("job_professions", schema=None) as batch_op:
        batch_op.create_index("ix_job_professions_slug", ["slug", "job_id"], unique=False)

    op.create_table(
        "listing_notices",
        sa.Column("id", BIG_ID, autoincrement=True, nullable=False),
        sa.Column("member_id", sa.BigInteger(), nullable=False),
        sa.Column("reason", sa.String(length=16), nullable=False),
        sa.Column("job_id", BIG_ID, nullable=True),
        sa.Column("offer_id", BIG_ID, nullable=True),
        sa.Column("digest", sa.Boolean(), nullable=False),
        sa.Column("due_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("attempts", sa.SmallInteger(), nullable=False),
        sa.Column("claimed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["job_id"], ["jobs.id"], name=op.f("fk_listing_notices_job_id_jobs"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["member_id"],
            ["members.id"],
            name=op.f("fk_listing_notices_member_id_members"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["offer_id"],
            ["offers.id"],
            name=op.f("fk_listing_notices_offer_id_offers"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_listing_notices")),
        sa.UniqueConstraint(
            "job_id", "member_id", "reason", name=op.f("uq_listing_notices_job_id")
        ),
        sa.UniqueConstraint(
            "offer_id", "member_id", "reason", name=op.f("uq_listing_notices_offer_id")
        ),
    )
    with op.batch_alter_table("listing_notices", schema=None) as batch_op:
        batch_op.create_index("ix_listing_notices_due", ["claimed_at", "due_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_listing_notices_job_id"), ["job_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_listing_notices_member_id"), ["member_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_listing_notices_offer_id"), ["offer_id"], unique=False)

    op.create_table(
        "relay_threads",
        sa.Column("id", BIG_ID, autoincrement=True, nullable=False),
        sa.Column("job_id", BIG_ID, nullable=True),
        sa.Column("offer_id", BIG_ID, nullable=True),
        sa.Column("author_id", sa.BigInteger(), nullable=False),
        sa.Column("responder_id", sa.BigInteger(), nullable=False),
        sa.Column("blocked_by_author", sa.Boolean(), nullable=False),
        sa.Column("blocked_by_responder", sa.Boolean(), nullable=False),
        sa.Column("author_revealed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("responder_revealed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("last_from_author", sa.Boolean(), nullable=True),
        sa.Column("streak", sa.SmallInteger(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_message_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["author_id"],
            ["members.id"],
            name=op.f("fk_relay_threads_author_id_members"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["job_id"], ["jobs.id"], name=op.f("fk_relay_threads_job_id_jobs"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["offer_id"],
            ["offers.id"],
            name=op.f("fk_relay_threads_offer_id_offers"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["responder_id"],
            ["members.id"],
            name=op.f("fk_relay_threads_responder_id_members"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_relay_threads")),
        sa.UniqueConstraint("job_id", "responder_id", name=op.f("uq_relay_threads_job_id")),
        sa.UniqueConstraint("offer_id", "responder_id", name=op.f("uq_relay_threads_offer_id")),
    )
    with op.batch_alter_table("relay_threads", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_relay_threads_author_id"), ["author_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_relay_threads_responder_id"), ["responder_id"], unique=False
        )

    op.create_table(
        "relay_messages",
        sa.Column("id", BIG_ID, autoincrement=True, nullable=False),
        sa.Column("thread_id", BIG_ID, nullable=False),
        sa.Column("from_author", sa.Boolean(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["thread_id"],
            ["relay_threads.id"],
            name=op.f("fk_relay_messages_thread_id_relay_threads"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_relay_messages")),
    )
    with op.batch_alter_table("relay_messages", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_relay_messages_thread_id"), ["thread_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("relay_messages", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_relay_messages_thread_id"))

    op.drop_table("relay_messages")
    with op.batch_alter_table("relay_threads", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_relay_threads_responder_id"))
        batch_op.drop_index(batch_op.f("ix_relay_threads_author_id"))

    op.drop_table("relay_threads")
    with op.batch_alter_table("listing_notices", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_listing_notices_offer_id"))
        batch_op.drop_index(batch_op.f("ix_listing_notices_member_id"))
        batch_op.drop_index(batch_op.f("ix_listing_notices_job_id"))
        batch_op.drop_index("ix_listing_notices_due")

    op.drop_table("listing_notices")
    with op.batch_alter_table("job_professions", schema=None) as batch_op:
        batch_op.drop_index("ix_job_professions_slug")

    op.drop_table("job_professions")
    with op.batch_alter_table("offers", schema=None) as batch_op:
        batch_op.drop_index("ix_offers_expiry")
        batch_op.drop_index("ix_offers_browse")
        batch_op.drop_index(batch_op.f("ix_offers_author_id"))

    op.drop_table("offers")
    with op.batch_alter_table("jobs", schema=None) as batch_op:
        batch_op.drop_index("ix_jobs_expiry")
        batch_op.drop_index("ix_jobs_browse")
        batch_op.drop_index(batch_op.f("ix_jobs_author_id"))

    op.drop_table("jobs")
    with op.batch_alter_table("job_subscriptions", schema=None) as batch_op:
        batch_op.drop_index("ix_job_subscriptions_place")
        batch_op.drop_index(batch_op.f("ix_job_subscriptions_member_id"))

    op.drop_table("job_subscriptions")
