"""The knowledge-base search index: BM25F over stems and concepts, with typo tolerance.

How a question is read
----------------------
1. :func:`~bot.search.text.tokenize` normalises it (case, ``ё``, zero-width characters,
   homoglyphs) and splits it into words; a country it names is found and taken out
   (:mod:`bot.search.countries`), and so is a misspelled one (``турцыя``, ``izrael``) among
   words that mean nothing better. Stop words go, and so do Russian function words typed in
   Latin letters (``v``, ``na``, ``kak``, ``dlya``: :func:`~bot.search.morphology.
   is_translit_stopword`).
2. Every remaining non-stop word gets *readings*: index terms it may stand for, each with a
   weight — its Snowball stem (Russian or English by script), derivational relatives sharing a
   prefix (``налог`` ~ ``налогов``), for Latin words the transliterated Russian stem
   (``schet`` → ``счет``, matched through a transliteration skeleton), for unknown words the
   nearest vocabulary words by optimal-string-alignment distance (``банковксий`` →
   ``банковский``, via ``rapidfuzz``, cached), and the other keyboard layout (``ghfdf``).
   A Latin word that is an English word of the base keeps its Russian reading only as a
   minor alternative (``permit`` is not ``пермит``). When words read only through the other
   layout, or not at all, the whole question is read again switched, and the reading that
   understands more of it (country names included) wins.
3. Synonym concepts (:mod:`bot.search.synonyms`) are added: a phrase (``вид на жительство``)
   becomes one concept term (or several alternatives: ``Blue Card`` is the EU and a residence
   permit), a single word (``ВНЖ``, ``account``) gains its concept as an alternative reading.
   Entries went through the same analysis when the index was built, so ``ВНЖ`` in a question
   meets ``residence permit`` in an entry.
4. A question that names no country but uses a word only one host country uses
   (``белый картон``, ``икамет``, ``теудат зеут``:
   :data:`~bot.search.synonyms.COUNTRY_TERMS`) is taken to be about that country.

How entries are scored
----------------------
Each question word (or phrase) is a *group* of alternative terms; a group contributes its best
alternative only, ``weight × idf × saturation``, where saturation is BM25F over the fields
question (×3), keywords (×2), topic words (×1.5) and answer (×1) of all the entry's languages.
The sum is divided by the most the groups could contribute, so ``score`` is in ``[0, 1]``:
the share of the question's information found, in the places that count. Entries of the
effective country are preferred a little to global ones (and win ties); with no country known
at all, global entries are preferred a little to any one country's. Words of the asker's
situation (``живу в``, ``уехал``) weigh little (:data:`~bot.search.morphology.WEAK_WORDS`).
"""

from __future__ import annotations

import bisect
import heapq
import math
import operator
from array import array
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Final

from rapidfuzz import process
from rapidfuzz.distance import OSA

from bot.search.countries import find_countries, misspelled_country, pick_country
from bot.search.documents import GLOBAL_COUNTRY, FaqDocument, SearchHit
from bot.search.morphology import (
    STOPWORDS,
    is_stopword,
    is_translit_stopword,
    is_weak_stem,
    stem,
)
from bot.search.synonyms import (
    CONCEPT_PREFIX,
    TOPIC_TERMS,
    ConceptMatcher,
    concept_matcher,
    content_words,
    country_term_matcher,
)
from bot.search.text import MAX_QUERY_CHARS, MAX_QUERY_TOKENS, Token, detect_script_lang, tokenize
from bot.search.translit import skeleton, switch_layout, to_cyrillic, to_latin

__all__ = [
    "MIN_RESULT_SCORE",
    "MIN_SCORE",
    "FaqSearchIndex",
]

#: Below this, the best hit is not a good answer: the bot offers the hits as "maybe" and
#: routes the question to moderators as a knowledge gap.
MIN_SCORE: Final = 0.30
#: Hits scoring below this are not returned at all (noise).
MIN_RESULT_SCORE: Final = 0.08

_FIELD_WEIGHTS: Final = {"q": 3.0, "k": 2.0, "t": 1.5, "a": 0.6}
_FIELD_B: Final = {"q": 0.5, "k": 0.3, "t": 0.0, "a": 0.75}
_K1: Final = 1.5
# In document frequency, an entry that has a term only in its answer counts this much: a
# concept every answer mentions in passing ("ВНЖ") still tells entries apart by where it is.
_ANSWER_DF_SHARE: Final = 0.3
_W_WEAK: Final = 0.3
# Readings within this share of a group's best reading weight set the group's importance.
_PRIMARY_SHARE: Final = 0.8

