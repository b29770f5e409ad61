"""Reading what organisers type for a start time, a duration and a capacity (ru and en).

A small grammar rather than a guess-anything parser: every token must be understood, or the
input is refused with a reason and an example, so "12.12 19:00 или 20:00" is never read as
something the organiser did not mean. The words come from CLDR through Babel (month and
weekday names, "today"/"tomorrow" in both languages), and the wizard always shows what was
understood before anything is saved.

Accepted starts (all in the event's time zone):
``12.12 19:00``, ``12.12.2026 19.00``, ``12/12/26 7pm``, ``2026-12-12 19:00``,
``12 декабря 19:00``, ``Dec 12, 7:30 pm``, ``завтра в 19``, ``tomorrow 19:00``,
``в пятницу 18:30``, ``Friday 6pm``, ``19:00`` (today if still ahead, else tomorrow).
A date without a year is the next such date (``12.01`` typed in December is January).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from functools import cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from babel import Locale

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


@dataclass(frozen=True)
class _Time:
    hour: int
    minute: int


@cache
def _months() -> dict[str, int]:
    """Every CLDR spelling of a month in ru and en ("декабря", "дек", "december", "dec")."""
    names: dict[str, int] = {}
    for code in LANGUAGES:
        locale = Locale.parse(code)
        for context in ("format", "stand-alone"):
            for width in ("wide", "abbreviated"):
                for number, name in locale.months[context][width].items():
                    names[_plain(str(name)).rstrip(".")] = int(number)
    names["sept"] = 9
    return names


@cache
def _weekdays() -> dict[str, int]:
    names: dict[str, int] = {}
    for code in LANGUAGES:
        locale = Locale.parse(code)
        for width in ("wide", "abbreviated", "short"):
            for number, name in locale.days["format"][width].items():
                names[_plain(str(name)).rstrip(".")] = int(number)
    return names


@cache
def _relative_days() -> dict[str, int]:
    """ "today", "завтра", "послезавтра"... as day offsets (future ones only)."""
    words: dict[str, int] = {}
    for code in LANGUAGES:
        relative = Locale.parse(code)._data["date_fields"]["day"]["relative"]
        for offset, word in relative.items():
            if int(offset) >= 0:
                words[_plain(str(word))] = int(offset)
    words["day after tomorrow"] = 2
    return words


def _plain(text: str) -> str:
    return text.casefold().replace("ё", "е").strip()


def _weekday_of(token: str) -> int | None:
    names = _weekdays()
    if token in names:
        return names[token]
    if len(token) < 4:
        return None
    # Russian says "в пятницу", "в среду" (accusative): match on the stem.
    for name, number in names.items():
        if len(name) >= 5 and (token.startswith(name[:4]) or name.startswith(token)):
            return number
    return None


# Words that only join the parts: "в 19:00", "at 7pm", "12 декабря 2026 г.", "on Friday".
_FILLERS = {"в", "во", "at", "on", "the", "of", "г", "года", "год", "к", "с", "from"}
_TIME_RE = re.compile(r"^(\d{1,2})(?::(\d{2}))?(am|pm)?$|^(\d{1,2})[hч](\d{2})?$")
_DOTTED_RE = re.compile(r"^(\d{1,2})\.(\d{2})$")
_DMY_RE = re.compile(r"^(\d{1,2})[./](\d{1,2})(?:[./](\d{2}|\d{4}))?$")
_ISO_RE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:t(\d{1,2}:\d{2}))?$")


def _tokens(text: str) -> list[str]:
    text = _plain(text)[:80]
    text = re.sub(r"\b(a|p)\.\s?m\.?", r"\1m", text)
    text = re.sub(r"(\d)\s+(am|pm)\b", r"\1\2", text)
    text = re.sub(r"(\d)(st|nd|rd|th)\b", r"\1", text)
    for phrase in _relative_days():
        if " " in phrase and phrase in text:
            text = text.replace(phrase, phrase.replace(" ", "_"))
    text = re.sub(r"[,;]|(?<=\D)\.(?=\s|$)", " ", text)
    return [token for token in text.split() if token]


def _read_time(token: str, *, dotted: bool) -> _Time | None:
    match = _TIME_RE.match(token)
    if match and (match.group(2) or match.group(3) or match.group(4)):
        if match.group(4):
            hour, minute, meridiem = int(match.group(4)), int(match.group(5) or 0), None
        else:
            hour, minute, meridiem = int(match.group(1)), int(match.group(2) or 0), match.group(3)
        if meridiem:
            if not 1 <= hour <= 12:
                raise WhenError("events-when-bad-time")
            hour = hour % 12 + (12 if meridiem == "pm" else 0)
        if hour > 23 or minute > 59:
            raise WhenError("events-when-bad-time")
        return _Time(hour, minute)
    dotted_match = _DOTTED_RE.match(token) if dotted else None
    if dotted_match:
        hour, minute = int(dotted_match.group(1)), int(dotted_match.group(2))
        if hour > 23 or minute > 59:
            raise WhenError("events-when-bad-time")
        return _Time(hour, minute)
    return None


def _year(raw: str | None) -> int | None:
    if raw is None:
        return None
    year = int(raw)
    return 2000 + year if year < 100 else year


def _make_date(year: int | None, month: int, day: int, today: date) -> date:
    """A calendar date; without a year, the next one on or after today."""
    try:
        if year is not None:
            return date(year, month, day)
        candidate = date(today.year, month, day)
        if candidate < today:
            candidate = date(today.year + 1, month, day)
        return candidate
    except ValueError:
        raise WhenError("events-when-bad-date") from None


def parse_start(text: str, zone: ZoneInfo, now: datetime | None = None) -> datetime:
    """The moment an organiser typed, read in ``zone``; returned in UTC.

    Refuses the past, more than two years ahead, and local times that do not exist (the hour
    skipped when clocks go forward).
    """
    now = now or datetime.now(UTC)
    today = now.astimezone(zone).date()
    tokens = [token for token in _tokens(text) if token not in _FILLERS]
    if not tokens:
        raise WhenError("events-when-empty")

    # The time: "19:00", "7pm", "19h"; "19.00" only when something else gives the date;
    # a bare hour only after "в"/"at" ("завтра в 19").
    time: _Time | None = None
    rest: list[str] = []
    iso_time: str | None = None
    for token in tokens:
        iso = _ISO_RE.match(token)
        if iso and iso.group(4):
            iso_time = iso.group(4)
    for index, token in enumerate(tokens):
        found = None
        if time is None:
            found = _read_time(token, dotted=index > 0)
        if found is not None:
            time = found
        else:
            rest.append(token)
    if time is None and iso_time is not None:
        time = _read_time(iso_time, dotted=False)
    if time is None:
        raw = _plain(text)
        bare = re.search(r"(?:^|\s)(?:в|во|at|к)\s+(\d{1,2})(?:\s|$)", raw)
        if bare and int(bare.group(1)) <= 23:
            time = _Time(int(bare.group(1)), 0)
            last = len(rest) - 1 - rest[::-1].index(bare.group(1))
            rest = rest[:last] + rest[last + 1 :]
    if time is None:
        raise WhenError("events-when-no-time")

    day, rolls = _read_date(rest, today)
    if day is None:
        day, rolls = today, True
    moment = _local(day, time, zone)
    if moment <= now and rolls:
        # "19:00" or "Friday 18:30" said when that moment has passed today: the next one.
        day += timedelta(days=7 if rest else 1)
        moment = _local(day, time, zone)
    if moment <= now:
        raise WhenError("events-when-past")
    if moment - now > LONGEST_AHEAD:
        raise WhenError("events-when-too-far")
    return moment


def _local(day: date, time: _Time, zone: ZoneInfo) -> datetime:
    naive = datetime(day.year, day.month, day.day, time.hour, time.minute)
    local = naive.replace(tzinfo=zone)
    moment = local.astimezone(UTC)
    if moment.astimezone(zone).replace(tzinfo=None) != naive:
        # Clocks jump over this hour (the spring change): it never happens on the wall.
        raise WhenError("events-when-no-such-time")
    return moment


def _read_date(tokens: list[str], today: date) -> tuple[date | None, bool]:
    """The date part (every remaining token must belong to it); ``None`` when there is none.

    The flag says whether a moment already past today means the same weekday next week.
    """
    if not tokens:
        return None, True
    relative = _relative_days()
    if len(tokens) == 1:
        token = tokens[0]
        word = token.replace("_", " ")
        if word in relative:
            return today + timedelta(days=relative[word]), False
        iso = _ISO_RE.match(token)
        if iso:
            day = _make_date(int(iso.group(1)), int(iso.group(2)), int(iso.group(3)), today)
            return day, False
        dmy = _DMY_RE.match(token.rstrip("."))
        if dmy:
            typed = _make_date(_year(dmy.group(3)), int(dmy.group(2)), int(dmy.group(1)), today)
            return typed, False
        weekday = _weekday_of(token)
        if weekday is not None:
            return today + timedelta(days=(weekday - today.weekday()) % 7), True
    months = _months()
    # "12 декабря [2026]" or "december 12 [2026]"
    day_number: int | None = None
    month: int | None = None
    year: int | None = None
    for token in tokens:
        if token.isdigit() and len(token) == 4 and year is None:
            year = int(token)
        elif token.isdigit() and len(token) <= 2 and day_number is None:
            day_number = int(token)
        elif token.rstrip(".") in months and month is None:
            month = months[token.rstrip(".")]
        elif _weekday_of(token) is not None:
            continue  # "Sat, Dec 12": the weekday is redundant with the date
        else:
            raise WhenError("events-when-not-understood")
    if day_number is None or month is None:
        raise WhenError("events-when-not-understood")
    return _make_date(year, month, day_number, today), False


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
