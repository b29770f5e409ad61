"""Free text members write to or about each other is unreadable in the database without the
keys, the keys are never in the database, and ``python -m bot rotate-key`` moves everything to a
new key."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import select, text

from bot.db import crypto
from bot.db.engine import create_engine, create_session_factory
from bot.db.models import Member, Report, ReportStatus, ReviewKind
from bot.db.models.moderation import REPORTER
from bot.db.rotation import encrypted_columns
from bot.db.uow import unit_of_work
from tests.conftest import HarnessFactory
from tests.integration.test_erasure import ADMIN, LEAVE_TRACES
from tests.support.databases import TEST_DATA_KEY, prepare
from tests.support.processes import clean_env

ROOT = Path(__file__).resolve().parents[2]
SECRET_COMMENT = "he asked for my card number 4111 1111 1111 1111"


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


async def test_what_members_wrote_is_stored_encrypted(
    make_harness: HarnessFactory, database_url: str
) -> None:
    harness = await make_harness(database_url, admin_ids=str(ADMIN))
    for leave in LEAVE_TRACES:  # relay messages, reports, appeals, job contacts, questions...
        await leave(harness)

    stored: dict[str, list[str]] = {}
    async with harness.services.sessions() as session:
        for table, names in encrypted_columns().items():
            for name in names:
                raw = await session.execute(text(f"SELECT {name} FROM {table.name}"))
                stored[f"{table.name}.{name}"] = [v for (v,) in raw if v is not None]
    expected = {
        "relay_messages.text",
        "reports.comment",
        "review_items.appeal",
        "faq_gap_questions.text",
        "jobs.how_to_apply",
    }
    assert expected <= {column for column, values in stored.items() if values}
    for column, values in stored.items():
        assert all(v.startswith(crypto.PREFIX) for v in values), column
    # And the code still reads plain text.
    async with harness.services.sessions() as session:
        comments = set(await session.scalars(select(Report.comment)))
    assert "looks fake" in comments


def test_the_embedded_default_keeps_its_key_in_a_file_beside_the_data_folder(
    tmp_path: Path,
) -> None:
    result = cli("migrate", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    key_file = tmp_path / crypto.KEY_FILE_NAME
    assert key_file.exists()
    assert stat.S_IMODE(os.stat(key_file).st_mode) == 0o600
    key = crypto.read_key_file(key_file)[0]
    database = (tmp_path / "data" / "prichal.db").read_bytes()
    assert key.encode() not in database


def test_a_server_database_without_keys_stops_with_one_line(tmp_path: Path) -> None:
    result = cli("migrate", cwd=tmp_path, DATABASE_URL="postgresql+asyncpg://nobody@127.0.0.1:9/x")
    assert result.returncode == 2
    assert result.stderr.strip().startswith("error: PRICHAL_DATA_KEYS: must be set")
    assert len(result.stderr.strip().splitlines()) == 1


async def write_report_comment(database_url: str, keys: list[str]) -> None:
    crypto.configure_data_keys(keys)
    engine = create_engine(database_url)
    try:
        async with unit_of_work(create_session_factory(engine)) as session:
            session.add(Member(id=1))
            await session.flush()
            session.add(
                Report(
                    kind=ReviewKind.GROUP,
                    target_id="ge-x",
                    country="GE",
                    reporter_key=crypto.pseudonym(REPORTER, 1),
                    reporter_ref=1,
                    reason="scam",
                    comment=SECRET_COMMENT,
                    status=ReportStatus.OPEN,
                )
            )
    finally:
        await engine.dispose()
        crypto.configure_data_keys([TEST_DATA_KEY])


async def read_report_comment(database_url: str, keys: list[str]) -> str | None:
    crypto.configure_data_keys(keys)
    engine = create_engine(database_url)
    try:
        async with create_session_factory(engine)() as session:
            return await session.scalar(select(Report.comment))
    finally:
        await engine.dispose()
        crypto.configure_data_keys([TEST_DATA_KEY])


async def test_rotate_key_moves_everything_to_the_new_first_key(tmp_path: Path) -> None:
    url = f"sqlite+aiosqlite:///{tmp_path / 'prichal.db'}"
    await prepare(url)
    old, new = crypto.new_key(), crypto.new_key()
    await write_report_comment(url, [old])

    result = cli("rotate-key", cwd=tmp_path, DATABASE_URL=url, PRICHAL_DATA_KEYS=f"{new},{old}")
    assert result.returncode == 0, result.stderr
    assert "reports: 1" in result.stdout

    assert await read_report_comment(url, [new]) == SECRET_COMMENT  # the old key is not needed
    with pytest.raises(crypto.DataKeyError):
        await read_report_comment(url, [old])


async def test_rotate_key_renews_the_embedded_defaults_key_file(tmp_path: Path) -> None:
    assert cli("migrate", cwd=tmp_path).returncode == 0
    key_file = tmp_path / crypto.KEY_FILE_NAME
    url = f"sqlite+aiosqlite:///{tmp_path / 'data' / 'prichal.db'}"
    (old,) = crypto.read_key_file(key_file)
    await write_report_comment(url, [old])

    result = cli("rotate-key", cwd=tmp_path)
    assert result.returncode == 0, result.stderr

    (new,) = crypto.read_key_file(key_file)
    assert new != old
    assert await read_report_comment(url, [new]) == SECRET_COMMENT
