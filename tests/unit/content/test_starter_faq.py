"""The starter knowledge base in bot/content/faq/ follows the FAQ YAML contract.

Every source URL must come from the reference facts (copied into fact_sources.txt, so the test
does not need shared/ at CI time), and every slug the evaluation set expects must exist.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[3]
FAQ_DIR = ROOT / "bot" / "content" / "faq"
EVAL_FILE = ROOT / "bench" / "data" / "faq_eval.jsonl"
SOURCES_FILE = Path(__file__).with_name("fact_sources.txt")

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
}
GLOBAL_TOPICS = {
    "passport-renewal",
    "power-of-attorney",
    "apostille",
    "military-registration",
    "russian-tax-residency",
    "currency-control",
    "moving-on-eu",
    "scams",
    "psychological-help",
}
# Practical safety guidance that needs no legal source.
UNSOURCED_TOPICS = {"scams", "psychological-help"}
REQUIRED_KEYS = {
    "slug",
    "country",
    "topic",
    "volatility",
    "verified_at",
    "review_by",
    "sources",
    "texts",
}
OPTIONAL_KEYS = {"status", "verified_by"}
REVIEW_MONTHS = {"high": 3, "medium": 6, "low": 12}
MARKUP = re.compile(r"<[a-zA-Z/][^>]*>|\*\*|__|`|\]\(|^#", re.MULTILINE)


def _faq_files() -> list[Path]:
    return sorted(FAQ_DIR.glob("*.yaml"))


def _entries() -> list[tuple[str, dict]]:
    out = []
    for path in _faq_files():
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        assert isinstance(data, dict), f"{path.name}: top level must be a mapping"
        assert set(data) == {"faq"}, f"{path.name}: only a top-level 'faq' list is expected"
        assert isinstance(data["faq"], list), f"{path.name}: 'faq' must be a list"
        assert data["faq"], f"{path.name}: 'faq' is empty"
        out.extend((path.name, entry) for entry in data["faq"])
    return out


ENTRIES = _entries()
ALLOWED_SOURCES = {
    line.strip()
    for line in SOURCES_FILE.read_text(encoding="utf-8").splitlines()
    if line.strip() and not line.startswith("#")
}


def _as_date(value: object) -> dt.date:
    if isinstance(value, dt.datetime):
        raise AssertionError(f"expected a date, got a datetime: {value!r}")
    if isinstance(value, dt.date):
        return value
    assert isinstance(value, str), f"expected a date, got {value!r}"
    return dt.date.fromisoformat(value)


def _add_months(day: dt.date, months: int) -> dt.date:
    import calendar

    year, month0 = divmod(day.month - 1 + months, 12)
    year += day.year
    last = calendar.monthrange(year, month0 + 1)[1]
    return dt.date(year, month0 + 1, min(day.day, last))


def test_files_exist_for_main_countries_and_global() -> None:
    names = {p.name for p in _faq_files()}
    expected = {"ge.yaml", "am.yaml", "kz.yaml", "rs.yaml", "tr.yaml", "il.yaml", "global.yaml"}
    assert expected <= names


@pytest.mark.parametrize(
    ("filename", "entry"), ENTRIES, ids=[e.get("slug", "?") for _, e in ENTRIES]
)
def test_entry_follows_contract(filename: str, entry: dict) -> None:
    keys = set(entry)
    assert keys >= REQUIRED_KEYS, f"missing {REQUIRED_KEYS - keys}"
    unexpected = keys - REQUIRED_KEYS - OPTIONAL_KEYS
    assert not unexpected, f"unexpected keys {unexpected}"

    country, topic, slug = entry["country"], entry["topic"], entry["slug"]
    assert isinstance(country, str)
    if country == "*":
        assert topic in GLOBAL_TOPICS, f"{topic!r} is not a global FAQ topic"
        assert slug == f"global/{topic}"
        assert filename == "global.yaml"
    else:
        assert re.fullmatch(r"[A-Z]{2}", country), f"not ISO alpha-2 or '*': {country!r}"
        assert topic in COUNTRY_TOPICS, f"{topic!r} is not a country FAQ topic"
        assert slug == f"{country.lower()}/{topic}"
        assert filename == f"{country.lower()}.yaml"

    assert entry["volatility"] in REVIEW_MONTHS
    verified_at = _as_date(entry["verified_at"])
    review_by = _as_date(entry["review_by"])
    assert review_by > verified_at
    assert review_by == _add_months(verified_at, REVIEW_MONTHS[entry["volatility"]])

    sources = entry["sources"]
    assert isinstance(sources, list)
    assert len(sources) == len(set(sources)), "duplicate source"
    if topic not in UNSOURCED_TOPICS:
        assert sources, "every legal or banking entry needs at least one source"
    for url in sources:
        assert url in ALLOWED_SOURCES, f"source not in the reference facts: {url}"

    texts = entry["texts"]
    assert set(texts) >= {"ru", "en"}
    for lang in ("ru", "en"):
        text = texts[lang]
        assert set(text) == {"question", "answer", "keywords"}, f"{lang}: {set(text)}"
        for field in ("question", "answer"):
            assert isinstance(text[field], str), f"{lang}.{field} must be text"
            assert text[field].strip(), f"{lang}.{field} is empty"
            assert not MARKUP.search(text[field]), f"{lang}.{field} must be plain text"
        assert 200 <= len(text["answer"]) <= 1200, f"{lang}: answer length {len(text['answer'])}"
        keywords = text["keywords"]
        assert isinstance(keywords, list), f"{lang}: keywords must be a list"
        assert 5 <= len(keywords) <= 15, f"{lang}: 5-15 keywords"
        assert all(isinstance(k, str) and k.strip() for k in keywords)
        assert len({k.lower() for k in keywords}) == len(keywords), f"{lang}: duplicate keyword"
    cyrillic = re.compile(r"[а-яё]", re.IGNORECASE)
    assert cyrillic.search(texts["ru"]["answer"]), "ru answer must be in Russian"
    assert not cyrillic.search(texts["en"]["answer"]), "en answer must not be in Russian"


def test_slugs_are_unique() -> None:
    slugs = [entry["slug"] for _, entry in ENTRIES]
    duplicates = {s for s in slugs if slugs.count(s) > 1}
    assert not duplicates


# What the reference facts support for the main host countries and the global topics: a guard
# against entries silently disappearing. Topics missing here have no facts (coverage gaps).
EXPECTED_COVERAGE = {
    "GE": {
        "visa-free-stay",
        "health-insurance",
        "residence-permit",
        "tax-residency",
        "entrepreneur",
        "bank-account",
        "cards-transfers",
        "driving-licence",
    },
    "AM": {
        "visa-free-stay",
        "registration",
        "residence-permit",
        "tax-residency",
        "entrepreneur",
        "cards-transfers",
        "local-id",
        "bank-account",
    },
    "KZ": {
        "visa-free-stay",
        "registration",
        "residence-permit",
        "work-permit",
        "entrepreneur",
        "tax-residency",
        "local-id",
        "bank-account",
        "cards-transfers",
        "sim-card",
        "driving-licence",
        "health-insurance",
    },
    "RS": {
        "visa-free-stay",
        "registration",
        "residence-permit",
        "work-permit",
        "entrepreneur",
        "tax-residency",
        "bank-account",
        "driving-licence",
    },
    "TR": {
        "visa-free-stay",
        "residence-permit",
        "tax-residency",
        "local-id",
        "sim-card",
        "bank-account",
        "cards-transfers",
        "driving-licence",
    },
    "IL": {
        "visa-free-stay",
        "residence-permit",
        "tax-residency",
        "bank-account",
        "health-insurance",
        "driving-licence",
    },
    "*": GLOBAL_TOPICS,
}


def test_main_countries_and_global_topics_are_covered() -> None:
    slugs = {entry["slug"] for _, entry in ENTRIES}
    for cc, topics in EXPECTED_COVERAGE.items():
        prefix = "global" if cc == "*" else cc.lower()
        missing = {t for t in topics if f"{prefix}/{t}" not in slugs}
        assert not missing, f"{cc}: missing {sorted(missing)}"


def _eval_lines() -> list[dict]:
    lines = []
    for number, raw in enumerate(EVAL_FILE.read_text(encoding="utf-8").splitlines(), 1):
        if raw.strip():
            item = json.loads(raw)
            item["_line"] = number
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
    assert len(lines) >= 180
    for item in lines:
        where = f"line {item['_line']}"
        assert set(item) == {"q", "country", "lang", "expected", "_line"}, where
        assert isinstance(item["q"], str), where
        assert item["q"].strip(), where
        assert item["country"] is None or re.fullmatch(r"[A-Z]{2}", item["country"]), where
        assert item["lang"] in ("ru", "en"), where
        assert isinstance(item["expected"], list), where
        assert item["expected"], where
        for slug in item["expected"]:
            assert slug in slugs, f"{where}: unknown slug {slug}"
        assert item["q"].strip().lower() not in questions, f"{where}: copies an entry's question"
    ru_share = sum(item["lang"] == "ru" for item in lines) / len(lines)
    assert 0.5 <= ru_share <= 0.7
    assert len({item["q"] for item in lines}) == len(lines), "duplicate eval question"
