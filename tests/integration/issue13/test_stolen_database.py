"""Issue 13, findings 1 and 2: what a stolen database file tells a thief who has no data key.

The thief here opens the file with nothing of the bot's — ``sqlite3`` (or a plain PostgreSQL
connection), every table, every column, and on SQLite the raw bytes of the database and its
WAL — and searches for what members fear to have known:

* the text of a question a member asked (and its telling words),
* the two members of a conversation through the bot (their ids in one row),
* who reported whom, and who answered an event about psychological support,
* a member's sensitive interests.

None of it is there. What the thief does learn is listed in the README ("What a database
thief learns"), and :func:`test_what_a_thief_still_learns` pins that list.
"""

from __future__ import annotations

import dataclasses
import json
import re
import sqlite3
from collections.abc import Iterator
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.engine import make_url

from bot.access import load_member
from bot.db.models import (
    Broadcast,
    BroadcastDelivery,
    EventNotice,
    EventRsvp,
    FaqGapQuestion,
    FaqVote,
    FsmRecord,
    MemberSealedInterest,
    RelayThread,
    Report,
)
from bot.features.broadcast import service as broadcasts
from bot.features.broadcast.delivery import FEED
from bot.features.broadcast.segment import Segment
from bot.features.broadcast.service import Content
from bot.features.events import service as events
from bot.features.listings.conversation import service as relay
from bot.features.listings.kinds import ListingKind
from bot.features.listings.service import report as report_listing
from bot.outbox.delivery import deliver_round
from tests.conftest import HarnessFactory
from tests.integration.features.events.stories import approve, draft, make_organiser
from tests.integration.features.listings.test_jobs import published_job
from tests.support.databases import pg_connect
from tests.support.listings import newcomer
from tests.support.story import Harness

ASKER = 613_131_313_001
HELPER = 613_131_313_002
ORGANISER = 613_131_313_003
ADMIN = 1
QUESTION = "Мой брат дезертир, как ему получить паспорт и политическое убежище?"
# The question's telling words, and the stems grouping used to keep in clear.
TELLING = ("дезертир", "убежищ", "политическ", "брат дезертир")
SENSITIVE = ("psychology", "faith-ethnic")
# The community's public content (the knowledge base), not anything a member wrote.
PUBLIC_TABLES = frozenset({"faq_entries", "faq_texts"})
RELAYED = "Здравствуйте! Пять лет опыта, готов выйти в январе."


async def a_member_with_everything_to_hide(harness: Harness) -> dict[str, int]:
    """The asker: sensitive interests, a question, a conversation with the helper about the
    helper's job, reports both ways, an RSVP to a support group, an announcement to its
    attendees, a vote, and an open wizard. Returns the ids of what they touched."""
    asker = harness.member(ASKER, language_code="ru")
    await asker.send("/start ge-tbilisi_it")
    await asker.press("Готово")
    await asker.press("Психологическая поддержка")
    await asker.press("Религиозные и национальные общины")
    await asker.press("Банки")
    await asker.press("Готово")
    await asker.press("Да, присылайте")
    await newcomer(harness, HELPER, language="en", name="Helper")

    job = await published_job(harness, HELPER, title="Python developer")
    await asker.press_data(f"ls:j:rs:{job.id}:")
    await asker.send(RELAYED)
    helper = harness.member(HELPER, language_code="en")
    await helper.press("Answer")
    await helper.send("Thank you! Could you start in January?")
    async with harness.services.sessions() as session, session.begin():
        thread = await relay.find_thread(session, ListingKind.JOB, job.id, ASKER)
        assert thread is not None
        await report_listing(session, ListingKind.JOB, job.id, ASKER, "scam")
        await relay.report_thread(session, thread.id, HELPER, "abuse")

    await make_organiser(harness, ORGANISER)
    async with harness.services.sessions() as session, session.begin():
        _, organiser = await load_member(session, ORGANISER, harness.services.settings.admin_ids)
        support = dataclasses.replace(
            draft(title="Support group"), interests=("psychology",), professions=()
        )
        event = await events.create_event(session, organiser, support)
        event_id = event.id
    await approve(harness, event_id)
    await asker.press_data(f"ev:go:{event_id}:")
    async with harness.services.sessions() as session, session.begin():
        _, organiser = await load_member(session, ORGANISER, harness.services.settings.admin_ids)
        await events.message_attendees(session, organiser, event_id, "See you on Tuesday")
        sent = await broadcasts.create_broadcast(
            session, organiser, Content(text="Bring a friend"), Segment(event_id=event_id)
        )
        await broadcasts.approve(session, sent.id, ADMIN)
        broadcast_id = sent.id
    while await deliver_round(harness.services, harness.bot, worker_id="test", feeds=[FEED]):
        pass

    await asker.send(QUESTION)
    for label in ("Передать вопрос волонтёрам", "👎 Нет"):
        if any(label in text for text, _ in asker.last.buttons()):
            await asker.press(label)
            break
    await asker.send("/profile")
    await asker.press("Интересы")  # an open wizard: its state and data are stored
    return {"job": job.id, "thread": thread.id, "event": event_id, "broadcast": broadcast_id}


