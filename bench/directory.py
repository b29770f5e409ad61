"""Directory benchmark: import, export and "Communities" ranking at directory scale.

    python bench/directory.py [--quick]

On a migrated SQLite file it imports a generated YAML file of N groups (most in the six main
host countries, every profession and interest, some transnational) through the real engine,
exports it, imports the export again (must change nothing), and then times what a member's
"Communities" press costs in the database and in Python:

* **load** — the published groups of the member's country plus transnational ones, as ORM
  rows (the query ``communities`` runs);
* **rank** — ``communities`` itself: that query plus the ranking of every row for a Tbilisi
  IT member.

``ratio_rank_over_load`` is rank time / load time in the same run (1.0: ranking is free).
The last line is one JSON object: ``groups``, ``import_groups_per_s``, ``export_ms``,
``reimport_unchanged``, ``load_p50_ms``, ``rank_p50_ms``, ``rank_p95_ms``,
``ratio_rank_over_load``.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import yaml  # noqa: E402
from sqlalchemy import select  # noqa: E402

from bot.content.loader import read_yaml  # noqa: E402
from bot.db.engine import create_engine, create_session_factory  # noqa: E402
from bot.db.models import ALL_COUNTRIES, Group, GroupStatus  # noqa: E402
from bot.db.uow import unit_of_work  # noqa: E402
from bot.features import plugins  # noqa: E402
from bot.features.directory.service import Viewer, communities  # noqa: E402
from bot.geo import cities_of  # noqa: E402
from bot.transfer.engine import export_document, import_document  # noqa: E402
from tests.support.databases import prepare  # noqa: E402

COUNTRIES = ("GE", "AM", "KZ", "RS", "TR", "IL", ALL_COUNTRIES)


def generated_file(count: int) -> str:
    """N groups spread over the countries, their cities, professions and interests."""
    taxonomy = read_yaml("taxonomy.yaml")
    professions, interests = taxonomy["profession"], taxonomy["interest"]
    rows = []
    for number in range(count):
        country = COUNTRIES[number % len(COUNTRIES)]
        cities = cities_of(country) if country != ALL_COUNTRIES else ()
        row: dict[str, object] = {
            "slug": f"bench-{number}",
            "title": f"Bench group {number}",
            "link": f"https://t.me/example_bench_{number}",
            "kind": "chat",
            "country": country,
        }
        if cities and number % 3:
            row["city"] = cities[number % len(cities)].name_en
        row["professions"] = [professions[number % len(professions)]] if number % 4 else []
        row["interests"] = [interests[number % len(interests)], interests[(number * 7) % 13]]
        row["languages"] = ["ru", "en"] if number % 2 else ["ru"]
        row["description"] = "Встречи, вакансии и взаимопомощь. " * 4
        row["verified_at"] = f"2026-{1 + number % 11:02d}-{1 + number % 27:02d}"
        rows.append(row)
    return yaml.safe_dump({"groups": rows}, allow_unicode=True, sort_keys=False)


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


async def main(quick: bool) -> dict[str, float | int | bool]:
    count = 400 if quick else 3000
    rounds = 30 if quick else 200
    folder = Path(tempfile.mkdtemp(prefix="bench-directory-"))
    url = f"sqlite+aiosqlite:///{folder / 'bench.db'}"
    await prepare(url)
    engine = create_engine(url)
    sessions = create_session_factory(engine)
    text = generated_file(count)
    print(f"{count} groups, {len(text) // 1024} KiB of YAML")

    started = time.perf_counter()
    async with unit_of_work(sessions) as session:
        result = await import_document(
            session, text, actor_id=None, sections=plugins().transfer_sections
        )
    imported = time.perf_counter() - started
    assert result.ok, result.errors[:3]
    print(f"import: {imported:.2f} s ({count / imported:.0f} groups/s) {result.summary()}")

    started = time.perf_counter()
    async with sessions() as session:
        exported = await export_document(session, plugins().transfer_sections)
    export_ms = (time.perf_counter() - started) * 1000
    print(f"export: {export_ms:.0f} ms")
    async with unit_of_work(sessions) as session:
        again = await import_document(
            session, exported, actor_id=None, sections=plugins().transfer_sections
        )
    unchanged = again.reports["groups"].unchanged == count and again.reports["groups"].updated == 0
    print(f"export → import: {again.summary()} (nothing changed: {unchanged})")

    viewer = Viewer("GE", "Tbilisi", frozenset({"it"}), frozenset({"housing"}))
    load, rank = [], []
    for _ in range(rounds):
        async with sessions() as session:
            started = time.perf_counter()
            rows = list(
                await session.scalars(
                    select(Group).where(
                        Group.status == GroupStatus.PUBLISHED,
                        Group.country.in_(["GE", ALL_COUNTRIES]),
                    )
                )
            )
            load.append((time.perf_counter() - started) * 1000)
        async with sessions() as session:
            started = time.perf_counter()
            ranked = await communities(session, viewer)
            rank.append((time.perf_counter() - started) * 1000)
    print(
        f"communities for a Tbilisi IT member: {len(rows)} rows loaded, {len(ranked)} shown; "
        f"load p50 {statistics.median(load):.1f} ms, rank p50 {statistics.median(rank):.1f} ms, "
        f"p95 {percentile(rank, 0.95):.1f} ms"
    )
    await engine.dispose()
    return {
        "groups": count,
        "import_groups_per_s": round(count / imported, 1),
        "export_ms": round(export_ms, 1),
        "reimport_unchanged": unchanged,
        "load_p50_ms": round(statistics.median(load), 2),
        "rank_p50_ms": round(statistics.median(rank), 2),
        "rank_p95_ms": round(percentile(rank, 0.95), 2),
        "ratio_rank_over_load": round(statistics.median(rank) / statistics.median(load), 2),
    }


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer groups and rounds")
    logging.basicConfig(level=logging.WARNING)
    figures = asyncio.run(main(parser.parse_args().quick))
    print(json.dumps(figures))
