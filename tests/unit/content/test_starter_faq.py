"""The starter knowledge base in bot/content/faq/ is written from the checked fact base alone.

What a machine can check of "every claim traceable to a row of facts.tsv": every source is a
``source_url`` of ``bot/content/facts.tsv``; every number an entry states appears in a fact of one
of its sources; the dates are honest (``checked_on`` is the facts' check date, ``review_by``
follows the volatility, no moderator's confirmation is invented); ru and en are complete; the
countries and topics the facts support are covered. ``STYLE.md`` beside the files says the rest.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import re
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[3]
CONTENT = ROOT / "bot" / "content"
FAQ_DIR = CONTENT / "faq"
HELP_LINES_DIR = CONTENT / "help_lines"
FACTS_FILE = CONTENT / "facts.tsv"
EVAL_DIR = ROOT / "bench" / "data" / "faq_eval"

# The test's fixed clock: the day the fact base was checked.
TODAY = dt.date(2026, 12, 6)

COUNTRY_TOPICS = {
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
    "emergency",
    "consular",
}
GLOBAL_TOPICS = {
    "passport-renewal",
    "power-of-attorney",
    "apostille",
    "military-registration",
    "russian-tax-residency",
    "currency-control",
    "pensions-abroad",
    "moving-on-eu",
    "scams",
    "psychological-help",
}
REQUIRED_KEYS = {"slug", "country", "topic", "volatility", "checked_on", "review_by", "sources"}
REQUIRED_KEYS |= {"texts"}
TEXT_KEYS = {"question", "answer", "keywords"}
PRACTICAL_LIST_KEYS = {"steps", "documents", "caveats"}
PRACTICAL_TEXT_KEYS = {"where", "cost", "timeline"}
REVIEW_DAYS = {"high": 90, "medium": 180, "low": 365}
VOLATILITY_RANK = {"low": 0, "medium": 1, "high": 2}
MARKUP = re.compile(r"<[a-zA-Z/][^>]*>|\*\*|__|`|\]\(|^#|https?://", re.MULTILINE)
# Boilerplate that tells a frightened reader nothing: uncertainty belongs in caveats, said plainly.
BOILERPLATE = re.compile(
    r"уточняйте в|уточните в ведомств|проверьте актуальн|check with the authorities"
    r"|not legal advice|не является юридической",
    re.IGNORECASE,
)
# At least this many entries per country (issue: a base people can trust).
MINIMUM_ENTRIES = dict.fromkeys(("GE", "AM", "KZ", "KG", "RS", "ME", "TR", "CY"), 12)
MINIMUM_ENTRIES |= dict.fromkeys(("IL", "AE", "UZ", "DE"), 8)


def _facts() -> list[dict[str, str]]:
    with FACTS_FILE.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE))
    assert len(rows) == 697
    return rows


FACTS = _facts()
FACTS_BY_URL: dict[str, list[dict[str, str]]] = {}
for _row in FACTS:
    FACTS_BY_URL.setdefault(_row["source_url"], []).append(_row)

# Digits with the separators people write inside one number: "30 000", "1,500", "0800 300 303".
_NUMBER = re.compile(r"\d(?:[\d\s\u00a0\u202f.,]*\d)?")


def numbers_in(text: str) -> set[str]:
    """Every number in ``text`` with its separators removed ("30 000 лари" → {"30000"})."""
    return {re.sub(r"\D", "", match) for match in _NUMBER.findall(text)}


def _faq_files() -> list[Path]:
    return sorted(FAQ_DIR.glob("*.yaml"))


def _entries() -> list[tuple[str, dict[str, Any]]]:
    out = []
    for path in _faq_files():
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        assert isinstance(data, dict), f"{path.name}: top level must be a mapping"
        assert set(data) == {"faq"}, f"{path.name}: only a top-level 'faq' list is expected"
        assert isinstance(data["faq"], list), f"{path.name}: 'faq' must be a list"
        out.extend((path.name, entry) for entry in data["faq"])
    return out


ENTRIES = _entries()


def _as_date(value: object) -> dt.date:
    assert not isinstance(value, dt.datetime), f"expected a date, got a datetime: {value!r}"
    if isinstance(value, dt.date):
        return value
    assert isinstance(value, str), f"expected a date, got {value!r}"
    return dt.date.fromisoformat(value)


def _texts_of(text: dict[str, Any]) -> Iterator[tuple[str, str]]:
    """(field, text) for every written field of one language version."""
    for key in ("question", "answer", *sorted(PRACTICAL_TEXT_KEYS)):
        if isinstance(text.get(key), str):
            yield key, text[key]
    for key in sorted(PRACTICAL_LIST_KEYS):
        for position, item in enumerate(text.get(key) or []):
            yield f"{key}[{position}]", item


@pytest.mark.parametrize(
    ("filename", "entry"), ENTRIES, ids=[str(e.get("slug", "?")) for _, e in ENTRIES]
)
def test_entry_is_written_from_its_facts(filename: str, entry: dict[str, Any]) -> None:
    keys = set(entry)
    assert keys >= REQUIRED_KEYS, f"missing {REQUIRED_KEYS - keys}"
    assert not keys - REQUIRED_KEYS, f"unexpected keys {keys - REQUIRED_KEYS}"
    assert "verified_at" not in entry and "verified_by" not in entry, "only a moderator confirms"

    country, topic, slug = entry["country"], entry["topic"], entry["slug"]
    if country == "*":
        assert topic in GLOBAL_TOPICS, f"{topic!r} is not a global FAQ topic"
        assert slug == f"global/{topic}"
        assert filename == "global.yaml"
    else:
        assert re.fullmatch(r"[A-Z]{2}", country), f"not ISO alpha-2 or '*': {country!r}"
        assert topic in COUNTRY_TOPICS, f"{topic!r} is not a country FAQ topic"
        assert slug == f"{country.lower()}/{topic}"
        assert filename == f"{country.lower()}.yaml"

    sources = entry["sources"]
    assert isinstance(sources, list) and sources, "every entry needs its sources"
    assert len(sources) == len(set(sources)), "duplicate source"
    for url in sources:
        assert url in FACTS_BY_URL, f"source not in facts.tsv: {url}"
    facts = [row for url in sources for row in FACTS_BY_URL[url]]

    checked_on = _as_date(entry["checked_on"])
    assert checked_on == max(dt.date.fromisoformat(row["checked_on"]) for row in facts)
    volatility = entry["volatility"]
    assert volatility in REVIEW_DAYS
    same_place = [row for row in facts if row["country"] in (country, "*")] or facts
    used = [row for row in same_place if row["topic"] == topic] or same_place
    highest = max(VOLATILITY_RANK[row["volatility"]] for row in used)
    assert VOLATILITY_RANK[volatility] >= highest, "volatility below its facts'"
    review_by = _as_date(entry["review_by"])
    assert review_by == checked_on + dt.timedelta(days=REVIEW_DAYS[volatility])
    assert review_by >= TODAY, "due for review on the day it was written"

    known_numbers = set()
    for row in facts:
        for column in ("fact_en", "fact_ru", "notes", "source_title"):
            known_numbers |= numbers_in(row[column])
    known = " ".join(sorted(known_numbers))

    texts = entry["texts"]
    assert set(texts) >= {"ru", "en"}
    for lang in ("ru", "en"):
        text = texts[lang]
        allowed = TEXT_KEYS | PRACTICAL_LIST_KEYS | PRACTICAL_TEXT_KEYS
        assert set(text) >= TEXT_KEYS, f"{lang}: missing {TEXT_KEYS - set(text)}"
        assert not set(text) - allowed, f"{lang}: unexpected {set(text) - allowed}"
        present = {key for key in PRACTICAL_LIST_KEYS | PRACTICAL_TEXT_KEYS if key in text}
        other = texts["en" if lang == "ru" else "ru"]
        assert present == {k for k in PRACTICAL_LIST_KEYS | PRACTICAL_TEXT_KEYS if k in other}, (
            "ru and en must have the same practical fields"
        )
        for key in PRACTICAL_LIST_KEYS & present:
            assert isinstance(text[key], list) and text[key], f"{lang}.{key}: a non-empty list"
            assert len(text[key]) == len(other[key]), f"{key}: ru and en differ in length"
        for field, value in _texts_of(text):
            assert isinstance(value, str) and value.strip(), f"{lang}.{field} is empty"
            assert not MARKUP.search(value), f"{lang}.{field} must be plain text"
            assert len(value) <= (700 if field == "answer" else 400), f"{lang}.{field} too long"
            for number in numbers_in(value):
                assert number in known, f"{lang}.{field}: {number} is in none of its facts"
        assert not BOILERPLATE.search(text["answer"]), f"{lang}.answer: boilerplate"
        assert len(text["answer"]) >= 60, f"{lang}: the answer is too short"
        keywords = text["keywords"]
        assert isinstance(keywords, list), f"{lang}: keywords must be a list"
        assert 5 <= len(keywords) <= 30, f"{lang}: 5-30 keywords"
        assert all(isinstance(k, str) and k.strip() for k in keywords)
        assert len({k.lower() for k in keywords}) == len(keywords), f"{lang}: duplicate keyword"
    cyrillic = re.compile(r"[а-яё]", re.IGNORECASE)
    assert cyrillic.search(texts["ru"]["answer"]), "ru answer must be in Russian"
    assert not cyrillic.search(texts["en"]["answer"]), "en answer must not be in Russian"


def test_slugs_are_unique() -> None:
    slugs = Counter(entry["slug"] for _, entry in ENTRIES)
    assert not [slug for slug, count in slugs.items() if count > 1]


def test_every_country_has_the_entries_its_facts_support() -> None:
    per_country = Counter(entry["country"] for _, entry in ENTRIES)
    for country, minimum in MINIMUM_ENTRIES.items():
        assert per_country[country] >= minimum, f"{country}: {per_country[country]} entries"
        slugs = {entry["slug"] for _, entry in ENTRIES}
        for topic in ("emergency", "consular", "residence-permit", "bank-account"):
            assert f"{country.lower()}/{topic}" in slugs, f"{country}: no {topic} entry"


def test_every_global_topic_the_facts_support_is_covered() -> None:
    slugs = {entry["slug"] for _, entry in ENTRIES}
    supported = GLOBAL_TOPICS  # every global topic has facts (STYLE.md: psychological help
    # from the countries' crisis lines, scams from the countries' warnings)
    missing = {topic for topic in supported if f"global/{topic}" not in slugs}
    assert not missing, f"missing global entries: {sorted(missing)}"


# ---- help lines for the crisis reply -----------------------------------------------------


def _help_line_files() -> list[Path]:
    return sorted(HELP_LINES_DIR.glob("*.yaml"))


@pytest.mark.parametrize("path", _help_line_files(), ids=lambda p: p.stem)
def test_help_lines_come_from_the_facts(path: Path) -> None:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert set(data) == {"country", "emergency", "lines"}
    country = data["country"]
    assert path.stem == country.lower()
    emergency_facts = " ".join(
        " ".join(numbers_in(row["fact_en"]))
        for row in FACTS
        if row["country"] == country and row["topic"] == "emergency"
    )
    assert numbers_in(str(data["emergency"])) <= set(emergency_facts.split())
    assert data["lines"], "at least one crisis or support line"
    for line in data["lines"]:
        assert set(line) == {"phone", "ru", "en", "source"}
        assert line["source"] in FACTS_BY_URL, f"not a source of facts.tsv: {line['source']}"
        facts = FACTS_BY_URL[line["source"]]
        digits = re.sub(r"\D", "", line["phone"])
        assert any(digits in numbers_in(row["fact_en"] + " " + row["fact_ru"]) for row in facts), (
            f"{line['phone']} is not in its source's facts"
        )
        for lang in ("ru", "en"):
            assert isinstance(line[lang], str) and 5 <= len(line[lang]) <= 160


def test_every_country_with_entries_has_help_lines() -> None:
    countries = {entry["country"] for _, entry in ENTRIES} - {"*"}
    have = {path.stem.upper() for path in _help_line_files()}
    assert countries <= have, f"no help lines for {sorted(countries - have)}"


# ---- the evaluation set ------------------------------------------------------------------


def _eval_lines() -> list[dict[str, Any]]:
    lines = []
    for path in sorted(EVAL_DIR.glob("*.jsonl")):
        for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if raw.strip():
                item = json.loads(raw)
                item["_where"] = f"{path.name}:{number}"
                lines.append(item)
    return lines


def test_eval_set_is_well_formed_and_expects_existing_slugs() -> None:
    slugs = {entry["slug"] for _, entry in ENTRIES}
    questions = {
        entry["texts"][lang]["question"].strip().lower()
        for _, entry in ENTRIES
        for lang in ("ru", "en")
    }
    lines = _eval_lines()
    assert len(lines) >= 350
    for item in lines:
        where = item["_where"]
        assert set(item) == {"q", "country", "lang", "expected", "_where"}, where
        assert isinstance(item["q"], str) and item["q"].strip(), where
        assert item["country"] is None or re.fullmatch(r"[A-Z]{2}", item["country"]), where
        assert item["lang"] in ("ru", "en"), where
        assert isinstance(item["expected"], list) and item["expected"], where
        for slug in item["expected"]:
            assert slug in slugs, f"{where}: unknown slug {slug}"
        assert item["q"].strip().lower() not in questions, f"{where}: copies an entry's question"
    ru_share = sum(item["lang"] == "ru" for item in lines) / len(lines)
    assert 0.5 <= ru_share <= 0.75
    assert len({item["q"] for item in lines}) == len(lines), "duplicate eval question"
    covered = {slug.split("/")[0] for item in lines for slug in item["expected"]}
    wanted = {cc.lower() for cc in MINIMUM_ENTRIES} | {"global"}
    assert wanted <= covered, f"no questions for {sorted(wanted - covered)}"
