"""Checks for knowledge-base fields, shared by the YAML import and the moderators' chat editor.

Pure: no database, no aiogram. A bad value raises :class:`FieldError` with a ``code``; the import
turns it into an English message with the row's position (``faq[2].texts.ru.answer``), the chat
editor into the catalog message ``faq-edit-error-<code>``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, Final
from urllib.parse import urlsplit

from bot import cleaning
from bot.db.models import GLOBAL_ENTRY, FaqStatus, Volatility
from bot.features.faq.topics import (
    COUNTRY_TOPICS,
    GLOBAL_TOPICS,
    REQUIRED_LANGS,
    UNSOURCED_TOPICS,
    slug_for,
    topics_for,
)
from bot.geo import is_country

QUESTION_MAX: Final = 300
ANSWER_MAX: Final = 2000
#: One practical line (``where``, ``cost``, ``timeline``, or one item of a list).
PRACTICAL_MAX: Final = 400
#: Items of one practical list (``steps``, ``documents``, ``caveats``).
PRACTICAL_ITEMS_MAX: Final = 16
KEYWORD_MAX: Final = 64
KEYWORDS_MAX: Final = 30
SOURCES_MAX: Final = 32
URL_MAX: Final = 500

ENTRY_KEYS: Final = frozenset(
    {
        "slug",
        "country",
        "topic",
        "volatility",
        "checked_on",
        "verified_at",
        "review_by",
        "sources",
        "texts",
        "status",
        "verified_by",
    }
)
#: The optional practical part of a text (contract): lists of short lines, and single lines.
PRACTICAL_LISTS: Final = ("steps", "documents", "caveats")
PRACTICAL_LINES: Final = ("where", "cost", "timeline")
TEXT_KEYS: Final = frozenset({"question", "answer", "keywords", *PRACTICAL_LISTS, *PRACTICAL_LINES})
_LANG_RE: Final = re.compile(r"^[a-z]{2,3}$")

_MESSAGES: Final = {
    "missing": "is required",
    "empty": "must not be empty",
    "not-text": "must be text",
    "not-list": "must be a list",
    "not-mapping": "must be a mapping",
    "too-long": "is too long (at most {limit} characters)",
    "too-many": "has too many items (at most {limit})",
    "bad-url": "must be an http:// or https:// URL",
    "bad-date": "must be a date like 2026-11-01",
    "bad-volatility": "must be one of low, medium, high",
    "bad-status": "must be one of draft, published, archived",
    "bad-country": "must be an ISO 3166-1 alpha-2 code (GE) or '*'",
    "bad-topic": "is not a FAQ topic of the contract",
    "global-topic": "is a global topic: its entry needs country '*'",
    "country-topic": "is a country topic: its entry needs a country code, not '*'",
    "bad-slug": "must be {expected} (<country lowercase or 'global'>/<topic>)",
    "duplicate": "duplicates {other}",
    "unknown-key": "is not a known key",
    "bad-lang": "is not a language code (ru, en, ...)",
    "missing-lang": "the {lang} text is required",
    "review-before-verified": "must be after checked_on",
    "no-sources": "needs at least one source URL",
    "bad-member-id": "must be a Telegram id (a number) or empty",
}


class FieldError(ValueError):
    """One bad value. ``code`` names the problem; ``details`` fill the message."""

    def __init__(self, code: str, **details: object) -> None:
        super().__init__(code)
        self.code = code
        self.details = details

    @property
    def message(self) -> str:
        template = _MESSAGES.get(self.code, self.code)
        return template.format(**self.details)


@dataclass(frozen=True)
class Practical:
    """The practical part of an answer in one language; empty fields are not shown."""

    steps: tuple[str, ...] = ()
    documents: tuple[str, ...] = ()
    where: str = ""
    cost: str = ""
    timeline: str = ""
    caveats: tuple[str, ...] = ()

    def as_dict(self) -> dict[str, str | list[str]]:
        """What the database and the export keep: only the fields given."""
        out: dict[str, str | list[str]] = {}
        for key in PRACTICAL_LISTS:
            if items := getattr(self, key):
                out[key] = list(items)
        for key in PRACTICAL_LINES:
            if line := getattr(self, key):
                out[key] = line
        return out

    @classmethod
    def from_dict(cls, data: Mapping[str, Any] | None) -> Practical:
        """From stored values (trusted: written through validation)."""
        if not data:
            return cls()
        lists = {key: tuple(str(i) for i in data.get(key) or ()) for key in PRACTICAL_LISTS}
        lines = {key: str(data.get(key) or "") for key in PRACTICAL_LINES}
        return cls(**lists, **lines)  # type: ignore[arg-type]


@dataclass(frozen=True)
class TextValue:
    question: str
    answer: str
    keywords: tuple[str, ...] = ()
    practical: Practical = field(default_factory=Practical)


@dataclass(frozen=True)
class FaqItem:
    """One valid entry of an import file (or of the starter base)."""

    slug: str
    country: str
    topic: str
    volatility: Volatility
    status: FaqStatus
    sources: tuple[str, ...]
    texts: Mapping[str, TextValue]
    checked_on: date | None = None
    verified_at: date | None = None
    review_by: date | None = None
    # Only applied when the file gives ``verified_by``.
    verified_by: int | None = None
    has_verified_by: bool = False


# ---- single fields ---------------------------------------------------------------------


def clean_text(value: object, *, limit: int, required: bool = True) -> str:
    """Plain text (``bot.cleaning.clean_text``), required and within ``limit``."""
    if value is None:
        if required:
            raise FieldError("missing")
        return ""
    if not isinstance(value, str):
        raise FieldError("not-text")
    text = cleaning.clean_text(value)  # the one cleaning of member text
    if required and not text:
        raise FieldError("empty")
    if len(text) > limit:
        raise FieldError("too-long", limit=limit)
    return text


def clean_question(value: object) -> str:
    return clean_text(value, limit=QUESTION_MAX)


def clean_answer(value: object) -> str:
    return clean_text(value, limit=ANSWER_MAX)


def clean_keywords(value: object) -> tuple[str, ...]:
    """A list of words or phrases; in chat, one text split at commas and line breaks."""
    if value is None:
        return ()
    if isinstance(value, str):
        value = re.split(r"[,;\n]", value)
    if not isinstance(value, list | tuple):
        raise FieldError("not-list")
    seen: set[str] = set()
    keywords: list[str] = []
    for raw in value:
        if not isinstance(raw, str):
            raise FieldError("not-text")
        keyword = " ".join(raw.split())
        if not keyword:
            continue
        if len(keyword) > KEYWORD_MAX:
            raise FieldError("too-long", limit=KEYWORD_MAX)
        if keyword.casefold() not in seen:
            seen.add(keyword.casefold())
            keywords.append(keyword)
    if len(keywords) > KEYWORDS_MAX:
        raise FieldError("too-many", limit=KEYWORDS_MAX)
    return tuple(keywords)


def clean_lines(value: object) -> tuple[str, ...]:
    """A practical list (``steps``, ``documents``, ``caveats``): one short line per item; in
    chat, one text with an item per line."""
    if value is None:
        return ()
    if isinstance(value, str):
        value = value.split("\n")
    if not isinstance(value, list | tuple):
        raise FieldError("not-list")
    items: list[str] = []
    for raw in value:
        item = " ".join(clean_text(raw, limit=PRACTICAL_MAX, required=False).split())
        if item:
            items.append(item)
    if len(items) > PRACTICAL_ITEMS_MAX:
        raise FieldError("too-many", limit=PRACTICAL_ITEMS_MAX)
    return tuple(items)


def clean_line(value: object) -> str:
    """A practical line (``where``, ``cost``, ``timeline``)."""
    return " ".join(clean_text(value, limit=PRACTICAL_MAX, required=False).split())


def clean_url(value: object) -> str:
    if not isinstance(value, str):
        raise FieldError("bad-url")
    url = value.strip()
    if len(url) > URL_MAX:
        raise FieldError("too-long", limit=URL_MAX)
    if any(ch.isspace() for ch in url) or any(ch in url for ch in "<>\"'"):
        raise FieldError("bad-url")
    try:
        parts = urlsplit(url)
    except ValueError as error:
        raise FieldError("bad-url") from error
    if parts.scheme not in ("http", "https") or not parts.hostname or "." not in parts.hostname:
        raise FieldError("bad-url")
    if "@" in parts.netloc or cleaning.ascii_host(parts.hostname) is None:
        raise FieldError("bad-url")  # user info (https://t.me@evil.example) or no host name
    return url


def clean_sources(value: object) -> tuple[str, ...]:
    """Source URLs; in chat, one text with a URL per line (or separated by spaces)."""
    if value is None:
        return ()
    if isinstance(value, str):
        value = value.split()
    if not isinstance(value, list | tuple):
        raise FieldError("not-list")
    urls: list[str] = []
    for raw in value:
        url = clean_url(raw)
        if url not in urls:
            urls.append(url)
    if len(urls) > SOURCES_MAX:
        raise FieldError("too-many", limit=SOURCES_MAX)
    return tuple(urls)


def clean_date(value: object) -> date:
    """A date: YAML's own, or ISO text (``2026-11-01``; in chat also ``01.11.2026``)."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        text = value.strip()
        try:
            return date.fromisoformat(text)
        except ValueError:
            pass
        match = re.fullmatch(r"(\d{1,2})\.(\d{1,2})\.(\d{4})", text)
        if match:
            day, month, year = (int(part) for part in match.groups())
            try:
                return date(year, month, day)
            except ValueError:
                pass
    raise FieldError("bad-date")


