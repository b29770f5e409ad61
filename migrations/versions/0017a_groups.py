"""the bot inside community groups: the chats it is in, newcomers at the door, its actions
(reversible), and bans shared by an alliance of groups

Revision ID: 0017a
Revises: 0010
Create Date: 2026-12-07

Group members' ids are kept only encrypted (``*_ref``) beside a keyed pseudonym, and only as
long as the bot must act on them (see ``bot.db.models.chats``).
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0017a"
down_revision: str | Sequence[str] | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "alliance_bans",
        sa.Column(
            "id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            autoincrement=True,
            nullable=False,
        ),
        sa.Column("alliance", sa.String(length=32), nullable=False),
        sa.Column("member_key", sa.String(length=40), nullable=False),
        sa.Column("reason", sa.String(length=40), nullable=False),
        sa.Column("moderator_id", sa.BigInteger(), nullable=True),
        sa.Column("source_chat", sa.BigInteger(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("appeal", sa.Text(), nullable=True),
        sa.Column("appeal_ref", sa.Text(), nullable=True),
        sa.Column("lifted_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_alliance_bans")),
        sa.UniqueConstraint("alliance", "member_key", name="uq_alliance_bans_member"),
        sqlite_autoincrement=True,
    )
    op.create_table(
        "group_chats",
        sa.Column("chat_id", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("title", sa.String(length=128), nullable=False),
        sa.Column("group_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=True),
        sa.Column("link_confirmed", sa.Boolean(), nullable=False),
        sa.Column("bot_status", sa.String(length=16), nullable=False),
        sa.Column(
            "rights", sa.JSON().with_variant(postgresql.JSONB(), "postgresql"), nullable=False
        ),
        sa.Column("member_count", sa.Integer(), nullable=True),
        sa.Column("checked_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column(
            "settings", sa.JSON().with_variant(postgresql.JSONB(), "postgresql"), nullable=False
        ),
        sa.Column("alliance", sa.String(length=32), nullable=True),
        sa.Column("country", sa.String(length=2), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["group_id"],
            ["directory_groups.id"],
            name=op.f("fk_group_chats_group_id_directory_groups"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("chat_id", name=op.f("pk_group_chats")),
    )
    with op.batch_alter_table("group_chats", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_group_chats_alliance"), ["alliance"], unique=False)
        batch_op.create_index(batch_op.f("ix_group_chats_group_id"), ["group_id"], unique=False)

    op.create_table(
        "group_actions",
        sa.Column(
            "id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            autoincrement=True,
            nullable=False,
        ),
        sa.Column("chat_id", sa.BigInteger(), nullable=False),
        sa.Column("member_key", sa.String(length=40), nullable=True),
        sa.Column("user_ref", sa.Text(), nullable=True),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("reason", sa.String(length=40), nullable=False),
        sa.Column("message_id", sa.Integer(), nullable=True),
        sa.Column("note_id", sa.Integer(), nullable=True),
        sa.Column("note_until", sa.DateTime(timezone=True), nullable=True),
        sa.Column("until", sa.DateTime(timezone=True), nullable=True),
        sa.Column("text", sa.Text(), nullable=True),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("actor_id", sa.BigInteger(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("done_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("reversed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("reversed_by", sa.BigInteger(), nullable=True),
        sa.Column("false_positive", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["chat_id"],
            ["group_chats.chat_id"],
            name=op.f("fk_group_actions_chat_id_group_chats"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_group_actions")),
        sqlite_autoincrement=True,
    )
    with op.batch_alter_table("group_actions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_group_actions_chat_id"), ["chat_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_group_actions_member_key"), ["member_key"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_group_actions_note_until"), ["note_until"], unique=False
        )
        batch_op.create_index("ix_group_actions_status", ["status", "created_at"], unique=False)

    op.create_table(
        "group_newcomers",
        sa.Column(
            "id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            autoincrement=True,
            nullable=False,
        ),
        sa.Column("chat_id", sa.BigInteger(), nullable=False),
        sa.Column("member_key", sa.String(length=40), nullable=False),
        sa.Column("user_ref", sa.Text(), nullable=False),
        sa.Column("joined_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("door_deadline", sa.DateTime(timezone=True), nullable=True),
        sa.Column("by_request", sa.Boolean(), nullable=False),
        sa.Column("welcome_message_id", sa.Integer(), nullable=True),
        sa.Column("welcome_delete_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("messages", sa.Integer(), nullable=False),
        sa.Column("window_start", sa.DateTime(timezone=True), nullable=True),
        sa.Column("window_count", sa.Integer(), nullable=False),
        sa.Column("keep_until", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["chat_id"],
            ["group_chats.chat_id"],
            name=op.f("fk_group_newcomers_chat_id_group_chats"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_group_newcomers")),
        sa.UniqueConstraint("chat_id", "member_key", name="uq_group_newcomers_member"),
        sqlite_autoincrement=True,
    )
    with op.batch_alter_table("group_newcomers", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_group_newcomers_chat_id"), ["chat_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_group_newcomers_door_deadline"), ["door_deadline"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_group_newcomers_keep_until"), ["keep_until"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_group_newcomers_member_key"), ["member_key"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_group_newcomers_welcome_delete_at"), ["welcome_delete_at"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("group_newcomers", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_group_newcomers_welcome_delete_at"))
        batch_op.drop_index(batch_op.f("ix_group_newcomers_member_key"))
        batch_op.drop_index(batch_op.f("ix_group_newcomers_keep_until"))
        batch_op.drop_index(batch_op.f("ix_group_newcomers_door_deadline"))
        batch_op.drop_index(batch_op.f("ix_group_newcomers_chat_id"))

    op.drop_table("group_newcomers")
    with op.batch_alter_table("group_actions", schema=None) as batch_op:
        batch_op.drop_index("ix_group_actions_status")
        batch_op.drop_index(batch_op.f("ix_group_actions_note_until"))
        batch_op.drop_index(batch_op.f("ix_group_actions_member_key"))
        batch_op.drop_index(batch_op.f("ix_group_actions_chat_id"))

    op.drop_table("group_actions")
    with op.batch_alter_table("group_chats", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_group_chats_group_id"))
        batch_op.drop_index(batch_op.f("ix_group_chats_alliance"))

    op.drop_table("group_chats")
    op.drop_table("alliance_bans")
