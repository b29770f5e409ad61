"""events, RSVPs, organisers' messages and the notices owed about them (reminders, promotions,
moves, cancellations, messages)

Revision ID: 0006
Revises: 0002
Create Date: 2026-12-01
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

JSON = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")
BIG_ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")

revision: str = "0006"
down_revision: str | Sequence[str] | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "events",
        sa.Column("id", BIG_ID, autoincrement=True, nullable=False),
        sa.Column("organiser_id", sa.BigInteger(), nullable=True),
        sa.Column("title", sa.String(length=120), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("starts_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("ends_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("timezone", sa.String(length=64), nullable=False),
        sa.Column("venue", sa.String(length=300), nullable=True),
        sa.Column("online_url", sa.String(length=300), nullable=True),
        sa.Column("country", sa.String(length=2), nullable=False),
        sa.Column("city", sa.String(length=64), nullable=True),
        sa.Column("professions", JSON, nullable=False),
        sa.Column("interests", JSON, nullable=False),
        sa.Column("capacity", sa.Integer(), nullable=True),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("sequence", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["organiser_id"],
            ["members.id"],
            name=op.f("fk_events_organiser_id_members"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_events")),
    )
    op.create_index("ix_events_listing", "events", ["status", "country", "starts_at"], unique=False)
    op.create_index(op.f("ix_events_organiser_id"), "events", ["organiser_id"], unique=False)
    op.create_table(
        "event_messages",
        sa.Column("id", BIG_ID, autoincrement=True, nullable=False),
        sa.Column("event_id", BIG_ID, nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["event_id"],
            ["events.id"],
            name=op.f("fk_event_messages_event_id_events"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_event_messages")),
    )
    op.create_index(
        op.f("ix_event_messages_event_id"), "event_messages", ["event_id"], unique=False
    )
    op.create_table(
        "event_notices",
        sa.Column("id", BIG_ID, autoincrement=True, nullable=False),
        sa.Column("event_id", BIG_ID, nullable=False),
        sa.Column("member_id", sa.BigInteger(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("once_key", sa.String(length=40), nullable=False),
        sa.Column("due_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("attempts", sa.SmallInteger(), nullable=False),
        sa.Column("lease_until", sa.DateTime(timezone=True), nullable=True),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("sequence", sa.Integer(), nullable=False),
        sa.Column("message_id", BIG_ID, nullable=True),
        sa.Column("error", sa.String(length=32), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["event_id"],
            ["events.id"],
            name=op.f("fk_event_notices_event_id_events"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["member_id"],
            ["members.id"],
            name=op.f("fk_event_notices_member_id_members"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["message_id"],
            ["event_messages.id"],
            name=op.f("fk_event_notices_message_id_event_messages"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_event_notices")),
        sa.UniqueConstraint("event_id", "member_id", "once_key", name="uq_event_notices_once"),
    )
    op.create_index("ix_event_notices_due", "event_notices", ["status", "due_at"], unique=False)
    op.create_index("ix_event_notices_event", "event_notices", ["event_id", "status"], unique=False)
    op.create_index("ix_event_notices_member", "event_notices", ["member_id"], unique=False)
    op.create_index("ix_event_notices_message", "event_notices", ["message_id"], unique=False)
    op.create_table(
        "event_rsvps",
        sa.Column("event_id", BIG_ID, nullable=False),
        sa.Column("member_id", sa.BigInteger(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("queued_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["event_id"],
            ["events.id"],
            name=op.f("fk_event_rsvps_event_id_events"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["member_id"],
            ["members.id"],
            name=op.f("fk_event_rsvps_member_id_members"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("event_id", "member_id", name=op.f("pk_event_rsvps")),
    )
    op.create_index(
        "ix_event_rsvps_event", "event_rsvps", ["event_id", "status", "queued_at"], unique=False
    )
    op.create_index("ix_event_rsvps_member", "event_rsvps", ["member_id"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_event_rsvps_member", table_name="event_rsvps")
    op.drop_index("ix_event_rsvps_event", table_name="event_rsvps")
    op.drop_table("event_rsvps")
    op.drop_index("ix_event_notices_message", table_name="event_notices")
    op.drop_index("ix_event_notices_member", table_name="event_notices")
    op.drop_index("ix_event_notices_event", table_name="event_notices")
    op.drop_index("ix_event_notices_due", table_name="event_notices")
    op.drop_table("event_notices")
    op.drop_index(op.f("ix_event_messages_event_id"), table_name="event_messages")
    op.drop_table("event_messages")
    op.drop_index(op.f("ix_events_organiser_id"), table_name="events")
    op.drop_index("ix_events_listing", table_name="events")
    op.drop_table("events")