def clean_volatility(value: object) -> Volatility:
    try:
        return Volatility(str(value).strip().lower())
    except ValueError as error:
        raise FieldError("bad-volatility") from error


def clean_status(value: object) -> FaqStatus:
    try:
        return FaqStatus(str(value).strip().lower())
    except ValueError as error:
        raise FieldError("bad-status") from error


def clean_country(value: object) -> str:
    if not isinstance(value, str):
        raise FieldError("bad-country")
    code = value.strip().upper()
    if code == GLOBAL_ENTRY:
        return code
    if len(code) != 2 or not is_country(code):
        raise FieldError("bad-country")
    return code


def check_topic(country: str, topic: object) -> str:
    if not isinstance(topic, str) or not topic.strip():
        raise FieldError("bad-topic")
    topic = topic.strip()
    if topic in topics_for(country):
        return topic
    if country == GLOBAL_ENTRY and topic in COUNTRY_TOPICS:
        raise FieldError("country-topic")
    if country != GLOBAL_ENTRY and topic in GLOBAL_TOPICS:
        raise FieldError("global-topic")
    raise FieldError("bad-topic")


# ---- whole rows (import) ---------------------------------------------------------------


class _Row:
    """Collects the errors of one row under its position."""

    def __init__(self, position: str, errors: list[tuple[str, str]]) -> None:
        self.position = position
        self.errors = errors
        self.failed = False

    def error(self, path: str, problem: FieldError | str) -> None:
        message = problem.message if isinstance(problem, FieldError) else problem
        self.errors.append((f"{self.position}{path}", message))
        self.failed = True


