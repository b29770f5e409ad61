"""Knowledge-base search benchmark: quality on the evaluation set and latency at 10,000 entries.

    python bench/search.py [--quick]

1. Loads the starter base (``bot/content/faq/*.yaml``) and the question sets
   ``bench/data/faq_eval/*.jsonl`` (the contract figures), ``bench/data/faq_dev/*.jsonl`` (the
   development set) and ``bench/data/faq_holdout/*.jsonl`` (questions written without looking at
   the base's keywords or the search results, to check that the search generalizes), lines
   ``{"q", "country", "lang", "expected": [slugs]}``. For each set it prints every miss, then
   top-1 / top-3 accuracy (a hit counts when any expected slug is first / among the first
   three) and the query latency p50 on the starter base. With ``--only``, the holdout keeps the
   questions whose expected slugs start with the names given.
2. Builds a synthetic base of 10,000 entries (deterministic: a fixed seed draws countries,
   topics, questions, keywords and answer sentences from the starter base's real vocabulary, in
   Russian and English), then times a few hundred realistic questions against it (the set
   questions with their countries, some with typos, some transliterated).

The last line is one JSON object: ``top1``, ``top3`` (on faq_eval/), ``p50_ms`` (starter
base), ``p95_ms_10k``, plus ``dev_top1``, ``dev_top3``, ``holdout_top1``, ``holdout_top3``,
``eval_size``, ``dev_size``, ``holdout_size``, ``p50_ms_10k``, ``build_ms``, ``build_ms_10k``.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import statistics
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bot.search import (  # noqa: E402
    FaqDocument,
    FaqSearchIndex,
    FaqText,
    load_documents_from_yaml,
)
from bot.search.translit import to_latin  # noqa: E402

DATA = ROOT / "bench" / "data"
FAQ_DIR = ROOT / "bot" / "content" / "faq"
SEED = 20_261_122
SYNTHETIC_SIZE = 10_000
# fmt: off
SYNTHETIC_COUNTRIES = (
    "GE", "AM", "KZ", "RS", "TR", "IL", "CY", "ME", "KG", "UZ", "AE", "DE", "PL", "ES", "TH",
)
# fmt: on
# fmt: off
TOPICS = (
    "visa-free-stay", "residence-permit", "registration", "local-id", "bank-account",
    "cards-transfers", "tax-residency", "entrepreneur", "work-permit", "health-insurance",
    "housing", "driving-licence", "sim-card", "schools",
)
# fmt: on
# fmt: off
GLOBAL_TOPICS = (
    "passport-renewal", "power-of-attorney", "apostille", "military-registration",
    "russian-tax-residency", "currency-control", "moving-on-eu", "scams", "psychological-help",
)
# fmt: on


def load_set(folder: Path, only: Sequence[str] = ()) -> list[dict[str, Any]]:
    """Every question of ``folder/*.jsonl`` (one file per country and ``global``); ``only``
    keeps the files named (``ge``, ``global``)."""
    rows: list[dict[str, Any]] = []
    for path in sorted(folder.glob("*.jsonl")):
        if only and path.stem not in only:
            continue
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                rows.append(json.loads(line))
    return rows


def percentile(values: Sequence[float], p: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    k = (len(ordered) - 1) * p / 100
    lo, hi = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


def evaluate(index: FaqSearchIndex, rows: list[dict[str, Any]], name: str) -> dict[str, float]:
    """Top-1/top-3 accuracy and latency over one question set, printing every miss."""
    top1 = top3 = 0
    latencies: list[float] = []
    for n, row in enumerate(rows, start=1):
        expected = set(row["expected"])
        start = time.perf_counter()
        hits = index.search(row["q"], country=row.get("country"), lang=row.get("lang"), limit=5)
        latencies.append((time.perf_counter() - start) * 1000)
        slugs = [h.slug for h in hits]
        first = bool(slugs) and slugs[0] in expected
        in3 = bool(expected & set(slugs[:3]))
        top1 += first
        top3 += in3
        if not first:
            got = ", ".join(f"{h.slug} {h.score:.2f}" for h in hits[:3]) or "nothing"
            mark = "miss3" if not in3 else "miss1"
            print(
                f"  [{name} {n}] {mark}: {row['q']!r} country={row.get('country')} "
                f"expected={sorted(expected)} got: {got}"
            )
    size = len(rows) or 1
    result = {
        "top1": round(top1 / size, 4),
        "top3": round(top3 / size, 4),
        "p50_ms": round(percentile(latencies, 50), 3),
        "p95_ms": round(percentile(latencies, 95), 3),
        "size": len(rows),
    }
    print(
        f"{name}: {len(rows)} questions, top1 {result['top1']:.3f}, top3 {result['top3']:.3f}, "
        f"p50 {result['p50_ms']:.2f} ms, p95 {result['p95_ms']:.2f} ms"
    )
    return result


_SENTENCE_RE = re.compile(r"(?<=[.!?])\s+")


def synthetic_documents(base: Sequence[FaqDocument], size: int, seed: int) -> list[FaqDocument]:
    """``size`` plausible entries drawn from the starter base's vocabulary (deterministic)."""
    rng = random.Random(seed)
    pools: dict[str, dict[str, list[str]]] = {"ru": {}, "en": {}}
    questions: dict[str, dict[str, list[str]]] = {"ru": {}, "en": {}}
    keywords: dict[str, dict[str, list[str]]] = {"ru": {}, "en": {}}
    for doc in base:
        for lang, text in doc.texts.items():
            if lang not in pools:
                continue
            pools[lang].setdefault(doc.topic, []).extend(
                s for s in _SENTENCE_RE.split(text.answer) if len(s) > 20
            )
            questions[lang].setdefault(doc.topic, []).append(text.question)
            keywords[lang].setdefault(doc.topic, []).extend(text.keywords)
    all_sentences = {lang: [s for v in pools[lang].values() for s in v] for lang in pools}
    all_questions = {lang: [q for v in questions[lang].values() for q in v] for lang in pools}
    all_keywords = {lang: [k for v in keywords[lang].values() for k in v] for lang in pools}
    cities = ["Тбилиси", "Ереван", "Алматы", "Белград", "Стамбул", "Хайфа", "Лимасол", "Бишкек"]
    docs: list[FaqDocument] = []
    for i in range(size):
        is_global = rng.random() < 0.05
        country = "*" if is_global else rng.choice(SYNTHETIC_COUNTRIES)
        topic = rng.choice(GLOBAL_TOPICS if is_global else TOPICS)
        texts: dict[str, FaqText] = {}
        for lang in ("ru", "en"):
            q_pool = questions[lang].get(topic) or all_questions[lang]
            s_pool = pools[lang].get(topic) or all_sentences[lang]
            k_pool = keywords[lang].get(topic) or all_keywords[lang]
            question = rng.choice(q_pool)
            if rng.random() < 0.5:
                question = f"{question} ({rng.choice(cities)}, вариант {i % 97})"
            sentences = [rng.choice(s_pool) for _ in range(rng.randint(2, 5))]
            sentences += [rng.choice(all_sentences[lang]) for _ in range(rng.randint(0, 2))]
            kws = tuple(sorted({rng.choice(k_pool) for _ in range(rng.randint(3, 8))}))
            texts[lang] = FaqText(question=question, answer=" ".join(sentences), keywords=kws)
        slug = f"{'global' if is_global else country.lower()}/{topic}-{i:05d}"
        docs.append(FaqDocument(slug=slug, country=country, topic=topic, texts=texts))
    return docs


def _typo(word: str, rng: random.Random) -> str:
    if len(word) < 5:
        return word
    i = rng.randrange(1, len(word) - 2)
    kind = rng.random()
    if kind < 0.4:  # transposition
        return word[:i] + word[i + 1] + word[i] + word[i + 2 :]
    if kind < 0.7:  # deletion
        return word[:i] + word[i + 1 :]
    return word[:i] + word[i] + word[i:]  # doubled letter


def realistic_queries(
    rows: Sequence[dict[str, Any]], count: int, seed: int
) -> list[tuple[str, str | None]]:
    """Questions people ask, with their countries: the sets' questions, some with a typo,
    some transliterated, and a few with a random host country as the profile."""
    rng = random.Random(seed + 1)
    base = [(str(r["q"]), r.get("country")) for r in rows] or [("как открыть счёт", "GE")]
    out: list[tuple[str, str | None]] = []
    while len(out) < count:
        q, country = rng.choice(base)
        roll = rng.random()
        if roll < 0.25:
            words = q.split()
            j = rng.randrange(len(words))
            words[j] = _typo(words[j], rng)
            q = " ".join(words)
        elif roll < 0.35:
            q = to_latin(q.lower())
        if country is None and rng.random() < 0.5:
            country = rng.choice(SYNTHETIC_COUNTRIES)
        out.append((q, country))
    return out


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="fewer synthetic queries")
    parser.add_argument(
        "--only", nargs="*", default=(), help="question files to use (ge, am, global, ...)"
    )
    parser.add_argument(
        "--no-synthetic", action="store_true", help="skip the 10,000-entry latency part"
    )
    args = parser.parse_args(argv)

    paths = sorted(FAQ_DIR.glob("*.yaml"))
    documents = load_documents_from_yaml(paths)
    start = time.perf_counter()
    index = FaqSearchIndex.build(documents)
    build_ms = (time.perf_counter() - start) * 1000
    print(f"starter base: {len(index)} entries from {len(paths)} files, built in {build_ms:.1f} ms")
    index.search("warm-up: как открыть счёт в Грузии", country="GE")  # lazy tables

    eval_rows = load_set(DATA / "faq_eval", args.only)
    dev_rows = load_set(DATA / "faq_dev", args.only)
    holdout_rows = load_set(DATA / "faq_holdout")
    if args.only:
        prefixes = tuple(f"{name}/" for name in args.only)
        holdout_rows = [
            r for r in holdout_rows if any(s.startswith(prefixes) for s in r["expected"])
        ]
    figures: dict[str, Any] = {}
    dev = evaluate(index, dev_rows, "dev") if dev_rows else None
    holdout = evaluate(index, holdout_rows, "holdout") if holdout_rows else None
    ev = evaluate(index, eval_rows, "eval") if eval_rows else None
    main_set = ev or dev or {"top1": 0.0, "top3": 0.0, "p50_ms": 0.0, "size": 0}
    figures["top1"] = main_set["top1"]
    figures["top3"] = main_set["top3"]
    figures["p50_ms"] = main_set["p50_ms"]
    figures["eval_size"] = ev["size"] if ev else 0
    if dev:
        figures["dev_top1"] = dev["top1"]
        figures["dev_top3"] = dev["top3"]
        figures["dev_size"] = dev["size"]
    if holdout:
        figures["holdout_top1"] = holdout["top1"]
        figures["holdout_top3"] = holdout["top3"]
        figures["holdout_size"] = holdout["size"]
    figures["build_ms"] = round(build_ms, 1)

    if args.no_synthetic:
        print(json.dumps(figures, ensure_ascii=False))
        return 0
    synthetic = synthetic_documents(documents, SYNTHETIC_SIZE, SEED)
    start = time.perf_counter()
    big = FaqSearchIndex.build(synthetic)
    build_10k = (time.perf_counter() - start) * 1000
    print(f"synthetic base: {len(big)} entries built in {build_10k:.0f} ms")
    queries = realistic_queries(eval_rows + dev_rows, 100 if args.quick else 400, SEED)
    for q, country in queries[:5]:
        big.search(q, country=country)  # warm-up (lazy tables, first allocations)
    latencies: list[float] = []
    for q, country in queries:
        start = time.perf_counter()
        big.search(q, country=country, limit=5)
        latencies.append((time.perf_counter() - start) * 1000)
    p50_10k = percentile(latencies, 50)
    p95_10k = percentile(latencies, 95)
    print(
        f"10k: {len(queries)} queries, p50 {p50_10k:.2f} ms, p95 {p95_10k:.2f} ms, "
        f"max {max(latencies):.2f} ms, mean {statistics.fmean(latencies):.2f} ms"
    )
    figures["p50_ms_10k"] = round(p50_10k, 3)
    figures["p95_ms_10k"] = round(p95_10k, 3)
    figures["build_ms_10k"] = round(build_10k, 1)
    figures["queries_10k"] = len(queries)
    print(json.dumps(figures, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
