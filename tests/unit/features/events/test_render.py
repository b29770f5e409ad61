"""Times shown in the viewer's zone and language (Babel), DST included."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.features.events.render import Translate, format_duration, viewer_zone, when_text
from bot.features.events.service import Draft
from bot.i18n import create_core


@pytest.fixture(scope="module")
def en() -> Translate:
    core = create_core("en")
    return lambda key, **values: core.get(key, "en", **values)


@pytest.fixture(scope="module")
def ru() -> Translate:
    core = create_core("en")
    return lambda key, **values: core.get(key, "ru", **values)


def tbilisi_event(starts_at: datetime) -> Draft:
    return Draft(
        title="Breakfast",
        description="",
        starts_at=starts_at,
        duration=timedelta(hours=2),
        timezone="Asia/Tbilisi",
        country="GE",
        city="Tbilisi",
        venue="Cafe",
    )


WINTER = datetime(2026, 12, 12, 15, 0, tzinfo=UTC)  # 19:00 in Tbilisi (UTC+4, no DST)
SUMMER = datetime(2027, 7, 10, 15, 0, tzinfo=UTC)
NOW = datetime(2026, 12, 1, tzinfo=UTC)


def test_a_tbilisi_evening_seen_from_belgrade_in_winter_and_in_summer(en: Translate) -> None:
    belgrade = viewer_zone("RS", "Belgrade", "UTC")
    winter = when_text(en, "en", tbilisi_event(WINTER), belgrade, NOW)
    assert winter == "🗓 Sat, December 12, 16:00 your time · Tbilisi: 19:00"  # CET, UTC+1
    summer = when_text(en, "en", tbilisi_event(SUMMER), belgrade, NOW)
    assert summer == "🗓 Sat, July 10, 2027, 17:00 your time · Tbilisi: 19:00"  # CEST, UTC+2


def test_in_russian_and_in_the_events_own_city(ru: Translate) -> None:
    belgrade = viewer_zone("RS", "Belgrade", "UTC")
    assert when_text(ru, "ru", tbilisi_event(WINTER), belgrade, NOW) == (
        "🗓 сб, 12 декабря, 16:00 по вашему времени · Тбилиси: 19:00"
    )
    tbilisi = viewer_zone("GE", "Batumi", "UTC")  # same clock as Tbilisi: one time only
    assert when_text(ru, "ru", tbilisi_event(WINTER), tbilisi, NOW) == (
        "🗓 сб, 12 декабря, 19:00 (часовой пояс: Тбилиси)"
    )


def test_a_viewer_without_a_country_sees_the_events_own_time(en: Translate) -> None:
    zone = viewer_zone(None, None, "Asia/Tbilisi")
    assert zone == ZoneInfo("Asia/Tbilisi")
    assert "19:00 (Tbilisi time)" in when_text(en, "en", tbilisi_event(WINTER), zone, NOW)


def test_a_member_in_almaty_is_ahead(en: Translate) -> None:
    almaty = viewer_zone("KZ", "Almaty", "UTC")  # UTC+5 since 2024
    assert when_text(en, "en", tbilisi_event(WINTER), almaty, NOW) == (
        "🗓 Sat, December 12, 20:00 your time · Tbilisi: 19:00"
    )


def test_durations_read_naturally() -> None:
    assert format_duration(timedelta(hours=2), "en") == "2 hours"
    assert format_duration(timedelta(hours=2), "ru") == "2 часа"
    assert format_duration(timedelta(minutes=90), "en") == "1 hr 30 min"
    assert format_duration(timedelta(minutes=45), "ru") == "45 минут"
