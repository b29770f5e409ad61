"""What a question is about, as a small set of stems, and how alike two questions are.

Used to group questions the knowledge base could not answer ("knowledge gaps"): "как получить
пенсию в Грузии" and "пенсия грузия??" must land in one group, so moderators see one gap asked
by two members instead of two unrelated lines. Independent of any index: a gap is exactly the
question whose words the index does not know.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Final

from rapidfuzz.distance import OSA

from bot.search.countries import find_countries
from bot.search.morphology import is_stopword, is_weak_stem, stem_word
from bot.search.text import MAX_QUERY_CHARS, MAX_QUERY_TOKENS, tokenize

__all__ = ["SIMILAR", "question_signature", "signature_similarity"]

#: Two questions whose signatures are at least this similar belong to one gap.
SIMILAR: Final = 0.5
# Stems this long may differ by one typo and still count as the same word.
_TYPO_MIN_LENGTH: Final = 5


def question_signature(text: str) -> tuple[str, ...]:
    """The sorted stems of the content words of ``text``: no stop words, no generic question
    words ("получить", "сделать"), no numbers, and no country names (gaps are grouped per
    country separately). Empty for greetings, thanks, emoji and the like."""
    tokens = tokenize(text, limit=MAX_QUERY_TOKENS, max_chars=MAX_QUERY_CHARS)
    named_countries: set[int] = set()
    for mention in find_countries(tokens):
        named_countries.update(range(mention.start, mention.end))
    stems: set[str] = set()
    for token in tokens:
        if token.pos in named_countries or token.script not in ("cyr", "lat"):
            continue
        if len(token.text) < 2 or is_stopword(token.text):
            continue
        term = stem_word(token.text)
        if len(term) < 2 or is_weak_stem(term):
            continue
        stems.add(term)
    return tuple(sorted(stems))


def signature_similarity(first: Sequence[str], second: Sequence[str]) -> float:
    """Jaccard similarity of two signatures in ``[0, 1]``, where stems of five letters or more
    that differ by one typo count as equal."""
    if not first or not second:
        return 0.0
    pool = list(second)
    matched = 0
    for term in first:
        found = _take_match(term, pool)
        if found:
            matched += 1
    return matched / (len(first) + len(second) - matched)


def _take_match(term: str, pool: list[str]) -> bool:
    """Remove from ``pool`` the stem equal to ``term`` (or one typo away); True if found."""
    if term in pool:
        pool.remove(term)
        return True
    if len(term) >= _TYPO_MIN_LENGTH:
        for index, other in enumerate(pool):
            if len(other) >= _TYPO_MIN_LENGTH and OSA.distance(term, other, score_cutoff=1) <= 1:
                del pool[index]
                return True
    return False


def join_signature(terms: Iterable[str]) -> str:
    """The stored form of a signature (space-separated stems)."""
    return " ".join(sorted(set(terms)))


def split_signature(stored: str) -> tuple[str, ...]:
    return tuple(stored.split())
