"""The staff app's pages under a big community: how long each takes to load.

    python bench/staffapp.py [--quick]

A community of 100,000 members (10,000 with ``--quick``) spread over the host countries and
professions, who joined over the last twenty weeks, and 10,000 listings waiting in the queue
(1,000 with ``--quick``; community groups, most of them Georgian), plus one announcement's
20,000 deliveries; on a migrated SQLite file and, when reachable, PostgreSQL.

Each page's API call is made as the app makes it: over HTTP to the app's real aiohttp server on
a local port, with ``Authorization: tma <initData>`` signed as Telegram signs it (so the
signature check, the member's roles, the unit of work and the JSON are all in the figure):

* **queue** — a Georgian moderator's first page (20 cards rendered as members see them, each
  with its look-alike check), and the same filtered to one kind and country;
* **kb_due**, **kb_heatmap** — the knowledge-base review list and the coverage heat-map;
* **charts** — an admin's numbers page (members by country, profession and week, answers per
  topic, gaps, announcements, events) as served: its aggregates are kept for
  ``PRICHAL_APP_STATS_SECONDS`` (60 s), so most opens read them; **charts_cold** counts them
  afresh on every request (what the first open of a minute costs);
* **me** — ``GET /api/me``: the cost of authentication alone, the same-run baseline.

It prints p50 and p95 milliseconds per page (target: p95 under 300 ms), and ``ratio_*`` = a
page's p50 divided by ``me``'s p50. The last line is one JSON object of the figures.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import random
import statistics
import sys
import tempfile
import time
import uuid
from datetime import timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from aiohttp import web  # noqa: E402
from aiohttp.test_utils import TestClient, TestServer  # noqa: E402
from sqlalchemy import insert, select  # noqa: E402

from bot import taxonomy  # noqa: E402
from bot.config import load_settings  # noqa: E402
from bot.db.models import (  # noqa: E402
    Broadcast,
    BroadcastDelivery,
    BroadcastStatus,
    DeliveryStatus,
    Group,
    GroupStatus,
    Member,
    MemberProfession,
    ReviewItem,
    ReviewKind,
    Role,
    RoleGrant,
)
from bot.db.types import utcnow  # noqa: E402
from bot.factory import create_bot, create_services  # noqa: E402
from bot.features import plugins  # noqa: E402
from bot.features.staffapp.api import mount  # noqa: E402
from bot.services import Services  # noqa: E402
from tests.support.databases import TEST_DATA_KEY, pg_admin_url, pg_connect, prepare  # noqa: E402
from tests.support.fake_telegram import BOT_TOKEN, FakeTelegram  # noqa: E402
from tests.support.staffapp import init_data  # noqa: E402

COUNTRIES = ["GE"] * 5 + ["AM"] * 3 + ["RS"] * 3 + ["KZ", "TR", "IL", "CY", "ME", "DE", "AE"]
PROFESSIONS = ["it", "design", "media", "science", "education", "arts", "hospitality", "finance"]
FIRST_ID = 20_000_000
MODERATOR = 1_000_001
ADMIN = 1_000_002
BATCH = 5_000

PAGES = {
    "me": "/me",
    "queue": "/queue",
    "queue_filtered": "/queue?kind=group&country=GE",
    "kb_due": "/kb/due",
    "kb_heatmap": "/kb/heatmap",
    "charts": "/stats",
    "charts_cold": "/stats",
}
WHO = {"charts": ADMIN, "charts_cold": ADMIN}
# The numbers page counts again every PRICHAL_APP_STATS_SECONDS (60 s): "charts" is the page as
# served (the aggregates mostly kept), "charts_cold" an app that counts on every request.
BASE = {"charts_cold": "/cold"}


def settings(database_url: str) -> Any:
    return load_settings(
        bot_token=BOT_TOKEN,
        telegram_api_url="http://telegram.invalid",
        database_url=database_url,
        redis_url=None,
        admin_ids=str(ADMIN),
        default_locale="en",
        PRICHAL_DATA_KEYS=TEST_DATA_KEY,
    )


async def populate(services: Services, members: int, items: int) -> None:
    rng = random.Random(18)
    now = utcnow()
    async with services.sessions() as session, session.begin():
        for staff in (MODERATOR, ADMIN):
            session.add(Member(id=staff, locale="en", country="GE", onboarded_at=now))
        await session.flush()
        session.add(RoleGrant(member_id=MODERATOR, role=Role.MODERATOR, scope="GE"))
    for start in range(0, members, BATCH):
        ids = range(FIRST_ID + start, FIRST_ID + min(start + BATCH, members))
        rows, professions = [], []
        for member_id in ids:
            joined = now - timedelta(minutes=rng.randrange(0, 20 * 7 * 24 * 60))
            rows.append(
                {
                    "id": member_id,
                    "locale": rng.choice(("ru", "ru", "en")),
                    "country": rng.choice(COUNTRIES),
                    "onboarded_at": joined,
                    "created_at": joined,
                }
            )
            for slug in rng.sample(PROFESSIONS, rng.choice((1, 1, 2))):
                professions.append({"member_id": member_id, "slug": slug})
        async with services.sessions() as session, session.begin():
            await session.execute(insert(Member), rows)
            await session.execute(insert(MemberProfession), professions)
    for start in range(0, items, BATCH):
        groups = []
        for n in range(start, min(start + BATCH, items)):
            country = rng.choice(COUNTRIES)
            groups.append(
                {
                    "slug": f"bench-{n}",
                    "title": f"Bench community {n} {rng.choice(PROFESSIONS)}",
                    "link": f"https://t.me/example_bench_{n}",
                    "link_key": f"example_bench_{n}",
                    "country": country,
                    "professions": [rng.choice(PROFESSIONS)],
                    "languages": ["ru"],
                    "description": "A community made up for the benchmark.",
                    "status": GroupStatus.PENDING,
                    "submitted_by": FIRST_ID + n % members,
                }
            )
        async with services.sessions() as session, session.begin():
            await session.execute(insert(Group), groups)
            found = (
                await session.execute(
                    select(Group.id, Group.country, Group.submitted_by).where(
                        Group.slug.in_([g["slug"] for g in groups])
                    )
                )
            ).all()
            await session.execute(
                insert(ReviewItem),
                [
                    {
                        "kind": ReviewKind.GROUP,
                        "target_id": str(group_id),
                        "country": country,
                        "author_id": author,
                        "queued_at": now - timedelta(minutes=rng.randrange(0, 10 * 24 * 60)),
                    }
                    for group_id, country, author in found
                ],
            )
    async with services.sessions() as session, session.begin():
        broadcast = Broadcast(
            author_id=ADMIN, status=BroadcastStatus.DONE, scope="GE", text="Bench", countries=["GE"]
        )
        session.add(broadcast)
        await session.flush()
        outcomes = (
            [DeliveryStatus.SENT] * 17 + [DeliveryStatus.UNREACHABLE] * 2 + [DeliveryStatus.FAILED]
        )
        deliveries = [
            {
                "broadcast_id": broadcast.id,
                "member_id": FIRST_ID + n,
                "status": outcomes[n % len(outcomes)],
            }
            for n in range(min(20_000, members))
        ]
        for start in range(0, len(deliveries), BATCH):
            await session.execute(insert(BroadcastDelivery), deliveries[start : start + BATCH])


def ninety_fifth(values: list[float]) -> float:
    return statistics.quantiles(values, n=20, method="inclusive")[18]


async def measure(services: Services, rounds: int) -> dict[str, list[float]]:
    telegram = FakeTelegram()
    bot = create_bot(services.settings, session=telegram)
    root = web.Application()
    registry = plugins()
    mount(root, services, bot, registry)
    mount(root, services, bot, registry, path="/cold", stats_seconds=0)
    timings: dict[str, list[float]] = {page: [] for page in PAGES}
    async with TestClient(TestServer(root)) as client:
        for round_number in range(rounds + 2):  # the first two warm caches up, uncounted
            for page, path in PAGES.items():
                who = WHO.get(page, MODERATOR)
                headers = {"Authorization": f"tma {init_data(who)}"}
                start = time.perf_counter()
                base = BASE.get(page, "/app")
                response = await client.get(f"{base}/api{path}", headers=headers)
                body = await response.read()
                elapsed = time.perf_counter() - start
                if response.status != 200:
                    raise RuntimeError(f"{page}: {response.status} {body[:200]!r}")
                if round_number >= 2:
                    timings[page].append(elapsed)
    await bot.session.close()
    return timings


async def run(
    name: str, database_url: str, members: int, items: int, rounds: int
) -> dict[str, Any]:
    taxonomy.forget_cache()
    services = create_services(settings(database_url))
    try:
        began = time.perf_counter()
        await populate(services, members, items)
        print(
            f"{name:>8}: {members} members, {items} queued items loaded in "
            f"{time.perf_counter() - began:.1f} s",
            flush=True,
        )
        timings = await measure(services, rounds)
    finally:
        await services.close()
    figures: dict[str, Any] = {}
    base = statistics.median(timings["me"])
    for page, values in timings.items():
        p50 = statistics.median(values) * 1000
        p95 = ninety_fifth(values) * 1000
        figures[f"p95_ms_{page}_{name}"] = round(p95, 1)
        figures[f"p50_ms_{page}_{name}"] = round(p50, 1)
        if page != "me":
            figures[f"ratio_{page}_{name}"] = round(statistics.median(values) / base, 2)
        print(f"{name:>8}: {page:<15} p50 {p50:7.1f} ms   p95 {p95:7.1f} ms", flush=True)
    return figures


async def pg_url() -> tuple[str, Any] | None:
    admin_url = pg_admin_url()
    try:
        admin = await pg_connect(admin_url)
    except Exception as error:
        print(f"PostgreSQL not reachable ({type(error).__name__}): skipping it", flush=True)
        return None
    name = f"prichal_bench_{uuid.uuid4().hex[:8]}"
    await admin.execute(f'CREATE DATABASE "{name}"')
    await admin.close()
    from sqlalchemy.engine import make_url

    url = (
        make_url(admin_url)
        .set(drivername="postgresql+asyncpg", database=name)
        .render_as_string(hide_password=False)
    )

    async def drop() -> None:
        connection = await pg_connect(admin_url)
        try:
            await connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        finally:
            await connection.close()

    await prepare(url)
    return url, drop


async def main(quick: bool) -> dict[str, Any]:
    logging.basicConfig(level=logging.WARNING)
    members, items, rounds = (10_000, 1_000, 10) if quick else (100_000, 10_000, 40)
    results: dict[str, Any] = {"members": members, "items": items, "rounds": rounds}
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite+aiosqlite:///{Path(folder) / 'bench.db'}"
        await prepare(url)
        results.update(await run("sqlite", url, members, items, rounds))
    database = await pg_url()
    if database is not None:
        url, drop = database
        try:
            results.update(await run("pg", url, members, items, rounds))
        finally:
            await drop()
    return results


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="a smaller community (a smoke run)")
    print(json.dumps(asyncio.run(main(parser.parse_args().quick))))
