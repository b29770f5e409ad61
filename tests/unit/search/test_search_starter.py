"""The search on the starter knowledge base: the development set as a regression gate.

The evaluation set (bench/data/faq_eval/) and the holdout set (bench/data/faq_holdout/) are
not used here; bench/search.py reports them.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bot.search import FaqSearchIndex, load_documents_from_yaml, starter_faq_paths

ROOT = Path(__file__).resolve().parents[3]
DEV_SET = ROOT / "bench" / "data" / "faq_dev"


@pytest.fixture(scope="module")
def starter() -> FaqSearchIndex:
    paths = starter_faq_paths()
    if not paths:
        pytest.skip("no starter knowledge base yet")
    return FaqSearchIndex.build(load_documents_from_yaml(paths))


def test_dev_set_accuracy(starter: FaqSearchIndex) -> None:
    rows = [
        json.loads(line)
        for path in sorted(DEV_SET.glob("*.jsonl"))
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]
    known = {d.slug for d in starter.documents}
    rows = [r for r in rows if set(r["expected"]) & known]
    assert len(rows) >= 60
    top1 = top3 = 0
    for row in rows:
        hits = starter.search(row["q"], country=row["country"], lang=row["lang"], limit=3)
        got = [h.slug for h in hits]
        top1 += bool(got) and got[0] in row["expected"]
        top3 += bool(set(got) & set(row["expected"]))
    assert top3 / len(rows) >= 0.90
    assert top1 / len(rows) >= 0.75


@pytest.mark.parametrize(
    ("query", "country", "expected"),
    [
        ("kak otkryt schet v gruzii", None, "ge/bank-account"),
        ("IE в Грузии", None, "ge/entrepreneur"),
        ("ВНЖ serbia", None, "rs/residence-permit"),
        ("как открыть счёт в Сербии", "GE", "rs/bank-account"),
        ("пришла повестка, что делать", "AM", "global/military-registration"),
    ],
)
def test_canonical_questions(
    starter: FaqSearchIndex, query: str, country: str | None, expected: str
) -> None:
    hits = starter.search(query, country=country)
    assert hits
    assert hits[0].slug == expected
