"""Settings, read from the environment and ``.env`` (contract: the variable names).

A missing or invalid setting stops the program with one line naming the variable
(see :func:`load_settings`); the bot token is a :class:`~pydantic.SecretStr` and never
appears in a log line or an error message.
"""

from __future__ import annotations

import re
from datetime import timedelta
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

from pydantic import Field, SecretStr, ValidationError, field_validator
from pydantic_settings import (
    BaseSettings,
    NoDecode,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
)
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError

SUPPORTED_LOCALES = ("ru", "en")
DEFAULT_SQLITE_URL = "sqlite+aiosqlite:///./data/prichal.db"
_TOKEN_RE = re.compile(r"^\d{1,20}:[A-Za-z0-9_-]{1,200}$")


class LogFormat(StrEnum):
    TEXT = "text"
    JSON = "json"


class SettingsError(Exception):
    """A setting is missing or invalid; ``str()`` is the one line shown to the operator."""

    def __init__(self, variable: str, problem: str) -> None:
        super().__init__(f"{variable}: {problem}")
        self.variable = variable


class Settings(BaseSettings):
    """Every knob of the bot. Contract names first; ``PRICHAL_*`` ones are ours to change."""

    model_config = SettingsConfigDict(
        env_file=".env",
        env_file_encoding="utf-8",
        extra="ignore",
        case_sensitive=False,
        populate_by_name=True,
    )

    bot_token: SecretStr | None = None
    telegram_api_url: str = "https://api.telegram.org"
    database_url: str = DEFAULT_SQLITE_URL
    redis_url: str | None = None
    admin_ids: Annotated[frozenset[int], NoDecode] = frozenset()
    default_locale: str = "en"
    webhook_url: str | None = None
    webhook_secret: SecretStr | None = None
    webhook_host: str = "0.0.0.0"
    webhook_port: int = Field(default=8080, ge=1, le=65535)
    log_level: str = "INFO"

    # Ours (not part of the contract).
    log_format: LogFormat = Field(default=LogFormat.TEXT, alias="PRICHAL_LOG_FORMAT")
    throttle_rate: float = Field(default=3.0, gt=0, alias="PRICHAL_THROTTLE_RATE")
    throttle_burst: int = Field(default=8, ge=1, alias="PRICHAL_THROTTLE_BURST")
    # A flood in a group (bot.features.chats): over a burst of this many messages, more than
    # this many a second from one member mutes them a while.
    group_flood_rate: float = Field(default=1.0, gt=0, alias="PRICHAL_GROUP_FLOOD_RATE")
    group_flood_burst: int = Field(default=6, ge=1, alias="PRICHAL_GROUP_FLOOD_BURST")
    embedded_worker: bool = Field(default=True, alias="PRICHAL_EMBEDDED_WORKER")
    # Updates Telegram may have in flight to the webhook at once, over all replicas (1-100;
    # Telegram's default 40): each may hold a database connection until it first speaks
    # (its writes commit before a Bot API call: bot.middlewares.database).
    webhook_max_connections: int = Field(
        default=40, ge=1, le=100, alias="PRICHAL_WEBHOOK_MAX_CONNECTIONS"
    )
    # The Redis lock that keeps one member's updates apart expires after this long: longer
    # than the slowest update, and how long a member waits after a replica died mid-update.
    isolation_lock_seconds: float = Field(
        default=60.0, ge=5, le=600, alias="PRICHAL_ISOLATION_LOCK_SECONDS"
    )
    send_rate: float = Field(default=28.0, gt=0, le=1000, alias="PRICHAL_SEND_RATE")
    paid_broadcast: bool = Field(default=False, alias="PRICHAL_PAID_BROADCAST")
    # A worker's claim on broadcast deliveries lasts this long; a worker killed meanwhile
    # leaves its rows to the others once it runs out.
    broadcast_lease_seconds: float = Field(
        default=60.0, ge=2, le=3600, alias="PRICHAL_BROADCAST_LEASE_SECONDS"
    )
    # Prometheus /metrics of polling bots and workers (the webhook server always has it).
    metrics_port: int | None = Field(default=None, ge=1, le=65535, alias="PRICHAL_METRICS_PORT")
    metrics_host: str = Field(default="127.0.0.1", alias="PRICHAL_METRICS_HOST")
    sentry_dsn: SecretStr | None = Field(default=None, alias="PRICHAL_SENTRY_DSN")
    # Keys of the encrypted columns (bot/db/crypto.py): comma-separated Fernet keys, first
    # encrypts. Required for a server database; the embedded default keeps a key file.
    data_keys: SecretStr | None = Field(default=None, alias="PRICHAL_DATA_KEYS")
    # The embedded default's key file; by default ``prichal.key`` beside the database's folder
    # (never inside it: a copy of the data folder must not carry its key).
    data_key_file: Path | None = Field(default=None, alias="PRICHAL_DATA_KEY_FILE")
    # Retention: silent members are warned, then erased; old audit entries are deleted.
    inactive_days: int = Field(default=365, ge=30, alias="PRICHAL_INACTIVE_DAYS")
    inactive_grace_days: int = Field(default=30, ge=1, alias="PRICHAL_INACTIVE_GRACE_DAYS")
    audit_retention_days: int = Field(default=730, ge=30, alias="PRICHAL_AUDIT_RETENTION_DAYS")
    # Listings that ended (expired, closed, rejected) are deleted with their conversations after
    # this many days; until then the author may still renew an expired one.
    listing_retention_days: int = Field(
        default=90, ge=1, le=3650, alias="PRICHAL_LISTING_RETENTION_DAYS"
    )

    # The staff app (a Telegram Mini App, bot/features/staffapp). Its public https base URL;
    # by default ``WEBHOOK_URL``/app in webhook mode (the webhook server serves it), or the
    # polling server's own address below when PRICHAL_APP_PORT is set. Unset and neither:
    # no app, and the menu shows no button for it.
    app_url: str | None = Field(default=None, alias="PRICHAL_APP_URL")
    # The small HTTP server beside long polling that serves the app (off unless a port is set).
    app_host: str = Field(default="127.0.0.1", alias="PRICHAL_APP_HOST")
    app_port: int | None = Field(default=None, ge=1, le=65535, alias="PRICHAL_APP_PORT")
    # How old the Mini App's signed initData may be before the app asks to be opened again.
    app_max_age_seconds: int = Field(
        default=86400, ge=60, le=7 * 86400, alias="PRICHAL_APP_MAX_AGE_SECONDS"
    )
    # How long the app's numbers page keeps its aggregates before counting again (0: never).
    app_stats_seconds: float = Field(default=60.0, ge=0, le=3600, alias="PRICHAL_APP_STATS_SECONDS")

    @field_validator("bot_token", mode="before")
    @classmethod
    def _check_token(cls, value: Any) -> Any:
        if value in (None, ""):
            return None
        raw = value.get_secret_value() if isinstance(value, SecretStr) else str(value)
        if not _TOKEN_RE.match(raw.strip()):
            # Never echo the value: it is a secret even when malformed.
            raise ValueError("malformed token (expected digits:secret, as @BotFather gives it)")
        return raw.strip()

    @field_validator("data_keys", "webhook_secret", "data_key_file", "app_port", mode="before")
    @classmethod
    def _blank_is_unset(cls, value: Any) -> Any:
        return None if isinstance(value, str) and not value.strip() else value

    @field_validator("telegram_api_url", "webhook_url", "app_url")
    @classmethod
    def _check_http_url(cls, value: str | None) -> str | None:
        if value is None or value == "":
            return None
        if not re.match(r"^https?://[^\s/]+", value):
            raise ValueError("must be an http:// or https:// URL")
        return value.rstrip("/")

    @field_validator("database_url")
    @classmethod
    def _check_database_url(cls, value: str) -> str:
        return normalise_database_url(value).render_as_string(hide_password=False)

    @field_validator("redis_url")
    @classmethod
    def _check_redis_url(cls, value: str | None) -> str | None:
        if not value:
            return None
        if not re.match(r"^(redis|rediss|unix)://", value):
            raise ValueError("must be a redis:// URL")
        return value

    @field_validator("admin_ids", mode="before")
    @classmethod
    def _parse_admin_ids(cls, value: Any) -> Any:
        if isinstance(value, str):
            parts = [part.strip() for part in value.split(",") if part.strip()]
            if not all(re.fullmatch(r"\d{1,20}", part) for part in parts):
                raise ValueError("must be comma-separated numeric Telegram ids")
            return frozenset(int(part) for part in parts)
        return value

    @field_validator("default_locale")
    @classmethod
    def _check_locale(cls, value: str) -> str:
        value = value.strip().lower()
        if value not in SUPPORTED_LOCALES:
            raise ValueError(f"must be one of {', '.join(SUPPORTED_LOCALES)}")
        return value

    @field_validator("log_level")
    @classmethod
    def _check_log_level(cls, value: str) -> str:
        value = value.strip().upper()
        if value not in {"DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"}:
            raise ValueError("must be DEBUG, INFO, WARNING, ERROR or CRITICAL")
        return value

    @property
    def staff_app_url(self) -> str | None:
        """Where the staff app opens (no trailing slash), or ``None`` when it is not served."""
        if self.app_url:
            return self.app_url
        if self.webhook_url:
            return f"{self.webhook_url}/app"
        if self.app_port is not None:
            host = "127.0.0.1" if self.app_host in ("0.0.0.0", "::", "") else self.app_host
            return f"http://{host}:{self.app_port}/app"
        return None

    @property
    def app_max_age(self) -> timedelta:
        return timedelta(seconds=self.app_max_age_seconds)

    @property
    def is_sqlite(self) -> bool:
        return make_url(self.database_url).get_backend_name() == "sqlite"

    def token(self) -> str:
        """The bot token, or :class:`SettingsError` naming ``BOT_TOKEN`` when it is not set."""
        if self.bot_token is None:
            raise SettingsError("BOT_TOKEN", "is not set (get one from @BotFather)")
        return self.bot_token.get_secret_value()


