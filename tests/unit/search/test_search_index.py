"""Ranking behaviour of FaqSearchIndex on a small knowledge base of our own."""

from __future__ import annotations

import random

import pytest

from bot.search import (
    MIN_SCORE,
    FaqDocument,
    FaqSearchIndex,
    FaqText,
    SearchHit,
)


def top(index: FaqSearchIndex, query: str, **kwargs: object) -> str | None:
    hits = index.search(query, **kwargs)  # type: ignore[arg-type]
    return hits[0].slug if hits else None


def slugs(hits: list[SearchHit]) -> list[str]:
    return [h.slug for h in hits]


# --- morphology ------------------------------------------------------------------------------
@pytest.mark.parametrize("query", ["открыть счёт", "открытие счета", "счета в банке", "счет"])
def test_inflected_forms_match(index: FaqSearchIndex, query: str) -> None:
    assert top(index, query, country="GE") == "ge/bank-account"


def test_english_inflections(index: FaqSearchIndex) -> None:
    assert top(index, "opening bank accounts", country="RS") == "rs/bank-account"


# --- typos, transliteration, keyboard layout ----------------------------------------------------
@pytest.mark.parametrize(
    ("query", "country", "expected"),
    [
        ("банковксий счёт", "GE", "ge/bank-account"),  # transposition
        ("налоговый рзидент", "AM", "am/tax-residency"),  # deletion
        ("налоговый резидентт", "AM", "am/tax-residency"),  # doubling
        ("водительськие права", "GE", "ge/driving-licence"),  # insertion
        ("военкомад", None, "global/military-registration"),  # substitution
    ],
)
def test_typos_are_tolerated(
    index: FaqSearchIndex, query: str, country: str | None, expected: str
) -> None:
    assert top(index, query, country=country) == expected


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("kak otkryt schet v gruzii", "ge/bank-account"),
        ("vnzh v serbii", "rs/residence-permit"),
        ("vid na zhitelstvo gruziya", "ge/residence-permit"),
        ("nalogovyi rezident armenii", "am/tax-residency"),
        ("voenkomat", "global/military-registration"),
    ],
)
def test_transliterated_russian(index: FaqSearchIndex, query: str, expected: str) -> None:
    assert top(index, query) == expected


def test_wrong_keyboard_layout(index: FaqSearchIndex) -> None:
    # "права в грузии" typed with the English layout on
    assert top(index, "ghfdf d uhepbb") == "ge/driving-licence"


def test_mixed_script_words(index: FaqSearchIndex) -> None:
    assert top(index, "IE в Грузии") == "ge/entrepreneur"
    assert top(index, "ВНЖ serbia") == "rs/residence-permit"
    assert top(index, "BHЖ в Грузии") == "ge/residence-permit"  # Latin look-alikes


# --- synonyms ----------------------------------------------------------------------------------
def test_abbreviation_and_translation_synonyms(index: FaqSearchIndex) -> None:
    assert top(index, "вид на жительство", country="GE") == "ge/residence-permit"
    assert top(index, "residence permit", country="GE") == "ge/residence-permit"
    assert top(index, "TRP", country="RS") == "rs/residence-permit"
    assert top(index, "индивидуальный предприниматель", country="GE") == "ge/entrepreneur"
    assert top(index, "sole proprietor", country="GE") == "ge/entrepreneur"


def test_russian_question_finds_english_only_entry(index: FaqSearchIndex) -> None:
    hits = index.search("как получить ВНЖ в Турции", lang="ru")
    assert slugs(hits)[:1] == ["tr/residence-permit"]
    # The entry has no Russian text: the title falls back to English.
    assert hits[0].lang == "en"
    assert hits[0].title.startswith("How do I get a short-term residence permit")


# --- countries ---------------------------------------------------------------------------------
def test_country_in_question_beats_profile(index: FaqSearchIndex) -> None:
    hits = index.search("как открыть счёт в Сербии", country="GE")
    assert slugs(hits)[0] == "rs/bank-account"
    assert all(h.country in {"RS", "*"} for h in hits)


def test_profile_country_filters_other_countries(index: FaqSearchIndex) -> None:
    hits = index.search("как открыть счёт в банке", country="AM", limit=10)
    assert slugs(hits)[0] == "am/bank-account"
    assert all(h.country in {"AM", "*"} for h in hits)


def test_country_filter_is_case_insensitive(index: FaqSearchIndex) -> None:
    assert top(index, "счёт", country="am") == "am/bank-account"


@pytest.mark.parametrize("country", ["GE", "RS", "AM", "KZ", "FR", None])
def test_global_entries_appear_for_any_country(index: FaqSearchIndex, country: str | None) -> None:
    assert top(index, "как продлить загранпаспорт", country=country) == "global/passport-renewal"
    assert top(index, "пришла повестка из военкомата", country=country) == (
        "global/military-registration"
    )


def test_without_country_everything_is_searched(index: FaqSearchIndex) -> None:
    hits = index.search("открыть счёт в банке", limit=10)
    assert {"ge/bank-account", "rs/bank-account", "am/bank-account"} <= set(slugs(hits))


