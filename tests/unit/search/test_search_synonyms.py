"""The synonym and abbreviation table."""

from __future__ import annotations

from bot.search.morphology import stem_word
from bot.search.synonyms import CONCEPTS, TOPIC_TERMS, concept_matcher, content_words

TOPICS = {
    "visa-free-stay",
    "residence-permit",
    "registration",
    "local-id",
    "bank-account",
    "cards-transfers",
    "tax-residency",
    "entrepreneur",
    "work-permit",
    "health-insurance",
    "housing",
    "driving-licence",
    "sim-card",
    "schools",
    "passport-renewal",
    "power-of-attorney",
    "apostille",
    "military-registration",
    "russian-tax-residency",
    "currency-control",
    "moving-on-eu",
    "scams",
    "psychological-help",
    "emergency",
    "consular",
    "pensions-abroad",
}


def concepts_of(text: str) -> set[str]:
    matcher = concept_matcher()
    words = content_words(text)
    stems = [stem_word(w) for w, _ in words]
    found: set[str] = set()
    for (_, upper), s in zip(words, stems, strict=True):
        found.update(matcher.single(s, upper=upper))
    found.update(m.concept for m in matcher.phrases(stems))
    return found


def test_residence_permit_in_all_its_forms() -> None:
    for text in (
        "ВНЖ",
        "вид на жительство",
        "вида на жительство",
        "residence permit",
        "residence permits",
        "TRP",
        "икамет",
        "временный вид на жительство",
    ):
        assert "~residence_permit" in concepts_of(text), text


def test_entrepreneur_abbreviations_cross_languages() -> None:
    for text in (
        "ИП",
        "индивидуальный предприниматель",
        "IE",
        "individual entrepreneur",
        "sole proprietor",
    ):
        assert "~entrepreneur" in concepts_of(text), text


def test_account_card_tax_translate() -> None:
    assert "~account" in concepts_of("счёта") & concepts_of("accounts")
    assert "~card" in concepts_of("картой") & concepts_of("cards")
    assert "~tax" in concepts_of("налоги") & concepts_of("taxes") & concepts_of("налоговый")


def test_capitals_only_terms() -> None:
    assert "~it" in concepts_of("IT-специалист")
    assert "~it" not in concepts_of("is it possible")


def test_phrases_beat_their_words() -> None:
    # "право на работу" is a work permit, not a driving licence ("права").
    matcher = concept_matcher()
    stems = [stem_word(w) for w, _ in content_words("право на работу")]
    assert [m.concept for m in matcher.phrases(stems)] == ["~work_permit"]


def test_unrelated_text_has_no_concepts() -> None:
    assert concepts_of("кот спит на диване") == set()


def test_tables_are_well_formed() -> None:
    assert set(TOPIC_TERMS) == TOPICS
    for name, terms in CONCEPTS.items():
        assert name.isidentifier(), name
        assert terms, name
        assert all(t.strip() for t in terms), name
