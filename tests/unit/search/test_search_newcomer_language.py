"""How newcomers write: local words, slang, misspelled countries, Latin letters, the wrong
keyboard layout. Concept tables are checked directly; behaviour on the starter base."""

from __future__ import annotations

import pytest

from bot.search import FaqSearchIndex, load_documents_from_yaml, starter_faq_paths
from bot.search.countries import misspelled_country
from bot.search.morphology import is_translit_stopword, is_weak_stem, stem_word
from bot.search.synonyms import COUNTRY_TERMS, concept_matcher, content_words
from bot.search.translit import switch_layout


def concepts_of(text: str) -> set[str]:
    matcher = concept_matcher()
    words = content_words(text)
    stems = [stem_word(w) for w, _ in words]
    found: set[str] = set()
    for (_, upper), s in zip(words, stems, strict=True):
        found.update(matcher.single(s, upper=upper))
    found.update(m.concept for m in matcher.phrases(stems))
    return found


@pytest.fixture(scope="module")
def starter() -> FaqSearchIndex:
    paths = starter_faq_paths()
    if not paths:
        pytest.skip("no starter knowledge base yet")
    return FaqSearchIndex.build(load_documents_from_yaml(paths))


def top(index: FaqSearchIndex, query: str, country: str | None = None) -> str | None:
    hits = index.search(query, country=country, limit=3)
    return hits[0].slug if hits else None


# ------------------------------------------------------------------ the concept tables
@pytest.mark.parametrize(
    ("concept", "texts"),
    [
        ("~pension", ("пенсия", "пенсионерка", "ПФР", "СФР", "Соцфонд", "pensioner")),
        ("~proof_of_life", ("proof of life", "справка о том что жив", "подтвердить что жива")),
        ("~emergency", ("112", "скорая", "экстренный номер", "ambulance", "вызвать скорую")),
        ("~hotline", ("горячая линия", "helpline", "crisis line")),
        ("~consulate", ("консульство", "посольство", "консульский учёт", "генконсульство")),
        ("~local_id", ("ПИНФЛ", "PINFL", "ИИН", "соцномер", "PSN", "теудат зеут")),
        ("~health_insurance", ("ВМС", "ОСМС", "Krankenkasse", "Krankenversicherung")),
        ("~residence_permit", ("Aufenthaltstitel", "блю карт", "Blue Card", "вмж", "икамет")),
        ("~registration", ("белый картон", "бели картон", "beli karton", "анмельдунг")),
        ("~registration", ("прописаться", "регистрироваться", "prijava boravka")),
        ("~housing", ("Kaution", "каушн", "залог")),
        ("~driving_licence", ("Führerschein", "фюрершайн")),
        ("~family_reunion", ("воссоединение семьи", "ВНЖ по браку", "spouse visa")),
        ("~multi_entry_visa", ("мультивиза", "multiple-entry visa", "многократная виза")),
        ("~visa_free", ("сколько можно пробыть", "сколько дней можно находиться")),
        ("~lost_passport", ("украли паспорт", "потеряла загран", "lost passport")),
        ("~cost", ("плачу", "заплатить")),
    ],
)
def test_newcomer_words_share_a_concept(concept: str, texts: tuple[str, ...]) -> None:
    for text in texts:
        assert concept in concepts_of(text), text


def test_family_reunification_is_a_kind_of_residence_permit() -> None:
    assert {"~family_reunion", "~residence_permit"} <= concepts_of("воссоединение семьи")


def test_marriage_certificate_is_not_family_reunification() -> None:
    assert "~family_reunion" not in concepts_of("апостиль на свидетельство о браке")


def test_blue_card_is_both_a_residence_permit_and_the_eu() -> None:
    assert {"~eu", "~residence_permit"} <= concepts_of("Blue Card")


def test_a_trust_line_is_not_a_sim_card() -> None:
    assert "~sim_card" not in concepts_of("горячая линия")


def test_country_terms_belong_to_one_country_each() -> None:
    owner: dict[str, str] = {}
    for code, terms in COUNTRY_TERMS.items():
        assert len(code) == 2 and code.isupper(), code
        for term in terms:
            key = " ".join(stem_word(w) for w, _ in content_words(term.lstrip("^")))
            assert key, term
            assert owner.setdefault(key, code) == code, f"{term}: {owner[key]} and {code}"


# ------------------------------------------------------------------ words and spellings
@pytest.mark.parametrize("word", ["v", "na", "kak", "po", "dlya", "dlja", "mozhno", "ya"])
def test_transliterated_function_words_are_stop_words(word: str) -> None:
    assert is_translit_stopword(word)


@pytest.mark.parametrize("word", ["hotel", "bank", "visa", "permit", "e", "net", "vnzh"])
def test_english_and_content_words_are_not_translit_stop_words(word: str) -> None:
    assert not is_translit_stopword(word)


@pytest.mark.parametrize("word", ["живу", "уехал", "уехавших", "переехали", "проживаю"])
def test_where_the_asker_lives_weighs_little(word: str) -> None:
    assert is_weak_stem(stem_word(word))


@pytest.mark.parametrize(
    ("word", "code"),
    [("турцыя", "TR"), ("turkye", "TR"), ("izrael", "IL"), ("израел", "IL"), ("кипер", "CY")],
)
def test_misspelled_countries(word: str, code: str) -> None:
    assert misspelled_country(word) == code