def test_without_country_global_entries_are_preferred_on_a_tie() -> None:
    text = FaqText("Как получить справку об отсутствии судимости?", "Справку дают в МВД.")
    docs = [
        FaqDocument("ge/certificate", "GE", "apostille", {"ru": text}),
        FaqDocument("global/certificate", "*", "apostille", {"ru": text}),
    ]
    index = FaqSearchIndex.build(docs)
    assert slugs(index.search("справка о несудимости")) == ["global/certificate", "ge/certificate"]
    # With a country known, the country's own entry comes first.
    assert slugs(index.search("справка о несудимости", country="GE")) == [
        "ge/certificate",
        "global/certificate",
    ]


# --- language of titles ---------------------------------------------------------------------------
def test_title_language(index: FaqSearchIndex) -> None:
    ru = index.search("открыть счёт", country="GE")[0]
    assert (ru.lang, ru.title) == ("ru", "Как открыть банковский счёт в Грузии?")
    en = index.search("open an account", country="GE")[0]
    assert (en.lang, en.title) == ("en", "How do I open a bank account in Georgia?")
    forced = index.search("open an account", country="GE", lang="ru")[0]
    assert forced.lang == "ru"
    # Transliterated Russian is Russian.
    assert index.search("kak otkryt schet v gruzii")[0].lang == "ru"


# --- result shape --------------------------------------------------------------------------------
def test_results_are_sorted_unique_limited_and_scored(index: FaqSearchIndex) -> None:
    hits = index.search("банк счёт ВНЖ паспорт права налог", limit=50)
    assert len(hits) == len({h.slug for h in hits})
    assert [h.score for h in hits] == sorted((h.score for h in hits), reverse=True)
    assert all(0.0 <= h.score <= 1.0 for h in hits)
    assert len(index.search("банк счёт ВНЖ паспорт права налог", limit=2)) == 2
    assert index.search("счёт", limit=0) == []


def test_a_slug_given_twice_keeps_its_last_version(documents: tuple[FaqDocument, ...]) -> None:
    replaced = FaqDocument(
        "ge/bank-account", "GE", "bank-account", {"ru": FaqText("Криптовалюта и биржи")}
    )
    index = FaqSearchIndex.build([*documents, replaced])
    assert len(index) == len(documents)
    assert top(index, "криптовалюта", country="GE") == "ge/bank-account"


def test_good_match_scores_above_threshold(index: FaqSearchIndex) -> None:
    hit = index.best("Как получить ВНЖ в Грузии?")
    assert hit is not None
    assert hit.slug == "ge/residence-permit"
    assert hit.score >= MIN_SCORE


@pytest.mark.parametrize(
    "query",
    ["как приготовить борщ", "погода в Тбилиси завтра", "asdfgh qwerty", "кот спит на диване"],
)
def test_no_good_match_is_reported(index: FaqSearchIndex, query: str) -> None:
    assert index.best(query) is None


# --- odd input ----------------------------------------------------------------------------
@pytest.mark.parametrize(
    "query",
    [
        "",
        "   ",
        "\n\t",
        "?!…",
        "🙂🙂🙂",
        "\u200b\u200c\u200d\ufeff",
        "שלום, איך פותחים חשבון בנק?",
        "مرحبا كيف افتح حساب",
        "ბანკის ანგარიში",
        "\x00\x01\x02",
        "'; DROP TABLE faq; --",
        "a",
        "и и и и и",
        "счёт " * 2000,
        "х" * 10_000,
        "банк" + "\u0301" * 500,
    ],
)
def test_odd_input_never_raises(index: FaqSearchIndex, query: str) -> None:
    hits = index.search(query, country="GE")
    assert isinstance(hits, list)
    assert all(isinstance(h, SearchHit) and 0.0 <= h.score <= 1.0 for h in hits)


def test_huge_query_still_finds_its_subject(index: FaqSearchIndex) -> None:
    query = "как открыть счёт в банке " + "очень " * 3000
    assert top(index, query, country="GE") == "ge/bank-account"


def test_empty_index() -> None:
    index = FaqSearchIndex.build([])
    assert len(index) == 0
    assert index.search("счёт") == []
    assert index.best("счёт") is None


def test_entry_without_texts_is_harmless() -> None:
    index = FaqSearchIndex.build([FaqDocument("ge/empty", "GE", "housing", {})])
    assert index.search("аренда") == [] or index.search("аренда")[0].title == "ge/empty"


# --- determinism ---------------------------------------------------------------------------------
def test_determinism(documents: tuple[FaqDocument, ...]) -> None:
    queries = ["счёт", "ВНЖ", "права", "kak otkryt schet", "налоговый рзидент", "паспорт"]
    shuffled = list(documents)
    random.Random(7).shuffle(shuffled)
    first = FaqSearchIndex.build(documents)
    second = FaqSearchIndex.build(shuffled)
    for q in queries:
        a = first.search(q, limit=10)
        assert a == first.search(q, limit=10)
        assert a == second.search(q, limit=10)