# Weights of readings relative to the exact stem.
_W_TRANSLIT: Final = 0.95
# Russian readings of a Latin word that is also an English word of the base.
_W_TRANSLIT_OF_ENGLISH: Final = 0.6
_W_SKELETON: Final = 0.9
_W_LAYOUT: Final = 0.9
_W_CONCEPT: Final = 0.9
_W_PREFIX: Final = 0.6
_W_FUZZY: Final = {1: 0.85, 2: 0.7}
_W_FUZZY_SKELETON: Final = {1: 0.8, 2: 0.65}
# A question word that matches nothing still weighs this share of an average word in the
# denominator: a question full of unknown words is a less confident match.
_UNKNOWN_SHARE: Final = 0.35
# Preference between the country's own entries and global ones.
_GLOBAL_WHEN_COUNTRY: Final = 0.9
_COUNTRY_WHEN_NONE: Final = 0.9

# Russia named as a place ("в России", "in Russia", "v rossii").
_RUSSIA_NAMES: Final = frozenset(
    {"россия", "россии", "россию", "рф", "russia", "rossii", "rossiya", "rossiyu", "rf"}
)
_IN_WORDS: Final = frozenset({"в", "во", "in", "v", "to"})

_MAX_PREFIX_EXPANSIONS: Final = 4
_MAX_CACHE: Final = 50_000


@dataclass(frozen=True, slots=True)
class _Reading:
    term: str
    weight: float
    via: str  # "ru", "en", "num", "translit", "layout", "fuzzy", "prefix"


@dataclass(frozen=True, slots=True)
class _Group:
    alternatives: tuple[tuple[str, float], ...]
    cap: float | None = None  # idf ceiling: the idf of the word's root, when it has one
    weak: bool = False  # a generic word (WEAK_WORDS): weighs a fraction of the others


@dataclass(frozen=True, slots=True)
class _QueryReading:
    groups: list[_Group]
    country: str | None  # named in the question, else implied by a local word
    ru_votes: int
    en_votes: int
    unknown: int
    layout: int = 0  # words read only through the other keyboard layout
    understood: int = 0  # letters of the words read as themselves (and of country names)
    about_russia: bool = False  # names Russia as a place ("налоги в России")


def _analyze(text: str, matcher: ConceptMatcher) -> tuple[list[str], list[str]]:
    """Terms (stems + concepts) and surface words of one piece of entry text."""
    words = content_words(text)
    stems = [_stem_any(w) for w, _ in words]
    terms = list(stems)
    for (_, upper), s in zip(words, stems, strict=True):
        terms.extend(matcher.single(s, upper=upper))
    terms.extend(m.concept for m in matcher.phrases(stems))
    return terms, [w for w, _ in words]


def _script(word: str) -> str:
    for ch in word:
        if "\u0400" <= ch <= "\u052f":
            return "ru"
        if ch.isascii() and ch.isalpha():
            return "en"
    return "num" if word.isdigit() else "other"


def _stem_any(word: str) -> str:
    script = _script(word)
    if script in ("ru", "en"):
        return stem(word, script)
    return word


