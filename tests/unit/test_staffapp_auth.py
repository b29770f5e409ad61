"""The Mini App's initData is checked as Telegram documents it: the hash under the bot's token,
and its age."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from bot.features.staffapp.auth import AuthError, init_data_from_header, verify_init_data
from tests.support.fake_telegram import BOT_TOKEN
from tests.support.staffapp import init_data

# Every initData here is signed and checked at this one moment: the module may be imported long
# before its tests run (a busy parallel run), and a signature "from the future" is refused.
NOW = datetime.now(UTC)


def test_telegram_signed_init_data_names_its_user() -> None:
    user = verify_init_data(
        init_data(42, language_code="ru", auth_date=NOW.timestamp()), BOT_TOKEN, now=NOW
    )
    assert user.user_id == 42
    assert user.language_code == "ru"


def test_init_data_signed_with_another_bots_token_is_forged() -> None:
    other = init_data(42, token="999:ANOTHER-bots-token")
    with pytest.raises(AuthError) as refused:
        verify_init_data(other, BOT_TOKEN, now=NOW)
    assert refused.value.reason == "forged"


def test_changing_the_user_breaks_the_signature() -> None:
    genuine = init_data(42)
    # Somebody swaps in another id, keeping the hash.
    tampered = genuine.replace("%22id%22%3A42", "%22id%22%3A43")
    assert tampered != genuine
    with pytest.raises(AuthError) as refused:
        verify_init_data(tampered, BOT_TOKEN, now=NOW)
    assert refused.value.reason == "forged"


@pytest.mark.parametrize("junk", ["", "hash=", "user=1&hash=abc", "%%%", "a" * 5000])
def test_junk_is_forged(junk: str) -> None:
    with pytest.raises(AuthError) as refused:
        verify_init_data(junk, BOT_TOKEN, now=NOW)
    assert refused.value.reason == "forged"


def test_old_init_data_has_expired() -> None:
    old = init_data(42, auth_date=NOW.timestamp() - 3 * 3600)
    assert verify_init_data(old, BOT_TOKEN, max_age=timedelta(hours=4), now=NOW).user_id == 42
    with pytest.raises(AuthError) as refused:
        verify_init_data(old, BOT_TOKEN, max_age=timedelta(hours=2), now=NOW)
    assert refused.value.reason == "expired"


def test_init_data_from_the_future_is_refused() -> None:
    future = init_data(42, auth_date=NOW.timestamp() + 3600)
    with pytest.raises(AuthError) as refused:
        verify_init_data(future, BOT_TOKEN, now=NOW)
    assert refused.value.reason == "expired"


@pytest.mark.parametrize(
    "header", [None, "", "tma", "tma   ", "Bearer abc", "tmaabc", "tma " + "x" * 5000]
)
def test_the_header_must_carry_tma_init_data(header: str | None) -> None:
    with pytest.raises(AuthError):
        init_data_from_header(header)


def test_the_header_scheme_is_case_insensitive() -> None:
    assert init_data_from_header("TMA abc=1") == "abc=1"
