"""Event notices at the size of a big community event: owing, moving, claiming and sending.

    python bench/event_notices.py [--quick]

One published event with N members going (5,000; ``--quick``: 1,000), on a migrated SQLite file
and, when reachable, a fresh PostgreSQL database (``TEST_DATABASE_URL``). Measured:

* ``owe_message_ms`` — the organiser's message owed to every attendee (one INSERT ... SELECT);
* ``move_ms`` — moving the event: old reminders skipped, new reminders and "moved" notices owed;
* ``worker_notices_per_s`` — the notice job's own cost per notice (claim in batches, skip what
  is stale, render in each member's language and zone, record each outcome), with the send-rate
  limiter off and the in-memory Bot API of the tests (real aiogram serialisation, no network);
  in production the shared limiter (28/s) is the bound, not this;
* ``lost`` / ``duplicates`` — notices never delivered / delivered twice (both must be 0).

The last line is one JSON object with ``*_sqlite`` and ``*_pg`` figures.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import sys
import tempfile
import time
import uuid
from collections import Counter
from datetime import timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from sqlalchemy import func, insert, select  # noqa: E402

from bot.access import Access  # noqa: E402
from bot.config import load_settings  # noqa: E402
from bot.db.crypto import pseudonym  # noqa: E402
from bot.db.models import EventNotice, EventRsvp, Member, NoticeStatus  # noqa: E402
from bot.db.models.events import EVENT_MEMBER  # noqa: E402
from bot.db.types import utcnow  # noqa: E402
from bot.db.uow import unit_of_work  # noqa: E402
from bot.factory import create_bot, create_services  # noqa: E402
from bot.features import plugins  # noqa: E402
from bot.features.events import service  # noqa: E402
from bot.features.events.notices import send_due_notices  # noqa: E402
from bot.plugins import JobContext  # noqa: E402
from tests.support.databases import TEST_DATA_KEY, pg_admin_url, pg_connect, prepare  # noqa: E402
from tests.support.fake_telegram import BOT_TOKEN, FakeTelegram  # noqa: E402

ORGANISER = 1


async def run(url: str, attendees: int) -> dict[str, float]:
    settings = load_settings(
        bot_token=BOT_TOKEN,
        telegram_api_url="http://telegram.invalid",
        database_url=url,
        redis_url=None,
        admin_ids=str(ORGANISER),
        PRICHAL_DATA_KEYS=TEST_DATA_KEY,  # PostgreSQL needs the keys of the encrypted columns
    )
    services = create_services(settings)
    services.send_limiter = None  # the job's own cost, not Telegram's pace
    telegram = FakeTelegram()
    bot = create_bot(settings, session=telegram)
    admin = Access(ORGANISER, is_admin=True)
    try:
        async with unit_of_work(services.sessions) as session:
            now = utcnow()
            rows = [
                {"id": ORGANISER + n, "locale": "ru" if n % 2 else "en", "country": "GE",
                 "city": "Tbilisi", "broadcasts_opt_in": False, "alerts_opt_in": False,
                 "status": "active", "onboarded_at": now, "created_at": now, "last_seen_at": now}
                for n in range(attendees + 1)
            ]  # fmt: skip
            await session.execute(insert(Member), rows)
            event = await service.create_event(
                session,
                admin,
                service.Draft(
                    title="Big community picnic",
                    description="Everyone is welcome.",
                    starts_at=now + timedelta(days=3),
                    duration=timedelta(hours=3),
                    timezone="Asia/Tbilisi",
                    country="GE",
                    city="Tbilisi",
                    venue="Vake park",
                ),
            )
            await service.publish(session, event.id)
            await session.execute(
                insert(EventRsvp),
                [
                    {"event_id": event.id, "status": "going", "queued_at": now, "updated_at": now,
                     "member_key": pseudonym(EVENT_MEMBER, ORGANISER + n),
                     "member_ref": ORGANISER + n}
                    for n in range(1, attendees + 1)
                ],
            )  # fmt: skip
            event_id = event.id

        started = time.perf_counter()
        async with unit_of_work(services.sessions) as session:
            owed = await service.message_attendees(session, admin, event_id, "Bring a blanket!")
        owe_ms = (time.perf_counter() - started) * 1000
        print(f"  owe a message to {owed} attendees: {owe_ms:.0f} ms", flush=True)

        started = time.perf_counter()
        async with unit_of_work(services.sessions) as session:
            told = await service.move_event(session, admin, event_id, utcnow() + timedelta(days=4))
        move_ms = (time.perf_counter() - started) * 1000
        print(f"  move the event, {told} told, reminders rescheduled: {move_ms:.0f} ms", flush=True)

        context = JobContext(services=services, bot=bot, worker_id="bench", plugins=plugins())
        started = time.perf_counter()
        claimed = 0
        while handled := await send_due_notices(context):
            claimed += handled
        seconds = time.perf_counter() - started
        rate = claimed / seconds if seconds else 0.0
        print(f"  worker: {claimed} notices in {seconds:.1f} s = {rate:.0f}/s", flush=True)

        sent_to = Counter(int(call.chat_id) for call in telegram.calls("SendMessage"))
        async with services.sessions() as session:
            due_now = int(
                await session.scalar(
                    select(func.count())
                    .select_from(EventNotice)
                    .where(EventNotice.kind.in_(["message", "moved"]))
                )
                or 0
            )
            not_sent = int(
                await session.scalar(
                    select(func.count())
                    .select_from(EventNotice)
                    .where(
                        EventNotice.kind.in_(["message", "moved"]),
                        EventNotice.status != NoticeStatus.SENT,
                    )
                )
                or 0
            )
        duplicates = sum(count - 2 for count in sent_to.values() if count > 2)
        print(f"  {due_now} due, {not_sent} not sent, {duplicates} duplicates", flush=True)
        return {
            "owe_message_ms": round(owe_ms, 1),
            "move_ms": round(move_ms, 1),
            "worker_notices_per_s": round(rate, 1),
            "lost": not_sent,
            "duplicates": duplicates,
        }
    finally:
        await bot.session.close()
        await services.close()


async def main(quick: bool) -> dict[str, Any]:
    logging.basicConfig(level=logging.WARNING)
    attendees = 1_000 if quick else 5_000
    figures: dict[str, Any] = {"attendees": attendees}
    with tempfile.TemporaryDirectory() as folder:
        url = await prepare(f"sqlite+aiosqlite:///{Path(folder) / 'bench.db'}", seed=False)
        print(f"SQLite, {attendees} attendees", flush=True)
        for name, value in (await run(url, attendees)).items():
            figures[f"{name}_sqlite"] = value
    name = f"prichal_bench_{uuid.uuid4().hex[:8]}"
    try:
        admin = await pg_connect(pg_admin_url())
    except (OSError, TimeoutError, Exception) as error:
        print(f"PostgreSQL not reachable ({type(error).__name__}): skipped", flush=True)
        return figures
    try:
        await admin.execute(f'CREATE DATABASE "{name}"')
        base = pg_admin_url().rsplit("/", 1)[0]
        url = await prepare(f"{base}/{name}", seed=False)
        print(f"PostgreSQL, {attendees} attendees", flush=True)
        for key, value in (await run(url, attendees)).items():
            figures[f"{key}_pg"] = value
    finally:
        await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        await admin.close()
    return figures


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="1,000 attendees instead of 5,000")
    arguments = parser.parse_args()
    print(json.dumps(asyncio.run(main(arguments.quick))))
