"""Small pieces of the answer card."""

from __future__ import annotations

from bot.features.faq.keyboards import FaqCb, FaqModCb, pack_alts, unpack_alts
from bot.features.faq.render import flag, short, source_links


def test_flags_and_short_button_texts() -> None:
    assert flag("GE") == "🇬🇪" and flag("*") == "🌍"
    assert short("a " * 100, 20).endswith("…") and len(short("a " * 100, 20)) <= 20
    assert short("How do I open an account?") == "How do I open an account?"


def test_source_links_show_hosts_and_escape_urls() -> None:
    html = source_links(("https://www.tbcbank.ge/web/en?a=1&b=2",), "en")
    assert html == '<a href="https://www.tbcbank.ge/web/en?a=1&amp;b=2">tbcbank.ge</a>'


def test_each_source_carries_its_own_date_from_the_fact_base() -> None:
    dated = "https://tass.ru/ekonomika/25174301"  # 2025-09-26 in facts.tsv
    assert source_links((dated,), "en").endswith(">tass.ru</a> (Sep 26, 2025)")
    assert "(26 сент. 2025" in source_links((dated,), "ru")
    undated = "https://bgplaw.com/mediahub/uvedomlenie-ob-otkrytii-scheta"  # "n.d."
    assert source_links((undated,), "en").endswith(">bgplaw.com</a>")


def test_a_card_lists_six_sources_and_counts_the_rest() -> None:
    urls = tuple(f"https://example{n}.org/" for n in range(9))
    assert source_links(urls, "en").count("<a ") == 6
    assert source_links(urls, "en").endswith(" · +3")


def test_callback_data_fits_telegrams_64_bytes_at_its_largest() -> None:
    biggest = FaqCb(
        action="e", entry=999_999_999, value="GE", alts=pack_alts([999_999_999] * 5), q=1
    )
    assert len(biggest.pack().encode()) <= 64
    assert len(FaqModCb(action="gclose", entry=999_999_999_999, value="global/xyz").pack()) <= 64


def test_forged_lists_of_other_matches_are_cleaned() -> None:
    assert unpack_alts("12.x.-3.99999999999999.7") == [12]
    assert unpack_alts("1.2.3.4.5") == [1, 2, 3]
