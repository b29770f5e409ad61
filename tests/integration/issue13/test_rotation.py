"""``rotate-key`` moves everything to the new key: encrypted values, and the pseudonyms that
find members' links (each kept with its member encrypted, so it is computed again), and the
knowledge-gap signatures (computed again from each gap's oldest question). After it, the old key
is not needed for anything: the bot finds every link with the new key alone."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from sqlalchemy import select

from bot.db import crypto
from bot.db.engine import create_engine, create_session_factory
from bot.db.models import FaqGap, FaqGapQuestion, Report
from bot.features.broadcast.segment import Segment, member_ids
from bot.features.events import service as events
from bot.features.faq import gap_signature
from bot.features.faq.service import asked_by
from bot.features.listings.conversation import service as relay
from bot.features.listings.kinds import ListingKind
from bot.features.moderation.service import reported_by
from bot.features.profile.service import interest_slugs
from bot.search import question_signature
from tests.conftest import HarnessFactory
from tests.integration.issue13.test_stolen_database import (
    ADMIN,
    ASKER,
    HELPER,
    QUESTION,
    a_member_with_everything_to_hide,
)
from tests.support.databases import TEST_DATA_KEY
from tests.support.processes import clean_env


def cli(*args: str, cwd: Path, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "bot", *args],
        env=clean_env(**env),
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


async def test_after_rotate_key_every_link_is_found_with_the_new_key_alone(
    make_harness: HarnessFactory, sqlite_url: str, tmp_path: Path
) -> None:
    old, new = crypto.new_key(), crypto.new_key()
    harness = await make_harness(sqlite_url, admin_ids=str(ADMIN), PRICHAL_DATA_KEYS=old)
    ids = await a_member_with_everything_to_hide(harness)
    await harness.services.close()

    result = cli(
        "rotate-key", cwd=tmp_path, DATABASE_URL=sqlite_url, PRICHAL_DATA_KEYS=f"{new},{old}"
    )
    assert result.returncode == 0, result.stderr
    summary = result.stdout
    for column in (
        "relay_threads.responder_key",
        "reports.reporter_key",
        "event_rsvps.member_key",
        "member_sealed_interests.member_key",
        "faq_gap_questions.member_key",
    ):
        assert f"{column}: 0" not in summary and column in summary, column

    crypto.configure_data_keys([new])  # the old key is gone
    engine = create_engine(sqlite_url)
    try:
        async with create_session_factory(engine)() as session:
            thread = await relay.find_thread(session, ListingKind.JOB, ids["job"], ASKER)
            assert thread is not None and thread.author_id == HELPER
            assert (await events.my_rsvp(session, ids["event"], ASKER)).status == "going"
            assert {"psychology", "faith-ethnic"} <= set(await interest_slugs(session, ASKER))
            assert list(await session.scalars(select(Report.reason).where(reported_by(ASKER))))
            assert list(await session.scalars(select(Report.reason).where(reported_by(HELPER))))
            [asked] = await session.scalars(select(FaqGapQuestion.text).where(asked_by(ASKER)))
            assert asked == " ".join(QUESTION.split())
            gaps = list(await session.scalars(select(FaqGap.signature)))
            again = gap_signature.signatures(question_signature(QUESTION))
            assert len(again) == 1  # one key configured: the new one
            assert max(gap_signature.similarity(again[0], stored) for stored in gaps) == 1.0
    finally:
        await engine.dispose()
        crypto.configure_data_keys([TEST_DATA_KEY])

    assert (
        cli("migrate", cwd=tmp_path, DATABASE_URL=sqlite_url, PRICHAL_DATA_KEYS=new).returncode == 0
    )
    refused = cli("migrate", cwd=tmp_path, DATABASE_URL=sqlite_url, PRICHAL_DATA_KEYS=old)
    assert refused.returncode == 2
    assert refused.stderr.strip().startswith("error: PRICHAL_DATA_KEYS: does not open")


async def test_between_a_new_key_and_rotate_key_every_link_is_still_found(
    make_harness: HarnessFactory, sqlite_url: str
) -> None:
    """A new key is put first and the bot restarted; rotate-key has not run yet: links made
    with the old key are found by it (every lookup tries every listed key)."""
    old, new = crypto.new_key(), crypto.new_key()
    harness = await make_harness(sqlite_url, admin_ids=str(ADMIN), PRICHAL_DATA_KEYS=old)
    ids = await a_member_with_everything_to_hide(harness)
    await harness.services.close()
    crypto.configure_data_keys([new, old])
    engine = create_engine(sqlite_url)
    try:
        async with create_session_factory(engine)() as session:
            thread = await relay.find_thread(session, ListingKind.JOB, ids["job"], ASKER)
            assert thread is not None
            assert (await events.my_rsvp(session, ids["event"], ASKER)).status == "going"
            assert {"psychology", "faith-ethnic"} <= set(await interest_slugs(session, ASKER))
            assert ASKER in await member_ids(session, Segment(interests=("psychology",)))
            assert list(await session.scalars(select(Report.reason).where(reported_by(ASKER))))
    finally:
        await engine.dispose()
        crypto.configure_data_keys([TEST_DATA_KEY])
