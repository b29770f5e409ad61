"""The one cleaning of member text (issue 12, attack 8): invisible and direction characters
never survive, look-alike letters share a skeleton, and links are parsed, not matched."""

from __future__ import annotations

import pytest

from bot.cleaning import (
    clean_line,
    clean_text,
    clean_with_entities,
    has_contact,
    has_link,
    is_lookalike,
    links_of,
    parse_web_link,
    skeleton,
)

INVISIBLE = {
    "soft hyphen": "\u00ad",
    "arabic letter mark": "\u061c",
    "byte order mark": "\ufeff",
    "left-to-right isolate": "\u2066",
    "right-to-left isolate": "\u2067",
    "first strong isolate": "\u2068",
    "pop directional isolate": "\u2069",
    "right-to-left override": "\u202e",
    "left-to-right embedding": "\u202a",
    "zero width space": "\u200b",
    "zero width non-joiner": "\u200c",
    "zero width joiner": "\u200d",
    "word joiner": "\u2060",
    "mongolian vowel separator": "\u180e",
    "tag latin small letter a": "\U000e0061",
    "cancel tag": "\U000e007f",
    "combining grapheme joiner": "\u034f",
    "hangul filler": "\u3164",
    "variation selector 17": "\U000e0100",
}


@pytest.mark.parametrize("name", sorted(INVISIBLE))
def test_every_invisible_or_direction_character_is_removed(name: str) -> None:
    char = INVISIBLE[name]
    assert clean_text(f"Tbi{char}lisi {char}IT{char}") == "Tbilisi IT"
    assert clean_line(f"{char}Title{char}") == "Title"


def test_nfkc_where_safe_keeps_meaningful_forms() -> None:
    assert clean_text("ＩＴ 𝐁𝐚𝐧𝐤 ﬁnance") == "IT Bank finance"  # full-width, maths, ligature
    assert clean_text("Квартира №5, 40 м², ½ оплаты") == "Квартира №5, 40 м², ½ оплаты"
    assert clean_text("Developer 👩\u200d💻 here") == "Developer 👩\u200d💻 here"  # one emoji


def test_entities_stay_on_their_characters_after_cleaning() -> None:
    text = "\u202eDetails\u00ad here: 👉 bold"
    entities = [
        {"type": "text_link", "offset": 1, "length": 8, "url": "https://example.org"},
        {"type": "bold", "offset": 19, "length": 4},
    ]
    cleaned, kept = clean_with_entities(text, entities)
    assert cleaned == "Details here: 👉 bold"
    link, bold = kept
    utf16 = cleaned.encode("utf-16-le")
    assert (
        utf16[link["offset"] * 2 : (link["offset"] + link["length"]) * 2].decode("utf-16-le")
        == "Details"
    )
    assert (
        utf16[bold["offset"] * 2 : (bold["offset"] + bold["length"]) * 2].decode("utf-16-le")
        == "bold"
    )


def test_lookalike_titles_share_a_skeleton() -> None:
    # Cyrillic І (Ukrainian), Т, е, о, і, а in place of the Latin letters.
    assert skeleton("ІТ Gеоrgіа") == skeleton("IT Georgia")
    assert skeleton("IT Georgia") != skeleton("IT Armenia")


@pytest.mark.parametrize(
    "text",
    [
        "Пишите в t\u00ad.me/rent_tbilisi",
        "Звоните +995\u00ad 555 12 34 56",
        "Пишите в t.mе/rent_tbilisi",  # a Cyrillic е
        "Пишите в Т.МЕ/rent_tbilisi",  # Cyrillic capitals
        "пишите @rеnt_tbilisi",  # a Cyrillic е in the name
        "Звоните ＋９９５５５５１２３４５６",  # full-width digits
        "mail: rent@exam\u200bple.com",
    ],
)
def test_disguised_contacts_are_still_contacts(text: str) -> None:
    assert has_contact(text)


def test_ordinary_text_is_not_a_contact() -> None:
    assert not has_contact("Помогу с переводом документов, 2 раза в неделю, Тбилиси.")


@pytest.mark.parametrize(
    "typed",
    [
        "https://t.me@evil.example",
        "https://t.me:pass@evil.example/x",
        "https://example.org:8443/",
        "http://example.org",  # groups: https only
        "https://\u202eexample.org",
        "https://localhost/",
        "https://127.0.0.1/",
        "javascript:alert(1)",
        "https://exa mple.org",
    ],
)
def test_group_links_are_parsed_and_refused(typed: str) -> None:
    assert parse_web_link(typed) is None


def test_a_plain_https_link_passes() -> None:
    assert parse_web_link("https://Example.org/a?b=1") == "https://example.org/a?b=1"
    assert parse_web_link("t.me/example_chat") == "https://t.me/example_chat"


def test_hidden_links_are_listed_with_their_real_domain_and_lookalikes_warned() -> None:
    text = "Picnic on Sunday. Details here. Also see gosusIugi.ru"
    entities = [{"type": "text_link", "offset": 18, "length": 12, "url": "https://fake.example/f"}]
    checks = links_of(text, entities, ("https://t.me/picnic",))
    assert [check.domain for check in checks] == ["fake.example", "gosusiugi.ru", "t.me"]
    assert [check.lookalike for check in checks] == [False, True, False]
    assert is_lookalike("xn--80ak6aa92e.com")  # punycode
    shown = links_of("www.kdmid.ru", [{"type": "text_link", "offset": 0, "length": 12,
                                        "url": "https://kdmid.example"}])  # fmt: skip
    assert shown[0].lookalike and shown[0].shown_as == "www.kdmid.ru"


def test_links_in_plain_text_are_found() -> None:
    assert has_link("details at example.com/x") and has_link("write to @someone_here")
    assert not has_link("Room 5.2, the door on the left. Bring a laptop.")
