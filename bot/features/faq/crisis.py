"""A person in crisis, and texts that are not questions at all. Pure: no database, no aiogram.

* :func:`crisis_level` reads a member's message for panic, fear, having been cheated, not coping,
  threats and thoughts of harm (a small Russian and English lexicon, kept under test with
  examples that must and must not trigger). Such a message gets a warm first line and the
  emergency and crisis lines of the member's country before anything else, and its text is
  never passed on to volunteers.
* :func:`help_lines` are those lines, per country, from ``bot/content/help_lines/<cc>.yaml``
  (written from the checked fact base; ``tests/unit/content`` checks every number).
* :func:`is_gibberish` tells keyboard mashing from a question, so it never reaches the
  volunteers' queue.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from enum import IntEnum
from functools import cache
from importlib import resources
from typing import Final

import yaml


class Crisis(IntEnum):
    """How urgent a message sounds (ordered)."""

    NONE = 0
    DISTRESS = 1  # panic, fear, cheated, cannot cope
    DANGER = 2  # thoughts of harm, violence, threats


def _patterns(*parts: str) -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{part})" for part in parts), re.IGNORECASE)


# Matched against the lower-cased text with ё → е. Word starts use \b; Russian stems cover
# their endings ("паник" → паника, панике, паникую).
_DANGER: Final = _patterns(
    # Russian: thoughts of harm, violence, threats
    r"покончить с собой",
    r"\bсуицид",
    r"\bне хочу (?:больше )?жить",
    r"\bжить не хочу",
    r"\bубить себя",
    r"\bубью себя",
    r"\bнавредить себе",
    r"\bпорезать себя",
    r"\bсвести счеты с жизнью",
    r"\bугрожа",
    r"\bугроз",
    r"\bшантаж",
    r"\bизбил",
    r"\bбьет меня",
    r"\bнасили",
    r"\bпреследу",
    # English
    r"\bsuicid",
    r"\bkill (?:myself|me)\b",
    r"\bend (?:my|it) (?:life|all)\b",
    r"\bwant to die\b",
    r"\bhurt (?:myself|me)\b",
    r"\bself[- ]?harm",
    r"\bthreat",
    r"\bblackmail",
    r"\bbeat(?:s|ing)? me\b",
    r"\babus",
    r"\bviolen",
    r"\bstalk",
)
_DISTRESS: Final = _patterns(
    # Russian: panic, fear, cheated, cannot cope
    r"\bпаник",
    r"\bстрашно",
    r"\bбоюсь\b",
    r"\bмне страшно",
    r"\bв ужасе",
    r"\bобманул",
    r"\bкинули\b",
    r"\bобокрал",
    r"\bограбил",
    r"\bмошенник[иа]? (?:меня|забрал)",
    r"\bне могу больше",
    r"\bбольше не могу",
    r"\bне могу так\b",
    r"\bне справляюсь",
    r"\bне могу справиться",
    r"\bне могу (?:спать|есть|дышать)",
    r"\bя не могу[.!…]*$",
    r"\bнет сил",
    r"\bотчаян",
    r"\bбезнадеж",
    r"\bпомогите,? пожалуйста,? срочно",
    r"\bистерик",
    # English
    r"\bpanic",
    r"\bscared\b",
    r"\bterrified\b",
    r"\bafraid\b",
    r"\bfrightened\b",
    r"\bcan'?t cope\b",
    r"\bcannot cope\b",
    r"\bcan'?t take (?:it|this) any ?more\b",
    r"\bcan'?t go on\b",
    r"\b(?:got|been|was|were) (?:scammed|cheated|robbed)\b",
    r"\bscammed me\b",
    r"\bhopeless",
    r"\bdesperate\b",
    r"\bbreaking down\b",
)


def crisis_level(text: str) -> Crisis:
    """How urgent ``text`` sounds (see the module docstring)."""
    normal = " ".join(text.lower().replace("ё", "е").split())
    if _DANGER.search(normal):
        return Crisis.DANGER
    if _DISTRESS.search(normal):
        return Crisis.DISTRESS
    return Crisis.NONE


# ---- help lines ------------------------------------------------------------------------------


@dataclass(frozen=True)
class HelpLine:
    phone: str
    description: Mapping[str, str]  # lang -> what the line is, its hours, languages spoken

    def describe(self, lang: str) -> str:
        return self.description.get(lang) or self.description.get("en") or ""


@dataclass(frozen=True)
class CountryHelp:
    country: str
    emergency: str  # the one number to call when life is in danger
    lines: tuple[HelpLine, ...]


@cache
def _all_help() -> Mapping[str, CountryHelp]:
    folder = resources.files("bot.content").joinpath("help_lines")
    found: dict[str, CountryHelp] = {}
    for path in sorted((p for p in folder.iterdir() if p.name.endswith(".yaml")), key=str):
        data = yaml.safe_load(path.read_text("utf-8"))
        lines = tuple(
            HelpLine(
                phone=str(line["phone"]),
                description={"ru": str(line["ru"]), "en": str(line["en"])},
            )
            for line in data["lines"]
        )
        country = str(data["country"]).upper()
        found[country] = CountryHelp(country, str(data["emergency"]), lines)
    return found


def help_lines(country: str | None) -> CountryHelp | None:
    """The emergency number and crisis lines of ``country``; ``None`` when we have none."""
    return _all_help().get(country.upper()) if country else None


# ---- not a question ------------------------------------------------------------------------

_VOWELS: Final = frozenset("аеёиоуыэюяaeiouy")
# Rows of the Russian and Latin keyboards: four keys in a row are mashing, not a word.
_ROWS: Final = ("йцукенгшщзхъ", "фывапролджэ", "ячсмитьбю", "qwertyuiop", "asdfghjkl", "zxcvbnm")
_MASH: Final = frozenset(row[i : i + 4] for row in _ROWS for i in range(len(row) - 3))
_WORD: Final = re.compile(r"[^\W\d_]+")


def _plausible(word: str) -> bool:
    if len(word) <= 4:
        # Abbreviations people type (внж, пмж, инн, vnzh) have few or no vowels.
        return word not in _MASH
    if not _VOWELS.intersection(word):
        return False
    if re.search(r"(.)\1\1", word):
        return False
    if re.search(r"[^аеёиоуыэюяaeiouy]{5,}", word):
        return False
    return not any(word[i : i + 4] in _MASH for i in range(len(word) - 3))


def is_gibberish(text: str) -> bool:
    """Keyboard mashing ("фывапрол", "asdkjh qwerty"): no word of three letters or more looks
    like a word. Short texts and texts without letters are not gibberish (they are handled as
    "not a question")."""
    words = [w for w in _WORD.findall(text.lower()) if len(w) >= 3]
    return bool(words) and not any(_plausible(word) for word in words)
