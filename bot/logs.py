"""Logging: plain text or JSON lines, with the bot token redacted from every record.

Log records carry ids and event kinds, never what a member typed, their names or usernames.
"""

from __future__ import annotations

import json
import logging
import sys
from datetime import UTC, datetime

from bot.config import LogFormat, Settings


class RedactSecrets(logging.Filter):
    """Replaces the token (and webhook secret) wherever it appears, e.g. in a request URL."""

    def __init__(self, secrets: list[str]) -> None:
        super().__init__()
        self.secrets = [secret for secret in secrets if secret]

    def filter(self, record: logging.LogRecord) -> bool:
        if not self.secrets:
            return True
        message = record.getMessage()
        redacted = message
        for secret in self.secrets:
            redacted = redacted.replace(secret, "***")
        if redacted != message:
            record.msg, record.args = redacted, None
        if record.exc_info and record.exc_info[1] is not None:
            text = logging.Formatter().formatException(record.exc_info)
            for secret in self.secrets:
                text = text.replace(secret, "***")
            record.exc_text = text
            record.exc_info = None
        return True


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "ts": datetime.fromtimestamp(record.created, UTC).isoformat(),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        if record.exc_text or record.exc_info:
            entry["exception"] = record.exc_text or self.formatException(record.exc_info)  # type: ignore[arg-type]
        return json.dumps(entry, ensure_ascii=False)


def setup_logging(settings: Settings) -> None:
    handler = logging.StreamHandler(sys.stderr)
    if settings.log_format is LogFormat.JSON:
        handler.setFormatter(JsonFormatter())
    else:
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    secrets = [
        settings.bot_token.get_secret_value() if settings.bot_token else "",
        settings.webhook_secret.get_secret_value() if settings.webhook_secret else "",
        *(settings.data_keys.get_secret_value().split(",") if settings.data_keys else []),
    ]
    handler.addFilter(RedactSecrets(secrets))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(settings.log_level)
    # aiogram logs every update at INFO with ids only; keep it, but not the SQL — and never
    # aiosqlite's DEBUG lines, which carry every query's parameters (what members typed).
    logging.getLogger("sqlalchemy.engine").setLevel(logging.WARNING)
    logging.getLogger("aiosqlite").setLevel(logging.WARNING)
    logging.getLogger("aiohttp.access").setLevel(logging.WARNING)
    logging.getLogger("alembic.runtime.plugins").setLevel(logging.WARNING)


def setup_error_reporting(settings: Settings) -> None:
    """Sentry, when ``PRICHAL_SENTRY_DSN`` is set — without personal data.

    No request bodies, no local variables (a frame could hold what a member typed), no
    user or IP data; the token and webhook secret are scrubbed from whatever is sent.
    """
    if settings.sentry_dsn is None:
        return
    import sentry_sdk
    from sentry_sdk.types import Event, Hint

    secrets = [
        s.get_secret_value() for s in (settings.bot_token, settings.webhook_secret) if s is not None
    ]
    if settings.data_keys is not None:
        secrets += [key for key in settings.data_keys.get_secret_value().split(",") if key]

    def scrub(event: Event, hint: Hint) -> Event | None:
        text = json.dumps(event, default=str)
        if any(secret in text for secret in secrets):
            for secret in secrets:
                text = text.replace(secret, "***")
            scrubbed: Event = json.loads(text)
            return scrubbed
        return event

    sentry_sdk.init(
        dsn=settings.sentry_dsn.get_secret_value(),
        data_collection={
            "user_info": False,
            "http_bodies": [],
            "database_query_data": False,
            "queues": False,
            "stack_frame_variables": False,
        },
        before_send=scrub,
        traces_sample_rate=0.0,
    )
