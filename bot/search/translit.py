"""Transliteration between Russian Cyrillic and Latin, and keyboard-layout repair.

Russian speakers often type Russian in Latin letters ("kak otkryt schet v gruzii",
"vnzh", "propiska") with no agreed scheme: ``щ`` is ``sch``, ``shch`` or ``sh``; ``х`` is ``h``,
``kh`` or ``x``; ``я`` is ``ya``, ``ja`` or ``ia``. Rather than guessing one scheme, this module
maps both scripts to a lossy common **skeleton** in which the schemes coincide:

>>> skeleton("счёт") == skeleton("schet") == skeleton("shchet")
True
>>> skeleton("вид на жительство") == skeleton("vid na zhitelstvo")
True

The index keeps the skeleton of every Russian stem; a Latin query word that is not English is
transliterated (:func:`to_cyrillic`), stemmed as Russian and looked up by skeleton.

:func:`to_latin` is the reverse direction (a readable BGN/PCGN-like scheme) used to match
Cyrillic spellings of Latin terms (``паушал`` → ``paushal`` ≈ ``pausal``), and
:func:`switch_layout` repairs text typed with the wrong keyboard layout (``ghfdf`` → ``права``).
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Final

__all__ = ["skeleton", "switch_layout", "to_cyrillic", "to_latin"]

# fmt: off
_CYR_TO_LAT: Final[dict[str, str]] = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "e", "ж": "zh", "з": "z",
    "и": "i", "й": "y", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r",
    "с": "s", "т": "t", "у": "u", "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh",
    "щ": "shch", "ъ": "", "ы": "y", "ь": "", "э": "e", "ю": "yu", "я": "ya",
    # Ukrainian, Belarusian, Serbian, Kazakh letters that turn up in names.
    "і": "i", "ї": "yi", "є": "ye", "ґ": "g", "ў": "w", "ј": "j", "љ": "lj", "њ": "nj",
    "ћ": "c", "ђ": "dj", "џ": "dz", "қ": "k", "ғ": "g", "ң": "n", "ө": "o", "ү": "u",
    "ұ": "u", "һ": "h", "ә": "a",
}
# fmt: on


def to_latin(word: str) -> str:
    """Romanise a (normalised) Cyrillic word; other characters pass through.

    >>> to_latin("вид на жительство")
    'vid na zhitelstvo'
    """
    return "".join(_CYR_TO_LAT.get(ch, ch) for ch in word)


# Latin → Cyrillic, longest sequence first. One reading per sequence: the most common one in
# informal Russian transliteration. Ambiguity left here is absorbed by the skeleton.
# fmt: off
_LAT_TO_CYR_SEQ: Final[tuple[tuple[str, str], ...]] = (
    ("shch", "щ"), ("sch", "сч"), ("sh", "ш"), ("ch", "ч"), ("zh", "ж"), ("kh", "х"),
    ("ts", "ц"), ("tz", "ц"), ("ck", "к"), ("ph", "ф"),
    ("yo", "е"), ("jo", "е"), ("yu", "ю"), ("ju", "ю"), ("iu", "ю"),
    ("ya", "я"), ("ja", "я"), ("ia", "ия"),
    ("iy", "ий"), ("yy", "ый"), ("ij", "ий"), ("yi", "ый"),
    ("ye", "е"), ("je", "е"),
    ("a", "а"), ("b", "б"), ("c", "ц"), ("d", "д"), ("e", "е"), ("f", "ф"), ("g", "г"),
    ("h", "х"), ("i", "и"), ("j", "й"), ("k", "к"), ("l", "л"), ("m", "м"), ("n", "н"),
    ("o", "о"), ("p", "п"), ("q", "к"), ("r", "р"), ("s", "с"), ("t", "т"), ("u", "у"),
    ("v", "в"), ("w", "в"), ("x", "кс"), ("y", "ы"), ("z", "з"),
)
# fmt: on
_LAT_TO_CYR_RE: Final = re.compile("|".join(re.escape(k) for k, _ in _LAT_TO_CYR_SEQ))
_LAT_TO_CYR: Final[dict[str, str]] = dict(_LAT_TO_CYR_SEQ)
_VOWELS_CYR: Final = frozenset("аеиоуыэюяй")


@lru_cache(maxsize=16384)
def to_cyrillic(word: str) -> str:
    """Read a Latin word as transliterated Russian.

    >>> to_cyrillic("gruzii"), to_cyrillic("vnzh"), to_cyrillic("propiska")
    ('грузии', 'внж', 'прописка')
    """
    out = _LAT_TO_CYR_RE.sub(lambda m: _LAT_TO_CYR[m.group()], word)
    # "y" after a vowel is "й" ("moy" → "мой", "otkroy" → "открой"), not "ы".
    chars = list(out)
    for i in range(1, len(chars)):
        if chars[i] == "ы" and chars[i - 1] in _VOWELS_CYR:
            chars[i] = "й"
    return "".join(chars)


# Skeleton: applied to a Latin string (Cyrillic is romanised first). Order matters.
_SKELETON_RULES: Final[tuple[tuple[re.Pattern[str], str], ...]] = tuple(
    (re.compile(pattern), repl)
    for pattern, repl in (
        (r"shch|sch|shh|sh|ch", "S"),  # щ/ш/ч → one class: schemes and typos mix them
        (r"zh", "Z"),
        (r"kh|h|ck|q", "k"),  # "strahovka" and "strakhovka" both mean "страховка"
        (r"ts|tz|cz", "c"),
        (r"ph", "f"),
        (r"w", "v"),
        (r"x", "ks"),
        (r"[yji]", "i"),
        (r"ie|ye|je", "e"),
        (r"io|yo|jo", "e"),
        (r"['`]", ""),
        (r"(.)\1+", r"\1"),  # doubled letters
    )
)


@lru_cache(maxsize=65536)
def skeleton(text: str) -> str:
    """A lossy key on which Russian words and their informal romanisations coincide."""
    text = to_latin(text)
    for pattern, repl in _SKELETON_RULES:
        text = pattern.sub(repl, text)
    return text


_EN_KEYS: Final = "`qwertyuiop[]asdfghjkl;'zxcvbnm,./"
_RU_KEYS: Final = "ёйцукенгшщзхъфывапролджэячсмитьбю."
_EN_TO_RU: Final = str.maketrans(_EN_KEYS, _RU_KEYS)
_RU_TO_EN: Final = str.maketrans(_RU_KEYS, _EN_KEYS)


def switch_layout(text: str) -> str:
    """Retype text as if the other keyboard layout (ЙЦУКЕН ↔ QWERTY) had been on.

    >>> switch_layout("ghfdf"), switch_layout("ифтл")
    ('права', 'bank')
    """
    if any("а" <= ch <= "я" or ch == "ё" for ch in text):
        return text.translate(_RU_TO_EN)
    return text.translate(_EN_TO_RU)
