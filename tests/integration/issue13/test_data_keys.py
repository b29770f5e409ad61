"""Issue 13, finding 3 (and the file modes of finding 2): deleting ``prichal.key`` and
restarting made a new key, after which ``/my_data`` failed for everyone; a wrong
``PRICHAL_DATA_KEYS`` on PostgreSQL behaved the same. The key sat in the database's folder
(a backup of ``data/`` carried both), and the database file was world-readable.

Now a canary encrypted with the first key is checked at start: a missing or wrong key with
encrypted data present stops ``run``, ``worker`` and ``demo`` with one line naming the
variable or the file, exit 2 — never a silent new key."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import select

from bot.db import crypto
from bot.db.engine import create_engine, create_session_factory
from bot.db.models import ReviewItem, ReviewKind
from bot.db.uow import unit_of_work
from tests.support.databases import TEST_DATA_KEY
from tests.support.processes import clean_env

SECRET_APPEAL = "please, my brother is in danger"
TOKEN = "123456:TEST"
UNREACHABLE_API = "http://127.0.0.1:9"  # nothing listens: `run` would wait for it forever


def cli(
    *args: str, cwd: Path, timeout: float = 300, **env: str
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "bot", *args],
        env=clean_env(**env),
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def mode(path: Path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


async def write_appeal(url: str, keys: list[str]) -> None:
    """Something encrypted in the database, written with ``keys``."""
    crypto.configure_data_keys(keys)
    engine = create_engine(url)
    try:
        async with unit_of_work(create_session_factory(engine)) as session:
            session.add(
                ReviewItem(
                    kind=ReviewKind.GROUP, target_id="ge-x", country="GE", appeal=SECRET_APPEAL
                )
            )
    finally:
        await engine.dispose()
        crypto.configure_data_keys([TEST_DATA_KEY])


async def read_appeal(url: str, keys: list[str]) -> str | None:
    crypto.configure_data_keys(keys)
    engine = create_engine(url)
    try:
        async with create_session_factory(engine)() as session:
            return await session.scalar(select(ReviewItem.appeal))
    finally:
        await engine.dispose()
        crypto.configure_data_keys([TEST_DATA_KEY])


def one_line(result: subprocess.CompletedProcess[str]) -> str:
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert "Traceback" not in result.stderr
    return lines[0]


def test_migrate_keeps_the_key_outside_the_data_folder_and_everything_private(
    tmp_path: Path,
) -> None:
    result = cli("migrate", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    data = tmp_path / "data"
    key_file = tmp_path / crypto.KEY_FILE_NAME  # beside data/, never inside it
    assert not (data / crypto.KEY_FILE_NAME).exists()
    assert mode(key_file) == 0o600
    assert mode(data) == 0o700
    files = [p for p in data.iterdir() if p.name.startswith("prichal.db")]
    assert files and all(mode(p) == 0o600 for p in files), {p.name: oct(mode(p)) for p in files}
    key = crypto.read_key_file(key_file)[0]
    assert key.encode() not in (data / "prichal.db").read_bytes()


async def test_the_wal_and_shared_memory_files_are_private_too(tmp_path: Path) -> None:
    url = f"sqlite+aiosqlite:///{tmp_path / 'db' / 'prichal.db'}"
    engine = create_engine(url)
    try:
        async with engine.begin() as connection:  # open: the WAL and -shm files exist now
            await connection.exec_driver_sql("CREATE TABLE t (x TEXT)")
            await connection.exec_driver_sql("INSERT INTO t VALUES ('x')")
        async with engine.connect() as connection:
            await connection.exec_driver_sql("SELECT * FROM t")
            files = {p.name: mode(p) for p in (tmp_path / "db").iterdir()}
    finally:
        await engine.dispose()
    assert {"prichal.db", "prichal.db-wal", "prichal.db-shm"} <= set(files)
    assert set(files.values()) == {0o600}, files
    assert mode(tmp_path / "db") == 0o700


async def test_a_database_in_a_shared_folder_leaves_the_folder_open_to_others(
    tmp_path: Path,
) -> None:
    """``DATABASE_URL=sqlite:////tmp/prichal.db`` must not lock everyone else out of /tmp: a
    shared (sticky) folder keeps its mode; the database's own files are still private."""
    shared = tmp_path / "shared"
    shared.mkdir()
    shared.chmod(0o1777)
    engine = create_engine(f"sqlite+aiosqlite:///{shared / 'prichal.db'}")
    try:
        async with engine.begin() as connection:
            await connection.exec_driver_sql("CREATE TABLE t (x TEXT)")
    finally:
        await engine.dispose()
    assert mode(shared) == 0o1777
    assert mode(shared / "prichal.db") == 0o600