async def prove_it_was_all_stored(harness: Harness, ids: dict[str, int]) -> None:
    """The searches below must be able to fail: everything is really in the database."""
    async with harness.services.sessions() as session:
        assert await session.scalar(select(func.count()).select_from(RelayThread)) == 1
        assert await session.scalar(select(func.count()).select_from(Report)) == 2
        rsvps = list(await session.scalars(select(EventRsvp.member_ref)))
        assert rsvps == [ASKER]
        assert await session.scalar(select(func.count()).select_from(EventNotice)) >= 1
        sealed = set(await session.scalars(select(MemberSealedInterest.slug)))
        assert sealed == set(SENSITIVE)
        questions = list(await session.scalars(select(FaqGapQuestion.text)))
        assert " ".join(QUESTION.split()) in questions
        assert await session.scalar(select(func.count()).select_from(FsmRecord)) >= 1
        broadcast = await session.get(Broadcast, ids["broadcast"])
        assert broadcast is not None and broadcast.sent_count == 1
        # Delivered, and then its recipients forgotten: the counts stay.
        left = await session.scalar(
            select(func.count())
            .select_from(BroadcastDelivery)
            .where(BroadcastDelivery.broadcast_id == ids["broadcast"])
        )
        assert left == 0
        assert await session.scalar(select(func.count()).select_from(FaqVote)) >= 0


# ---- the thief's tools: nothing of the bot ---------------------------------------------------


def sqlite_rows(path: Path) -> Iterator[tuple[str, dict[str, object]]]:
    """Every row of every table, read with ``sqlite3`` alone."""
    connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        tables = [
            name
            for (name,) in connection.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            )
        ]
        for table in tables:
            cursor = connection.execute(f'SELECT * FROM "{table}"')
            names = [column[0] for column in cursor.description]
            for values in cursor:
                yield table, dict(zip(names, values, strict=True))
    finally:
        connection.close()


async def postgres_rows(url: str) -> list[tuple[str, dict[str, object]]]:
    """Every row of every table, read with a plain connection (as JSON objects)."""
    connection = await pg_connect(make_url(url).render_as_string(hide_password=False))
    try:
        tables = [
            row["table_name"]
            for row in await connection.fetch(
                "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'"
            )
        ]
        found = []
        for table in tables:
            for row in await connection.fetch(f'SELECT row_to_json(t)::text AS r FROM "{table}" t'):
                found.append((table, json.loads(row["r"])))
        return found
    finally:
        await connection.close()


async def stolen_rows(database_url: str) -> list[tuple[str, dict[str, object]]]:
    url = make_url(database_url)
    if url.get_backend_name() == "sqlite":
        assert url.database is not None
        return list(sqlite_rows(Path(url.database)))
    return await postgres_rows(database_url)


def as_text(value: object) -> str:
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace")
    return value if isinstance(value, str) else json.dumps(value, default=str, ensure_ascii=False)


def mentions(row: dict[str, object], member_id: int) -> bool:
    pattern = re.compile(rf"(?<!\d){member_id}(?!\d)")
    return any(value == member_id or pattern.search(as_text(value)) for value in row.values())


