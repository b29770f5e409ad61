"""Broadcast delivery against the Bot API emulator with Telegram's flood limits on.

    python bench/broadcast.py [--quick]

1. **Sustained**: one broadcast to N members (10,000; ``--quick``: 2,000), delivered by the
   worker as a real process (``python -m bot worker``) through the emulator (``--rate-limits``:
   30 messages/s overall, 1/s per chat). Measured from the emulator's side: ``msgs_per_s``
   after a warm-up of a few seconds, ``errors_429`` after the warm-up, ``lost`` (members
   without the message) and ``duplicates`` (extra copies), and the worker's peak memory.
2. **Kills**: a second broadcast to the same members; the worker is killed with SIGKILL at
   three random moments and restarted each time. ``duplicates_after_kills`` must stay within
   ``kills`` (at most the one message in flight per crash), ``lost_after_kills`` at 0.
3. **1,000,000 members** on PostgreSQL: ``segment_count_ms_1m`` (the exact count the organiser
   sees for a segment of countries and professions) and ``first_batch_ms_1m`` (from approval
   to the first claimed batch: the first chunk of recipients listed plus one claim).

Runs on PostgreSQL when reachable (``TEST_DATABASE_URL``), else on a SQLite file (and skips
part 3). The last line is one JSON object of the figures.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import random
import signal
import sys
import tempfile
import time
import uuid
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from datetime import timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from sqlalchemy import insert, select, text  # noqa: E402

from bot.access import Access  # noqa: E402
from bot.db.engine import create_engine, create_session_factory  # noqa: E402
from bot.db.models import Broadcast, BroadcastStatus, Member  # noqa: E402
from bot.db.types import utcnow  # noqa: E402
from bot.db.uow import unit_of_work  # noqa: E402
from bot.emulator import EmulatorClient  # noqa: E402
from bot.features.broadcast import delivery, service  # noqa: E402
from bot.features.broadcast.segment import Segment  # noqa: E402
from bot.features.broadcast.service import Content  # noqa: E402
from tests.support.databases import TEST_DATA_KEY, pg_admin_url, pg_connect, prepare  # noqa: E402
from tests.support.processes import Child, clean_env  # noqa: E402

TOKEN = "123456:TEST"
ADMIN = 1
FIRST_MEMBER = 10_000_001
# PRICHAL_SEND_RATE: close under the emulator's 30/s, leaving room for a stalled process (the
# emulator counts arrivals, the limiter departures).
SEND_RATE = "29.5"
LEASE_SECONDS = "8"  # a killed worker's claims come back this soon
WARM_UP = 5.0
KILLS = 3
MILLION = 1_000_000


# ---- the world ------------------------------------------------------------------------------


@asynccontextmanager
async def database() -> AsyncIterator[tuple[str, bool]]:
    """A fresh migrated database: PostgreSQL when reachable, else a SQLite file."""
    try:
        admin = await pg_connect(pg_admin_url())
    except (OSError, TimeoutError, Exception) as error:
        print(f"PostgreSQL not reachable ({type(error).__name__}): SQLite", flush=True)
        with tempfile.TemporaryDirectory() as folder:
            url = f"sqlite+aiosqlite:///{Path(folder) / 'bench.db'}"
            yield await prepare(url, seed=False), False
        return
    name = f"prichal_bench_{uuid.uuid4().hex[:8]}"
    try:
        await admin.execute(f'CREATE DATABASE "{name}"')
        base = pg_admin_url().rsplit("/", 1)[0]
        yield await prepare(f"{base}/{name}", seed=False), True
    finally:
        await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        await admin.close()


async def members(url: str, ids: list[int]) -> None:
    engine = create_engine(url)
    try:
        async with unit_of_work(create_session_factory(engine)) as session:
            now = utcnow()
            for start in range(0, len(ids), 5000):
                await session.execute(
                    insert(Member),
                    [
                        {"id": member_id, "locale": "ru" if member_id % 2 else "en",
                         "country": "GE", "city": "Tbilisi", "broadcasts_opt_in": True,
                         "alerts_opt_in": False, "status": "active", "onboarded_at": now,
                         "created_at": now, "last_seen_at": now}
                        for member_id in ids[start : start + 5000]
                    ],
                )  # fmt: skip
    finally:
        await engine.dispose()


async def new_broadcast(url: str, words: str) -> int:
    """An admin's broadcast to Georgia, sent directly (no queue)."""
    engine = create_engine(url)
    try:
        async with unit_of_work(create_session_factory(engine)) as session:
            if await session.get(Member, ADMIN) is None:
                session.add(Member(id=ADMIN, locale="en", country="GE", onboarded_at=utcnow()))
                await session.flush()
            broadcast = await service.create_broadcast(
                session,
                Access(ADMIN, is_admin=True),
                Content(text=words),
                Segment(countries=("GE",)),
                send_now=True,
            )
            return broadcast.id
    finally:
        await engine.dispose()


