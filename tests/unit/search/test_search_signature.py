"""Grouping knowledge gaps: what a question is about, and when two questions are alike."""

from __future__ import annotations

import pytest

from bot.search import SIMILAR, question_signature, signature_similarity


@pytest.mark.parametrize(
    ("question", "signature"),
    [
        ("Как получить пенсию в Грузии?", ("пенс",)),
        ("пенсия грузия??", ("пенс",)),
        ("Pension in Georgia for foreigners", ("foreign", "pension")),
        ("спасибо!", ()),
        ("👍👍", ()),
        ("", ()),
    ],
)
def test_a_signature_keeps_the_subject_and_drops_fillers_and_countries(
    question: str, signature: tuple[str, ...]
) -> None:
    assert question_signature(question) == signature


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("как получить пенсию в Грузии", "пенсия в грузии по возрасту"),
        ("where to buy a bicycle in Tbilisi", "buy bicycle tbilisi"),
        ("ипотека для иностранцев", "ипотекаа для иностранцев"),  # a typo
    ],
)
def test_alike_questions_are_similar(first: str, second: str) -> None:
    score = signature_similarity(question_signature(first), question_signature(second))
    assert score >= SIMILAR


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("как получить пенсию в Грузии", "где купить велосипед"),
        ("pension for foreigners", "school for foreigners children"),
        ("спасибо", "пенсия"),
    ],
)
def test_different_questions_are_not(first: str, second: str) -> None:
    score = signature_similarity(question_signature(first), question_signature(second))
    assert score < SIMILAR


def test_similarity_is_symmetric_and_bounded() -> None:
    a, b = question_signature("пенсия по возрасту"), question_signature("пенсии возраст стаж")
    assert signature_similarity(a, b) == signature_similarity(b, a)
    assert 0.0 <= signature_similarity(a, b) <= 1.0
    assert signature_similarity(a, a) == 1.0
