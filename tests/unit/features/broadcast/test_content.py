"""What an organiser may put in a broadcast, and what its buttons may carry."""

from __future__ import annotations

import pytest

from bot.db.models import MediaKind
from bot.features.broadcast.keyboards import BcCb, ComposeCb, OptOutCb, UnsubCb, parse_toggle
from bot.features.broadcast.service import (
    HEADER_ROOM,
    BroadcastError,
    Content,
    check_content,
    clean_url,
    parse_button,
)
from bot.outbox.policy import FIRST_BACKOFF, LONGEST_BACKOFF, backoff


@pytest.mark.parametrize(
    ("typed", "kept"),
    [
        ("https://example.org/picnic?x=1", "https://example.org/picnic?x=1"),
        ("http://example.org", "http://example.org"),
        ("t.me/tbilisi_designers", "https://t.me/tbilisi_designers"),
        ("@tbilisi_designers", "https://t.me/tbilisi_designers"),
    ],
)
def test_a_link_button_takes_http_links_and_telegram_names(typed: str, kept: str) -> None:
    assert clean_url(typed) == kept


@pytest.mark.parametrize(
    "typed",
    [
        "javascript:alert(1)",
        "ftp://example.org/file",
        "https://localhost/admin",
        "https://user:pass@example.org",
        "https://exa mple.org",
        "example.org",
        "https://" + "a" * 300 + ".org",
        "tg://resolve?domain=x",
    ],
)
def test_a_link_button_refuses_what_is_not_a_plain_web_link(typed: str) -> None:
    with pytest.raises(BroadcastError):
        clean_url(typed)


def test_a_button_is_a_label_and_a_link() -> None:
    assert parse_button("Register | https://example.org") == ("Register", "https://example.org")
    for typed in (
        "Register https://example.org",
        " | https://example.org",
        "x" * 41 + "|t.me/a_b_c",
    ):
        with pytest.raises(BroadcastError):
            parse_button(typed)


def test_content_limits_text_4096_caption_1024_less_the_header_and_media_needs_a_file() -> None:
    text, caption = 4096 - HEADER_ROOM, 1024 - HEADER_ROOM  # the header line takes the rest
    check_content(Content(text="x" * text))
    check_content(Content(text="x" * caption, media_kind=MediaKind.PHOTO, media_file_id="f"))
    check_content(Content(text="", media_kind=MediaKind.DOCUMENT, media_file_id="f"))
    for bad in (
        Content(text="   "),
        Content(text="x" * (text + 1)),
        Content(text="x" * (caption + 1), media_kind=MediaKind.PHOTO, media_file_id="f"),
        Content(text="x", media_kind=MediaKind.PHOTO),
        Content(text="x", button_text="Go"),
    ):
        with pytest.raises(BroadcastError):
            check_content(bad)


def test_every_callback_fits_64_bytes_and_forged_toggles_are_recognised() -> None:
    longest = [
        BcCb(action="cancel_ok", id=2**63 - 1).pack(),
        ComposeCb(step="tog", v="i.faith-ethnic").pack(),
        ComposeCb(step="ev", v=f"e.{2**63 - 1}").pack(),
        ComposeCb(step="tog", v="ci.nizhny-novgorod-region").pack(),
        UnsubCb(reason="not-relevant").pack(),
        OptOutCb(action="why", b=2**63 - 1, reason="not-relevant").pack(),
    ]
    assert all(len(data.encode()) <= 64 for data in longest)
    assert parse_toggle("c.GE") == ("countries", "GE")
    assert parse_toggle("x.GE") is None and parse_toggle("c.") is None


def test_retries_after_server_errors_wait_longer_each_time() -> None:
    """A copy that met a 5xx waits by the outbox's one policy: longer each time, capped."""
    for attempts in range(1, 10):
        ceiling = min(LONGEST_BACKOFF, FIRST_BACKOFF * 2 ** (attempts - 1))
        assert ceiling / 2 <= backoff(attempts) <= ceiling
    assert backoff(50) <= LONGEST_BACKOFF
