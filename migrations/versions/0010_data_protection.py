"""data protection: links between members as pseudonyms, their ids encrypted; sensitive
interests apart; encrypted wizard data; the data key's canary; ids never reused on SQLite

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-06

A stolen database file must not tell who wrote to, reported or answered whom, who goes to
which event, who asked what, or who has a sensitive interest. Each such link now holds the
member as a keyed pseudonym (HMAC-SHA256 under the data key: ``bot.db.crypto.pseudonym``, looked
up by it) and, where the bot must read the id back, the id encrypted (Fernet):

* ``relay_threads``: ``author_id``/``responder_id`` → ``author_ref``/``responder_ref``
  (encrypted) and ``responder_key`` (pseudonym; the uniques now on it);
* ``reports``: ``reporter_id`` → ``reporter_key`` + ``reporter_ref``;
* ``event_rsvps`` (primary key ``event_id, member_key``), ``event_notices``, ``faq_votes``
  (primary key ``member_key, entry_id``), ``faq_gap_questions``: ``member_id`` →
  ``member_key`` + ``member_ref``;
* ``faq_gaps.signature``: the stems in clear → keyed hashes (``bot.features.faq.gap_signature``);
* ``member_interests`` of sensitive slugs (psychology, faith-ethnic, health) move to the new
  ``member_sealed_interests`` (pseudonym + encrypted id; no rowid on SQLite);
* ``fsm_states.data``: JSON → encrypted JSON (text);
* ``members.last_seen_at`` is kept to the day;
* delivery rows of finished announcements to an event's attendees or to a sensitive interest
  are deleted (their counts stay on the broadcast).

Existing rows are converted here, in the same transaction as the schema, so this migration
needs the data key: ``python -m bot migrate`` (and the embedded default's start, and
``alembic upgrade``, whose ``env.py`` opens the keys the same way) checks the key against the
database first and configures it. A database with rows to convert and no key configured stops
with one line. The downgrade converts back (the ids are decrypted); only the signatures of
open knowledge gaps cannot be recovered (they are emptied: those gaps group no new question).

Besides:

* ``data_key_canary``: one known text encrypted with the first data key, written at start
  (``bot.db.keys``): a missing or wrong key is refused instead of replaced.
* Every surrogate key becomes ``AUTOINCREMENT`` on SQLite, so an id freed by a deletion is never
  given to another row (PostgreSQL's sequences never go back). SQLite cannot alter a primary
  key: each table is rebuilt by the "12 steps" of SQLite's manual — a new table from the stored
  ``CREATE TABLE`` with the key made ``AUTOINCREMENT``, the rows copied, the old table dropped,
  the new one renamed, its indexes re-created from their stored SQL (partial ones included).
  ``bot.db.migrate.run_migrations`` keeps foreign keys off meanwhile and checks them all
  before the commit. The downgrade leaves ``AUTOINCREMENT`` in place (harmless to 0007).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Mapping, Sequence
from typing import Any

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

from bot.db import crypto

revision: str = "0010"
# It changes tables of every branch (directory, knowledge base, listings, events and
# broadcasts), so it merges them: one head again.
down_revision: str | Sequence[str] | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Every table with a surrogate key (``id``), as of this revision.
SURROGATE_KEYS = (
    "audit_log",
    "broadcast_deliveries",
    "broadcasts",
    "directory_groups",
    "event_messages",
    "event_notices",
    "events",
    "faq_entries",
    "faq_gap_questions",
    "faq_gaps",
    "job_subscriptions",
    "jobs",
    "listing_notices",
    "offers",
    "relay_messages",
    "relay_threads",
    "reports",
    "review_items",
)


# As in the code at this revision (bot.db.models): purposes and the sensitive interests.
RELAY_RESPONDER = "relay-responder"
REPORTER = "reporter"
EVENT_MEMBER = "event-member"
FAQ_VOTER = "faq-voter"
GAP_ASKER = "faq-gap-asker"
SEALED_INTEREST = "sealed-interest"
SENSITIVE_INTERESTS = ("psychology", "faith-ethnic", "health")
FINISHED_BROADCASTS = ("done", "cancelled")
JSON = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")
KEY = sa.String(length=40)


def upgrade() -> None:
    op.create_table(
        "data_key_canary",
        sa.Column("id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("token", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_data_key_canary")),
    )
    _relay_threads_up()
    _reports_up()
    _event_rsvps_up()
    _event_notices_up()
    _faq_votes_up()
    _faq_gap_questions_up()
    _faq_gaps_up()
    _sealed_interests_up()
    _fsm_states_up()
    _last_seen_to_the_day()
    _forget_sealed_recipients()
    if op.get_bind().dialect.name == "sqlite":
        for table in SURROGATE_KEYS:
            _sqlite_autoincrement(table)


def downgrade() -> None:
    """Everything back but ``AUTOINCREMENT`` (0007 works the same with it) and the signatures
    of open knowledge gaps (emptied: the words they stood for are not kept anywhere)."""
    _fsm_states_down()
    _sealed_interests_down()
    _faq_gaps_down()
    _faq_gap_questions_down()
    _faq_votes_down()
    _event_notices_down()
    _event_rsvps_down()
    _reports_down()
    _relay_threads_down()
    op.drop_table("data_key_canary")


# ---- converting rows ---------------------------------------------------------------------


def _rows(sql: str) -> list[Mapping[str, Any]]:
    return list(op.get_bind().execute(sa.text(sql)).mappings())


def _update(table: str, keys: Sequence[str], rows: list[dict[str, Any]]) -> None:
    """``UPDATE table SET ... WHERE keys`` for each of ``rows`` (new values and ``old_<key>``)."""
    if not rows:
        return
    values = [name for name in rows[0] if not name.startswith("old_")]
    sets = ", ".join(f"{name} = :{name}" for name in values)
    where = " AND ".join(f"{key} = :old_{key}" for key in keys)
    # Names from this file, never from data.
    statement = f"UPDATE {table} SET {sets} WHERE {where}"  # noqa: S608
    op.get_bind().execute(sa.text(statement), rows)


def _need_keys(rows: Sequence[object]) -> None:
    if rows and not crypto.keys_configured():
        raise RuntimeError(
            "migration 0010 converts existing rows with the data key: run `python -m bot "
            "migrate`, which opens PRICHAL_DATA_KEYS or the key file first"
        )


def _convert(
    table: str,
    keys: Sequence[str],
    columns: Sequence[str],
    compute: Callable[[Mapping[str, Any]], dict[str, Any]],
) -> None:
    """Read ``keys`` and ``columns`` of every row, write what ``compute`` gives back."""
    rows = _rows(f"SELECT {', '.join([*keys, *columns])} FROM {table}")  # noqa: S608
    _need_keys(rows)
    _update(
        table,
        keys,
        [{**compute(row), **{f"old_{key}": row[key] for key in keys}} for row in rows],
    )


def _ref(value: object) -> str:
    return crypto.encrypt(str(int(str(value))))


def _id(value: object) -> int:
    return int(crypto.decrypt(str(value)))


def _json(value: object) -> Any:
    return json.loads(value) if isinstance(value, str | bytes) else value


# ---- relay_threads ---------------------------------------------------------------------------


def _relay_threads_up() -> None:
    with op.batch_alter_table("relay_threads") as batch:
        batch.add_column(sa.Column("author_ref", sa.Text(), nullable=True))
        batch.add_column(sa.Column("responder_ref", sa.Text(), nullable=True))
        batch.add_column(sa.Column("responder_key", KEY, nullable=True))
    _convert(
        "relay_threads",
        ["id"],
        ["author_id", "responder_id"],
        lambda row: {
            "author_ref": _ref(row["author_id"]),
            "responder_ref": _ref(row["responder_id"]),
            "responder_key": crypto.pseudonym(RELAY_RESPONDER, row["responder_id"]),
        },
    )
    with op.batch_alter_table("relay_threads") as batch:
        batch.drop_constraint("uq_relay_threads_job_id", type_="unique")
        batch.drop_constraint("uq_relay_threads_offer_id", type_="unique")
        batch.drop_constraint("fk_relay_threads_author_id_members", type_="foreignkey")
        batch.drop_constraint("fk_relay_threads_responder_id_members", type_="foreignkey")
        batch.drop_index("ix_relay_threads_author_id")
        batch.drop_index("ix_relay_threads_responder_id")
        batch.drop_column("author_id")
        batch.drop_column("responder_id")
        for name in ("author_ref", "responder_ref"):
            batch.alter_column(name, existing_type=sa.Text(), nullable=False)
        batch.alter_column("responder_key", existing_type=KEY, nullable=False)
        batch.create_unique_constraint("uq_relay_threads_job_id", ["job_id", "responder_key"])
        batch.create_unique_constraint("uq_relay_threads_offer_id", ["offer_id", "responder_key"])
        batch.create_index("ix_relay_threads_responder_key", ["responder_key"], unique=False)


def _relay_threads_down() -> None:
    with op.batch_alter_table("relay_threads") as batch:
        batch.add_column(sa.Column("author_id", sa.BigInteger(), nullable=True))
        batch.add_column(sa.Column("responder_id", sa.BigInteger(), nullable=True))
    _convert(
        "relay_threads",
        ["id"],
        ["author_ref", "responder_ref"],
        lambda row: {
            "author_id": _id(row["author_ref"]),
            "responder_id": _id(row["responder_ref"]),
        },
    )
    with op.batch_alter_table("relay_threads") as batch:
        batch.drop_index("ix_relay_threads_responder_key")
        batch.drop_constraint("uq_relay_threads_job_id", type_="unique")
        batch.drop_constraint("uq_relay_threads_offer_id", type_="unique")
        batch.drop_column("author_ref")
        batch.drop_column("responder_ref")
        batch.drop_column("responder_key")
        batch.alter_column("author_id", existing_type=sa.BigInteger(), nullable=False)
        batch.alter_column("responder_id", existing_type=sa.BigInteger(), nullable=False)
        batch.create_foreign_key(
            "fk_relay_threads_author_id_members",
            "members",
            ["author_id"],
            ["id"],
            ondelete="CASCADE",
        )
        batch.create_foreign_key(
            "fk_relay_threads_responder_id_members",
            "members",
            ["responder_id"],
            ["id"],
            ondelete="CASCADE",
        )
        batch.create_index("ix_relay_threads_author_id", ["author_id"], unique=False)
        batch.create_index("ix_relay_threads_responder_id", ["responder_id"], unique=False)
        batch.create_unique_constraint("uq_relay_threads_job_id", ["job_id", "responder_id"])
        batch.create_unique_constraint("uq_relay_threads_offer_id", ["offer_id", "responder_id"])


# ---- one member column → pseudonym + encrypted id ---------------------------------------


def _member_to_key(
    table: str,
    keys: Sequence[str],
    purpose: str,
    *,
    member: str = "member_id",
    key: str = "member_key",
    ref: str = "member_ref",
) -> None:
    """Add ``key``/``ref`` (nullable) and fill them from ``member``."""
    with op.batch_alter_table(table) as batch:
        batch.add_column(sa.Column(key, KEY, nullable=True))
        batch.add_column(sa.Column(ref, sa.Text(), nullable=True))
    _convert(
        table,
        keys,
        [member],
        lambda row: {key: crypto.pseudonym(purpose, row[member]), ref: _ref(row[member])},
    )


def _key_to_member(
    table: str,
    keys: Sequence[str],
    *,
    member: str = "member_id",
    ref: str = "member_ref",
) -> None:
    """Add ``member`` (nullable) and fill it from ``ref``."""
    with op.batch_alter_table(table) as batch:
        batch.add_column(sa.Column(member, sa.BigInteger(), nullable=True))
    _convert(table, keys, [ref], lambda row: {member: _id(row[ref])})


def _reports_up() -> None:
    _member_to_key(
        "reports", ["id"], REPORTER, member="reporter_id", key="reporter_key", ref="reporter_ref"
    )
    with op.batch_alter_table("reports") as batch:
        batch.drop_constraint("fk_reports_reporter_id_members", type_="foreignkey")
        batch.drop_index("ix_reports_reporter_id")
        batch.drop_index("ix_reports_reporter")  # a reporter's record and rate (0009)
        batch.drop_column("reporter_id")
        batch.alter_column("reporter_key", existing_type=KEY, nullable=False)
        batch.alter_column("reporter_ref", existing_type=sa.Text(), nullable=False)
        batch.create_index("ix_reports_reporter_key", ["reporter_key"], unique=False)
        batch.create_index("ix_reports_reporter", ["reporter_key", "created_at"], unique=False)


def _reports_down() -> None:
    _key_to_member("reports", ["id"], member="reporter_id", ref="reporter_ref")
    with op.batch_alter_table("reports") as batch:
        batch.drop_index("ix_reports_reporter")
        batch.drop_index("ix_reports_reporter_key")
        batch.drop_column("reporter_key")
        batch.drop_column("reporter_ref")
        batch.alter_column("reporter_id", existing_type=sa.BigInteger(), nullable=False)
        batch.create_foreign_key(
            "fk_reports_reporter_id_members",
            "members",
            ["reporter_id"],
            ["id"],
            ondelete="CASCADE",
        )
        batch.create_index("ix_reports_reporter_id", ["reporter_id"], unique=False)
        batch.create_index("ix_reports_reporter", ["reporter_id", "created_at"], unique=False)


def _event_rsvps_up() -> None:
    _member_to_key("event_rsvps", ["event_id", "member_id"], EVENT_MEMBER)
    with op.batch_alter_table("event_rsvps") as batch:
        batch.drop_constraint("pk_event_rsvps", type_="primary")
        batch.drop_constraint("fk_event_rsvps_member_id_members", type_="foreignkey")
        batch.drop_index("ix_event_rsvps_member")
        batch.drop_column("member_id")
        batch.alter_column("member_key", existing_type=KEY, nullable=False)
        batch.alter_column("member_ref", existing_type=sa.Text(), nullable=False)
        batch.create_primary_key("pk_event_rsvps", ["event_id", "member_key"])
        batch.create_index("ix_event_rsvps_member", ["member_key"], unique=False)


def _event_rsvps_down() -> None:
    _key_to_member("event_rsvps", ["event_id", "member_key"])
    with op.batch_alter_table("event_rsvps") as batch:
        batch.drop_constraint("pk_event_rsvps", type_="primary")
        batch.drop_index("ix_event_rsvps_member")
        batch.drop_column("member_key")
        batch.drop_column("member_ref")
        batch.alter_column("member_id", existing_type=sa.BigInteger(), nullable=False)
        batch.create_primary_key("pk_event_rsvps", ["event_id", "member_id"])
        batch.create_foreign_key(
            "fk_event_rsvps_member_id_members",
            "members",
            ["member_id"],
            ["id"],
            ondelete="CASCADE",
        )
        batch.create_index("ix_event_rsvps_member", ["member_id"], unique=False)


def _event_notices_up() -> None:
    _member_to_key("event_notices", ["id"], EVENT_MEMBER)
    with op.batch_alter_table("event_notices") as batch:
        batch.drop_constraint("uq_event_notices_once", type_="unique")
        batch.drop_constraint("fk_event_notices_member_id_members", type_="foreignkey")
        batch.drop_index("ix_event_notices_member")
        batch.drop_column("member_id")
        batch.alter_column("member_key", existing_type=KEY, nullable=False)
        batch.alter_column("member_ref", existing_type=sa.Text(), nullable=False)
        batch.create_unique_constraint(
            "uq_event_notices_once", ["event_id", "member_key", "once_key"]
        )
        batch.create_index("ix_event_notices_member", ["member_key"], unique=False)


def _event_notices_down() -> None:
    _key_to_member("event_notices", ["id"])
    with op.batch_alter_table("event_notices") as batch:
        batch.drop_constraint("uq_event_notices_once", type_="unique")
        batch.drop_index("ix_event_notices_member")
        batch.drop_column("member_key")
        batch.drop_column("member_ref")
        batch.alter_column("member_id", existing_type=sa.BigInteger(), nullable=False)
        batch.create_foreign_key(
            "fk_event_notices_member_id_members",
            "members",
            ["member_id"],
            ["id"],
            ondelete="CASCADE",
        )
        batch.create_unique_constraint(
            "uq_event_notices_once", ["event_id", "member_id", "once_key"]
        )
        batch.create_index("ix_event_notices_member", ["member_id"], unique=False)


def _faq_votes_up() -> None:
    _member_to_key("faq_votes", ["member_id", "entry_id"], FAQ_VOTER)
    with op.batch_alter_table("faq_votes") as batch:
        batch.drop_constraint("pk_faq_votes", type_="primary")
        batch.drop_column("member_id")
        batch.alter_column("member_key", existing_type=KEY, nullable=False)
        batch.alter_column("member_ref", existing_type=sa.Text(), nullable=False)
        batch.create_primary_key("pk_faq_votes", ["member_key", "entry_id"])


def _faq_votes_down() -> None:
    _key_to_member("faq_votes", ["member_key", "entry_id"])
    with op.batch_alter_table("faq_votes") as batch:
        batch.drop_constraint("pk_faq_votes", type_="primary")
        batch.drop_column("member_key")
        batch.drop_column("member_ref")
        batch.alter_column("member_id", existing_type=sa.BigInteger(), nullable=False)
        batch.create_primary_key("pk_faq_votes", ["member_id", "entry_id"])


def _faq_gap_questions_up() -> None:
    _member_to_key("faq_gap_questions", ["id"], GAP_ASKER)
    with op.batch_alter_table("faq_gap_questions") as batch:
        batch.drop_constraint("uq_faq_gap_questions_gap_id", type_="unique")
        batch.drop_index("ix_faq_gap_questions_member_id")
        batch.drop_column("member_id")
        batch.alter_column("member_key", existing_type=KEY, nullable=False)
        batch.alter_column("member_ref", existing_type=sa.Text(), nullable=False)
        batch.create_unique_constraint("uq_faq_gap_questions_gap_id", ["gap_id", "member_key"])
        batch.create_index("ix_faq_gap_questions_member_key", ["member_key"], unique=False)


def _faq_gap_questions_down() -> None:
    _key_to_member("faq_gap_questions", ["id"])
    with op.batch_alter_table("faq_gap_questions") as batch:
        batch.drop_constraint("uq_faq_gap_questions_gap_id", type_="unique")
        batch.drop_index("ix_faq_gap_questions_member_key")
        batch.drop_column("member_key")
        batch.drop_column("member_ref")
        batch.alter_column("member_id", existing_type=sa.BigInteger(), nullable=False)
        batch.create_unique_constraint("uq_faq_gap_questions_gap_id", ["gap_id", "member_id"])
        batch.create_index("ix_faq_gap_questions_member_id", ["member_id"], unique=False)


# ---- knowledge-gap signatures ----------------------------------------------------------------


def _faq_gaps_up() -> None:
    from bot.features.faq import gap_signature

    rows = [row for row in _rows("SELECT id, signature FROM faq_gaps") if row["signature"]]
    _need_keys(rows)
    _update(
        "faq_gaps",
        ["id"],
        [
            {
                "signature": gap_signature.signature(str(row["signature"]).split()),
                "old_id": row["id"],
            }
            for row in rows
        ],
    )


def _faq_gaps_down() -> None:
    op.get_bind().execute(sa.text("UPDATE faq_gaps SET signature = ''"))


# ---- sensitive interests ---------------------------------------------------------------------


def _sealed_interests_up() -> None:
    op.create_table(
        "member_sealed_interests",
        sa.Column("member_key", KEY, nullable=False),
        sa.Column("slug", sa.String(length=32), nullable=False),
        sa.Column("member_ref", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("member_key", "slug", name=op.f("pk_member_sealed_interests")),
        sqlite_with_rowid=False,
    )
    op.create_index(
        "ix_member_sealed_interests_slug", "member_sealed_interests", ["slug"], unique=False
    )
    bind = op.get_bind()
    rows = list(
        bind.execute(
            sa.text("SELECT member_id, slug FROM member_interests WHERE slug IN :slugs").bindparams(
                sa.bindparam("slugs", SENSITIVE_INTERESTS, expanding=True)
            )
        ).mappings()
    )
    _need_keys(rows)
    if rows:
        bind.execute(
            sa.text(
                "INSERT INTO member_sealed_interests (member_key, slug, member_ref) "
                "VALUES (:member_key, :slug, :member_ref)"
            ),
            [
                {
                    "member_key": crypto.pseudonym(SEALED_INTEREST, row["member_id"]),
                    "slug": row["slug"],
                    "member_ref": _ref(row["member_id"]),
                }
                for row in rows
            ],
        )
        bind.execute(
            sa.text("DELETE FROM member_interests WHERE slug IN :slugs").bindparams(
                sa.bindparam("slugs", SENSITIVE_INTERESTS, expanding=True)
            )
        )


def _sealed_interests_down() -> None:
    bind = op.get_bind()
    rows = _rows("SELECT slug, member_ref FROM member_sealed_interests")
    _need_keys(rows)
    members = {int(row[0]) for row in bind.execute(sa.text("SELECT id FROM members"))}
    back = [{"member_id": _id(row["member_ref"]), "slug": row["slug"]} for row in rows]
    back = [row for row in back if row["member_id"] in members]
    if back:
        bind.execute(
            sa.text("INSERT INTO member_interests (member_id, slug) VALUES (:member_id, :slug)"),
            back,
        )
    op.drop_index("ix_member_sealed_interests_slug", table_name="member_sealed_interests")
    op.drop_table("member_sealed_interests")


# ---- wizard data -----------------------------------------------------------------------------


def _fsm_states_up() -> None:
    with op.batch_alter_table("fsm_states") as batch:
        batch.alter_column(
            "data", existing_type=JSON, type_=sa.Text(), postgresql_using="data::text"
        )
    _convert(
        "fsm_states",
        ["key"],
        ["data"],
        lambda row: {
            "data": crypto.encrypt(json.dumps(_json(row["data"]) or {}, ensure_ascii=False))
        },
    )


def _fsm_states_down() -> None:
    _convert(
        "fsm_states",
        ["key"],
        ["data"],
        lambda row: {"data": crypto.decrypt(str(row["data"]))},
    )
    with op.batch_alter_table("fsm_states") as batch:
        batch.alter_column(
            "data", existing_type=sa.Text(), type_=JSON, postgresql_using="data::jsonb"
        )


# ---- times and finished recipient lists ------------------------------------------------------


def _last_seen_to_the_day() -> None:
    rows = _rows("SELECT id, last_seen_at FROM members")
    days = []
    for row in rows:
        seen = row["last_seen_at"]
        if isinstance(seen, str):
            day = seen[:10] + " 00:00:00.000000"
        else:
            day = seen.replace(hour=0, minute=0, second=0, microsecond=0)
        days.append({"last_seen_at": day, "old_id": row["id"]})
    _update("members", ["id"], days)


def _forget_sealed_recipients() -> None:
    """Announcements that went to an event's attendees or to a sensitive interest keep their
    counts, not the list of who got them."""
    bind = op.get_bind()
    finished = bind.execute(
        sa.text(
            "SELECT id, event_id, interests FROM broadcasts WHERE status IN :statuses"
        ).bindparams(sa.bindparam("statuses", FINISHED_BROADCASTS, expanding=True))
    ).mappings()
    sealed = [
        row["id"]
        for row in finished
        if row["event_id"] is not None
        or set(_json(row["interests"]) or ()) & set(SENSITIVE_INTERESTS)
    ]
    if sealed:
        bind.execute(
            sa.text("DELETE FROM broadcast_deliveries WHERE broadcast_id IN :ids").bindparams(
                sa.bindparam("ids", sealed, expanding=True)
            )
        )


# ---- SQLite: AUTOINCREMENT ---------------------------------------------------------------

_CREATE = re.compile(r'^\s*CREATE TABLE\s+("?)(\w+)\1\s*\(', re.IGNORECASE)
_ID_COLUMN = re.compile(r'(\(\s*"?id"?\s+INTEGER\s+NOT NULL)(\s*,)', re.IGNORECASE)
# The table's primary key clause (named or not: a table rebuilt by alembic's batch mode may
# have lost the name), with the comma that joins it to the next clause or the previous one.
_PRIMARY_KEY = re.compile(
    r'\s*(?:CONSTRAINT\s+"?\w+"?\s+)?PRIMARY KEY\s*\(\s*"?id"?\s*\)\s*,|'
    r',\s*(?:CONSTRAINT\s+"?\w+"?\s+)?PRIMARY KEY\s*\(\s*"?id"?\s*\)(?=\s*\)\s*$)',
    re.IGNORECASE,
)


def _sqlite_autoincrement(table: str) -> None:
    """Rebuild ``table`` with ``id INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT``."""
    bind = op.get_bind()
    found = bind.exec_driver_sql(
        "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?", (table,)
    ).scalar()
    if found is None or "AUTOINCREMENT" in str(found).upper():
        return
    sql = str(found)
    new = f"_rebuilt_{table}"
    rebuilt, named = _CREATE.subn(f'CREATE TABLE "{new}" (', sql, count=1)
    rebuilt, keyed = _ID_COLUMN.subn(r"\1 PRIMARY KEY AUTOINCREMENT\2", rebuilt, count=1)
    rebuilt, dropped = _PRIMARY_KEY.subn("", rebuilt, count=1)
    if (named, keyed, dropped) != (1, 1, 1):
        raise RuntimeError(
            f"unexpected schema of {table}; cannot make its key AUTOINCREMENT: {sql!r}"
        )
    indexes = [
        str(row[0])
        for row in bind.exec_driver_sql(
            "SELECT sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ? "
            "AND sql IS NOT NULL",
            (table,),
        )
    ]
    columns = ", ".join(
        f'"{row[1]}"' for row in bind.exec_driver_sql(f'PRAGMA table_info("{table}")')
    )
    bind.exec_driver_sql(rebuilt)
    # Names from the schema itself (SURROGATE_KEYS and PRAGMA table_info), never from input.
    copy = f'INSERT INTO "{new}" ({columns}) SELECT {columns} FROM "{table}"'  # noqa: S608
    bind.exec_driver_sql(copy)
    bind.exec_driver_sql(f'DROP TABLE "{table}"')
    bind.exec_driver_sql(f'ALTER TABLE "{new}" RENAME TO "{table}"')
    for index in indexes:
        bind.exec_driver_sql(index)
