"""The checked fact base behind the starter answers (``bot/content/facts.tsv``), by source URL.

Members see each source with its date ("tbcbank.ge, March 2025"); moderators reviewing an entry
see, beside the answer, what each of its sources said and the notes recorded when the facts were
checked (conflicts between sources, what is uncertain). A source a moderator added that is not
in the fact base is shown without a date. Read once per process, on first use. Pure: no
database, no aiogram.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from functools import cache
from importlib import resources
from typing import Final

from babel.dates import format_date, format_skeleton

#: ``source_date`` of a page that shows no date.
UNDATED: Final = "n.d."


@dataclass(frozen=True)
class Fact:
    """One row of the fact base."""

    row: int  # line number in facts.tsv (the header is line 1)
    country: str
    topic: str
    fact_en: str
    fact_ru: str
    source_url: str
    source_title: str
    source_date: str  # YYYY, YYYY-MM, YYYY-MM-DD or "n.d."
    source_kind: str  # official, news, ngo, guide
    checked_on: date
    volatility: str
    notes: str

    def text(self, lang: str) -> str:
        return self.fact_ru if lang == "ru" else self.fact_en


@cache
def facts_by_url() -> Mapping[str, tuple[Fact, ...]]:
    """Every fact, grouped by its source URL (in file order)."""
    text = resources.files("bot.content").joinpath("facts.tsv").read_text("utf-8")
    reader = csv.DictReader(io.StringIO(text), delimiter="\t", quoting=csv.QUOTE_NONE)
    grouped: dict[str, list[Fact]] = {}
    for line, raw in enumerate(reader, start=2):
        fact = Fact(
            row=line,
            country=raw["country"],
            topic=raw["topic"],
            fact_en=raw["fact_en"],
            fact_ru=raw["fact_ru"],
            source_url=raw["source_url"],
            source_title=raw["source_title"],
            source_date=raw["source_date"],
            source_kind=raw["source_kind"],
            checked_on=date.fromisoformat(raw["checked_on"]),
            volatility=raw["volatility"],
            notes=raw["notes"],
        )
        grouped.setdefault(fact.source_url, []).append(fact)
    return {url: tuple(facts) for url, facts in grouped.items()}


def facts_of(url: str) -> tuple[Fact, ...]:
    return facts_by_url().get(url, ())


def source_date(url: str) -> str | None:
    """The date the source gives for itself (the newest when the fact base has several), or
    ``None`` when it is not in the fact base; :data:`UNDATED` when the page shows none."""
    dates = [fact.source_date for fact in facts_of(url)]
    if not dates:
        return None
    dated = [value for value in dates if value != UNDATED]
    return max(dated) if dated else UNDATED


def format_source_date(value: str, locale: str) -> str | None:
    """``2025-09-26`` → "26 сент. 2025 г." / "Sep 26, 2025"; ``2025-09`` → "сент. 2025 г.";
    ``2025`` → "2025"; ``None`` for :data:`UNDATED` or anything else."""
    try:
        if len(value) == 10:
            return format_date(date.fromisoformat(value), format="medium", locale=locale)
        if len(value) == 7:
            year, month = (int(part) for part in value.split("-"))
            return format_skeleton("yMMM", date(year, month, 1), locale=locale)
        if len(value) == 4 and value.isdigit():
            return value
    except ValueError:
        return None
    return None