class FaqSearchIndex:
    """An immutable in-memory search index over knowledge-base entries.

    Build once with :meth:`build` (about 1 ms per entry), then call :meth:`search` from any
    thread or task: searching only reads the index (its caches are plain dicts).
    """

    def __init__(self, documents: Iterable[FaqDocument]) -> None:
        """Index ``documents`` (same as :meth:`build`)."""
        by_slug: dict[str, FaqDocument] = {}
        for doc in documents:
            by_slug[doc.slug] = doc
        self._docs: tuple[FaqDocument, ...] = tuple(sorted(by_slug.values(), key=lambda d: d.slug))
        self._matcher = concept_matcher()
        self._local = country_term_matcher()
        # term -> country -> (doc ids ascending, saturations): compact arrays, bisectable.
        self._postings: dict[str, dict[str, tuple[array[int], array[float]]]] = {}
        self._idf: dict[str, float] = {}
        self._readings_cache: dict[tuple[str, bool], tuple[_Reading, ...]] = {}
        self._countries: frozenset[str] = frozenset(d.country for d in self._docs)
        self._index()
        find_countries(tokenize("warm-up"))  # build the country tables now, not on a query

    # ------------------------------------------------------------------ building
    @classmethod
    def build(cls, documents: Iterable[FaqDocument]) -> FaqSearchIndex:
        """Index ``documents``. A slug given twice keeps its last version."""
        return cls(documents)

    def _index(self) -> None:
        matcher = self._matcher
        per_doc: list[dict[str, Counter[str]]] = []
        lengths: dict[str, list[int]] = {f: [] for f in _FIELD_WEIGHTS}
        surfaces: set[str] = set()
        for doc in self._docs:
            fields: dict[str, Counter[str]] = {f: Counter() for f in _FIELD_WEIGHTS}
            field_len = dict.fromkeys(_FIELD_WEIGHTS, 0)
            pieces: list[tuple[str, str]] = []
            for text in doc.texts.values():
                pieces.append(("q", text.question))
                pieces.append(("a", text.answer))
                pieces.extend(("k", kw) for kw in text.keywords)
            topic_words = doc.topic.replace("-", " ").replace("_", " ")
            pieces.append(("t", topic_words))
            pieces.extend(("t", phrase) for phrase in TOPIC_TERMS.get(doc.topic, ()))
            for field, piece in pieces:
                terms, words = _analyze(piece, matcher)
                fields[field].update(terms)
                field_len[field] += len(words)
                surfaces.update(words)
            for f in _FIELD_WEIGHTS:
                lengths[f].append(field_len[f])
            per_doc.append(fields)

        n = len(self._docs)
        avg = {f: (sum(v) / n if n and sum(v) else 1.0) for f, v in lengths.items()}
        df: Counter[str] = Counter()
        weighted_df: dict[str, float] = {}
        building: dict[str, dict[str, tuple[list[int], list[float]]]] = {}
        for i, (doc, fields) in enumerate(zip(self._docs, per_doc, strict=True)):
            strong = fields["q"].keys() | fields["k"].keys() | fields["t"].keys()
            norms = {
                f: _FIELD_WEIGHTS[f] / (1 - _FIELD_B[f] + _FIELD_B[f] * lengths[f][i] / avg[f])
                for f in _FIELD_WEIGHTS
            }
            tf: dict[str, float] = {}
            for f, counts in fields.items():
                norm = norms[f]
                for term, count in counts.items():
                    tf[term] = tf.get(term, 0.0) + count * norm
            for term, value in tf.items():
                sat = value / (value + _K1)
                ids, sats = building.setdefault(term, {}).setdefault(doc.country, ([], []))
                ids.append(i)
                sats.append(sat)
                df[term] += 1
                share = 1.0 if term in strong else _ANSWER_DF_SHARE
                weighted_df[term] = weighted_df.get(term, 0.0) + share
        self._postings = {
            term: {c: (array("i", ids), array("d", sats)) for c, (ids, sats) in by_c.items()}
            for term, by_c in building.items()
        }
        del building
        self._idf = {t: math.log(1 + (n - c + 0.5) / (c + 0.5)) for t, c in weighted_df.items()}
        self._mean_idf = (sum(self._idf.values()) / len(self._idf)) if self._idf else 1.0
        self._df = df

        vocab = {t for t in df if not t.startswith(CONCEPT_PREFIX)}
        self._sorted_terms: list[str] = sorted(vocab)
        # Surface words that typo correction may land on: entries' words, synonym terms'
        # words (their stems may only exist as concepts) and stop words (typos of fillers).
        all_surfaces = surfaces | set(matcher.surfaces) | set(STOPWORDS)
        self._surfaces: frozenset[str] = frozenset(all_surfaces)
        buckets: dict[tuple[str, int], list[str]] = {}
        for word in sorted(all_surfaces):
            script = _script(word)
            if script in ("ru", "en") and len(word) >= 4:
                buckets.setdefault((script, len(word)), []).append(word)
        self._fuzzy_buckets = buckets
        ru_skeletons: dict[str, set[str]] = {}
        en_skeletons: dict[str, set[str]] = {}
        for term in vocab:
            script = _script(term)
            if script == "ru":
                ru_skeletons.setdefault(skeleton(term), set()).add(term)
            elif script == "en":
                en_skeletons.setdefault(skeleton(term), set()).add(term)
        for word in surfaces:
            if _script(word) == "ru":
                ru_skeletons.setdefault(skeleton(word), set()).add(stem(word, "ru"))
        self._ru_skeletons = {k: tuple(sorted(v)) for k, v in ru_skeletons.items()}
        self._en_skeletons = {k: tuple(sorted(v)) for k, v in en_skeletons.items()}
        skel_buckets: dict[int, list[str]] = {}
        for key in sorted(self._ru_skeletons):
            if len(key) >= 4:
                skel_buckets.setdefault(len(key), []).append(key)
        self._skeleton_buckets = skel_buckets

    # ------------------------------------------------------------------ public API
    def __len__(self) -> int:
        return len(self._docs)

    @property
    def documents(self) -> tuple[FaqDocument, ...]:
        """The indexed entries, sorted by slug."""
        return self._docs

    def search(
        self,
        query: str,
        *,
        country: str | None = None,
        lang: str | None = None,
        limit: int = 5,
    ) -> list[SearchHit]:
        """The best entries for a free-text question, best first, at most ``limit``.

        ``country`` is the asker's profile country (ISO alpha-2); a country named in the
        question, or implied by a word only that country uses, wins over it. When a country
        is known, only its entries and global (``*``) ones are candidates; when none is,
        every entry is, with global ones preferred a little. ``lang`` (``"ru"``/``"en"``)
        picks the language of each hit's ``title``; when ``None`` it is detected from the
        question (transliterated Russian counts as Russian).
        Never raises on odd input: empty, huge, emoji-only or foreign-script questions give
        ``[]`` or whatever matched.
        """
        return self.ask(query, country=country, lang=lang, limit=limit)[0]

    def ask(
        self,
        query: str,
        *,
        country: str | None = None,
        lang: str | None = None,
        limit: int = 5,
    ) -> tuple[list[SearchHit], str | None]:
        """:meth:`search`, and the country the answers are for: the one the question names
        (misspellings included), else the one a local word of it implies (``белый картон`` →
        ``RS``), else ``country`` (the profile's), else ``None``. The bot records knowledge
        gaps under that country."""
        if limit <= 0 or not query or not query.strip() or not self._docs:
            return [], _normalise_country(country)
        query = query[:MAX_QUERY_CHARS]
        reading = self._read_query(query)
        if reading.unknown or reading.layout:
            # Unknown words, or words that only mean something in the other keyboard layout:
            # the whole text may have been typed with it on (punctuation keys included:
            # "ghfdf d rfpf[cnfyt" is "права в казахстане"). The switched text wins when more
            # of it reads as itself; reading it whole also finds the country it names.
            switched = self._read_query(switch_layout(query))
            if switched.understood > reading.understood:
                reading = switched
        groups, ru_votes, en_votes = reading.groups, reading.ru_votes, reading.en_votes
        effective = reading.country or _normalise_country(country)
        if lang is None:
            if ru_votes or en_votes:
                lang = "ru" if ru_votes >= en_votes else "en"
            else:
                lang = detect_script_lang(query) or "ru"
        if not groups:
            return [], effective
        scored = self._score(groups, effective, limit, about_russia=reading.about_russia)
        hits: list[SearchHit] = []
        for score, idx in scored:
            if score < MIN_RESULT_SCORE:
                break
            doc = self._docs[idx]
            title_lang, title = doc.title(lang)
            hits.append(SearchHit(doc.slug, doc.country, doc.topic, title_lang, title, score))
        return hits, effective

    def best(
        self, query: str, *, country: str | None = None, lang: str | None = None
    ) -> SearchHit | None:
        """The single best hit when it is a good match (``score >= MIN_SCORE``), else ``None``
        — the bot routes such questions to moderators as knowledge gaps."""
        hits = self.search(query, country=country, lang=lang, limit=1)
        if hits and hits[0].score >= MIN_SCORE:
            return hits[0]
        return None

    # ------------------------------------------------------------------ query planning
    def _read_query(self, query: str) -> _QueryReading:
        tokens = tokenize(query, limit=MAX_QUERY_TOKENS, max_chars=MAX_QUERY_CHARS)
        mentions = find_countries(tokens)
        consumed: set[int] = set()
        for mention in mentions:
            consumed.update(range(mention.start, mention.end))
        content = [
            t
            for t in tokens
            if t.pos not in consumed
            and (
                (t.upper and t.script == "lat")
                or not (is_stopword(t.text) or (t.script == "lat" and is_translit_stopword(t.text)))
            )
        ]
        readings = [self._readings(t) for t in content]
        country = pick_country(mentions)
        if country is None:
            # A misspelled country name ("турцыя", "izrael"): only among words that mean
            # nothing better on their own.
            for i, (token, rs) in enumerate(zip(content, readings, strict=True)):
                if any(r.weight >= 0.9 and r.via in ("ru", "en", "num") for r in rs):
                    continue
                country = misspelled_country(token.text)
                if country is not None:
                    consumed.add(token.pos)
                    del content[i], readings[i]
                    break
        groups, ru_votes, en_votes = self._plan(content, readings)
        unknown = sum(1 for g in groups if not g.alternatives)
        layout = sum(1 for rs in readings if rs and all(r.via == "layout" for r in rs))
        understood = sum(len(tokens[p].text) for p in consumed) + sum(
            len(t.text)
            for t, rs in zip(content, readings, strict=True)
            if any(r.weight >= 0.9 and r.via not in ("layout", "fuzzy") for r in rs)
        )
        country = country or self._implied_country(content, readings)
        about_russia = any(
            t.text in _RUSSIA_NAMES and i > 0 and tokens[i - 1].text in _IN_WORDS
            for i, t in enumerate(tokens)
        )
        return _QueryReading(
            groups, country, ru_votes, en_votes, unknown, layout, understood, about_russia
        )

    def _implied_country(
        self, tokens: Sequence[Token], readings: Sequence[Sequence[_Reading]]
    ) -> str | None:
        """The host country a local word of the question belongs to (``белый картон`` →
        ``RS``, ``икамет`` → ``TR``; :data:`~bot.search.synonyms.COUNTRY_TERMS`), if any."""
        local = self._local
        strong = [{r.term for r in rs if r.weight >= _PRIMARY_SHARE} for rs in readings]
        found: list[tuple[int, str]] = []
        for i, (token, stems) in enumerate(zip(tokens, strong, strict=True)):
            for first in stems:
                found.extend((i, code) for code in local.single(first, upper=token.upper))
                for phrase, code in local.starting_with(first):
                    n = len(phrase)
                    if i + n <= len(strong) and all(
                        phrase[j] in strong[i + j] for j in range(1, n)
                    ):
                        found.append((i, code))
        if not found:
            return None
        return min(found)[1].removeprefix(CONCEPT_PREFIX)

    def _plan(
        self, tokens: Sequence[Token], readings: Sequence[Sequence[_Reading]]
    ) -> tuple[list[_Group], int, int]:
        ru_votes = en_votes = 0
        for token, token_readings in zip(tokens, readings, strict=True):
            vias = {r.via for r in token_readings}
            if token.script == "cyr" or (vias & {"translit", "layout"} and "en" not in vias):
                ru_votes += 1
            elif token.script == "lat":
                en_votes += 1
        # Multi-word concepts: greedy, longest first, over every reading of each word.
        stem_sets = [{r.term for r in rs} for rs in readings]
        taken: set[int] = set()
        groups: list[_Group] = []
        phrase_matches: list[tuple[int, int, str]] = []
        for i, stems in enumerate(stem_sets):
            for first in stems:
                for phrase, concept in self._matcher.starting_with(first):
                    n = len(phrase)
                    if i + n <= len(stem_sets) and all(
                        phrase[j] in stem_sets[i + j] for j in range(1, n)
                    ):
                        phrase_matches.append((i, i + n, concept))
        phrase_matches.sort(key=lambda m: (-(m[1] - m[0]), m[0], m[2]))
        # A phrase of several concepts ("Blue Card": the EU, a residence permit) is one group
        # with each concept as an alternative.
        spans: dict[tuple[int, int], list[str]] = {}
        for start, end, concept in phrase_matches:
            if concept not in self._idf:
                continue
            same = spans.get((start, end))
            if same is not None:
                if concept not in same:
                    same.append(concept)
                continue
            if any(p in taken for p in range(start, end)):
                continue
            taken.update(range(start, end))
            spans[(start, end)] = [concept]
        groups.extend(_Group(tuple((c, 1.0) for c in sorted(cs))) for cs in spans.values())
        for i, (token, token_readings) in enumerate(zip(tokens, readings, strict=True)):
            if i in taken:
                continue
            alts: dict[str, float] = {}
            # A generic word stays generic whatever it is read as ("узнать" → "знать").
            damp = (
                _W_WEAK
                if is_weak_stem(_stem_any(token.text))
                or any(
                    (r.weight >= 0.9 or r.via == "translit") and is_weak_stem(r.term)
                    for r in token_readings
                )
                else 1.0
            )
            for r in token_readings:
                if r.term in self._idf and alts.get(r.term, 0.0) < r.weight:
                    alts[r.term] = r.weight
                for concept in self._matcher.single(r.term, upper=token.upper):
                    w = r.weight * _W_CONCEPT
                    if concept in self._idf and alts.get(concept, 0.0) < w:
                        alts[concept] = w
            roots = [self._idf[r.term] for r in token_readings if r.via == "root"]
            cap = min(roots) if roots else None
            groups.append(
                _Group(tuple(sorted((t, w * damp) for t, w in alts.items())), cap, damp < 1.0)
            )
        return groups, ru_votes, en_votes

    def _readings(self, token: Token) -> tuple[_Reading, ...]:
        key = (token.text, token.upper)
        cached = self._readings_cache.get(key)
        if cached is not None:
            return cached
        word = token.text
        script = _script(word)
        found: list[_Reading] = []
        if script == "num":
            found.append(_Reading(word, 1.0, "num"))
        elif script == "ru":
            found.extend(self._ru_readings(word, 1.0, "ru"))
            if not self._known(found):
                found.extend(self._layout_readings(word))
            if not self._known(found):
                found.extend(self._latin_of_cyrillic(word))
        elif script == "en":
            s = stem(word, "en")
            english = self._is_term(s)
            if english:
                found.append(_Reading(s, 1.0, "en"))
                found.extend(self._prefix_readings(s, "en"))
            translit = self._translit_readings(word)
            if english:
                # An English word of the base ("permit") is English first: its Russian
                # reading ("пермит") may match, but neither leads nor sets the stakes.
                translit = [
                    _Reading(r.term, r.weight * _W_TRANSLIT_OF_ENGLISH, r.via) for r in translit
                ]
            found.extend(translit)
            if not self._known(found):
                found.extend(self._fuzzy(word, "en"))
            if not self._known(found):
                found.extend(self._layout_readings(word))
        result = tuple(found)
        if len(self._readings_cache) >= _MAX_CACHE:
            self._readings_cache.clear()
        self._readings_cache[key] = result
        return result

    def _is_term(self, term: str) -> bool:
        return term in self._idf or term in self._matcher.stems or term in self._local.stems

    def _known(self, readings: Sequence[_Reading]) -> bool:
        return any(self._is_term(r.term) for r in readings)

    def _ru_readings(self, word: str, weight: float, via: str) -> list[_Reading]:
        s = stem(word, "ru")
        out: list[_Reading] = []
        if self._is_term(s):
            out.append(_Reading(s, weight, via))
        out.extend(
            _Reading(r.term, r.weight * weight, r.via) for r in self._prefix_readings(s, "ru")
        )
        if not out and via == "ru":
            out.extend(self._fuzzy(word, "ru"))
        return out

    def _prefix_readings(self, s: str, script: str) -> list[_Reading]:
        """Derivational relatives: vocabulary stems extending ``s`` or that ``s`` extends."""
        minimum = 4 if script == "ru" else 5
        if len(s) < minimum:
            return []
        out: list[_Reading] = []
        terms = self._sorted_terms
        lo = bisect.bisect_right(terms, s)
        candidates: list[str] = []
        for j in range(lo, min(lo + 64, len(terms))):
            t = terms[j]
            if not t.startswith(s):
                break
            if len(t) - len(s) <= 4:
                candidates.append(t)
        candidates.sort(key=lambda t: (-self._df[t], t))
        out.extend(_Reading(t, _W_PREFIX, "prefix") for t in candidates[:_MAX_PREFIX_EXPANSIONS])
        for cut in range(len(s) - 1, minimum - 1, -1):
            shorter = s[:cut]
            if shorter in self._idf:
                out.append(_Reading(shorter, _W_PREFIX, "root"))
                break
        return out

    def _translit_readings(self, word: str) -> list[_Reading]:
        """Russian readings of a Latin word (``schet`` → ``счет``, ``vnzh`` → ``внж``)."""
        if len(word) < 2:
            return []
        cyr = to_cyrillic(word)
        s = stem(cyr, "ru")
        out: list[_Reading] = []
        if self._is_term(s):
            out.append(_Reading(s, _W_TRANSLIT, "translit"))
        else:
            seen: set[str] = set()
            for key in (skeleton(s), skeleton(word)):
                for term in self._ru_skeletons.get(key, ()):
                    if term not in seen:
                        seen.add(term)
                        out.append(_Reading(term, _W_SKELETON, "translit"))
        if out:
            out.extend(
                _Reading(r.term, r.weight * _W_TRANSLIT, "root" if r.via == "root" else "translit")
                for r in self._prefix_readings(out[0].term, "ru")
            )
            return out
        if len(word) >= 5:
            key = skeleton(word)
            for term, distance in self._fuzzy_skeleton(key):
                out.append(_Reading(term, _W_FUZZY_SKELETON[distance], "translit"))
        return out

    def _latin_of_cyrillic(self, word: str) -> list[_Reading]:
        """Latin vocabulary words spelled in Cyrillic (``анмельдунг`` → ``anmeldung``)."""
        if len(word) < 4:
            return []  # "про" is not "pro"
        latin = to_latin(word)
        out: list[_Reading] = []
        s = stem(latin, "en")
        if self._is_term(s):
            out.append(_Reading(s, _W_SKELETON, "en"))
        else:
            out.extend(
                _Reading(t, _W_SKELETON, "en") for t in self._en_skeletons.get(skeleton(s), ())
            )
        return out

    def _layout_readings(self, word: str) -> list[_Reading]:
        """The word retyped in the other keyboard layout (``ghfdf`` → ``права``)."""
        if len(word) < 3:
            return []
        switched = switch_layout(word)
        script = _script(switched)
        if script not in ("ru", "en") or not switched.isalpha():
            return []
        if switched in STOPWORDS:
            return []
        s = stem(switched, script)
        if self._is_term(s):
            return [_Reading(s, _W_LAYOUT, "layout")]
        return []

    def _fuzzy(self, word: str, script: str) -> list[_Reading]:
        """Nearest surface words by optimal-string-alignment distance (typos)."""
        n = len(word)
        if n < 5 or word in self._surfaces:
            return []
        max_distance = 2 if n >= 8 else 1
        best: dict[str, int] = {}
        for length in range(n - max_distance, n + max_distance + 1):
            choices = self._fuzzy_buckets.get((script, length))
            if not choices:
                continue
            for match, distance, _ in process.extract(
                word, choices, scorer=OSA.distance, score_cutoff=max_distance, limit=8
            ):
                best[match] = int(distance)
        if not best:
            return []
        closest = min(best.values())
        out: list[_Reading] = []
        seen: set[str] = set()
        for match in sorted(m for m, d in best.items() if d == closest):
            if match in STOPWORDS:
                return []  # a typo of a filler word ("пожалуста"): nothing to search for
            s = stem(match, script)
            if s not in seen and self._is_term(s):
                seen.add(s)
                out.append(_Reading(s, _W_FUZZY[closest], "fuzzy"))
        return out

    def _fuzzy_skeleton(self, key: str) -> list[tuple[str, int]]:
        n = len(key)
        max_distance = 2 if n >= 8 else 1
        best: dict[str, int] = {}
        for length in range(n - max_distance, n + max_distance + 1):
            choices = self._skeleton_buckets.get(length)
            if not choices:
                continue
            for match, distance, _ in process.extract(
                key, choices, scorer=OSA.distance, score_cutoff=max_distance, limit=5
            ):
                best[match] = int(distance)
        if not best:
            return []
        closest = min(best.values())
        out: list[tuple[str, int]] = []
        for match in sorted(m for m, d in best.items() if d == closest):
            out.extend((term, closest) for term in self._ru_skeletons[match])
        return out

    # ------------------------------------------------------------------ scoring
    def _score(
        self,
        groups: Sequence[_Group],
        country: str | None,
        limit: int,
        *,
        about_russia: bool = False,
    ) -> list[tuple[float, int]]:
        """Top ``limit`` ``(score, doc index)``, best first, exact.

        Groups are scored term-at-a-time in decreasing importance with MaxScore pruning: once
        the groups left cannot lift an unseen entry into the top ``limit``, they only update
        the entries already in the running (looked up by bisection), which keeps ubiquitous
        words ("Russian", "паспорт") cheap on a large base.
        """
        idf = self._idf
        scan: tuple[str, ...]
        scan = (country, GLOBAL_COUNTRY) if country is not None else tuple(sorted(self._countries))
        unknown = _UNKNOWN_SHARE * self._mean_idf
        total = 0.0
        weighed: list[tuple[int, bool, float, list[tuple[str, float, float]]]] = []
        for gi, group in enumerate(groups):
            known = [(term, w, idf[term]) for term, w in group.alternatives if term in idf]
            if not known:
                total += unknown
                continue
            # A derived or oddly stemmed form weighs no more than its root: "российск" and
            # "россиян" are as common as "росс", however rare that one form happens to be.
            if group.cap is not None:
                known = [(t, w, min(f, group.cap)) for t, w, f in known]
            # A group weighs what its main readings weigh: a rare derived form or a distant
            # typo correction (low reading weight) may match, but not raise the stakes.
            top_weight = max(w for _, w, _ in known)
            importance = max(w * f for _, w, f in known if w >= _PRIMARY_SHARE * top_weight)
            weighed.append((gi, group.weak, importance, known))
        # A generic word weighs a fraction of the question's main word, however rare it is in
        # the base: "переехал" must not outweigh a common but central "ВНЖ".
        main = max((imp for _, weak, imp, _ in weighed if not weak), default=0.0)
        plans: list[tuple[float, int, list[tuple[str, float]]]] = []
        for gi, weak, importance, known in weighed:
            if weak and main > 0.0:
                importance = min(importance, _W_WEAK * main)
            alts = sorted(
                ((term, min(w * f, importance)) for term, w, f in known),
                key=lambda a: (-a[1], a[0]),
            )
            total += importance
            plans.append((importance, gi, alts))
        if total <= 0.0 or not plans:
            return []
        plans.sort(key=lambda p: (-p[0], p[1]))
        remaining = sum(p[0] for p in plans)
        min_prior = min(_GLOBAL_WHEN_COUNTRY, _COUNTRY_WHEN_NONE)
        acc: dict[int, float] = {}
        candidates: list[int] | None = None
        for importance, _, alts in plans:
            if candidates is None and len(acc) >= limit:
                kth = heapq.nlargest(limit, acc.values())[-1] * min_prior
                if remaining < kth:  # no unseen entry can reach the top any more
                    candidates = [d for d, v in acc.items() if v + remaining >= kth]
            if candidates is None:
                self._scan_group(alts, scan, acc)
            else:
                self._lookup_group(alts, candidates, acc)
            remaining -= importance
        return self._rank(acc, candidates, total, country, limit, about_russia)

    def _scan_group(
        self, alts: Sequence[tuple[str, float]], scan: Sequence[str], acc: dict[int, float]
    ) -> None:
        postings = self._postings
        if len(alts) == 1:
            term, w = alts[0]
            by_country = postings[term]
            for c in scan:
                entry = by_country.get(c)
                if entry is None:
                    continue
                get = acc.get
                for doc, sat in zip(*entry, strict=True):
                    acc[doc] = get(doc, 0.0) + w * sat
            return
        best: dict[int, float] = {}
        for term, w in alts:
            by_country = postings[term]
            for c in scan:
                entry = by_country.get(c)
                if entry is None:
                    continue
                get = best.get
                for doc, sat in zip(*entry, strict=True):
                    v = w * sat
                    if v > get(doc, 0.0):
                        best[doc] = v
        get = acc.get
        for doc, v in best.items():
            acc[doc] = get(doc, 0.0) + v

    def _lookup_group(
        self, alts: Sequence[tuple[str, float]], candidates: Sequence[int], acc: dict[int, float]
    ) -> None:
        postings = self._postings
        docs = self._docs
        for doc in candidates:
            c = docs[doc].country
            best = 0.0
            for term, w in alts:
                if w <= best:
                    break  # alternatives are sorted by weight; saturation < 1
                entry = postings[term].get(c)
                if entry is None:
                    continue
                ids, sats = entry
                pos = bisect.bisect_left(ids, doc)
                if pos < len(ids) and ids[pos] == doc:
                    v = w * sats[pos]
                    if v > best:
                        best = v
            if best:
                acc[doc] += best

    def _rank(
        self,
        acc: dict[int, float],
        candidates: Sequence[int] | None,
        total: float,
        country: str | None,
        limit: int,
        about_russia: bool = False,
    ) -> list[tuple[float, int]]:
        docs = self._docs
        pool: list[tuple[int, float]]
        pool = [(d, acc[d]) for d in candidates] if candidates is not None else list(acc.items())
        # Priors only lower scores, so the top by raw score, widened until it provably holds
        # the top by final score, is enough.
        # A question about matters in Russia ("налоги в России") is for the global entries
        # even when a host country is known.
        prefer_country = country is not None and not about_russia
        take = limit * 2
        while True:
            head = heapq.nlargest(take, pool, key=operator.itemgetter(1))
            out: list[tuple[float, int]] = []
            for doc_idx, raw in head:
                score = raw / total
                is_global = docs[doc_idx].country == GLOBAL_COUNTRY
                if prefer_country:
                    if is_global:
                        score *= _GLOBAL_WHEN_COUNTRY
                elif not is_global:
                    score *= _COUNTRY_WHEN_NONE
                out.append((round(min(1.0, score), 4), doc_idx))
            # Ties go to the country's own entries when they are preferred (the more specific
            # answer), to global ones otherwise.
            out.sort(
                key=lambda item: (
                    -item[0],
                    (docs[item[1]].country == GLOBAL_COUNTRY) == prefer_country,
                    docs[item[1]].slug,
                )
            )
            if len(head) >= len(pool) or len(out) < limit:
                break
            if out[limit - 1][0] >= head[-1][1] / total:
                break
            take *= 4
        return out[:limit]


def _normalise_country(country: str | None) -> str | None:
    if not country:
        return None
    code = country.strip().upper()
    if not code or code == GLOBAL_COUNTRY:
        return None
    return code
