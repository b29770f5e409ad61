"""Reading what organisers type for a start time, a duration and a capacity (ru and en).

Start times go through ``dateparser`` (ru and en, relative to now in the event's zone), after a
few rewrites of what it does not read ("в следующий четверг в 19", "7 вечера", "12.01" without a
year); the wizard then shows what was understood, in words, to confirm or retype.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

LANGUAGES = ("ru", "en")
LONGEST_AHEAD = timedelta(days=2 * 366)
SHORTEST_EVENT = timedelta(minutes=15)
LONGEST_EVENT = timedelta(hours=72)
LARGEST_CAPACITY = 100_000


def zone_of(name: str) -> ZoneInfo:
    """An event's stored zone; UTC if the name is unknown (tzdata changed, a bad import)."""
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo("UTC")


class WhenError(ValueError):
    """Input that cannot be read; ``key`` is the catalog message explaining why."""

    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key


# Russian says "в следующий четверг" where English says "next thursday"; dateparser knows the
# English word only, and both mean the coming one, so the Russian word is dropped.
_NEXT_RU = re.compile(r"\b(?:в\s+)?(?:следующ|ближайш)\w*\s+(?=\w)")
# "в 19", "at 7", "к 18": dateparser ignores a bare hour after a preposition.
_BARE_HOUR = re.compile(
    r"(?<![\w:.])(в|во|к|at)\s+(\d{1,2})(?![\d:.])(?!\s*(?:am|pm|a\.m|p\.m|ч|h\b|час|утра|дня|вечера|ночи))"
)
# "7 вечера", "в 3 дня": the afternoon and evening hours said the Russian way ("через 3 дня"
# is three days, so "дня" only after "в").
_RU_PERIOD = re.compile(
    r"(\d{1,2})(?::(\d{2}))?\s+(утра|ночи|вечера)\b|(?<=в )(\d{1,2})(?::(\d{2}))?\s+(дня)\b"
)
# "12.01" without a year: dateparser reads "12.12" as a time of day, and no year at all.
_DAY_MONTH = re.compile(r"(?<![\d.:/])(?<!в )(?<!во )(?<!at )(\d{1,2})[./](\d{1,2})(?![\d:/]|\.\d)")
_SETTINGS: dict[str, object] = {
    "PREFER_DATES_FROM": "future",
    "DATE_ORDER": "DMY",
    # The period tells a typed time ("time") from a bare date ("day"), which has no hour.
    "RETURN_TIME_AS_PERIOD": True,
}
LONGEST_TYPED = 120


def _plain(text: str) -> str:
    return text.casefold().replace("ё", "е").strip()


def _normalised(text: str, today: date) -> str:
    """What the organiser typed, put in the words dateparser reads (see the patterns above)."""
    text = " ".join(_plain(text).split())
    text = _NEXT_RU.sub("", text)
    text = _RU_PERIOD.sub(_ru_period, text)
    text = _BARE_HOUR.sub(r"\1 \2:00", text)
    return _DAY_MONTH.sub(lambda match: _with_year(match, today), text)


def _ru_period(match: re.Match[str]) -> str:
    offset = 0 if match.group(1) else 3  # the second alternative: "в 3 дня"
    hour, minute = int(match.group(1 + offset)), int(match.group(2 + offset) or 0)
    period = match.group(3 + offset)
    if period in ("дня", "вечера") and hour < 12:
        hour += 12
    elif period == "ночи" and hour == 12:
        hour = 0
    return f"{hour}:{minute:02d}"


def _with_year(match: re.Match[str], today: date) -> str:
    """ "12.01" as the next 12 January on or after today (typed in December: next year)."""
    day, month = int(match.group(1)), int(match.group(2))
    if not 1 <= month <= 12:
        return match.group(0)  # "19.00", "18.30": a time, not a date
    try:
        candidate = date(today.year, month, day)
        if candidate < today:
            candidate = date(today.year + 1, month, day)
    except ValueError:
        raise WhenError("events-when-bad-date") from None
    return f"{candidate.day}.{candidate.month}.{candidate.year}"


