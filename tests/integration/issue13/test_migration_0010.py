"""Migration 0010 converts the rows an existing database holds: links between members become
pseudonyms with the ids encrypted, sensitive interests move apart, gap signatures lose their
words, wizard data is encrypted — and the bot reads all of it as before. The downgrade gives
the ids back."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import select, text
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from bot.db import crypto
from bot.db.engine import create_engine, create_session_factory
from bot.db.migrate import downgrade, upgrade
from bot.db.models import EventNotice, FaqGap, FaqGapQuestion, FsmRecord, Report
from bot.features.events import service as events
from bot.features.faq import gap_signature
from bot.features.faq.service import asked_by, my_vote
from bot.features.listings.conversation import service as relay
from bot.features.listings.kinds import ListingKind
from bot.features.moderation.service import reported_by
from bot.features.profile.service import interest_slugs
from bot.search import question_signature
from tests.support.databases import TEST_DATA_KEY

ANNA = 711_000_001
BORIS = 711_000_002
BEFORE = ("0003", "0004", "0005", "0007")
QUESTION = "брат дезертир паспорт политическое убежище"
NOW = datetime(2026, 12, 1, 15, 47, 11, tzinfo=UTC)


async def old_rows(connection: AsyncConnection) -> dict[str, int]:
    """What a database at 0007 may hold, written as 0007's schema had it."""

    async def insert(sql: str, **values: object) -> None:
        await connection.execute(text(sql), values)

    async def scalar(sql: str) -> int:
        return int((await connection.execute(text(sql))).scalar_one())

    now = NOW.replace(tzinfo=None) if connection.dialect.name == "sqlite" else NOW
    for member in (ANNA, BORIS):
        await insert(
            "INSERT INTO members (id, locale, country, city, broadcasts_opt_in, alerts_opt_in,"
            " status, created_at, last_seen_at) VALUES (:id, 'ru', 'GE', 'Tbilisi', true, false,"
            " 'active', :now, :now)",
            id=member,
            now=now,
        )
    for slug in ("psychology", "faith-ethnic", "banking"):
        await insert("INSERT INTO member_interests VALUES (:m, :s)", m=ANNA, s=slug)
    await insert(
        "INSERT INTO jobs (company, remote, employment, languages, salary, description,"
        " how_to_apply, author_id, title, country, status, scam_flags, created_at)"
        " VALUES (null, false, 'full', '[]', null, 'Backend work on the booking service',"
        " :apply, :author, 'Python developer', 'GE', 'published', '[]', :now)",
        apply=crypto.encrypt("Tell us about yourself"),
        author=BORIS,
        now=now,
    )
    job = await scalar("SELECT max(id) FROM jobs")
    await insert(
        "INSERT INTO relay_threads (job_id, author_id, responder_id, blocked_by_author,"
        " blocked_by_responder, streak, created_at, last_message_at)"
        " VALUES (:job, :author, :responder, false, false, 0, :now, :now)",
        job=job,
        author=BORIS,
        responder=ANNA,
        now=now,
    )
    thread = await scalar("SELECT max(id) FROM relay_threads")
    await insert(
        "INSERT INTO reports (kind, target_id, country, reporter_id, reason, status, created_at,"
        " details) VALUES ('relay', :thread, 'GE', :anna, 'abuse', 'open', :now, '{}')",
        thread=str(thread),
        anna=ANNA,
        now=now,
    )
    await insert(
        "INSERT INTO events (organiser_id, title, description, starts_at, ends_at, timezone,"
        " country, professions, interests, status, sequence, created_at, updated_at) VALUES"
        " (:boris, 'Support group', 'Tuesdays', :later, :later, 'Asia/Tbilisi', 'GE', '[]',"
        " :interests, 'published', 0, :now, :now)",
        interests='["psychology"]',
        boris=BORIS,
        later=now + timedelta(days=30),
        now=now,
    )
    event = await scalar("SELECT max(id) FROM events")
    await insert(
        "INSERT INTO event_rsvps VALUES (:event, :anna, 'going', :now, :now)",
        event=event,
        anna=ANNA,
        now=now,
    )
    await insert(
        "INSERT INTO event_notices (event_id, member_id, kind, once_key, due_at, status,"
        " attempts, sequence, created_at) VALUES (:event, :anna, 'remind-24h', 'remind-24h@0',"
        " :later, 'pending', 0, 0, :now)",
        event=event,
        anna=ANNA,
        later=now + timedelta(days=29),
        now=now,
    )
    await insert(
        "INSERT INTO faq_entries (slug, country, topic, volatility, status, sources, revision,"
        " created_at, updated_at) VALUES ('ge/bank-account', 'GE', 'bank-account', 'high',"
        " 'published', '[]', 1, :now, :now)",
        now=now,
    )
    entry = await scalar("SELECT min(id) FROM faq_entries")
    await insert(
        "INSERT INTO faq_votes VALUES (:anna, :entry, false, :now)",
        anna=ANNA,
        entry=entry,
        now=now,
    )
    await insert(
        "INSERT INTO faq_gaps (kind, status, signature, country, lang, count, first_seen,"
        " last_seen) VALUES ('no_match', 'open', :signature, 'GE', 'ru', 1, :now, :now)",
        signature=" ".join(question_signature(QUESTION)),
        now=now,
    )
    gap = await scalar("SELECT max(id) FROM faq_gaps")
    await insert(
        "INSERT INTO faq_gap_questions (gap_id, member_id, text, asked_at)"
        " VALUES (:gap, :anna, :text, :now)",
        gap=gap,
        anna=ANNA,
        text=crypto.encrypt(QUESTION),
        now=now,
    )
    await insert(
        "INSERT INTO fsm_states VALUES ('1:::7:7:default', :anna, :anna, 'Ask:q', :data, :now)",
        anna=ANNA,
        data=json.dumps({"faq_question": {"text": QUESTION}}),
        now=now,
    )
    return {"job": job, "thread": thread, "event": event, "entry": entry, "gap": gap}


