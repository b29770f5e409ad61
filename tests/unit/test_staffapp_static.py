"""The staff app's page: every text it shows is in both catalogs, and nothing loads from
another host at run time (no CDN)."""

from __future__ import annotations

import re
from importlib import resources

from tests.unit.test_locales import catalog_keys

STATIC = resources.files("bot.features.staffapp") / "static"


def _page_files() -> dict[str, str]:
    return {
        name: (STATIC / name).read_text(encoding="utf-8")
        for name in ("index.html", "app.js", "app.css")
    }


def test_every_text_of_the_page_is_in_both_catalogs() -> None:
    script = _page_files()["app.js"]
    used = set(re.findall(r"""t\(\s*["'](app-[a-z0-9-]*[a-z0-9])["']""", script))
    prefixes = set(re.findall(r"""t\(\s*["'](app-[a-z0-9-]+-)["']\s*\+""", script))
    assert len(used) > 40, "the page's texts were not found: the pattern is broken"
    for locale in ("ru", "en"):
        keys = set(catalog_keys(locale))
        assert used - keys == set(), f"{locale}: missing {sorted(used - keys)}"
        for prefix in prefixes:
            assert any(key.startswith(prefix) for key in keys), f"{locale}: no {prefix}*"
    states = {"ok", "due", "overdue", "draft", "missing"}
    for locale in ("ru", "en"):
        assert {f"app-state-{s}" for s in states} <= set(catalog_keys(locale))


def test_nothing_is_loaded_from_another_host() -> None:
    for name, text in _page_files().items():
        assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", text), name
        assert "telegram.org" not in text, name
        assert not re.search(r"""fetch\(\s*["']https?:""", text), name