# ---- the searches ----------------------------------------------------------------------------


async def test_a_stolen_database_reveals_nothing_sensitive(
    make_harness: HarnessFactory, database_url: str
) -> None:
    harness = await make_harness(database_url, admin_ids=str(ADMIN))
    ids = await a_member_with_everything_to_hide(harness)
    await prove_it_was_all_stored(harness, ids)

    rows = await stolen_rows(database_url)
    assert len(rows) > 100
    asker_rows = [(table, row) for table, row in rows if mentions(row, ASKER)]
    assert asker_rows, "the asker is a member: their id is in the members table"
    question = " ".join(QUESTION.split())
    # The knowledge base is public and speaks of deserters and asylum itself: its words there
    # say nothing about the asker, so only the words it does not use can give them away.
    public = " ".join(
        as_text(value) for table, row in rows if table in PUBLIC_TABLES for value in row.values()
    ).lower()
    telling = [word for word in TELLING if word not in public]
    assert telling, "at least one telling word is never public"
    for table, row in rows:
        text = " ".join(as_text(value) for value in row.values())
        # No question text, and no word of it (nor the stems gaps were grouped by).
        assert question not in text, table
        if table not in PUBLIC_TABLES:
            for word in TELLING:
                assert word not in text.lower(), (table, word)
        # What one member wrote to the other is encrypted too.
        assert RELAYED not in text, table
        # Never both sides of the conversation (nor the reporter and the reported) together.
        assert not (mentions(row, ASKER) and mentions(row, HELPER)), (table, row)
    for table, row in asker_rows:
        text = " ".join(as_text(value) for value in row.values())
        # No sensitive interest beside the asker's id.
        for slug in SENSITIVE:
            assert slug not in text, (table, row)
        # No row links the asker to the support group, its notices or its announcement.
        assert table not in {
            "event_rsvps",
            "event_notices",
            "broadcast_deliveries",
            "relay_threads",
            "reports",
            "faq_votes",
            "faq_gap_questions",
            "member_sealed_interests",
        }, (table, row)
    # The tables that hold those links name nobody in clear.
    for table, row in rows:
        if table in {"event_rsvps", "event_notices", "relay_threads", "reports"}:
            assert not mentions(row, ASKER) and not mentions(row, HELPER), (table, row)

    url = make_url(database_url)
    if url.get_backend_name() == "sqlite":
        assert url.database is not None
        database = Path(url.database)
        raw = b"".join(
            path.read_bytes()
            for path in (database, database.with_name(database.name + "-wal"))
            if path.exists()
        )
        assert question.encode() not in raw
        for word in (*telling, RELAYED):
            assert word.encode() not in raw, word


async def test_what_a_thief_still_learns(make_harness: HarnessFactory, database_url: str) -> None:
    """The README's list, row by row: that an id is a member, with their language, country,
    city, professions and ordinary interests, when they joined and the day last seen; the
    listings they posted; staff roles and acts; how many members went to an event or share a
    sensitive interest — never who."""
    harness = await make_harness(database_url, admin_ids=str(ADMIN))
    ids = await a_member_with_everything_to_hide(harness)
    rows = await stolen_rows(database_url)

    [member] = [row for table, row in rows if table == "members" and row["id"] == ASKER]
    assert (member["country"], member["city"], member["locale"]) == ("GE", "Tbilisi", "ru")
    assert str(member["last_seen_at"]).split(" ")[-1].split("T")[-1].startswith("00:00:00")
    assert ("member_professions", {"member_id": ASKER, "slug": "it"}) in rows
    assert ("member_interests", {"member_id": ASKER, "slug": "banking"}) in rows
    assert any(table == "jobs" and row["author_id"] == HELPER for table, row in rows)
    going = [row for table, row in rows if table == "event_rsvps"]
    assert len(going) == 1 and going[0]["event_id"] == ids["event"]
    sealed = sorted(str(row["slug"]) for table, row in rows if table == "member_sealed_interests")
    assert sealed == sorted(SENSITIVE)
