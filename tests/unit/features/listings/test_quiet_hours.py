"""Quiet hours and the daily digest hour, in the member's own time zone (DST included)."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from bot.daytime import in_quiet_hours
from bot.db.models import Member
from bot.features.listings.notices import member_zone, next_digest_at, quiet_until

TBILISI = ZoneInfo("Asia/Tbilisi")  # UTC+4, no DST
BERLIN = ZoneInfo("Europe/Berlin")


@pytest.mark.parametrize(
    ("hour", "start", "end", "quiet"),
    [
        (23, 22, 8, True),
        (3, 22, 8, True),
        (8, 22, 8, False),  # the end hour is awake again
        (21, 22, 8, False),
        (0, 0, 10, True),
        (10, 0, 10, False),
        (13, 13, 15, True),
        (15, 13, 15, False),
        (5, None, None, False),
        (5, 7, 7, False),  # an empty window
    ],
)
def test_quiet_hours_window(hour: int, start: int | None, end: int | None, quiet: bool) -> None:
    assert in_quiet_hours(hour, start, end) is quiet


def test_quiet_until_is_the_next_end_hour_in_the_members_zone() -> None:
    late = datetime(2026, 11, 23, 19, 30, tzinfo=UTC)  # 23:30 in Tbilisi
    assert quiet_until(late, TBILISI, 22, 8) == datetime(2026, 11, 24, 4, 0, tzinfo=UTC)
    early = datetime(2026, 11, 24, 1, 0, tzinfo=UTC)  # 05:00 in Tbilisi
    assert quiet_until(early, TBILISI, 22, 8) == datetime(2026, 11, 24, 4, 0, tzinfo=UTC)
    awake = datetime(2026, 11, 24, 10, 0, tzinfo=UTC)
    assert quiet_until(awake, TBILISI, 22, 8) is None
    assert quiet_until(late, TBILISI, None, None) is None


def test_quiet_hours_follow_daylight_saving_time() -> None:
    # The night Berlin moves to summer time (2027-03-28, 02:00 → 03:00): 08:00 local is 06:00 UTC.
    night = datetime(2027, 3, 27, 23, 0, tzinfo=UTC)  # 00:00 in Berlin (still winter time)
    assert quiet_until(night, BERLIN, 22, 8) == datetime(2027, 3, 28, 6, 0, tzinfo=UTC)
    winter = datetime(2027, 1, 10, 23, 0, tzinfo=UTC)
    assert quiet_until(winter, BERLIN, 22, 8) == datetime(2027, 1, 11, 7, 0, tzinfo=UTC)


def test_the_digest_goes_at_nine_local_today_or_tomorrow() -> None:
    morning = datetime(2026, 11, 24, 3, 0, tzinfo=UTC)  # 07:00 in Tbilisi
    assert next_digest_at(morning, TBILISI) == datetime(2026, 11, 24, 5, 0, tzinfo=UTC)
    after = datetime(2026, 11, 24, 5, 0, tzinfo=UTC)  # 09:00 sharp: the next one is tomorrow
    assert next_digest_at(after, TBILISI) == datetime(2026, 11, 25, 5, 0, tzinfo=UTC)


def test_the_zone_comes_from_the_city_else_the_country_else_utc() -> None:
    assert member_zone(Member(country="KZ", city="Almaty")).key == "Asia/Almaty"
    assert member_zone(Member(country="RS", city=None)).key == "Europe/Belgrade"
    assert member_zone(Member(country=None, city=None)).key == "UTC"