async def test_existing_rows_are_converted_and_read_as_before(database_url: str) -> None:
    crypto.configure_data_keys([TEST_DATA_KEY])
    engine = create_engine(database_url)
    try:
        await downgrade(engine, "base")
        for revision in BEFORE:
            await upgrade(engine, revision)
        async with engine.begin() as connection:
            ids = await old_rows(connection)

        await upgrade(engine)

        raw = {table: await rows_of(engine, table) for table in SEALED_TABLES}
        for table, rows in raw.items():  # the member's id in clear nowhere in these tables
            assert not any(ANNA in row.values() or BORIS in row.values() for row in rows), table
            blob = json.dumps(rows, default=str, ensure_ascii=False)
            assert str(ANNA) not in blob and "дезертир" not in blob, table
        plain = {row["slug"] for row in await rows_of(engine, "member_interests")}
        assert plain == {"banking"}
        gaps = await rows_of(engine, "faq_gaps")
        assert "дезертир" not in json.dumps(gaps, default=str, ensure_ascii=False)
        [member] = [row for row in await rows_of(engine, "members") if row["id"] == ANNA]
        assert " 00:00:00" in str(member["last_seen_at"]).replace("T", " ")

        async with create_session_factory(engine)() as session:
            thread = await relay.find_thread(session, ListingKind.JOB, ids["job"], ANNA)
            assert thread is not None and (thread.author_id, thread.responder_id) == (BORIS, ANNA)
            assert [t.id for t in await relay.threads_of_member(session, BORIS)] == [thread.id]
            reports = list(await session.scalars(select(Report.reason).where(reported_by(ANNA))))
            assert reports == ["abuse"]
            assert (await events.my_rsvp(session, ids["event"], ANNA)).status == "going"
            notices = list(await session.scalars(select(EventNotice).where(events.owed_to(ANNA))))
            assert [notice.member_id for notice in notices] == [ANNA]
            assert set(await interest_slugs(session, ANNA)) == {
                "banking",
                "faith-ethnic",
                "psychology",
            }
            assert await my_vote(session, ANNA, ids["entry"]) is False
            [question] = await session.scalars(select(FaqGapQuestion.text).where(asked_by(ANNA)))
            assert question == QUESTION
            gap = await session.get(FaqGap, ids["gap"])
            assert gap is not None
            asked = gap_signature.signatures(question_signature("дезертир убежище паспорт брат"))
            assert gap_signature.best_similarity(asked, gap.signature) >= 0.5
            [data] = await session.scalars(select(FsmRecord.data))
            assert data == {"faq_question": {"text": QUESTION}}

        await downgrade(engine, "0007")  # and back: the ids return
        assert [row["responder_id"] for row in await rows_of(engine, "relay_threads")] == [ANNA]
        assert [row["member_id"] for row in await rows_of(engine, "event_rsvps")] == [ANNA]
        assert [row["reporter_id"] for row in await rows_of(engine, "reports")] == [ANNA]
        interests = {row["slug"] for row in await rows_of(engine, "member_interests")}
        assert interests == {"banking", "psychology", "faith-ethnic"}
        await upgrade(engine)
    finally:
        await engine.dispose()


SEALED_TABLES = (
    "relay_threads",
    "reports",
    "event_rsvps",
    "event_notices",
    "faq_votes",
    "faq_gap_questions",
    "member_sealed_interests",
)


async def rows_of(engine: AsyncEngine, table: str) -> list[dict[str, Any]]:
    """A table as a thief reads it: raw values, no column types."""
    async with engine.connect() as connection:
        result = await connection.execute(text(f"SELECT * FROM {table}"))
        return [dict(row) for row in result.mappings()]


async def test_without_the_key_the_conversion_stops_with_one_line(database_url: str) -> None:
    engine = create_engine(database_url)
    try:
        await downgrade(engine, "base")
        for revision in BEFORE:
            await upgrade(engine, revision)
        async with engine.begin() as connection:
            await old_rows(connection)
        crypto._keys = None  # as a process that never opened the keys
        try:
            with pytest.raises(RuntimeError, match="0010 converts existing rows with the data key"):
                await upgrade(engine)
        finally:
            crypto.configure_data_keys([TEST_DATA_KEY])
        # Nothing was half done: the table is as 0007 left it.
        [row] = await rows_of(engine, "relay_threads")
        assert row["responder_id"] == ANNA and "responder_key" not in row
    finally:
        await engine.dispose()