def parse_start(text: str, zone: ZoneInfo, now: datetime | None = None) -> datetime:
    """The moment an organiser typed, read by dateparser (ru and en) in ``zone``; in UTC.

    "next thursday at 7pm", "в следующий четверг в 19", "завтра в 18:30", "12.01 19:00",
    "2026-12-12T19:00", "Dec 12, 7:30 pm"... Relative words count from ``now`` in the event's
    zone, and a moment without a date is the next one ahead. Refuses text it cannot read, a
    date without a time, the past, more than two years ahead, and local times that do not
    exist (the hour skipped when clocks go forward).
    """
    now = now or datetime.now(UTC)
    local_now = now.astimezone(zone)
    if not text.strip():
        raise WhenError("events-when-empty")
    if len(text) > LONGEST_TYPED:
        raise WhenError("events-when-not-understood")
    typed = _normalised(text, local_now.date())
    # Imported on first use: dateparser and its language data cost start-up time and memory
    # that only an organiser typing a start needs.
    from dateparser.date import DateDataParser

    parser = DateDataParser(
        languages=list(LANGUAGES),
        settings={**_SETTINGS, "RELATIVE_BASE": local_now.replace(tzinfo=None)},
    )
    try:
        found = parser.get_date_data(typed)
    except (ValueError, OverflowError, TypeError, KeyError, IndexError):
        # dateparser on arbitrary text: whatever it cannot digest is text we cannot read.
        raise WhenError("events-when-not-understood") from None
    if found.date_obj is None:
        raise WhenError("events-when-not-understood")
    if found.period != "time":
        raise WhenError("events-when-no-time")
    parsed = found.date_obj
    if parsed.tzinfo is not None:
        moment = parsed.astimezone(UTC)  # "19:00 MSK": the zone typed wins
    else:
        moment = _local(parsed.replace(second=0, microsecond=0), zone)
    if moment <= now:
        raise WhenError("events-when-past")
    if moment - now > LONGEST_AHEAD:
        raise WhenError("events-when-too-far")
    return moment


def _local(naive: datetime, zone: ZoneInfo) -> datetime:
    moment = naive.replace(tzinfo=zone).astimezone(UTC)
    if moment.astimezone(zone).replace(tzinfo=None) != naive:
        # Clocks jump over this hour (the spring change): it never happens on the wall.
        raise WhenError("events-when-no-such-time")
    return moment


_DURATION_RE = re.compile(
    r"^(?:(\d{1,2}(?:[.,]\d{1,2})?)\s*(?:h|hr|hrs|hours?|ч|час|часа|часов)\.?)?\s*"
    r"(?:(\d{1,3})\s*(?:m|min|mins|minutes?|мин|минут|минуты|минута)\.?)?$"
)


def parse_duration(text: str) -> timedelta:
    """ "2", "2h", "1.5 часа", "1:30", "90 min", "1 ч 30 мин"; between 15 minutes and 72 hours."""
    raw = _plain(text)[:40]
    if not raw:
        raise WhenError("events-duration-bad")
    minutes: float
    clock = re.fullmatch(r"(\d{1,2}):(\d{2})", raw)
    if clock:
        minutes = int(clock.group(1)) * 60 + int(clock.group(2))
    elif re.fullmatch(r"\d{1,2}(?:[.,]\d{1,2})?", raw):
        value = float(raw.replace(",", "."))
        # A bare number up to 24 is hours ("2"), above that minutes ("90").
        minutes = value * 60 if value <= 24 else value
    elif re.fullmatch(r"\d{3}", raw):
        minutes = int(raw)
    else:
        match = _DURATION_RE.match(raw)
        if not match or not (match.group(1) or match.group(2)):
            raise WhenError("events-duration-bad")
        hours = float((match.group(1) or "0").replace(",", "."))
        minutes = hours * 60 + int(match.group(2) or 0)
    duration = timedelta(minutes=round(minutes))
    if not SHORTEST_EVENT <= duration <= LONGEST_EVENT:
        raise WhenError("events-duration-range")
    return duration


_UNLIMITED = {"0", "-", "—", "нет", "no", "none", "unlimited", "без ограничений", "без лимита", "∞"}


def parse_capacity(text: str) -> int | None:
    """A number of seats, or ``None`` for "no limit"."""
    raw = _plain(text)[:40]
    if raw in _UNLIMITED:
        return None
    digits = raw.replace(" ", "").replace("\u202f", "")
    if not digits.isdigit():
        raise WhenError("events-capacity-bad")
    seats = int(digits)
    if not 1 <= seats <= LARGEST_CAPACITY:
        raise WhenError("events-capacity-bad")
    return seats
