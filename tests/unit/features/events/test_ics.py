"""The calendar file: RFC 5545 properties, UTC times, a stable UID, SEQUENCE, escaping."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from icalendar import Calendar

from bot.db.models import Event, EventStatus
from bot.features.events.ics import event_ics

STAMP = datetime(2026, 12, 1, 9, 30, tzinfo=UTC)


def event(**changes: object) -> Event:
    values: dict[str, object] = {
        "id": 42,
        "title": "Breakfast; designers, and \\ friends",
        "description": "Bring a laptop.\nCoffee is on us. " + "Long line " * 12,
        "starts_at": datetime(2026, 12, 12, 15, 0, tzinfo=UTC),
        "ends_at": datetime(2026, 12, 12, 17, 0, tzinfo=UTC),
        "timezone": "Asia/Tbilisi",
        "venue": "Cafe Linville, Rustaveli 1",
        "online_url": None,
        "country": "GE",
        "city": "Tbilisi",
        "status": EventStatus.PUBLISHED,
        "sequence": 0,
        "created_at": STAMP - timedelta(days=1),
        "updated_at": STAMP,
    }
    values.update(changes)
    return Event(**values)


def test_the_file_has_what_calendars_need() -> None:
    raw = event_ics(event(), show_link=False, now=STAMP)
    text = raw.decode("utf-8")
    assert text.startswith("BEGIN:VCALENDAR\r\n") and text.endswith("END:VCALENDAR\r\n")
    for line in (
        "VERSION:2.0",
        "PRODID:-//Prichal//Events//EN",
        "METHOD:PUBLISH",
        "UID:event-42@prichal",
        "DTSTAMP:20261201T093000Z",
        "DTSTART:20261212T150000Z",
        "DTEND:20261212T170000Z",
        "SEQUENCE:0",
        "STATUS:CONFIRMED",
    ):
        assert f"\r\n{line}\r\n" in text, line
    # Text values escaped as RFC 5545 says (comma, semicolon, backslash, newline) ...
    assert "SUMMARY:Breakfast\\; designers\\, and \\\\ friends\r\n" in text
    assert "LOCATION:Cafe Linville\\, Rustaveli 1\\, Tbilisi\\, Georgia\r\n" in text
    assert "DESCRIPTION:Bring a laptop.\\nCoffee is on us." in text
    # ... and long lines folded to at most 75 octets.
    assert all(len(line.encode()) <= 75 for line in text.split("\r\n"))
    parsed = Calendar.from_ical(raw)
    [entry] = parsed.walk("VEVENT")
    assert entry.decoded("dtstart") == datetime(2026, 12, 12, 15, 0, tzinfo=UTC)
    assert str(entry["summary"]) == "Breakfast; designers, and \\ friends"


def test_a_moved_and_a_cancelled_event_update_the_same_calendar_entry() -> None:
    moved = Calendar.from_ical(event_ics(event(sequence=1), show_link=False, now=STAMP))
    cancelled = Calendar.from_ical(
        event_ics(event(sequence=2, status=EventStatus.CANCELLED), show_link=False, now=STAMP)
    )
    [first], [second] = moved.walk("VEVENT"), cancelled.walk("VEVENT")
    assert str(first["uid"]) == str(second["uid"]) == "event-42@prichal"
    assert (first["sequence"], second["sequence"]) == (1, 2)
    assert str(second["status"]) == "CANCELLED"


def test_the_online_link_only_for_people_going() -> None:
    online = event(venue=None, city=None, country="*", online_url="https://meet.example.org/x")
    hidden = event_ics(online, show_link=False, now=STAMP).decode()
    shown = event_ics(online, show_link=True, now=STAMP).decode()
    assert "meet.example.org" not in hidden
    assert "URL:https://meet.example.org/x" in shown
