"""Every catalog text uses the glossary's terms (``locales/glossary.yaml``): no forbidden
variant appears in either language, so a member meets one word for one thing on every screen."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml
from fluent.syntax import FluentParser, ast

ROOT = Path(__file__).resolve().parents[2]
GLOSSARY = ROOT / "locales" / "glossary.yaml"
LOCALES = ("ru", "en")
# What a reader never sees as our wording: examples in <code>, then any other tag.
_CODE = re.compile(r"<code>.*?</code>", re.DOTALL)
_TAG = re.compile(r"<[^>]*>")


@dataclass(frozen=True)
class Term:
    """One glossary entry in one language."""

    id: str
    locale: str
    preferred: str
    forbidden: tuple[re.Pattern[str], ...]
    allowed_in: frozenset[str]


def load_terms() -> list[Term]:
    """The glossary, its patterns compiled (case-insensitive)."""
    data: dict[str, Any] = yaml.safe_load(GLOSSARY.read_text("utf-8"))
    terms: list[Term] = []
    for entry in data["terms"]:
        for locale in LOCALES:
            side = entry[locale]
            terms.append(
                Term(
                    id=entry["id"],
                    locale=locale,
                    preferred=side["preferred"],
                    forbidden=tuple(re.compile(p, re.IGNORECASE) for p in side["forbidden"]),
                    allowed_in=frozenset(side.get("allowed_in", ())),
                )
            )
    return terms


def catalog_texts(locale: str) -> dict[str, str]:
    """key → every literal text of the message (all variants), without placeables or tags."""
    parser = FluentParser(with_spans=False)
    texts: dict[str, str] = {}
    for path in sorted((ROOT / "locales" / locale).rglob("*.ftl")):
        for entry in parser.parse(path.read_text("utf-8")).body:
            if isinstance(entry, ast.Message) and entry.value is not None:
                parts: list[str] = []
                _collect(entry.value, parts)
                texts[entry.id.name] = _TAG.sub(" ", _CODE.sub(" ", "".join(parts)))
    return texts


def _collect(node: object, parts: list[str]) -> None:
    """The text elements under ``node``; a placeable stands as a space (its value varies)."""
    if isinstance(node, ast.TextElement):
        parts.append(node.value)
    elif isinstance(node, ast.Placeable) and not isinstance(node.expression, ast.SelectExpression):
        parts.append(" ")
    elif isinstance(node, ast.BaseNode):
        for value in vars(node).values():
            for item in value if isinstance(value, list) else [value]:
                _collect(item, parts)


TERMS = load_terms()


def test_every_term_has_both_languages_and_a_preferred_form_that_is_allowed() -> None:
    ids = [term.id for term in TERMS if term.locale == "ru"]
    assert len(ids) == len(set(ids)), "a term is defined twice"
    for term in TERMS:
        assert term.preferred.strip(), (term.id, term.locale)
        hit = [p.pattern for p in term.forbidden if p.search(term.preferred)]
        assert hit == [], f"{term.id} ({term.locale}): the preferred form is forbidden by {hit}"


@pytest.mark.parametrize("locale", LOCALES)
def test_no_catalog_text_uses_a_forbidden_variant(locale: str) -> None:
    texts = catalog_texts(locale)
    found = [
        f"{key}: {match.group(0)!r} — say {term.preferred!r} ({term.id})"
        for term in TERMS
        if term.locale == locale
        for key, text in texts.items()
        if key not in term.allowed_in
        for pattern in term.forbidden
        for match in [pattern.search(text)]
        if match is not None
    ]
    assert found == []


def test_the_checker_sees_inside_variants_and_skips_placeables_and_code() -> None:
    parser = FluentParser(with_spans=False)
    resource = parser.parse(
        "a = { $n ->\n    [one] one vacancy\n   *[other] <code>users</code> { $user }\n}\n"
    )
    message = resource.body[0]
    assert isinstance(message, ast.Message) and message.value is not None
    parts: list[str] = []
    _collect(message.value, parts)
    text = _TAG.sub(" ", _CODE.sub(" ", "".join(parts)))
    assert "vacancy" in text and "users" not in text and "user" not in text
