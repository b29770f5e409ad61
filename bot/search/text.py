"""Text normalisation and tokenising for knowledge-base search.

Everything here is pure and deterministic: the same text always gives the same tokens.

* :func:`normalize` folds case, ``ё`` → ``е``, strips zero-width and bidi control characters,
  strips diacritics from *Latin* letters only (``paušal`` → ``pausal``, while ``й`` stays ``й``),
  and turns punctuation into spaces.
* :func:`tokenize` splits into :class:`Token` objects that remember whether the original was
  written in capitals (``IT`` the industry is not ``it`` the pronoun) and fixes homoglyphs in
  mixed-script words (a Latin ``c`` typed inside a Cyrillic word, and the other way round).
* :func:`detect_script_lang` guesses ``ru``/``en`` from the script of a text.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import Final

__all__ = [
    "MAX_QUERY_CHARS",
    "MAX_QUERY_TOKENS",
    "Token",
    "detect_script_lang",
    "is_cyrillic",
    "is_latin",
    "normalize",
    "script_of",
    "tokenize",
]

#: A query longer than this is cut before any processing (a question is never that long; the
#: cut keeps latency bounded for pasted walls of text).
MAX_QUERY_CHARS: Final = 1000
#: At most this many tokens of a query are looked at.
MAX_QUERY_TOKENS: Final = 48

# Zero-width, soft hyphen, bidi marks/embeddings/isolates, word joiner, BOM, variation selectors.
_INVISIBLE_RE: Final = re.compile(
    "[\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180e\u200b-\u200f"
    "\u202a-\u202e\u2060-\u206f\u3164\ufe00-\ufe0f\ufeff\uffa0]"
)
_WORD_RE: Final = re.compile(r"[^\W_]+")
_NON_WORD_RE: Final = re.compile(r"[\W_]+")

# Letters that look the same in both scripts (lower case), used to repair mixed-script words.
# fmt: off
_LAT_TO_CYR_HOMOGLYPH: Final = str.maketrans(
    {"a": "а", "b": "в", "c": "с", "e": "е", "h": "н", "k": "к", "m": "м", "o": "о",
     "p": "р", "t": "т", "x": "х", "y": "у"}
)
# fmt: on
# fmt: off
_CYR_TO_LAT_HOMOGLYPH: Final = str.maketrans(
    {"а": "a", "в": "b", "с": "c", "е": "e", "н": "h", "к": "k", "м": "m", "о": "o",
     "р": "p", "т": "t", "х": "x", "у": "y", "і": "i", "ј": "j", "ѕ": "s"}
)
# fmt: on
_LAT_HOMOGLYPHS: Final = frozenset("abcehkmoptxy")
_CYR_HOMOGLYPHS: Final = frozenset("авсенкмортхуіјѕ")


def is_cyrillic(ch: str) -> bool:
    """True for a Cyrillic letter (the basic Cyrillic block and its supplement)."""
    return "\u0400" <= ch <= "\u052f"


def is_latin(ch: str) -> bool:
    """True for a Latin letter (ASCII or Latin-1/Extended-A/B letters)."""
    return ("a" <= ch <= "z") or ("A" <= ch <= "Z") or ("\u00c0" <= ch <= "\u024f" and ch.isalpha())


def script_of(word: str) -> str:
    """``"cyr"``, ``"lat"``, ``"mixed"`` (both scripts), ``"num"`` (digits only) or ``"other"``."""
    cyr = lat = other = 0
    for ch in word:
        if is_cyrillic(ch):
            cyr += 1
        elif is_latin(ch):
            lat += 1
        elif ch.isalpha():
            other += 1
    if cyr and lat:
        return "mixed"
    if cyr:
        return "cyr"
    if lat:
        return "lat"
    if other:
        return "other"
    return "num" if word else "other"


def _strip_latin_diacritics(text: str) -> str:
    # Decompose, then drop combining marks that follow a Latin base letter only; Cyrillic
    # letters such as "й" are recomposed untouched.
    if text.isascii():
        return text
    out: list[str] = []
    prev_latin = False
    for ch in unicodedata.normalize("NFD", text):
        if unicodedata.combining(ch):
            if prev_latin:
                continue
            out.append(ch)
            continue
        prev_latin = is_latin(ch)
        out.append(ch)
    text = unicodedata.normalize("NFC", "".join(out))
    # Letters that do not decompose.
    return text.translate(_LATIN_SPECIALS)


_LATIN_SPECIALS: Final = str.maketrans(
    {"ı": "i", "ł": "l", "đ": "d", "ø": "o", "ß": "ss", "æ": "ae", "œ": "oe", "þ": "th"}
)


def normalize(text: str) -> str:
    """Fold a text for matching: one space-separated line of lower-case words.

    >>> normalize("Как открыть СЧЁТ\u200b в Грузии?!")
    'как открыть счет в грузии'
    >>> normalize("Paušal — šta je to?")
    'pausal sta je to'
    """
    text = unicodedata.normalize("NFKC", text)
    text = _INVISIBLE_RE.sub("", text)
    text = text.casefold().replace("ё", "е")
    text = _strip_latin_diacritics(text)
    return _NON_WORD_RE.sub(" ", text).strip()


@dataclass(frozen=True, slots=True)
class Token:
    """One word of a text.

    ``text`` is the normalised form, ``upper`` tells that the original was written in capitals
    (two letters or more, e.g. ``IT``, ``ВНЖ``), ``script`` is as in :func:`script_of`, and
    ``pos`` is the position among the text's tokens.
    """

    text: str
    upper: bool
    script: str
    pos: int


_RUN_RE: Final = re.compile(r"[\u0400-\u052f]+|[^\u0400-\u052f]+")


def _split_mixed(word: str) -> list[str]:
    """Repair or split a word that mixes Cyrillic and Latin letters.

    When one script's letters are all look-alikes (``cчет`` typed with a Latin ``c``,
    ``BHЖ`` with Latin ``B`` and ``H``), they are moved to the majority script and the word stays
    whole. Otherwise (``ВНЖserbia``) the word is split into its runs of one script.
    """
    runs = _RUN_RE.findall(word)
    cyr_runs = [r for r in runs if is_cyrillic(r[0])]
    lat_runs = [r for r in runs if not is_cyrillic(r[0])]
    lat_ok = all(ch in _LAT_HOMOGLYPHS for r in lat_runs for ch in r)
    cyr_ok = all(ch in _CYR_HOMOGLYPHS for r in cyr_runs for ch in r)
    cyr = sum(len(r) for r in cyr_runs)
    lat = sum(len(r) for r in lat_runs)
    if lat_ok and (cyr >= lat or not cyr_ok):
        return [word.translate(_LAT_TO_CYR_HOMOGLYPH)]
    if cyr_ok:
        return [word.translate(_CYR_TO_LAT_HOMOGLYPH)]
    return [r for r in runs if r]


@lru_cache(maxsize=200_000)
def _word_parts(raw: str) -> tuple[tuple[str, bool, str], ...]:
    """``(normalised word, written in capitals, script)`` for one raw word (cached: texts
    repeat their words, and this is the hot path of indexing)."""
    upper = len(raw) >= 2 and raw.isupper()
    word = _strip_latin_diacritics(raw.casefold().replace("ё", "е"))
    script = script_of(word)
    if script == "mixed":
        return tuple((part, upper, script_of(part)) for part in _split_mixed(word))
    return ((word, upper, script),)


def tokenize(text: str, *, limit: int | None = None, max_chars: int | None = None) -> list[Token]:
    """Split a raw text into :class:`Token` objects (normalised, homoglyphs repaired).

    Hyphenated and slashed words become separate tokens (``Нови-Сад`` → ``нови``, ``сад``);
    a word written in mixed scripts (``BHЖ`` with Latin look-alikes) is repaired. ``limit``
    caps the number of tokens, ``max_chars`` the length of text looked at (queries pass
    :data:`MAX_QUERY_CHARS`; entries are read whole).
    """
    if max_chars is not None:
        text = text[:max_chars]
    text = unicodedata.normalize("NFKC", text)
    text = _INVISIBLE_RE.sub("", text)
    tokens: list[Token] = []
    for raw in _WORD_RE.findall(text):
        for word, upper, script in _word_parts(raw):
            tokens.append(Token(word, upper, script, len(tokens)))
        if limit is not None and len(tokens) >= limit:
            break
    if limit is not None:
        del tokens[limit:]
    return tokens


def detect_script_lang(text: str) -> str | None:
    """``"ru"`` when Cyrillic letters dominate, ``"en"`` when Latin ones do, else ``None``."""
    cyr = lat = 0
    for ch in text[:MAX_QUERY_CHARS]:
        if is_cyrillic(ch):
            cyr += 1
        elif is_latin(ch):
            lat += 1
    if cyr == 0 and lat == 0:
        return None
    return "ru" if cyr >= lat else "en"
