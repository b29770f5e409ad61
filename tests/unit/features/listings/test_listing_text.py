"""What members type into listings: tidied, bounded, and kept free of contacts (replies go
through the bot)."""

from __future__ import annotations

import pytest

from bot.features.listings.service import ListingError, check_text, clean_text, has_contact


def test_member_text_is_tidied() -> None:
    assert clean_text("  Hello\u200b   world \r\n\r\n\r\n\r\nBye\u202e ") == "Hello world\n\nBye"
    assert clean_text("e\u0301") == "é"  # one character (NFC), as Telegram counts


@pytest.mark.parametrize(
    "text",
    [
        "write to anna@example.com",
        "telegram: @anna_design",
        "t.me/anna_design",
        "https://wa.me/995555123456",
        "+995 555 12 34 56",
        "+7 (900) 123-45-67",
        "8 900 123 45 67",
        "call 555123456",
    ],
)
def test_contacts_are_found(text: str) -> None:
    assert has_contact(text)


@pytest.mark.parametrize(
    "text",
    [
        "salary 2000–2500 USD",
        "100 000 - 150 000 RUB",
        "from 1.12.2026, 40 hours a week",
        "Python @ scale",
        "see https://example.com/careers",
        "C# and .NET, 5+ years",
    ],
)
def test_ordinary_text_is_not_taken_for_a_contact(text: str) -> None:
    assert not has_contact(text)


def test_check_text_explains_what_is_wrong() -> None:
    with pytest.raises(ListingError) as short:
        check_text(" ab ", minimum=3, maximum=10)
    assert (short.value.key, short.value.values) == ("listing-text-too-short", {"minimum": 3})
    with pytest.raises(ListingError) as long:
        check_text("x" * 11, minimum=3, maximum=10)
    assert long.value.values == {"maximum": 10, "length": 11}
    with pytest.raises(ListingError, match="listing-no-contacts"):
        check_text("mail me: a@b.io", minimum=3, maximum=100)
    assert check_text("Line one\nline two", minimum=3, maximum=100, one_line=True) == (
        "Line one line two"
    )