_engines: dict[str, Any] = {}


async def status_of(url: str, broadcast_id: int) -> BroadcastStatus:
    """The broadcast's status (one small pooled engine for all the polling)."""
    if url not in _engines:
        _engines[url] = create_engine(url, pool_size=1)
    async with create_session_factory(_engines[url])() as session:
        status = await session.scalar(select(Broadcast.status).where(Broadcast.id == broadcast_id))
        return BroadcastStatus(str(status))


async def close_engines() -> None:
    for engine in _engines.values():
        await engine.dispose()
    _engines.clear()


def start_worker(folder: Path, url: str, emulator_url: str, number: int) -> Child:
    env = clean_env(
        BOT_TOKEN=TOKEN,
        TELEGRAM_API_URL=emulator_url,
        DATABASE_URL=url,
        ADMIN_IDS=str(ADMIN),
        LOG_LEVEL="WARNING",
        PRICHAL_SEND_RATE=SEND_RATE,
        PRICHAL_BROADCAST_LEASE_SECONDS=LEASE_SECONDS,
        PRICHAL_DATA_KEYS=TEST_DATA_KEY,
    )
    return Child(["-m", "bot", "worker"], env=env, cwd=folder, log=folder / f"worker{number}.log")


def peak_rss_mb(pid: int) -> float:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return round(int(line.split()[1]) / 1024, 1)
    except OSError:
        pass
    return 0.0


async def copies(tg: EmulatorClient, ids: list[int], words: str) -> dict[int, int]:
    """How many copies of ``words`` each member's chat holds (the emulator's record); each
    copy starts with its header line ("📣 …") and a blank line."""
    counts: dict[int, int] = {}

    def body(text: str) -> str:
        return text.split("\n\n", 1)[-1]

    async def one(member_id: int) -> None:
        chat = await tg.chat(member_id)
        counts[member_id] = sum(
            1 for message in chat if body(str(message.get("text", ""))) == words
        )

    for start in range(0, len(ids), 100):
        await asyncio.gather(*(one(member_id) for member_id in ids[start : start + 100]))
    return counts


async def watch(
    tg: EmulatorClient,
    done: Callable[[], Any],
    total: int,
    on_tick: Callable[[float], Any] | None = None,
) -> dict[str, float]:
    """Poll the emulator until ``done()``; returns the sustained rate and 429s after warm-up."""
    base = await tg.stats()
    sent0 = base["calls"].get("sendMessage", 0) - base["errors"].get("429", 0)
    started = time.monotonic()
    warm: tuple[float, int, int] | None = None
    last: tuple[float, int, int] = (started, sent0, base["errors"].get("429", 0))
    first_at: float | None = None
    next_print = started
    printed: tuple[float, int] | None = None
    while True:
        await asyncio.sleep(1.0)
        now = time.monotonic()
        stats = await tg.stats()
        errors_429 = stats["errors"].get("429", 0)
        refused = sum(stats["errors"].values())
        sent = stats["calls"].get("sendMessage", 0) - refused
        if first_at is None and sent > sent0:
            first_at = now
        if warm is None and first_at is not None and now - first_at >= WARM_UP:
            warm = (now, sent, errors_429)
        if sent > last[1]:
            last = (now, sent, errors_429)
        if now >= next_print:
            window = f", {(sent - printed[1]) / (now - printed[0]):.1f}/s" if printed else ""
            print(f"    {sent - sent0}/{total} sent{window}, 429s so far {errors_429}", flush=True)
            printed = (now, sent)
            next_print = now + 10
        if on_tick is not None:
            await on_tick(now - started)
        if await done():
            break
        if now - started > 3600:
            raise TimeoutError("the broadcast did not finish within an hour")
    if warm is None or last[0] <= warm[0]:
        return {"msgs_per_s": 0.0, "errors_429": float(last[2])}
    rate = (last[1] - warm[1]) / (last[0] - warm[0])
    return {"msgs_per_s": round(rate, 2), "errors_429": float(last[2] - warm[2])}


# ---- parts 1 and 2 --------------------------------------------------------------------------


