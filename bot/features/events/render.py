"""Event cards and lines as members, organisers, moderators and the worker show them.

Times are stored in UTC and shown in the viewer's time zone (their city's, else their
country's), formatted by Babel in the viewer's language; when the event's own zone differs at
that moment, its local time is shown too. Every value goes through the Fluent core, which
escapes it, so organisers' text cannot inject markup.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime, timedelta
from typing import Protocol
from zoneinfo import ZoneInfo

from babel.dates import format_skeleton, get_timezone_location
from babel.units import format_unit

from bot.db.models import ALL_COUNTRIES, EventStatus, RsvpStatus, TaxonomyKind
from bot.db.types import utcnow
from bot.features.events.when import zone_of
from bot.geo import country_name, find_city, timezone_for
from bot.taxonomy import label

# ``t("key", name=value)``: I18nContext.get in handlers, a catalog bound to a locale elsewhere.
Translate = Callable[..., str]


class EventLike(Protocol):
    """What a card needs: an :class:`~bot.db.models.Event` or the wizard's draft."""

    @property
    def title(self) -> str: ...
    @property
    def description(self) -> str: ...
    @property
    def starts_at(self) -> datetime: ...
    @property
    def ends_at(self) -> datetime: ...
    @property
    def timezone(self) -> str: ...
    @property
    def venue(self) -> str | None: ...
    @property
    def online_url(self) -> str | None: ...
    @property
    def country(self) -> str: ...
    @property
    def city(self) -> str | None: ...
    @property
    def capacity(self) -> int | None: ...


def viewer_zone(country: str | None, city: str | None, fallback: str) -> ZoneInfo:
    """The viewer's zone: their city's, else their country's; the event's when unknown."""
    if country:
        return timezone_for(country, city)
    return zone_of(fallback)


def zone_label(zone: ZoneInfo, locale: str) -> str:
    """ "Тбилиси", "Belgrade", "UTC": the zone's city in the viewer's language (CLDR)."""
    if zone.key == "UTC":
        return "UTC"
    return str(get_timezone_location(zone, locale=locale, return_city=True))


def format_moment(
    moment: datetime, zone: ZoneInfo, locale: str, now: datetime | None = None
) -> str:
    """ "сб, 12 декабря, 19:00" in ``zone``; the year only when it is not this year."""
    local = moment.astimezone(zone)
    this_year = (now or utcnow()).astimezone(zone).year
    day = format_skeleton(
        "MMMMEd" if local.year == this_year else "yMMMMEd", local, tzinfo=zone, locale=locale
    )
    clock = format_skeleton("Hm", local, tzinfo=zone, locale=locale)
    return f"{day}, {clock}"


def format_clock(moment: datetime, zone: ZoneInfo, locale: str) -> str:
    return str(format_skeleton("Hm", moment.astimezone(zone), tzinfo=zone, locale=locale))


def format_duration(duration: timedelta, locale: str) -> str:
    """ "2 часа", "1 ч 30 мин", "90 minutes" → "1 hr 30 min"."""
    minutes = round(duration.total_seconds() / 60)
    hours, rest = divmod(minutes, 60)
    if not rest:
        return str(format_unit(hours, "duration-hour", length="long", locale=locale))
    if not hours:
        return str(format_unit(rest, "duration-minute", length="long", locale=locale))
    return " ".join(
        (
            str(format_unit(hours, "duration-hour", length="short", locale=locale)),
            str(format_unit(rest, "duration-minute", length="short", locale=locale)),
        )
    )


def when_text(
    t: Translate, locale: str, event: EventLike, viewer: ZoneInfo, now: datetime | None = None
) -> str:
    """When, for this viewer: their time, and the event's local time if it differs."""
    own = zone_of(event.timezone)
    shown = format_moment(event.starts_at, viewer, locale, now)
    start = event.starts_at
    same_clock = start.astimezone(viewer).utcoffset() == start.astimezone(own).utcoffset()
    if same_clock:
        return t("events-when-local", when=shown, zone=zone_label(own, locale))
    return t(
        "events-when-yours",
        when=shown,
        local=format_clock(event.starts_at, own, locale),
        zone=zone_label(own, locale),
    )


def place_text(t: Translate, locale: str, event: EventLike, *, show_link: bool) -> str:
    if event.online_url:
        if show_link:
            return t("events-place-online-link", link=event.online_url)
        return t("events-place-online")
    city = find_city(event.country, event.city) if event.city else None
    where = ", ".join(
        part
        for part in (
            event.venue or "",
            city.name(locale) if city else (event.city or ""),
            country_name(event.country, locale) if event.country != ALL_COUNTRIES else "",
        )
        if part
    )
    return t("events-place", where=where)


def tags_text(t: Translate, professions: Sequence[str], interests: Sequence[str]) -> str | None:
    labels = [label(t, TaxonomyKind.PROFESSION, slug) for slug in professions]
    labels += [label(t, TaxonomyKind.INTEREST, slug) for slug in interests]
    return t("events-tags", tags=", ".join(labels)) if labels else None


def seats_text(t: Translate, capacity: int | None, going: int) -> str:
    if capacity is None:
        return t("events-seats-unlimited", going=going)
    free = max(0, capacity - going)
    if free == 0:
        return t("events-seats-full", capacity=capacity)
    return t("events-seats-free", free=free, capacity=capacity)


def answer_text(t: Translate, status: RsvpStatus | None, position: int | None) -> str | None:
    if status == RsvpStatus.GOING:
        return t("events-you-going")
    if status == RsvpStatus.WAITLIST:
        return t("events-you-waitlist", position=position or 1)
    if status == RsvpStatus.DECLINED:
        return t("events-you-declined")
    return None


def status_text(t: Translate, status: EventStatus) -> str | None:
    if status == EventStatus.PUBLISHED:
        return None
    return t(f"events-status-{status}")


def event_card(
    t: Translate,
    locale: str,
    event: EventLike,
    viewer: ZoneInfo,
    *,
    professions: Sequence[str] = (),
    interests: Sequence[str] = (),
    status: EventStatus = EventStatus.PUBLISHED,
    going: int = 0,
    answer: str | None = None,
    show_link: bool = False,
    now: datetime | None = None,
) -> str:
    """The full card (safe HTML): title, when, how long, where, tags, seats, the text."""
    lines = [
        t("events-card-title", title=event.title),
        status_text(t, status),
        when_text(t, locale, event, viewer, now),
        t("events-duration", duration=format_duration(event.ends_at - event.starts_at, locale)),
        place_text(t, locale, event, show_link=show_link),
        tags_text(t, professions, interests),
        seats_text(t, event.capacity, going),
        answer,
    ]
    card = "\n".join(line for line in lines if line)
    if event.description:
        card += "\n\n" + t("events-card-description", description=event.description)
    return card


def event_line(
    t: Translate,
    locale: str,
    number: int,
    event: EventLike,
    viewer: ZoneInfo,
    *,
    star: bool,
    now: datetime | None = None,
) -> str:
    """One line of a list: number, title, when (viewer's time), where."""
    city = find_city(event.country, event.city) if event.city else None
    if event.online_url:
        where = t("events-line-online")
    elif city is not None:
        where = city.name(locale)
    else:
        where = country_name(event.country, locale)
    return t(
        "events-line",
        number=number,
        title=event.title,
        when=format_moment(event.starts_at, viewer, locale, now),
        where=where,
        star="⭐ " if star else "",
    )
