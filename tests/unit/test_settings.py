"""Settings: from the environment and ``.env`` — or, for the demo, from nothing but defaults."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.config import DEFAULT_SQLITE_URL, SettingsError, load_settings


@pytest.fixture
def hostile_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / ".env").write_text("ADMIN_IDS=not-a-number\n")
    monkeypatch.setenv("BOT_TOKEN", "garbage")
    monkeypatch.setenv("DATABASE_URL", "mysql://root@db.invalid/prichal")


def test_the_environment_is_read_by_default(hostile_environment: None) -> None:
    with pytest.raises(SettingsError) as refused:
        load_settings()
    assert refused.value.variable == "BOT_TOKEN"


def test_without_the_environment_only_the_given_values_count(hostile_environment: None) -> None:
    settings = load_settings(environment=False)
    assert settings.bot_token is None
    assert settings.database_url == DEFAULT_SQLITE_URL
    assert settings.admin_ids == frozenset()  # .env ignored too

    given = load_settings(environment=False, bot_token="123456:TEST", admin_ids="7,8")
    assert given.token() == "123456:TEST" and given.admin_ids == {7, 8}
    with pytest.raises(SettingsError) as refused:
        load_settings(environment=False, database_url="mysql://x@y/z")
    assert refused.value.variable == "DATABASE_URL"


@pytest.mark.parametrize(
    ("variable", "value"),
    [
        ("PRICHAL_WEBHOOK_MAX_CONNECTIONS", "0"),
        ("PRICHAL_WEBHOOK_MAX_CONNECTIONS", "101"),  # Telegram takes 1-100
        ("PRICHAL_ISOLATION_LOCK_SECONDS", "1"),  # shorter than an update may take
    ],
)
def test_webhook_limits_out_of_range_name_their_variable(variable: str, value: str) -> None:
    with pytest.raises(SettingsError) as refused:
        load_settings(environment=False, **{variable: value})
    assert refused.value.variable == variable


def test_webhook_limits_default_to_telegrams_and_aiograms() -> None:
    settings = load_settings(environment=False)
    assert settings.webhook_max_connections == 40
    assert settings.isolation_lock_seconds == 60
