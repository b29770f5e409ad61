"""The bot's own copy, for assertions that survive a change of wording.

``t("setup-city", "ru", country="Грузия")`` is the text a member reads, rendered by the same
Fluent catalogs and escaping core the bot uses (:func:`bot.i18n.offline_core`) and shown as the
fake Telegram shows it (HTML parsed: no tags, entities decoded), so a test says *which* message
it expects rather than repeating its words.
"""

from __future__ import annotations

import html
import re
from typing import Any

from fluent.syntax import ast

from bot.i18n import offline_core

# A placeable's value, as a pattern: any text (member values, numbers, dates) on one line.
_ANY = "\ue000"
_TAG = re.compile(r"<[^>]*>")


def t(key: str, locale: str = "en", **values: Any) -> str:
    """The visible text of catalog ``key`` in ``locale`` with ``values`` put in."""
    return _visible(str(offline_core().get(key, locale, **values)))


def _visible(markup: str) -> str:
    """HTML as the member sees it: tags gone, entities decoded."""
    return html.unescape(_TAG.sub("", markup))


def has(text: str, key: str, locale: str = "en", **values: Any) -> bool:
    """Whether ``text`` contains the message ``key``.

    Values not given match anything on their line, so ``has(reply, "jobs-list", total=3)``
    checks the wording and the count without knowing the filter's label.
    """
    core = offline_core()
    bundle = core.locales[locale]
    message = bundle.get_message(key)
    names = _variables(message.value) if message.value is not None else set()
    filled = {name: values.get(name, _ANY) for name in names}
    # Selectors on a number need a number: a missing one renders the default variant.
    rendered = _visible(str(core.get(key, locale, **filled)))
    pattern = ".*?".join(re.escape(part) for part in rendered.split(_ANY))
    return re.search(pattern, text, re.DOTALL) is not None


def _variables(pattern: Any) -> set[str]:
    """Names of the variables a compiled Fluent pattern refers to."""
    found: set[str] = set()

    def visit(node: object) -> None:
        if isinstance(node, ast.VariableReference):
            found.add(node.id.name)
        if isinstance(node, ast.BaseNode):
            for value in vars(node).values():
                for item in value if isinstance(value, list) else [value]:
                    visit(item)

    visit(pattern)
    return found