async def test_a_lost_key_file_stops_run_worker_and_demo_with_one_line(tmp_path: Path) -> None:
    assert cli("migrate", cwd=tmp_path).returncode == 0
    key_file = tmp_path / crypto.KEY_FILE_NAME
    url = f"sqlite+aiosqlite:///{tmp_path / 'data' / 'prichal.db'}"
    await write_appeal(url, crypto.read_key_file(key_file))
    key_file.unlink()  # lost (or not restored with the backup)

    for command in ("run", "worker"):
        result = cli(
            command, cwd=tmp_path, timeout=120, BOT_TOKEN=TOKEN, TELEGRAM_API_URL=UNREACHABLE_API
        )
        assert result.returncode == 2, (command, result.stderr)
        line = one_line(result)
        assert line.startswith("error: PRICHAL_DATA_KEY_FILE: ")
        assert str(key_file) in line and "missing" in line
        assert not key_file.exists()  # never a silent new key
    demo = cli("demo", "--database-url", url, "--port", "0", cwd=tmp_path, timeout=120)
    assert demo.returncode == 2, demo.stderr
    assert one_line(demo).startswith("error: PRICHAL_DATA_KEY_FILE: ")
    assert not key_file.exists()


async def test_a_wrong_key_stops_run_with_one_line_naming_it(tmp_path: Path) -> None:
    assert cli("migrate", cwd=tmp_path).returncode == 0
    key_file = tmp_path / crypto.KEY_FILE_NAME
    url = f"sqlite+aiosqlite:///{tmp_path / 'data' / 'prichal.db'}"
    right = crypto.read_key_file(key_file)
    await write_appeal(url, right)

    result = cli(
        "run",
        cwd=tmp_path,
        timeout=120,
        BOT_TOKEN=TOKEN,
        TELEGRAM_API_URL=UNREACHABLE_API,
        PRICHAL_DATA_KEYS=crypto.new_key(),
    )
    assert result.returncode == 2
    assert one_line(result).startswith("error: PRICHAL_DATA_KEYS: does not open")
    crypto.write_key_file(key_file, [crypto.new_key()])  # a replaced key file
    result = cli(
        "run", cwd=tmp_path, timeout=120, BOT_TOKEN=TOKEN, TELEGRAM_API_URL=UNREACHABLE_API
    )
    assert result.returncode == 2
    assert one_line(result).startswith(f"error: PRICHAL_DATA_KEY_FILE: {key_file} does not open")
    assert await read_appeal(url, right) == SECRET_APPEAL  # nothing was touched


async def test_a_wrong_key_on_postgresql_stops_run_with_one_line(
    pg_url: str, tmp_path: Path
) -> None:
    assert (
        cli(
            "migrate", cwd=tmp_path, DATABASE_URL=pg_url, PRICHAL_DATA_KEYS=TEST_DATA_KEY
        ).returncode
        == 0
    )
    await write_appeal(pg_url, [TEST_DATA_KEY])
    for command in ("run", "worker"):
        result = cli(
            command,
            cwd=tmp_path,
            timeout=120,
            DATABASE_URL=pg_url,
            PRICHAL_DATA_KEYS=crypto.new_key(),
            BOT_TOKEN=TOKEN,
            TELEGRAM_API_URL=UNREACHABLE_API,
        )
        assert result.returncode == 2, (command, result.stderr)
        assert one_line(result).startswith("error: PRICHAL_DATA_KEYS: does not open")


@pytest.mark.parametrize("where", ["env", "file"])
async def test_the_right_key_reads_and_an_old_key_first_in_the_list_still_opens(
    tmp_path: Path, where: str
) -> None:
    """A key that opens the data passes the check even when it is not the first one: the
    state between putting a new key first and running rotate-key."""
    assert cli("migrate", cwd=tmp_path).returncode == 0
    key_file = tmp_path / crypto.KEY_FILE_NAME
    old = crypto.read_key_file(key_file)
    url = f"sqlite+aiosqlite:///{tmp_path / 'data' / 'prichal.db'}"
    await write_appeal(url, old)
    keys = [crypto.new_key(), *old]
    if where == "file":
        crypto.write_key_file(key_file, keys)
        result = cli("migrate", cwd=tmp_path)
    else:
        result = cli("migrate", cwd=tmp_path, PRICHAL_DATA_KEYS=",".join(keys))
    assert result.returncode == 0, result.stderr


async def test_a_key_file_left_in_the_data_folder_is_moved_out_of_it(tmp_path: Path) -> None:
    """An installation from before: ``data/prichal.key`` beside the database."""
    assert cli("migrate", cwd=tmp_path).returncode == 0
    key_file = tmp_path / crypto.KEY_FILE_NAME
    legacy = tmp_path / "data" / crypto.KEY_FILE_NAME
    key_file.rename(legacy)
    url = f"sqlite+aiosqlite:///{tmp_path / 'data' / 'prichal.db'}"
    (key,) = crypto.read_key_file(legacy)
    await write_appeal(url, [key])

    result = cli("migrate", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "moved the data key file out of the database's folder" in result.stderr
    assert not legacy.exists() and crypto.read_key_file(key_file) == [key]
    assert mode(key_file) == 0o600
    assert await read_appeal(url, [key]) == SECRET_APPEAL
