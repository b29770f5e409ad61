"""Reading entries from the FAQ YAML contract."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.search import FaqDocument, load_documents_from_yaml, starter_faq_paths

YAML = """
faq:
  - slug: ge/bank-account
    country: GE
    topic: bank-account
    volatility: high
    verified_at: 2026-11-01
    review_by: 2027-02-01
    sources: [https://example.org/a]
    texts:
      ru: {question: "Как открыть счёт?", answer: "В банке.", keywords: [счёт, банк]}
      en: {question: "How to open an account?", answer: "At a bank.", keywords: [account]}
  - slug: global/scams
    country: "*"
    topic: scams
    texts:
      ru: {question: "Мошенники", answer: "Осторожно.", keywords: "обман"}
  - slug: ge/old
    country: GE
    topic: housing
    status: archived
    texts:
      ru: {question: "Старое", answer: "", keywords: []}
"""


def test_loads_contract_yaml(tmp_path: Path) -> None:
    path = tmp_path / "faq.yaml"
    path.write_text(YAML, encoding="utf-8")
    docs = load_documents_from_yaml([path])
    assert [d.slug for d in docs] == ["ge/bank-account", "global/scams"]
    bank = docs[0]
    assert (bank.country, bank.topic) == ("GE", "bank-account")
    assert bank.texts["ru"].keywords == ("счёт", "банк")
    assert bank.texts["en"].question == "How to open an account?"
    assert docs[1].country == "*"
    assert docs[1].is_global
    assert docs[1].texts["ru"].keywords == ("обман",)


def test_file_without_faq_section(tmp_path: Path) -> None:
    path = tmp_path / "groups.yaml"
    path.write_text("groups: []\n", encoding="utf-8")
    assert load_documents_from_yaml([path]) == []


def test_malformed_entry_names_file_and_position(tmp_path: Path) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text("faq:\n  - slug: ok/one\n    texts: {}\n  - topic: x\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"bad\.yaml: faq entry #2"):
        load_documents_from_yaml([path])


def test_from_mapping_defaults() -> None:
    doc = FaqDocument.from_mapping({"slug": "kz/sim-card", "country": "kz", "texts": {}})
    assert doc.country == "KZ"
    assert doc.topic == "sim-card"
    assert doc.title("ru") == ("ru", "kz/sim-card")


def test_starter_base_loads() -> None:
    paths = starter_faq_paths()
    if not paths:
        pytest.skip("no starter knowledge base yet")
    docs = load_documents_from_yaml(paths)
    assert docs
    assert len({d.slug for d in docs}) == len(docs)
    assert all(d.texts for d in docs)