def validate_rows(
    rows: object, section: str = "faq"
) -> tuple[list[FaqItem], list[tuple[str, str]]]:
    """Parse the ``faq`` list of an import file: ``(items, [(position, message), ...])``.

    Positions count from 0 like the list itself: ``faq[2].texts.ru.answer``. Every problem of
    every row is reported, not only the first.
    """
    errors: list[tuple[str, str]] = []
    if rows is None:
        return [], []
    if not isinstance(rows, list):
        return [], [(section, "must be a list of entries")]
    items: list[FaqItem] = []
    first_seen: dict[str, int] = {}
    for index, raw in enumerate(rows):
        row = _Row(f"{section}[{index}]", errors)
        item = _validate_row(raw, row)
        if item is None or row.failed:
            continue
        if item.slug in first_seen:
            row.error(".slug", FieldError("duplicate", other=f"{section}[{first_seen[item.slug]}]"))
            continue
        first_seen[item.slug] = index
        items.append(item)
    return items, errors


def _validate_row(raw: object, row: _Row) -> FaqItem | None:
    if not isinstance(raw, Mapping):
        row.error("", FieldError("not-mapping"))
        return None
    for key in raw:
        if key not in ENTRY_KEYS:
            row.error(f".{key}", FieldError("unknown-key"))

    country: str | None = None
    try:
        country = clean_country(raw.get("country"))
    except FieldError as problem:
        row.error(".country", FieldError("missing") if "country" not in raw else problem)

    topic: str | None = None
    if "topic" not in raw:
        row.error(".topic", FieldError("missing"))
    elif country is not None:
        try:
            topic = check_topic(country, raw.get("topic"))
        except FieldError as problem:
            row.error(".topic", problem)

    slug = raw.get("slug")
    if slug is None:
        row.error(".slug", FieldError("missing"))
    elif country is not None and topic is not None:
        expected = slug_for(country, topic)
        if slug != expected:
            row.error(".slug", FieldError("bad-slug", expected=expected))

    volatility = Volatility.MEDIUM
    if "volatility" not in raw:
        row.error(".volatility", FieldError("missing"))
    else:
        try:
            volatility = clean_volatility(raw["volatility"])
        except FieldError as problem:
            row.error(".volatility", problem)

    status = FaqStatus.PUBLISHED
    if raw.get("status") is not None:
        try:
            status = clean_status(raw["status"])
        except FieldError as problem:
            row.error(".status", problem)

    dates: dict[str, date | None] = {"checked_on": None, "verified_at": None, "review_by": None}
    for key in dates:
        if raw.get(key) is not None:
            try:
                dates[key] = clean_date(raw[key])
            except FieldError as problem:
                row.error(f".{key}", problem)
    # Files written before checked_on existed: their verified_at was when someone checked.
    checked = dates["checked_on"] or dates["verified_at"]
    if checked and dates["review_by"] and dates["review_by"] <= checked:
        row.error(".review_by", FieldError("review-before-verified"))

    verified_by: int | None = None
    if raw.get("verified_by") is not None:
        value = raw["verified_by"]
        if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
            row.error(".verified_by", FieldError("bad-member-id"))
        else:
            verified_by = value

    raw_sources = raw.get("sources")
    sources = _validate_sources(raw_sources, row)
    needs_source = topic is None or topic not in UNSOURCED_TOPICS
    if raw_sources is None and needs_source:
        row.error(".sources", FieldError("missing"))
    elif raw_sources == [] and needs_source:
        row.error(".sources", FieldError("no-sources"))

    texts = _validate_texts(raw.get("texts"), "texts" in raw, row)

    if row.failed or country is None or topic is None:
        return None
    return FaqItem(
        slug=slug_for(country, topic),
        country=country,
        topic=topic,
        volatility=volatility,
        status=status,
        sources=sources,
        texts=texts,
        checked_on=checked,
        verified_at=dates["verified_at"],
        review_by=dates["review_by"],
        verified_by=verified_by,
        has_verified_by="verified_by" in raw,
    )


