"""Small pieces of the answer card."""

from __future__ import annotations

from bot.features.faq.keyboards import FaqCb, FaqModCb, pack_alts, unpack_alts
from bot.features.faq.render import flag, short, source_links


def test_flags_and_short_button_texts() -> None:
    assert flag("GE") == "🇬🇪" and flag("*") == "🌍"
    assert short("a " * 100, 20).endswith("…") and len(short("a " * 100, 20)) <= 20
    assert short("How do I open an account?") == "How do I open an account?"


def test_source_links_show_hosts_and_escape_urls() -> None:
    html = source_links(("https://www.tbcbank.ge/web/en?a=1&b=2",))
    assert html == '<a href="https://www.tbcbank.ge/web/en?a=1&amp;b=2">tbcbank.ge</a>'


def test_callback_data_fits_telegrams_64_bytes_at_its_largest() -> None:
    biggest = FaqCb(
        action="e", entry=999_999_999, value="GE", alts=pack_alts([999_999_999] * 5), q=1
    )
    assert len(biggest.pack().encode()) <= 64
    assert len(FaqModCb(action="gclose", entry=999_999_999_999, value="global/xyz").pack()) <= 64


def test_forged_lists_of_other_matches_are_cleaned() -> None:
    assert unpack_alts("12.x.-3.99999999999999.7") == [12]
    assert unpack_alts("1.2.3.4.5") == [1, 2, 3]
