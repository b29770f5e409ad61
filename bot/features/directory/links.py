"""Telegram links: what members and importers may give, and the one form we store.

Accepted: ``@name``, ``t.me/name``, ``telegram.me/name``, ``https://t.me/s/name`` (the web
preview), ``https://t.me/name/123`` (a post: the chat is kept), invite links ``t.me/+hash`` and
``t.me/joinchat/hash``. A bare ``name`` is refused: without the ``@`` it is too easily some
other word. Everything is stored as ``https://t.me/<name>``, ``https://t.me/+<hash>`` or
``https://t.me/joinchat/<hash>``; anything else is refused.
"""

from __future__ import annotations

import re

# Telegram usernames: 5-32 characters, letters, digits and underscores, starting with a letter.
_USERNAME = r"[A-Za-z][A-Za-z0-9_]{3,30}[A-Za-z0-9]"
_USERNAME_RE = re.compile(rf"^{_USERNAME}$")
_INVITE_RE = re.compile(r"^[A-Za-z0-9_-]{8,64}$")
_HOST_RE = re.compile(
    r"^(?:https?://)?(?:www\.)?(?:t|telegram)\.(?:me|dog)/(?P<path>[^?#\s]*)(?:[?#]\S*)?$",
    re.IGNORECASE,
)
# Paths on t.me that are not chats.
_RESERVED = frozenset(
    {
        "share", "proxy", "socks", "addstickers", "addemoji", "addlist", "addtheme",
        "setlanguage", "boost", "contact", "confirmphone", "giftcode", "invoice", "login",
    }
)  # fmt: skip
MAX_LINK_LENGTH = 256


def normalise_link(text: str) -> str | None:
    """The stored form of a Telegram link, or ``None`` when ``text`` is not one."""
    value = text.strip()
    if not value or len(value) > MAX_LINK_LENGTH or any(ch.isspace() for ch in value):
        return None
    if value.startswith("@"):
        name = value[1:]
        return f"https://t.me/{name}" if _USERNAME_RE.match(name) else None
    match = _HOST_RE.match(value)
    if match is None:
        return None
    parts = [part for part in match.group("path").split("/") if part]
    if not parts:
        return None
    if parts[0] == "s" and len(parts) >= 2:  # the web preview of a channel
        parts = parts[1:]
    head = parts[0]
    if head == "joinchat":
        if len(parts) >= 2 and _INVITE_RE.match(parts[1]):
            return f"https://t.me/joinchat/{parts[1]}"
        return None
    if head.startswith("+"):
        return f"https://t.me/{head}" if _INVITE_RE.match(head[1:]) else None
    if head.lower() in _RESERVED or not _USERNAME_RE.match(head):
        return None
    # ``name/123`` (a post) and ``name/7/123`` (a forum topic) point into the chat: keep the chat.
    if len(parts) > 1 and not all(part.isdigit() for part in parts[1:]):
        return None
    return f"https://t.me/{head}"


def link_key(link: str) -> str:
    """The link as compared for duplicates (usernames are case-insensitive; invites are not)."""
    username = public_username(link)
    return f"https://t.me/{username.lower()}" if username else link


def public_username(link: str) -> str | None:
    """The username behind a stored public link (``None`` for invite and external links)."""
    prefix = "https://t.me/"
    if not link.startswith(prefix):
        return None
    name = link[len(prefix) :]
    return name if _USERNAME_RE.match(name) else None