@pytest.mark.parametrize("word", ["страховка", "работа", "налоги", "permit", "армии", "визы"])
def test_ordinary_words_are_not_misspelled_countries(word: str) -> None:
    assert misspelled_country(word) is None


# ------------------------------------------------------------------ on the starter base
def test_beli_karton_means_serbian_registration(starter: FaqSearchIndex) -> None:
    assert top(starter, "бели картон это что вообще") == "rs/registration"
    assert top(starter, "dlya chego nuzhen beli karton") == "rs/registration"


def test_local_word_beats_the_profile_country(starter: FaqSearchIndex) -> None:
    hits, country = starter.ask("икамет продлевать когда", country="GE")
    assert country == "TR"
    assert hits[0].slug == "tr/residence-permit"


def test_named_country_beats_a_local_word(starter: FaqSearchIndex) -> None:
    _, country = starter.ask("белый картон в черногории есть?")
    assert country == "ME"


def test_teudat_zehut_in_latin_letters_points_to_israel(starter: FaqSearchIndex) -> None:
    assert top(starter, "where do i get a teudat zehut") == "il/local-id"


def test_anmeldung_in_cyrillic_points_to_germany(starter: FaqSearchIndex) -> None:
    assert top(starter, "анмельдунг без хозяина квартиры") == "de/registration"


def test_kr_is_kyrgyzstan(starter: FaqSearchIndex) -> None:
    hits, country = starter.ask("как продлить внж в КР")
    assert country == "KG"
    assert hits[0].slug == "kg/residence-permit"


def test_misspelled_country_in_a_question(starter: FaqSearchIndex) -> None:
    assert top(starter, "сколько можно жить в турцыи без визы") == "tr/visa-free-stay"
    assert top(starter, "bank account turkye russians") == "tr/bank-account"


def test_wrong_layout_question_finds_its_country(starter: FaqSearchIndex) -> None:
    query = switch_layout("права в турции")
    hits, country = starter.ask(query)
    assert country == "TR"
    assert hits[0].slug == "tr/driving-licence"


def test_transliterated_question_skips_its_function_words(starter: FaqSearchIndex) -> None:
    assert top(starter, "snyat kvartiru v tbilisi") == "ge/housing"


def test_english_word_is_not_read_as_russian(starter: FaqSearchIndex) -> None:
    assert top(starter, "work permit", country="GE") == "ge/work-permit"


def test_living_in_a_country_does_not_pull_global_entries(starter: FaqSearchIndex) -> None:
    assert top(starter, "я переехал в ереван, как оформить вид на жительство") == (
        "am/residence-permit"
    )


def test_pensioner_parent_abroad(starter: FaqSearchIndex) -> None:
    assert top(starter, "папа пенсионер, соцфонд просит подтвердить что он жив") == (
        "global/pensions-abroad"
    )


def test_emergency_call_after_an_attack(starter: FaqSearchIndex) -> None:
    assert top(starter, "кому звонить если на меня напали в ереване") == "am/emergency"


def test_family_reunification_finds_the_residence_permit(starter: FaqSearchIndex) -> None:
    assert top(starter, "воссоединение семьи", country="DE") == "de/residence-permit"


def test_renewing_a_passport_is_not_exchanging_a_licence(starter: FaqSearchIndex) -> None:
    assert top(starter, "как поменять загран") == "global/passport-renewal"
    assert top(starter, "поменять права в турции") == "tr/driving-licence"


def test_urgent_medical_help_finds_something(starter: FaqSearchIndex) -> None:
    assert starter.search("если мне нужна срочная медпомощь в черногории")


@pytest.mark.parametrize("word", ["месяца", "недели", "полгода", "4", "новый", "узнать"])
def test_durations_and_generic_words_weigh_little(word: str) -> None:
    assert is_weak_stem(stem_word(word))


def test_generic_word_stays_generic_when_misspelled_away(starter: FaqSearchIndex) -> None:
    # "узнать" is not in the base; its nearest word must not outweigh "ПИНФЛ".
    assert top(starter, "пинфл узнать свой") == "uz/local-id"


def test_taxes_in_russia_are_for_the_global_entry(starter: FaqSearchIndex) -> None:
    assert top(starter, "налоги в рф если живу в грузии") == "global/russian-tax-residency"


def test_taxes_in_the_host_country_stay_local(starter: FaqSearchIndex) -> None:
    assert top(starter, "налоговый резидент грузии через сколько дней") == "ge/tax-residency"


def test_how_many_days_is_about_the_stay(starter: FaqSearchIndex) -> None:
    assert top(starter, "how many days can i be in serbia") == "rs/visa-free-stay"


@pytest.mark.parametrize(
    ("text", "concept"),
    [
        ("however long it was owned", "~visa_free"),
        ("call me back", "~emergency"),
        ("вывожу деньги на карту", "~psychology"),
        ("жив", "~proof_of_life"),
    ],
)
def test_phrases_do_not_shrink_to_one_common_word(text: str, concept: str) -> None:
    # A multi-word term whose other words are stop words would stand for its one word alone.
    assert concept not in concepts_of(text)
