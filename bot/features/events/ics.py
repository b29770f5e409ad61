"""An event as an iCalendar file (RFC 5545), built with the ``icalendar`` library.

The UID stays the same for the life of the event and SEQUENCE is the event's version (bumped
by every move and by a cancellation), so importing a newer file updates the calendar entry
instead of adding a second one; a cancelled event comes with ``STATUS:CANCELLED``. Times are in
UTC (``DTSTART:20261212T150000Z``): every calendar shows them in its own zone. The library
escapes text values (``,`` ``;`` ``\\`` and newlines) and folds long lines.
"""

from __future__ import annotations

from datetime import datetime

from bot.db.models import ALL_COUNTRIES, Event, EventStatus
from bot.db.types import utcnow
from bot.geo import country_name, find_city

PRODID = "-//Prichal//Events//EN"


def uid_of(event: Event) -> str:
    return f"event-{event.id}@prichal"


def filename_of(event: Event) -> str:
    return f"event-{event.id}.ics"


def _location(event: Event, *, show_link: bool) -> str | None:
    if event.online_url:
        return event.online_url if show_link else None
    city = find_city(event.country, event.city) if event.city else None
    parts = [
        event.venue or "",
        city.name_en if city else (event.city or ""),
        country_name(event.country, "en") if event.country != ALL_COUNTRIES else "",
    ]
    return ", ".join(part for part in parts if part) or None


def event_ics(event: Event, *, show_link: bool, now: datetime | None = None) -> bytes:
    """The calendar file of one event; the online link only for members who are going."""
    # Imported on the first calendar file, not at start-up (≈3 MB the bot rarely needs).
    from icalendar import Calendar
    from icalendar import Event as CalendarEvent

    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    entry = CalendarEvent()
    entry.add("uid", uid_of(event))
    entry.add("dtstamp", now or utcnow())
    entry.add("dtstart", event.starts_at)
    entry.add("dtend", event.ends_at)
    entry.add("sequence", event.sequence)
    entry.add("created", event.created_at)
    entry.add("last-modified", event.updated_at)
    entry.add("summary", event.title)
    description = event.description
    if event.online_url and show_link:
        description = f"{description}\n\n{event.online_url}".strip()
        entry.add("url", event.online_url)
    if description:
        entry.add("description", description)
    location = _location(event, show_link=show_link)
    if location:
        entry.add("location", location)
    entry.add("status", "CANCELLED" if event.status == EventStatus.CANCELLED else "CONFIRMED")
    calendar.add_component(entry)
    return bytes(calendar.to_ical())
