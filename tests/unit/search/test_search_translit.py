"""Transliteration, the transliteration skeleton and keyboard-layout repair."""

from __future__ import annotations

import pytest

from bot.search.translit import skeleton, switch_layout, to_cyrillic, to_latin


@pytest.mark.parametrize(
    ("cyrillic", "latin"),
    [
        ("счет", "schet"),
        ("счет", "shchet"),
        ("вид на жительство", "vid na zhitelstvo"),
        ("страховка", "strahovka"),
        ("страховка", "strakhovka"),
        ("ереван", "yerevan"),
        ("внж", "vnzh"),
        ("грузии", "gruzii"),
        ("казахстан", "kazahstan"),
        ("поменять", "pomenyat"),
        ("поменять", "pomenjat"),
        ("права", "prava"),
        ("налоговое", "nalogovoe"),
    ],
)
def test_skeleton_joins_romanisation_schemes(cyrillic: str, latin: str) -> None:
    assert skeleton(cyrillic) == skeleton(latin)


def test_skeleton_keeps_different_words_apart() -> None:
    assert skeleton("банк") != skeleton("бак")
    assert skeleton("права") != skeleton("правила")


def test_to_cyrillic_reads_informal_romanisation() -> None:
    assert to_cyrillic("gruzii") == "грузии"
    assert to_cyrillic("vnzh") == "внж"
    assert to_cyrillic("propiska") == "прописка"
    assert to_cyrillic("zhenshchina") == "женщина"
    assert skeleton(to_cyrillic("zhitelstvo")) == skeleton("жительство")  # "ь" is lost
    assert to_cyrillic("moy") == "мой"  # "y" after a vowel is "й"


def test_to_latin_round_trip_through_skeleton() -> None:
    assert to_latin("вид на жительство") == "vid na zhitelstvo"
    for word in ("загранпаспорт", "военкомат", "резидентство", "щука"):
        assert skeleton(to_cyrillic(to_latin(word))) == skeleton(word)


def test_switch_layout_both_ways() -> None:
    assert switch_layout("ghfdf") == "права"
    assert switch_layout("rfr jnrhsnm cxtn") == "как открыть счет"
    assert switch_layout("ифтл") == "bank"
