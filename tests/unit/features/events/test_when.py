"""Reading what organisers type: start times in ru and en (through dateparser, from a fixed
"now"), durations, seats."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.features.events.when import WhenError, parse_capacity, parse_duration, parse_start

TBILISI = ZoneInfo("Asia/Tbilisi")
BERLIN = ZoneInfo("Europe/Berlin")
# Tuesday 1 December 2026, 16:00 in Tbilisi.
NOW = datetime(2026, 12, 1, 12, 0, tzinfo=UTC)


def local(text: str, zone: ZoneInfo = TBILISI, now: datetime = NOW) -> str:
    return parse_start(text, zone, now).astimezone(zone).strftime("%a %Y-%m-%d %H:%M")


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        ("12.12 19:00", "Sat 2026-12-12 19:00"),
        ("12.12.2026 19.00", "Sat 2026-12-12 19:00"),
        ("12/12/26 7pm", "Sat 2026-12-12 19:00"),
        ("2026-12-12 19:00", "Sat 2026-12-12 19:00"),
        ("2026-12-12T19:00", "Sat 2026-12-12 19:00"),
        ("12 декабря 19:00", "Sat 2026-12-12 19:00"),
        ("12 декабря 2026 г. в 19:00", "Sat 2026-12-12 19:00"),
        ("сб, 12 дек. 19:00", "Sat 2026-12-12 19:00"),
        ("Dec 12, 7:30 pm", "Sat 2026-12-12 19:30"),
        ("December 12th at 7 p.m.", "Sat 2026-12-12 19:00"),
        ("завтра в 19", "Wed 2026-12-02 19:00"),
        ("Завтра 19:00", "Wed 2026-12-02 19:00"),
        ("tomorrow 19:00", "Wed 2026-12-02 19:00"),
        ("послезавтра 9:15", "Thu 2026-12-03 09:15"),
        ("day after tomorrow at 9am", "Thu 2026-12-03 09:00"),
        ("в пятницу 18:30", "Fri 2026-12-04 18:30"),
        ("в среду в 18:30", "Wed 2026-12-02 18:30"),
        ("Friday 6pm", "Fri 2026-12-04 18:00"),
        ("19 декабря в 19", "Sat 2026-12-19 19:00"),
        ("сегодня 20:00", "Tue 2026-12-01 20:00"),
        ("19:00", "Tue 2026-12-01 19:00"),  # still ahead today
        ("10:00", "Wed 2026-12-02 10:00"),  # passed today: tomorrow
        ("вторник 10:00", "Tue 2026-12-08 10:00"),  # today's has passed: next week
        ("12.01 10:00", "Tue 2027-01-12 10:00"),  # no year: the next 12 January
        ("12.01 19:00", "Tue 2027-01-12 19:00"),
        # Said the way people say it (issue 16).
        ("next thursday at 7pm", "Thu 2026-12-03 19:00"),
        ("Next Thursday at 7 pm", "Thu 2026-12-03 19:00"),
        ("в следующий четверг в 19", "Thu 2026-12-03 19:00"),
        ("в следующий четверг в 19:00", "Thu 2026-12-03 19:00"),
        ("в ближайшую пятницу в 18", "Fri 2026-12-04 18:00"),
        ("завтра в 18:30", "Wed 2026-12-02 18:30"),
        ("завтра в 7 вечера", "Wed 2026-12-02 19:00"),
        ("tomorrow at 7pm", "Wed 2026-12-02 19:00"),
        ("через 2 дня в 19:00", "Thu 2026-12-03 19:00"),
        ("в пятницу в 3 дня", "Fri 2026-12-04 15:00"),
        ("in 2 days at 19:00", "Thu 2026-12-03 19:00"),
        ("в субботу в 11", "Sat 2026-12-05 11:00"),
        ("Saturday at 11am", "Sat 2026-12-05 11:00"),
        ("2026-12-12 19:00:00", "Sat 2026-12-12 19:00"),
    ],
)
def test_forgiving_starts_in_russian_and_english(typed: str, meant: str) -> None:
    assert local(typed) == meant


@pytest.mark.parametrize(
    ("typed", "why"),
    [
        ("", "events-when-empty"),
        ("   ", "events-when-empty"),
        ("hello", "events-when-not-understood"),
        ("12.12", "events-when-no-time"),
        ("12 декабря", "events-when-no-time"),
        ("next thursday", "events-when-no-time"),
        ("12.12 25:00", "events-when-not-understood"),
        ("12.12 19:61", "events-when-not-understood"),
        ("13pm", "events-when-not-understood"),
        ("31.02 10:00", "events-when-bad-date"),
        ("12.13 19:00", "events-when-not-understood"),
        ("1.12 10:00", "events-when-past"),  # this morning
        ("сегодня в 10", "events-when-past"),
        ("2025-12-12 19:00", "events-when-past"),
        ("yesterday 19:00", "events-when-past"),
        ("вчера в 19:00", "events-when-past"),
        ("2030-01-01 10:00", "events-when-too-far"),
        ("12.12 19:00 или 20:00", "events-when-not-understood"),
        ("when the band arrives 19:00", "events-when-not-understood"),
        ("x" * 200, "events-when-not-understood"),
    ],
)
def test_what_cannot_be_read_is_refused_with_a_reason(typed: str, why: str) -> None:
    with pytest.raises(WhenError) as refused:
        parse_start(typed, TBILISI, NOW)
    assert refused.value.key == why


def test_the_time_is_read_in_the_events_zone_and_stored_in_utc() -> None:
    assert parse_start("12.12 19:00", TBILISI, NOW) == datetime(2026, 12, 12, 15, tzinfo=UTC)
    assert parse_start("12.12 19:00", BERLIN, NOW) == datetime(2026, 12, 12, 18, tzinfo=UTC)
    summer = parse_start("12.07.2027 19:00", BERLIN, NOW)
    assert summer == datetime(2027, 7, 12, 17, tzinfo=UTC)  # CEST, UTC+2
    # "Tomorrow" is tomorrow where the event is: 23:30 UTC on 1 December is already the 2nd
    # in Tbilisi.
    late = datetime(2026, 12, 1, 23, 30, tzinfo=UTC)
    assert local("завтра в 10", now=late) == "Thu 2026-12-03 10:00"
    # A zone typed with the time wins over the event's.
    assert parse_start("tomorrow 19:00 UTC", TBILISI, NOW) == datetime(2026, 12, 2, 19, tzinfo=UTC)


def test_an_hour_skipped_by_the_clock_change_does_not_exist() -> None:
    with pytest.raises(WhenError) as refused:
        parse_start("28.03.2027 02:30", BERLIN, NOW)
    assert refused.value.key == "events-when-no-such-time"
    # The hour that happens twice in autumn is taken at its first occurrence (summer time).
    assert parse_start("31.10.2027 02:30", BERLIN, NOW) == datetime(2027, 10, 31, 0, 30, tzinfo=UTC)


@given(st.text(max_size=60))
def test_any_text_is_read_or_refused_never_crashes(text: str) -> None:
    try:
        moment = parse_start(text, TBILISI, NOW)
    except WhenError:
        return
    assert NOW < moment < NOW + timedelta(days=2 * 366 + 1)


@pytest.mark.parametrize(
    ("typed", "minutes"),
    [
        ("2", 120),
        ("2h", 120),
        ("2 ч", 120),
        ("1.5 часа", 90),
        ("1,5", 90),
        ("1:30", 90),
        ("90 min", 90),
        ("90", 90),
        ("1 ч 30 мин", 90),
        ("2 hours 30 minutes", 150),
        ("45 мин", 45),
    ],
)
def test_durations(typed: str, minutes: int) -> None:
    assert parse_duration(typed) == timedelta(minutes=minutes)


@pytest.mark.parametrize(
    ("typed", "why"),
    [
        ("", "events-duration-bad"),
        ("forever", "events-duration-bad"),
        ("5 min", "events-duration-range"),
        ("73h", "events-duration-range"),
    ],
)
def test_bad_durations(typed: str, why: str) -> None:
    with pytest.raises(WhenError) as refused:
        parse_duration(typed)
    assert refused.value.key == why


def test_seats() -> None:
    assert parse_capacity("12") == 12
    assert parse_capacity("1 000") == 1000
    assert parse_capacity("без ограничений") is None
    assert parse_capacity("unlimited") is None
    for bad in ("lots", "-5", "100001", "1.5"):
        with pytest.raises(WhenError):
            parse_capacity(bad)