async def sustained_and_kills(count: int, *, kills: bool = True) -> dict[str, Any]:
    figures: dict[str, Any] = {"recipients": count}
    ids = list(range(FIRST_MEMBER, FIRST_MEMBER + count))
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        emulator = Child(
            ["-m", "bot.emulator", "--host", "127.0.0.1", "--port", "0", "--bot-token", TOKEN],
            env=clean_env(),
            cwd=folder,
            log=folder / "emulator.log",
        )
        workers: list[Child] = []
        try:
            emulator_url = emulator.wait_for_line(r"Telegram Bot API emulator: (http://\S+)").group(
                1
            )
            async with database() as (url, _), EmulatorClient(emulator_url) as tg:
                print(f"{count} members in the emulator and the database", flush=True)
                for start in range(0, count, 100):
                    await asyncio.gather(
                        *(
                            tg.create_user(f"M{i}", user_id=i, language_code="en")
                            for i in ids[start : start + 100]
                        )
                    )
                await members(url, ids)
                await tg.config(rate_limits=True, global_rate=30, per_chat_rate=1)

                # 1. sustained
                words = "Community picnic on Saturday, Vake park, noon"
                first = await new_broadcast(url, words)
                print("part 1: one worker, no crashes", flush=True)
                worker = start_worker(folder, url, emulator_url, 1)
                workers.append(worker)

                async def finished_first() -> bool:
                    return await status_of(url, first) == BroadcastStatus.DONE

                measured = await watch(tg, finished_first, count)
                figures["peak_rss_mb_worker"] = peak_rss_mb(worker.process.pid)
                got = await copies(tg, ids, words)
                figures.update(measured)
                figures["lost"] = sum(1 for n in got.values() if n == 0)
                figures["duplicates"] = sum(n - 1 for n in got.values() if n > 1)
                print(
                    f"  {measured['msgs_per_s']} msgs/s, {measured['errors_429']:.0f} 429s "
                    f"after warm-up, lost {figures['lost']}, duplicates {figures['duplicates']}, "
                    f"worker peak RSS {figures['peak_rss_mb_worker']} MB",
                    flush=True,
                )

                if not kills:
                    return figures
                # 2. kills
                words2 = "Second notice: the picnic moves to Sunday"
                second = await new_broadcast(url, words2)
                expected = count / float(SEND_RATE)
                moments = sorted(random.uniform(0.1, 0.8) * expected for _ in range(KILLS))
                print(f"part 2: SIGKILL at {', '.join(f'{m:.0f}' for m in moments)} s", flush=True)
                killed = 0

                async def killer(elapsed: float) -> None:
                    nonlocal killed
                    if killed < KILLS and elapsed >= moments[killed]:
                        victim = workers[-1]
                        victim.process.send_signal(signal.SIGKILL)
                        victim.process.wait()
                        victim.kill()
                        killed += 1
                        print(f"    killed the worker at {elapsed:.0f} s; restarting", flush=True)
                        workers.append(start_worker(folder, url, emulator_url, len(workers) + 1))

                async def finished_second() -> bool:
                    return await status_of(url, second) == BroadcastStatus.DONE

                await watch(tg, finished_second, count, on_tick=killer)
                got = await copies(tg, ids, words2)
                figures["kills"] = killed
                figures["lost_after_kills"] = sum(1 for n in got.values() if n == 0)
                figures["duplicates_after_kills"] = sum(n - 1 for n in got.values() if n > 1)
                print(
                    f"  {killed} kills: lost {figures['lost_after_kills']}, duplicates "
                    f"{figures['duplicates_after_kills']}",
                    flush=True,
                )
                figures["lost"] += figures["lost_after_kills"]
        finally:
            await close_engines()
            for child in workers:
                child.stop(signal.SIGTERM) if child.process.poll() is None else child.kill()
            emulator.stop(signal.SIGTERM)
    return figures


# ---- part 3 ---------------------------------------------------------------------------------


