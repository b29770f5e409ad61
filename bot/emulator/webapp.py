"""Mini Apps: the ``initData`` a Telegram client hands a Web App, signed as Telegram signs it.

Telegram opens a Mini App's URL with ``#tgWebAppData=<initData>&tgWebAppVersion=…&
tgWebAppPlatform=…&tgWebAppThemeParams=…`` in the fragment. ``initData`` is a query string
(``query_id``, ``user`` as JSON, ``auth_date``, ``hash``); ``hash`` is the hex HMAC-SHA256 of the
data-check-string (every other field as ``key=value``, sorted, joined by newlines) under the
secret key HMAC-SHA256(key="WebAppData", msg=bot_token) — so a bot checks it with its token.
The newer Ed25519 ``signature`` field (for third parties, with Telegram's public key) is left
out: nobody outside Telegram can make one.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Mapping
from urllib.parse import quote, urlencode, urlsplit

from bot.emulator.state import JSON, User

# What a Telegram client sends as ``themeParams`` (Telegram Web's own palettes).
THEMES: Mapping[str, Mapping[str, str]] = {
    "light": {
        "bg_color": "#ffffff",
        "text_color": "#000000",
        "hint_color": "#707579",
        "link_color": "#3390ec",
        "button_color": "#3390ec",
        "button_text_color": "#ffffff",
        "secondary_bg_color": "#f4f4f5",
        "header_bg_color": "#ffffff",
        "bottom_bar_bg_color": "#ffffff",
        "accent_text_color": "#3390ec",
        "section_bg_color": "#ffffff",
        "section_header_text_color": "#3390ec",
        "section_separator_color": "#e7e7e7",
        "subtitle_text_color": "#707579",
        "destructive_text_color": "#e53935",
    },
    "dark": {
        "bg_color": "#212121",
        "text_color": "#ffffff",
        "hint_color": "#aaaaaa",
        "link_color": "#8774e1",
        "button_color": "#8774e1",
        "button_text_color": "#ffffff",
        "secondary_bg_color": "#0f0f0f",
        "header_bg_color": "#212121",
        "bottom_bar_bg_color": "#212121",
        "accent_text_color": "#8774e1",
        "section_bg_color": "#212121",
        "section_header_text_color": "#aaaaaa",
        "section_separator_color": "#3c3c3c",
        "subtitle_text_color": "#aaaaaa",
        "destructive_text_color": "#ff595a",
    },
}
PLATFORM = "weba"  # Telegram Web A: a web client in a browser, which the web chat is
_LOOPBACK = frozenset({"localhost", "127.0.0.1", "::1"})


def url_problem(url: str) -> str | None:
    """Why Telegram would refuse ``url`` for a Web App, or ``None``.

    Telegram takes HTTPS only. The emulator also lets ``http://`` through for this machine
    (localhost, 127.0.0.1, ::1), so a Mini App served locally opens in the demo without TLS.
    """
    try:
        parts = urlsplit(url)
        host = parts.hostname
    except ValueError:
        return "Wrong HTTP URL"
    if not host or parts.scheme not in ("http", "https"):
        return "Wrong HTTP URL"
    if parts.scheme == "http" and host not in _LOOPBACK:
        return "Only HTTPS links are allowed"
    return None


def secret_key(bot_token: str) -> bytes:
    """HMAC-SHA256(key="WebAppData", msg=bot_token)."""
    return hmac.new(b"WebAppData", bot_token.encode(), hashlib.sha256).digest()


def data_check_string(fields: Mapping[str, str]) -> str:
    """Every field but ``hash`` as ``key=value``, sorted by key, joined by newlines."""
    return "\n".join(f"{k}={fields[k]}" for k in sorted(fields) if k != "hash")


def sign(fields: Mapping[str, str], bot_token: str) -> str:
    """``initData``: the fields and their ``hash``, as a query string."""
    digest = hmac.new(
        secret_key(bot_token), data_check_string(fields).encode(), hashlib.sha256
    ).hexdigest()
    return urlencode({**fields, "hash": digest}, quote_via=quote)


def user_json(user: User) -> str:
    """The ``user`` field: Telegram's ``WebAppUser`` as compact JSON."""
    out: JSON = {"id": user.id, "first_name": user.first_name}
    if user.last_name:
        out["last_name"] = user.last_name
    if user.username:
        out["username"] = user.username
    if user.language_code:
        out["language_code"] = user.language_code
    out["allows_write_to_pm"] = True
    return json.dumps(out, ensure_ascii=False, separators=(",", ":"))


def launch_url(url: str, init_data: str, version: str, theme: str) -> str:
    """``url`` as a Telegram client opens it: the launch parameters in its fragment."""
    params = urlencode(
        {
            "tgWebAppData": init_data,
            "tgWebAppVersion": version,
            "tgWebAppPlatform": PLATFORM,
            "tgWebAppThemeParams": json.dumps(THEMES[theme], separators=(",", ":")),
        },
        quote_via=quote,
    )
    base, sep, fragment = url.partition("#")
    if sep and fragment:
        return f"{base}#{fragment}&{params}"
    return f"{base}#{params}"
