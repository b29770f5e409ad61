"""Knowledge-gap signatures keep no words (issue 13, finding 1: "брат дезертир паспорт
политическ убежищ" sat in ``faq_gaps.signature``) and group exactly as the stems did."""

from __future__ import annotations

import itertools

import pytest

from bot.db import crypto
from bot.features.faq import gap_signature
from bot.search import SIMILAR, question_signature, signature_similarity
from tests.support.databases import TEST_DATA_KEY

QUESTIONS = [
    "как получить пенсию в Грузии",
    "пенсия в грузии по возрасту",
    "where to buy a bicycle in Tbilisi",
    "buy bicycle tbilisi",
    "ипотека для иностранцев",
    "ипотекаа для иностранцев",
    "ипотека для инастранцев",
    "где купить велосипед",
    "pension for foreigners",
    "school for foreigners children",
    "брат дезертир, нужен паспорт, политическое убежище",
    "убежище для дезертира",
    "пенсия по возрасту",
    "пенсии возраст стаж",
]


@pytest.fixture(autouse=True)
def keys() -> None:
    crypto.configure_data_keys([TEST_DATA_KEY])


def test_no_word_of_the_question_is_stored() -> None:
    question = "брат дезертир, нужен паспорт, политическое убежище"
    stems = question_signature(question)
    stored = gap_signature.signature(stems)
    assert stems and stored
    for stem in stems:
        assert stem not in stored
    # The same words under another key share no token: without the key, nothing to compare.
    crypto.configure_data_keys([crypto.new_key()])
    other = gap_signature.signature(stems)
    assert not set(stored.replace(":", " ").replace(".", " ").split()) & set(
        other.replace(":", " ").replace(".", " ").split()
    )


@pytest.mark.parametrize(("first", "second"), list(itertools.combinations(QUESTIONS, 2)))
def test_grouping_is_the_same_as_with_the_words(first: str, second: str) -> None:
    a, b = question_signature(first), question_signature(second)
    plain = signature_similarity(a, b) >= SIMILAR
    sealed = gap_signature.similarity(gap_signature.signature(a), gap_signature.signature(b))
    assert (sealed >= SIMILAR) == plain, (first, second)
    assert gap_signature.similarity(gap_signature.signature(a), gap_signature.signature(a)) == (
        1.0 if a else 0.0
    )


def test_a_signature_made_with_an_older_key_still_matches() -> None:
    old = crypto.new_key()
    crypto.configure_data_keys([old])
    stored = gap_signature.signature(question_signature("ипотека для иностранцев"))
    crypto.configure_data_keys([crypto.new_key(), old])  # a new key first, the old one kept
    asked = gap_signature.signatures(question_signature("ипотекаа для иностранцев"))
    assert gap_signature.similarity(asked[0], stored) < SIMILAR
    assert gap_signature.best_similarity(asked, stored) >= SIMILAR


def test_every_long_word_has_the_same_number_of_tokens() -> None:
    short = gap_signature.signature(("ипотек",))
    long = gap_signature.signature(("иностранцедружелюбн",))
    assert len(short) == len(long)