def normalise_database_url(value: str) -> URL:
    """Accept the usual spellings and return the async-driver URL we run on.

    ``postgres://`` and ``postgresql://`` become ``postgresql+asyncpg://``; ``sqlite:///``
    becomes ``sqlite+aiosqlite:///``. Anything else is refused with a reason.
    """
    try:
        url = make_url(value.strip())
    except ArgumentError:
        raise ValueError(
            "not a database URL (e.g. sqlite+aiosqlite:///./data/prichal.db)"
        ) from None
    backend = url.get_backend_name()
    if backend in ("postgres", "postgresql"):
        if url.drivername not in ("postgres", "postgresql", "postgresql+asyncpg"):
            raise ValueError("PostgreSQL needs the asyncpg driver: postgresql+asyncpg://...")
        url = url.set(drivername="postgresql+asyncpg")
        if not url.host and not url.query.get("host"):
            raise ValueError("PostgreSQL URL needs a host")
        if not url.database:
            raise ValueError("PostgreSQL URL needs a database name")
    elif backend == "sqlite":
        if url.drivername not in ("sqlite", "sqlite+aiosqlite"):
            raise ValueError("SQLite needs the aiosqlite driver: sqlite+aiosqlite:///...")
        url = url.set(drivername="sqlite+aiosqlite")
    else:
        raise ValueError("only PostgreSQL (postgresql+asyncpg://) and SQLite are supported")
    return url


