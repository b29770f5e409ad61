"""Stemming and stop words."""

from __future__ import annotations

import pytest

from bot.search.morphology import is_stopword, is_weak_stem, stem, stem_word


@pytest.mark.parametrize(
    "forms",
    [
        ("счёт", "счет", "счета", "счетов", "счёту", "счётом"),
        ("грузия", "грузии", "грузию", "грузией"),
        ("паспорт", "паспорта", "паспортом", "паспорте"),
        ("налог", "налоги", "налогов", "налогами"),
        ("резидентство", "резидентства", "резидентству"),
    ],
)
def test_russian_inflections_share_a_stem(forms: tuple[str, ...]) -> None:
    stems = {stem_word(f.replace("ё", "е")) for f in forms}
    assert len(stems) == 1, stems


def test_english_inflections_share_a_stem() -> None:
    assert stem("accounts", "en") == stem("account", "en")
    assert stem("permits", "en") == stem("permit", "en")
    assert stem("residency", "en") == stem("resident", "en")


def test_short_words_are_left_alone() -> None:
    # "ип" must not collide with anything longer; "ie" stays "ie".
    assert stem_word("ип") == "ип"
    assert stem_word("ie") == "ie"
    assert stem_word("внж") == "внж"


def test_different_words_keep_different_stems() -> None:
    assert stem_word("счет") != stem_word("сеть")
    assert stem_word("банк") != stem_word("бан")


def test_digits_pass_through() -> None:
    assert stem_word("183") == "183"


def test_stopwords_and_weak_words() -> None:
    assert is_stopword("как")
    assert is_stopword("подскажите")
    assert is_stopword("the")
    assert not is_stopword("счет")
    assert not is_stopword("без")  # "без визы" is not "визы"
    assert is_weak_stem(stem_word("получить"))
    assert not is_weak_stem(stem_word("паспорт"))