async def million(total: int) -> dict[str, Any]:
    """Segment count and first claimed batch with ``total`` members on PostgreSQL."""
    async with database() as (url, is_pg):
        if not is_pg:
            return {}
        print(f"part 3: {total:,} members on PostgreSQL", flush=True)
        engine = create_engine(url)
        sessions = create_session_factory(engine)
        try:
            started = time.perf_counter()
            async with unit_of_work(sessions) as session:
                # Spread like the diaspora: six countries, a third opted in, 5% unreachable.
                await session.execute(
                    text(
                        """
                        INSERT INTO members (id, locale, country, city, broadcasts_opt_in,
                            alerts_opt_in, status, onboarded_at, created_at, last_seen_at)
                        SELECT g, CASE WHEN g % 3 = 0 THEN 'en' ELSE 'ru' END,
                            (ARRAY['GE','AM','KZ','RS','TR','IL'])[1 + g % 6],
                            CASE WHEN g % 2 = 0 THEN 'Tbilisi' ELSE NULL END,
                            g % 3 <> 1, false,
                            CASE WHEN g % 20 = 0 THEN 'unreachable' ELSE 'active' END,
                            now(), now(), now()
                        FROM generate_series(CAST(:first AS bigint), CAST(:last AS bigint)) AS g
                        """
                    ),
                    {"first": FIRST_MEMBER, "last": FIRST_MEMBER + total - 1},
                )
                await session.execute(
                    text(
                        """
                        INSERT INTO member_professions (member_id, slug)
                        SELECT g, (ARRAY['it','design','media','science','education','arts',
                                         'health','law','finance','marketing'])[1 + g % 10]
                        FROM generate_series(CAST(:first AS bigint), CAST(:last AS bigint)) AS g
                        """
                    ),
                    {"first": FIRST_MEMBER, "last": FIRST_MEMBER + total - 1},
                )
                session.add(Member(id=ADMIN, locale="en", country="GE", onboarded_at=utcnow()))
            async with engine.connect() as connection:
                autocommit = await connection.execution_options(isolation_level="AUTOCOMMIT")
                await autocommit.execute(text("VACUUM ANALYZE"))
            print(f"  loaded in {time.perf_counter() - started:.1f} s", flush=True)

            segment = Segment(countries=("GE", "AM"), professions=("it", "design", "media"))
            timings = []
            for _ in range(3):
                async with sessions() as session:
                    started = time.perf_counter()
                    counted = await service.count_recipients(
                        session, Access(user_id=0, is_admin=True), segment
                    )
                    timings.append((time.perf_counter() - started) * 1000)
            count_ms = min(timings)
            print(f"  segment count: {counted:,} members in {count_ms:.0f} ms", flush=True)

            async with unit_of_work(sessions) as session:
                broadcast = await service.create_broadcast(
                    session,
                    Access(ADMIN, is_admin=True),
                    Content(text="Big announcement"),
                    segment,
                    send_now=True,
                )
                broadcast_id = broadcast.id
            lease = timedelta(seconds=60)
            started = time.perf_counter()
            async with unit_of_work(sessions) as session:
                now = utcnow()
                await delivery.start_approved(session, now)
                listed = await delivery.materialise(session, broadcast_id, "en", now)
            async with unit_of_work(sessions) as session:
                claimed = await delivery.claim(session, broadcast_id, "bench", now, lease=lease)
            first_ms = (time.perf_counter() - started) * 1000
            print(
                f"  first batch: {listed} listed, {len(claimed)} claimed in {first_ms:.0f} ms",
                flush=True,
            )
            # A claim deep into the broadcast: most rows sent, the partial index skips them.
            async with unit_of_work(sessions) as session:
                while await delivery.materialise(session, broadcast_id, "en", now):
                    pass
            async with unit_of_work(sessions) as session:
                await session.execute(
                    text(
                        "UPDATE broadcast_deliveries SET status = 'sent', claimed_at = NULL "
                        "WHERE broadcast_id = :b AND id < (SELECT max(id) - 1000 "
                        "FROM broadcast_deliveries WHERE broadcast_id = :b)"
                    ),
                    {"b": broadcast_id},
                )
            started = time.perf_counter()
            async with unit_of_work(sessions) as session:
                late = await delivery.claim(session, broadcast_id, "bench2", utcnow(), lease=lease)
            late_ms = (time.perf_counter() - started) * 1000
            print(f"  a claim near the end: {len(late)} claimed in {late_ms:.0f} ms", flush=True)
            return {
                "segment_count_ms_1m": round(count_ms, 1),
                "segment_count_1m": counted,
                "first_batch_ms_1m": round(first_ms, 1),
                "late_batch_ms_1m": round(late_ms, 1),
            }
        finally:
            await engine.dispose()


async def main(quick: bool, parts: str) -> dict[str, Any]:
    logging.basicConfig(level=logging.WARNING)
    figures: dict[str, Any] = {}
    if "1" in parts or "2" in parts:
        figures.update(await sustained_and_kills(2_000 if quick else 10_000, kills="2" in parts))
    if "3" in parts:
        figures.update(await million(MILLION))
    return figures


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="2,000 recipients instead of 10,000")
    parser.add_argument("--parts", default="123", help="which parts to run (default: all, 123)")
    arguments = parser.parse_args()
    print(json.dumps(asyncio.run(main(arguments.quick, arguments.parts))))
