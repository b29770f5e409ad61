"""The FAQ topics of the contract (DESIGN.md), slugs of entries and review periods. Pure."""

from __future__ import annotations

import calendar
from datetime import date
from typing import Final

from bot.db.models import GLOBAL_ENTRY, Volatility

#: Topics of a country's entries, in the order shown (contract).
COUNTRY_TOPICS: Final = (
    "visa-free-stay",
    "residence-permit",
    "registration",
    "local-id",
    "bank-account",
    "cards-transfers",
    "tax-residency",
    "entrepreneur",
    "work-permit",
    "health-insurance",
    "housing",
    "driving-licence",
    "sim-card",
    "schools",
)
#: Topics of global entries (country ``*``), in the order shown (contract).
GLOBAL_TOPICS: Final = (
    "passport-renewal",
    "power-of-attorney",
    "apostille",
    "military-registration",
    "russian-tax-residency",
    "currency-control",
    "moving-on-eu",
    "scams",
    "psychological-help",
)
#: Practical safety guidance that may go without a legal source.
UNSOURCED_TOPICS: Final = frozenset({"scams", "psychological-help"})
#: Months until an entry is due for review again after it was verified.
REVIEW_MONTHS: Final = {Volatility.HIGH: 3, Volatility.MEDIUM: 6, Volatility.LOW: 12}
#: Languages every entry must have in full; others are optional.
REQUIRED_LANGS: Final = ("ru", "en")


def topics_for(country: str) -> tuple[str, ...]:
    """The topics an entry of ``country`` (``*`` for global) may have."""
    return GLOBAL_TOPICS if country == GLOBAL_ENTRY else COUNTRY_TOPICS


def slug_for(country: str, topic: str) -> str:
    """``ge/bank-account``, ``global/apostille``."""
    prefix = "global" if country == GLOBAL_ENTRY else country.lower()
    return f"{prefix}/{topic}"


def add_months(day: date, months: int) -> date:
    """``day`` plus whole months, clamped to the month's last day (31 Jan + 1 → 28/29 Feb)."""
    year, month0 = divmod(day.month - 1 + months, 12)
    year += day.year
    last = calendar.monthrange(year, month0 + 1)[1]
    return date(year, month0 + 1, min(day.day, last))


def next_review(verified: date, volatility: Volatility) -> date:
    return add_months(verified, REVIEW_MONTHS[volatility])
