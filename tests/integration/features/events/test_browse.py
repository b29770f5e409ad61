"""Members browse upcoming events: by city, country, online and interests; pages; their time."""

from __future__ import annotations

import asyncio
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.db.models import RsvpStatus
from bot.db.types import utcnow
from bot.features.events import service
from tests.conftest import HarnessFactory
from tests.integration.features.events.stories import (
    answers,
    make_organiser,
    published_event,
    settle,
)
from tests.support.story import Harness

ORGANISER, ANNA, MILOS = 2801, 2802, 2803
TBILISI = ZoneInfo("Asia/Tbilisi")


def next_date(month: int, day: int) -> date:
    """The next such date at least a week ahead (so the event is in the future)."""
    soon = (utcnow() + timedelta(days=7)).date()
    candidate = date(soon.year, month, day)
    return candidate if candidate >= soon else date(soon.year + 1, month, day)


def tbilisi_evening(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, 19, 0, tzinfo=TBILISI).astimezone(UTC)


async def test_a_tbilisi_evening_shows_in_belgrade_time_in_winter_and_in_summer(
    harness: Harness,
) -> None:
    await make_organiser(harness, ORGANISER, scope="*")
    winter = await published_event(
        harness, ORGANISER, title="Winter talk", starts_at=tbilisi_evening(next_date(1, 15))
    )
    summer = await published_event(
        harness, ORGANISER, title="Summer talk", starts_at=tbilisi_evening(next_date(7, 15))
    )
    milos = await settle(harness, MILOS, link="rs-belgrade_it")
    await milos.press_data(f"ev:open:{winter}:")
    assert "16:00 your time · Tbilisi: 19:00" in milos.last.text  # CET: UTC+1
    await milos.press_data(f"ev:open:{summer}:")
    assert "17:00 your time · Tbilisi: 19:00" in milos.last.text  # CEST: UTC+2
    anna = await settle(harness, ANNA, link="ge-tbilisi_it", language="ru")
    await anna.press_data(f"ev:open:{winter}:")
    assert ", 19:00 (часовой пояс: Тбилиси)" in anna.last.text
    assert "январ" in anna.last.text  # the month in her language


async def test_tabs_city_country_online_and_interests(harness: Harness) -> None:
    await make_organiser(harness, ORGANISER, scope="*")
    await published_event(harness, ORGANISER, title="Tbilisi design")
    await published_event(harness, ORGANISER, title="Batumi beach", city="Batumi")
    await published_event(
        harness,
        ORGANISER,
        title="All Georgia online",
        city=None,
        online_url="https://example.org/ge",
    )
    await published_event(
        harness,
        ORGANISER,
        title="Everyone online",
        country="*",
        city=None,
        timezone="UTC",
        online_url="https://example.org/all",
    )
    await published_event(
        harness,
        ORGANISER,
        title="Yerevan IT",
        country="AM",
        city="Yerevan",
        timezone="Asia/Yerevan",
    )
    anna = await settle(harness, ANNA, link="ge-tbilisi_design")

    await anna.send("/events")
    city = anna.last.text
    assert "Tbilisi design" in city and "All Georgia online" in city and "Everyone online" in city
    assert "Batumi beach" not in city and "Yerevan IT" not in city
    await anna.press("My country")
    country = anna.last.text
    assert "Batumi beach" in country and "Yerevan IT" not in country
    await anna.press("Online")
    online = anna.last.text
    assert "All Georgia online" in online and "Everyone online" in online
    assert "Tbilisi design" not in online
    await anna.press("For me")  # her profession (design) matches every test event's tags
    assert "Tbilisi design" in anna.last.text and "Yerevan IT" not in anna.last.text


async def test_pages_of_five(harness: Harness) -> None:
    await make_organiser(harness, ORGANISER)
    for number in range(7):
        await published_event(
            harness, ORGANISER, title=f"Meetup {number}", starts_in=timedelta(days=2 + number)
        )
    anna = await settle(harness, ANNA)
    await anna.send("/events")
    assert "Meetup 0" in anna.last.text and "Meetup 4" in anna.last.text
    assert "Meetup 5" not in anna.last.text
    assert "Shown 1–5 of 7" in anna.last.text
    await anna.press("More")
    assert "Meetup 5" in anna.last.text and "Meetup 6" in anna.last.text
    assert "Meetup 0" not in anna.last.text
    await anna.press("6", exact=True)
    assert anna.last.text.startswith("Meetup 5")
    await anna.press("I'm going")
    await anna.press("Back to events")
    assert "My events" in anna.last.text and "Meetup 5" in anna.last.text
    await anna.press_data("evl:city:-50")  # a forged offset: just the first page
    assert "Meetup 0" in anna.last.text


@pytest.mark.postgres
async def test_two_members_pressing_for_the_last_seat_at_once_on_postgresql(
    make_harness: HarnessFactory, pg_url: str
) -> None:
    harness = await make_harness(pg_url, admin_ids="1")
    await make_organiser(harness, ORGANISER)
    event_id = await published_event(harness, ORGANISER, capacity=1)
    for user_id in (ANNA, MILOS):
        await settle(harness, user_id)

    async def press(member_id: int) -> RsvpStatus | None:
        async with harness.services.sessions() as session, session.begin():
            result = await service.answer(session, event_id, member_id, going=True)
            await asyncio.sleep(0.2)  # hold the transaction open while the other one waits
            return result.status

    results = await asyncio.gather(press(ANNA), press(MILOS))
    assert sorted(str(status) for status in results) == ["going", "waitlist"]
    assert sorted((await answers(harness, event_id)).values()) == ["going", "waitlist"]
