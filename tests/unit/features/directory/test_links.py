"""Which links a member or an importer may give, and the one form stored."""

from __future__ import annotations

import pytest

from bot.features.directory.links import link_key, normalise_link, public_username
from bot.features.directory.service import slug_base, title_similarity


@pytest.mark.parametrize(
    ("given", "stored"),
    [
        ("@tbilisi_devs", "https://t.me/tbilisi_devs"),
        ("t.me/tbilisi_devs", "https://t.me/tbilisi_devs"),
        ("https://t.me/tbilisi_devs", "https://t.me/tbilisi_devs"),
        ("http://www.telegram.me/tbilisi_devs", "https://t.me/tbilisi_devs"),
        ("https://t.me/s/tbilisi_devs", "https://t.me/tbilisi_devs"),
        ("https://t.me/tbilisi_devs/1234", "https://t.me/tbilisi_devs"),
        ("https://t.me/tbilisi_devs/7/1234", "https://t.me/tbilisi_devs"),
        ("https://t.me/tbilisi_devs?start=x", "https://t.me/tbilisi_devs"),
        ("  https://t.me/tbilisi_devs  ", "https://t.me/tbilisi_devs"),
        ("https://t.me/+AbCdEf123_-xyz", "https://t.me/+AbCdEf123_-xyz"),
        ("https://t.me/joinchat/AbCdEf123456", "https://t.me/joinchat/AbCdEf123456"),
    ],
)
def test_telegram_links_are_stored_in_one_form(given: str, stored: str) -> None:
    assert normalise_link(given) == stored


@pytest.mark.parametrize(
    "given",
    [
        "",
        "tbilisi_devs",  # no @: too easily just a word
        "@abc",  # usernames have at least 5 characters
        "@1startswithdigit",
        "@ends_with_",
        "https://chat.whatsapp.com/abcdef",
        "https://t.me/share/url?url=x",
        "https://t.me/addlist/abcdef",
        "https://t.me/c/12345/678",  # a private channel's post: no way in for members
        "https://t.me/+short",
        "https://t.me/tbilisi_devs/about",
        "javascript:alert(1)",
        "https://t.me/tbilisi devs",
        "@" + "a" * 40,
        "https://t.me/" + "a" * 300,
    ],
)
def test_anything_else_is_refused(given: str) -> None:
    assert normalise_link(given) is None


def test_duplicates_are_compared_without_case_for_usernames_only() -> None:
    assert link_key("https://t.me/Tbilisi_Devs") == link_key("https://t.me/tbilisi_devs")
    assert link_key("https://t.me/+AbCdEf123_-xyz") != link_key("https://t.me/+abcdef123_-xyz")
    assert public_username("https://t.me/Tbilisi_Devs") == "Tbilisi_Devs"
    assert public_username("https://t.me/+AbCdEf123_-xyz") is None
    assert public_username("https://t.me/joinchat/AbCdEf123456") is None


def test_similar_titles_across_case_punctuation_and_alphabets() -> None:
    assert title_similarity("IT в Тбилиси", "it в тбилиси!") == 100
    assert title_similarity("Дизайнеры Тбилиси", "Dizaynery Tbilisi") >= 88
    assert title_similarity("Дизайнеры Тбилиси", "Врачи Еревана") < 60
    assert title_similarity("", "Врачи") == 0


def test_slugs_are_latin_and_bounded() -> None:
    assert slug_base("Дизайнеры в Тбилиси!", "GE", "Tbilisi") == "ge-tbilisi-dizaynery-v-tbilisi"
    assert slug_base("Relocation", "*", None) == "global-relocation"
    assert len(slug_base("очень " * 40, "GE", None)) <= 56
    assert slug_base("!!!", "RS", None) == "rs"
