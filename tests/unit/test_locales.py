"""Every string a member can see exists in Russian and English, and every key the code uses
exists in the catalogs."""

from __future__ import annotations

import re
from pathlib import Path

from fluent.syntax import FluentParser, ast

from bot.content.loader import read_yaml
from bot.db.models import TaxonomyKind
from bot.i18n import create_core

ROOT = Path(__file__).resolve().parents[2]
LOCALES = ("ru", "en")


def catalog_keys(locale: str) -> dict[str, set[str]]:
    """key → the variables its text uses, over every .ftl file of ``locale``."""
    keys: dict[str, set[str]] = {}
    parser = FluentParser(with_spans=False)
    for path in sorted((ROOT / "locales" / locale).rglob("*.ftl")):
        resource = parser.parse(path.read_text("utf-8"))
        for entry in resource.body:
            assert not isinstance(entry, ast.Junk), f"{path}: unparsable entry {entry.content!r}"
            if isinstance(entry, ast.Message):
                assert entry.id.name not in keys, f"{path}: {entry.id.name} defined twice"
                keys[entry.id.name] = _variables(entry)
    return keys


def _variables(message: ast.Message) -> set[str]:
    found: set[str] = set()

    def visit(node: object) -> None:
        if isinstance(node, ast.VariableReference):
            found.add(node.id.name)
        if isinstance(node, ast.BaseNode):
            for value in vars(node).values():
                if isinstance(value, list):
                    for item in value:
                        visit(item)
                else:
                    visit(value)

    visit(message.value)
    return found


def keys_used_in_code() -> set[str]:
    """Literal catalog keys in the code: ``get("key"``, ``text(locale, "key"``."""
    pattern = re.compile(
        r"""(?:\.get|\.text|i18n\.get|\bt)\(\s*(?:[\w.]+,\s*)?["']([a-z][a-z0-9-]+)["']"""
    )
    found: set[str] = set()
    for path in (ROOT / "bot").rglob("*.py"):
        if "emulator" in path.parts or "search" in path.parts:
            continue
        for key in pattern.findall(path.read_text("utf-8")):
            if "-" in key:
                found.add(key)
    return found


def test_russian_and_english_have_the_same_keys_and_variables() -> None:
    ru, en = catalog_keys("ru"), catalog_keys("en")
    assert sorted(set(ru) - set(en)) == [], "in ru but not in en"
    assert sorted(set(en) - set(ru)) == [], "in en but not in ru"
    mismatched = {key for key in ru if ru[key] != en[key]}
    assert sorted(mismatched) == [], "the two languages use different variables"


def test_every_key_the_code_uses_exists() -> None:
    ru = catalog_keys("ru")
    missing = sorted(key for key in keys_used_in_code() if key not in ru)
    assert missing == []


def test_every_taxonomy_slug_has_a_label_in_both_languages() -> None:
    raw = read_yaml("taxonomy.yaml")
    for locale in LOCALES:
        keys = catalog_keys(locale)
        for kind_name, slugs in raw.items():
            prefix = TaxonomyKind(kind_name).label_prefix
            missing = [slug for slug in slugs if f"{prefix}-{slug}" not in keys]
            assert missing == [], (locale, kind_name)


def test_the_catalogs_load_and_format() -> None:
    core = create_core("en")
    assert core.get("privacy-deleted", "ru").startswith("✅")
    assert core.get("setup-city", "en", country="<Georgia>").count("&lt;Georgia&gt;") == 1
