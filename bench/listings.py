"""Job subscriptions at scale: who hears about a new job, and how fast the notices go out.

    python bench/listings.py [--quick]

A community of N members (5,000; 500 with ``--quick``), each with one job subscription drawn
from a realistic mix (anywhere, a country, a city, remote only, with or without a profession;
a fifth as a daily digest), on a migrated SQLite file and, when reachable, PostgreSQL.

* **match** — publishing a job computes its audience (one SQL query over the subscriptions)
  and writes one notice row per member: milliseconds per published job, and members matched.
* **deliver** — the worker's notice job (``deliver_due``: claim, commit, send, delete, one
  member at a time) against the in-memory Bot API of the tests, with the send-rate limiter
  lifted; ``ratio_deliver_*`` divides its notices/s by a bare loop of ``bot.send_message``
  calls for the same messages in the same run (1.0 = the bookkeeping is free).

The last line is one JSON object of the figures.
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
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from sqlalchemy import delete, func, insert, select  # noqa: E402

from bot import taxonomy  # noqa: E402
from bot.config import load_settings  # noqa: E402
from bot.db.models import (  # noqa: E402
    DeliveryMode,
    JobSubscription,
    ListingNotice,
    Member,
)
from bot.db.types import utcnow  # noqa: E402
from bot.factory import create_bot, create_services  # noqa: E402
from bot.features import plugins  # noqa: E402
from bot.features.listings.delivery import deliver_due  # noqa: E402
from bot.features.listings.job.service import JobDraft, notify_subscribers, post_job  # noqa: E402
from bot.features.listings.service import publish  # noqa: E402
from bot.services import Services  # noqa: E402
from tests.support.databases import TEST_DATA_KEY, pg_admin_url, pg_connect, prepare  # noqa: E402
from tests.support.fake_telegram import BOT_TOKEN, FakeTelegram  # noqa: E402

PLACES = [
    (None, None, False),
    ("GE", None, False),
    ("GE", "Tbilisi", False),
    ("GE", "Batumi", False),
    ("AM", "Yerevan", False),
    ("RS", "Belgrade", False),
    (None, None, True),
]
PROFESSIONS = [None, None, "it", "design", "hospitality", "marketing"]
FIRST_ID = 10_000_000


def settings(database_url: str) -> Any:
    return load_settings(
        bot_token=BOT_TOKEN,
        telegram_api_url="http://telegram.invalid",
        database_url=database_url,
        redis_url=None,
        admin_ids="",
        default_locale="en",
        PRICHAL_SEND_RATE=1000,
        PRICHAL_DATA_KEYS=TEST_DATA_KEY,  # PostgreSQL needs the keys of the encrypted columns
    )


async def populate(services: Services, members: int) -> None:
    rng = random.Random(7)
    now = utcnow()
    member_rows, subscription_rows = [], []
    for index in range(members):
        country, city, remote = rng.choice(PLACES)
        member_rows.append(
            {
                "id": FIRST_ID + index,
                "locale": "ru" if index % 2 else "en",
                "country": country or "GE",
                "city": city,
                "broadcasts_opt_in": False,
                "alerts_opt_in": False,
                "status": "active",
                "onboarded_at": now,
                "created_at": now,
                "last_seen_at": now,
            }
        )
        subscription_rows.append(
            {
                "member_id": FIRST_ID + index,
                "country": country,
                "city": city,
                "remote": remote,
                "profession": rng.choice(PROFESSIONS),
                "mode": DeliveryMode.DAILY if index % 5 == 0 else DeliveryMode.INSTANT,
                "created_at": now,
            }
        )
    async with services.sessions() as session, session.begin():
        await session.execute(insert(Member), member_rows)
        await session.execute(insert(JobSubscription), subscription_rows)


def draft(number: int) -> JobDraft:
    return JobDraft(
        title=f"Job {number}",
        company="Bench Ltd",
        remote=number % 4 == 0,
        country=None if number % 4 == 0 else "GE",
        city=None if number % 4 == 0 else ("Tbilisi" if number % 2 else None),
        professions=["it"] if number % 3 else ["design", "marketing"],
        employment="full",
        languages=["en"],
        salary=None,
        description="A job description long enough to pass every check of the board.",
        how_to_apply="Tell about yourself and your work.",
    )


async def match(services: Services, jobs: int) -> tuple[list[float], int]:
    durations, matched = [], 0
    for number in range(jobs):
        async with services.sessions() as session, session.begin():
            job = await post_job(session, FIRST_ID, draft(number))
            start = time.perf_counter()
            await publish(session, job)
            matched += await notify_subscribers(session, job)
            durations.append(time.perf_counter() - start)
    return durations, matched


async def deliver(services: Services) -> tuple[int, float, float]:
    """Our notice job against a bare send loop, for the instant notices that are due now."""
    async with services.sessions() as session:
        due = int(
            await session.scalar(
                select(func.count())
                .select_from(ListingNotice)
                .where(ListingNotice.due_at <= utcnow())
            )
            or 0
        )
    telegram = FakeTelegram()
    bot = create_bot(services.settings, session=telegram)
    start = time.perf_counter()
    sent = 0
    while handled := await deliver_due(services, bot, plugins(), limit=500):
        sent += handled
        telegram.requests.clear()
        telegram.chats.clear()
    ours = time.perf_counter() - start
    start = time.perf_counter()
    for index in range(due):
        await bot.send_message(FIRST_ID + index, f"Job {index}: a new job for your subscription")
        if index % 500 == 0:
            telegram.requests.clear()
            telegram.chats.clear()
    bare = time.perf_counter() - start
    await bot.session.close()
    async with services.sessions() as session, session.begin():
        await session.execute(delete(ListingNotice))
    return sent, ours, bare


async def run(name: str, database_url: str, members: int, jobs: int) -> dict[str, Any]:
    taxonomy.forget_cache()
    services = create_services(settings(database_url))
    try:
        await populate(services, members)
        await match(services, 2)  # warm-up: imports, caches
        async with services.sessions() as session, session.begin():
            await session.execute(delete(ListingNotice))
        durations, matched = await match(services, jobs)
        sent, ours, bare = await deliver(services)
    finally:
        await services.close()
    figures = {
        f"match_ms_{name}": round(statistics.median(durations) * 1000, 2),
        f"matched_per_job_{name}": round(matched / jobs),
        f"notices_per_s_{name}": round(sent / ours, 1) if ours else None,
        f"ratio_deliver_{name}": round(bare / ours, 3) if ours else None,
    }
    print(
        f"{name:>8}: {members} subscribers, {jobs} jobs: match p50 "
        f"{figures[f'match_ms_{name}']} ms, {figures[f'matched_per_job_{name}']} matched/job; "
        f"delivered {sent} notices at {figures[f'notices_per_s_{name}']}/s "
        f"(bare sends {round(sent / bare, 1) if bare else '-'}/s)",
        flush=True,
    )
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
    members, jobs = (500, 5) if quick else (5000, 12)
    results: dict[str, Any] = {"subscribers": members, "jobs": jobs}
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite+aiosqlite:///{Path(folder) / 'bench.db'}"
        await prepare(url)
        results.update(await run("sqlite", url, members, jobs))
    database = await pg_url()
    if database is not None:
        url, drop = database
        try:
            results.update(await run("pg", url, members, jobs))
        finally:
            await drop()
    return results


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="fewer members (a smoke run)")
    print(json.dumps(asyncio.run(main(parser.parse_args().quick))))
