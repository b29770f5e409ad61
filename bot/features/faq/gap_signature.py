"""Knowledge-gap signatures that group alike questions without keeping their words.

A gap is grouped by the stems of its question's content words (:mod:`bot.search.signature`).
Stored as they are ("брат дезертир паспорт политическ убежищ"), those stems tell a reader of the
database what was asked; stored here, each is a keyed hash (HMAC with the data key):

* its **word token** — equal stems, equal tokens;
* for stems of five letters or more, :data:`TYPO_TOKENS` **typo tokens**: the hashes of the stem
  and of each variant with one letter left out, sorted and padded with random tokens to a fixed
  count (so not even the word's length shows). Two stems one typo apart (a letter changed,
  added, dropped or two swapped) share a variant, so they still group as before.

Stored form: one ``word:typo.typo…`` item per stem, space-separated. Without the key the tokens
say which gaps are alike and how many words they have, never which words. Tokens made with an
older key are compared too (:func:`signatures` gives one per configured key), and
``rotate-key`` recomputes each open gap's signature from its oldest question (which is kept
encrypted), so no gap is split by a rotation.
"""

from __future__ import annotations

import secrets
from collections.abc import Sequence

from bot.db.crypto import pseudonyms

WORD = "faq-gap-word"
TYPO = "faq-gap-typo"
TOKEN_CHARS = 12
TYPO_TOKENS = 16
# Stems this long may differ by one typo and still count as the same word (as in
# bot.search.signature).
TYPO_MIN_LENGTH = 5


def signatures(stems: Sequence[str]) -> list[str]:
    """The stored signature of ``stems`` under each configured key, the first key first."""
    if not stems:
        return [""] * len(pseudonyms(WORD, ""))
    per_key: list[list[str]] = []
    for stem in sorted(set(stems)):
        words = [token[:TOKEN_CHARS] for token in pseudonyms(WORD, stem)]
        typos: list[list[str]] = [[] for _ in words]
        if len(stem) >= TYPO_MIN_LENGTH:
            variants = sorted({stem, *(stem[:i] + stem[i + 1 :] for i in range(len(stem)))})
            for variant in variants[:TYPO_TOKENS]:
                for index, token in enumerate(pseudonyms(TYPO, variant)):
                    typos[index].append(token[:TOKEN_CHARS])
        for index, word in enumerate(words):
            if len(per_key) <= index:
                per_key.append([])
            per_key[index].append(_item(word, typos[index]))
    return [" ".join(sorted(items)) for items in per_key]


def signature(stems: Sequence[str]) -> str:
    """The signature to store (the first key's)."""
    return signatures(stems)[0]


def _item(word: str, typos: list[str]) -> str:
    if not typos:
        return word
    padding = [secrets.token_hex(TOKEN_CHARS // 2) for _ in range(TYPO_TOKENS - len(typos))]
    return word + ":" + ".".join(sorted(typos + padding))


def similarity(first: str, second: str) -> float:
    """Jaccard similarity of two stored signatures in ``[0, 1]``: a word matches an equal word
    or, when both are long enough, one that shares a typo token (one typo apart)."""
    mine = [_parse(item) for item in first.split()]
    pool = [_parse(item) for item in second.split()]
    if not mine or not pool:
        return 0.0
    matched = 0
    total = len(mine) + len(pool)
    for word, typos in mine:
        found = next((i for i, (other, _) in enumerate(pool) if other == word), None)
        if found is None and typos:
            found = next((i for i, (_, others) in enumerate(pool) if typos & others), None)
        if found is not None:
            del pool[found]
            matched += 1
    return matched / (total - matched)


def best_similarity(candidates: Sequence[str], stored: str) -> float:
    """The best similarity of a question (its signature under each key) to a stored one."""
    return max((similarity(candidate, stored) for candidate in candidates), default=0.0)


def _parse(item: str) -> tuple[str, frozenset[str]]:
    word, _, typos = item.partition(":")
    return word, frozenset(typos.split(".")) if typos else frozenset()
