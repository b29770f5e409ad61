"""The command line: one clear line and exit code 2 for a bad setting; the secret never shows."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.support.processes import Child, clean_env

ROOT = Path(__file__).resolve().parents[2]
SECRET = "123456:AAAAsecretSECRETsecretSECRET-xyz"


def run_cli(*args: str, env: dict[str, str], cwd: Path) -> subprocess.CompletedProcess[str]:
    clean = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(
            ("BOT_", "DATABASE_", "REDIS_", "WEBHOOK_", "ADMIN_", "TELEGRAM_", "PRICHAL_")
        )
    }
    clean["PYTHONPATH"] = str(ROOT)
    return subprocess.run(
        [sys.executable, "-m", "bot", *args],
        env={**clean, **env},
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_run_without_a_token_names_bot_token(tmp_path: Path) -> None:
    result = run_cli("run", env={}, cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [
        "error: BOT_TOKEN: is not set (get one from @BotFather)"
    ]


@pytest.mark.parametrize(
    ("variable", "value"),
    [
        ("DATABASE_URL", "mysql://root@localhost/prichal"),
        ("DATABASE_URL", "not a url at all"),
        ("REDIS_URL", "http://localhost:6379"),
        ("ADMIN_IDS", "12,abc"),
        ("DEFAULT_LOCALE", "de"),
        ("WEBHOOK_PORT", "99999"),
    ],
)
def test_an_invalid_setting_is_one_line_naming_it(
    tmp_path: Path, variable: str, value: str
) -> None:
    result = run_cli("run", env={"BOT_TOKEN": SECRET, variable: value}, cwd=tmp_path)
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"error: {variable}:"), lines
    assert SECRET not in result.stderr + result.stdout


def test_a_malformed_token_is_refused_without_echoing_it(tmp_path: Path) -> None:
    result = run_cli("run", env={"BOT_TOKEN": "oops-my-secret-pasted-wrong"}, cwd=tmp_path)
    assert result.returncode == 2
    assert "BOT_TOKEN" in result.stderr
    assert "oops-my-secret-pasted-wrong" not in result.stderr + result.stdout


def test_webhook_without_a_secret_is_refused(tmp_path: Path) -> None:
    result = run_cli(
        "run", env={"BOT_TOKEN": SECRET, "WEBHOOK_URL": "https://bot.example.org"}, cwd=tmp_path
    )
    assert result.returncode == 2
    assert result.stderr.startswith("error: WEBHOOK_SECRET:")


def test_migrate_creates_the_schema_and_starter_content_on_sqlite(tmp_path: Path) -> None:
    url = f"sqlite+aiosqlite:///{tmp_path / 'fresh.db'}"
    result = run_cli("migrate", env={"DATABASE_URL": url}, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "schema up to date" in result.stdout
    again = run_cli("migrate", env={"DATABASE_URL": url}, cwd=tmp_path)
    assert again.returncode == 0
    assert "taxonomy: 0" in again.stdout  # loading again adds nothing


@pytest.mark.postgres
async def test_migrate_creates_the_schema_on_postgresql(
    pg_templates: object, tmp_path: Path
) -> None:
    from tests.support.databases import TEST_DATA_KEY, PgTemplates, unavailable

    if not isinstance(pg_templates, PgTemplates):
        unavailable("PostgreSQL", pg_templates)  # type: ignore[arg-type]
    assert isinstance(pg_templates, PgTemplates)
    url = await pg_templates.new_database(migrated=False)
    try:
        result = run_cli(
            "migrate", env={"DATABASE_URL": url, "PRICHAL_DATA_KEYS": TEST_DATA_KEY}, cwd=tmp_path
        )
        assert result.returncode == 0, result.stderr
        assert "schema up to date" in result.stdout
    finally:
        await pg_templates.drop(url)


def test_the_token_never_reaches_the_logs(tmp_path: Path) -> None:
    # The bot cannot reach this API; whatever it logs while failing must not carry the token.
    url = f"sqlite+aiosqlite:///{tmp_path / 'x.db'}"
    bot = Child(
        ["-m", "bot", "run"],
        env=clean_env(
            BOT_TOKEN=SECRET,
            DATABASE_URL=url,
            TELEGRAM_API_URL="http://127.0.0.1:9",
            LOG_LEVEL="DEBUG",
        ),
        cwd=tmp_path,
        log=tmp_path / "bot.log",
    )
    try:
        # Wait (however loaded the machine) until it has tried the API and said so.
        deadline = time.monotonic() + 120
        while "cannot reach the Bot API" not in bot.stderr() and time.monotonic() < deadline:
            assert bot.process.poll() is None, bot.output()
            time.sleep(0.2)
        bot.stop(signal.SIGINT)
    finally:
        bot.kill()
    output = "\n".join(bot.lines) + bot.stderr()
    assert "cannot reach the Bot API" in output, output
    assert SECRET not in output
    assert SECRET.split(":")[1] not in output


def test_the_demo_takes_the_contracts_options_and_needs_no_settings(tmp_path: Path) -> None:
    result = run_cli("demo", "--help", env={}, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    for option in ("--host", "--port", "--data-dir", "--database-url"):
        assert option in result.stdout
    both = run_cli(
        "demo",
        "--data-dir",
        str(tmp_path),
        "--database-url",
        "sqlite:///x.db",
        env={},
        cwd=tmp_path,
    )
    assert both.returncode == 2 and "not allowed with argument" in both.stderr
