"""Who is asking: the Mini App's ``initData``, checked as Telegram documents it.

Telegram signs ``initData`` with HMAC-SHA256 under the key HMAC-SHA256("WebAppData", bot token)
(https://core.telegram.org/bots/webapps#validating-data-received-via-the-mini-app). aiogram's
:func:`~aiogram.utils.web_app.safe_parse_webapp_init_data` checks the hash; this module adds what
it leaves to the bot: an age limit on ``auth_date`` (a leaked ``initData`` must not open the app
for ever) and the ``Authorization: tma <initData>`` header the app sends with every request.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from aiogram.utils.web_app import safe_parse_webapp_init_data

SCHEME = "tma"
# Telegram's own clients hand the Mini App a fresh initData every time it opens; a day lets a
# moderator keep the app open through a working session, and no longer.
DEFAULT_MAX_AGE = timedelta(hours=24)
# A clock a minute ahead of ours is tolerated; more is a forgery (or a broken clock).
CLOCK_SKEW = timedelta(minutes=1)
# Telegram's initData is a few hundred bytes; anything much longer is refused unread.
MAX_INIT_DATA = 4096


class AuthError(Exception):
    """The request does not carry valid ``initData``; ``reason`` is a code for logs and tests
    (``missing``, ``forged``, ``expired``) — never the data itself."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class AppUser:
    """The Telegram user the Mini App was opened by, as Telegram vouches for them."""

    user_id: int
    language_code: str | None
    auth_date: datetime


def init_data_from_header(header: str | None) -> str:
    """``initData`` out of ``Authorization: tma <initData>``; :class:`AuthError` otherwise."""
    if not header:
        raise AuthError("missing")
    scheme, _, value = header.strip().partition(" ")
    value = value.strip()
    if scheme.lower() != SCHEME or not value:
        raise AuthError("missing")
    if len(value) > MAX_INIT_DATA:
        raise AuthError("forged")
    return value


def verify_init_data(
    init_data: str,
    bot_token: str,
    *,
    max_age: timedelta = DEFAULT_MAX_AGE,
    now: datetime | None = None,
) -> AppUser:
    """The user behind ``init_data`` if Telegram signed it with this bot's token recently.

    Raises :class:`AuthError`: ``forged`` for a wrong or missing hash (or no ``user``),
    ``expired`` when ``auth_date`` is older than ``max_age`` (or in the future).
    """
    try:
        parsed = safe_parse_webapp_init_data(bot_token, init_data)
    except (ValueError, TypeError):  # a bad hash, and pydantic's errors on a malformed field
        raise AuthError("forged") from None
    if parsed.user is None:
        raise AuthError("forged")
    moment = now or datetime.now(UTC)
    signed = parsed.auth_date
    if signed.tzinfo is None:
        signed = signed.replace(tzinfo=UTC)
    if signed > moment + CLOCK_SKEW or moment - signed > max_age:
        raise AuthError("expired")
    return AppUser(parsed.user.id, parsed.user.language_code, signed)