def sqlite_path(database_url: str) -> Path | None:
    """The file behind a SQLite URL (``None`` for in-memory or other backends)."""
    url = make_url(database_url)
    if url.get_backend_name() != "sqlite" or not url.database or url.database == ":memory:":
        return None
    return Path(url.database)


_FIELD_TO_ENV = {
    "bot_token": "BOT_TOKEN",
    "telegram_api_url": "TELEGRAM_API_URL",
    "database_url": "DATABASE_URL",
    "redis_url": "REDIS_URL",
    "admin_ids": "ADMIN_IDS",
    "default_locale": "DEFAULT_LOCALE",
    "webhook_url": "WEBHOOK_URL",
    "webhook_secret": "WEBHOOK_SECRET",
    "webhook_host": "WEBHOOK_HOST",
    "webhook_port": "WEBHOOK_PORT",
    "log_level": "LOG_LEVEL",
}


class _ExplicitSettings(Settings):
    """Settings from the given values only: no environment variables, no ``.env``."""

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        return (init_settings,)


def load_settings(*, environment: bool = True, **overrides: Any) -> Settings:
    """Read the settings; on any problem raise :class:`SettingsError` for the first bad variable.

    The message names the environment variable and the problem, never the value.
    ``environment=False`` ignores the environment and ``.env`` entirely: only ``overrides`` and
    the defaults count (``python -m bot demo`` configures itself that way).
    """
    try:
        settings = Settings(**overrides) if environment else _ExplicitSettings(**overrides)
    except ValidationError as error:
        first = error.errors()[0]
        field = str(first["loc"][0]) if first["loc"] else "settings"
        variable = _FIELD_TO_ENV.get(field, field.upper())
        message = str(first["msg"]).removeprefix("Value error, ")
        raise SettingsError(variable, message) from None
    if settings.webhook_url and settings.webhook_secret is None:
        raise SettingsError("WEBHOOK_SECRET", "must be set when WEBHOOK_URL is set")
    if settings.webhook_secret is not None and not re.fullmatch(
        r"[A-Za-z0-9_-]{16,256}", settings.webhook_secret.get_secret_value()
    ):
        raise SettingsError("WEBHOOK_SECRET", "16-256 characters of A-Z, a-z, 0-9, _ and -")
    return settings