def _validate_sources(value: object, row: _Row) -> tuple[str, ...]:
    if value is None:
        return ()
    if not isinstance(value, list):
        row.error(".sources", FieldError("not-list"))
        return ()
    urls: list[str] = []
    for index, raw in enumerate(value):
        try:
            url = clean_url(raw)
        except FieldError as problem:
            row.error(f".sources[{index}]", problem)
            continue
        if url not in urls:
            urls.append(url)
    if len(urls) > SOURCES_MAX:
        row.error(".sources", FieldError("too-many", limit=SOURCES_MAX))
    return tuple(urls)


def _validate_texts(value: object, present: bool, row: _Row) -> dict[str, TextValue]:
    if not present or value is None:
        row.error(".texts", FieldError("missing"))
        return {}
    if not isinstance(value, Mapping):
        row.error(".texts", FieldError("not-mapping"))
        return {}
    texts: dict[str, TextValue] = {}
    for lang in REQUIRED_LANGS:
        if lang not in value:
            row.error(f".texts.{lang}", FieldError("missing-lang", lang=lang))
    for lang, raw in value.items():
        path = f".texts.{lang}"
        if not isinstance(lang, str) or not _LANG_RE.match(lang):
            row.error(path, FieldError("bad-lang"))
            continue
        if not isinstance(raw, Mapping):
            row.error(path, FieldError("not-mapping"))
            continue
        for key in raw:
            if key not in TEXT_KEYS:
                row.error(f"{path}.{key}", FieldError("unknown-key"))
        parts: dict[str, Any] = {}
        for key, cleaner in (("question", clean_question), ("answer", clean_answer)):
            try:
                parts[key] = cleaner(raw.get(key))
            except FieldError as problem:
                row.error(f"{path}.{key}", problem)
        try:
            parts["keywords"] = clean_keywords(raw.get("keywords"))
        except FieldError as problem:
            row.error(f"{path}.keywords", problem)
        practical: dict[str, Any] = {}
        for key in PRACTICAL_LISTS:
            try:
                practical[key] = clean_lines(raw.get(key))
            except FieldError as problem:
                row.error(f"{path}.{key}", problem)
        for key in PRACTICAL_LINES:
            try:
                practical[key] = clean_line(raw.get(key))
            except FieldError as problem:
                row.error(f"{path}.{key}", problem)
        if len(parts) == 3 and len(practical) == len(PRACTICAL_LISTS) + len(PRACTICAL_LINES):
            texts[lang] = TextValue(
                parts["question"], parts["answer"], parts["keywords"], Practical(**practical)
            )
    return texts
