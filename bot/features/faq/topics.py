"""The FAQ topics of the contract (DESIGN.md), slugs of entries and review periods. Pure."""

from __future__ import annotations

from datetime import date, timedelta
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
    "emergency",
    "consular",
)
#: Topics of global entries (country ``*``), in the order shown (contract).
GLOBAL_TOPICS: Final = (
    "passport-renewal",
    "power-of-attorney",
    "apostille",
    "military-registration",
    "russian-tax-residency",
    "currency-control",
    "pensions-abroad",
    "moving-on-eu",
    "scams",
    "psychological-help",
)
#: Practical safety guidance that may go without a legal source.
UNSOURCED_TOPICS: Final = frozenset({"scams", "psychological-help"})
#: Topics whose answers are not about law, tax or banking rules: no "not legal advice" line.
PRACTICAL_TOPICS: Final = frozenset(
    {"emergency", "psychological-help", "scams", "housing", "schools", "sim-card"}
)
#: Days until an entry is due for review after it was last checked against its sources
#: (contract: checked_on + 90 / 180 / 365 days).
REVIEW_DAYS: Final = {Volatility.HIGH: 90, Volatility.MEDIUM: 180, Volatility.LOW: 365}
#: Languages every entry must have in full; others are optional.
REQUIRED_LANGS: Final = ("ru", "en")


def topics_for(country: str) -> tuple[str, ...]:
    """The topics an entry of ``country`` (``*`` for global) may have."""
    return GLOBAL_TOPICS if country == GLOBAL_ENTRY else COUNTRY_TOPICS


def slug_for(country: str, topic: str) -> str:
    """``ge/bank-account``, ``global/apostille``."""
    prefix = "global" if country == GLOBAL_ENTRY else country.lower()
    return f"{prefix}/{topic}"


def is_legal(topic: str) -> bool:
    """Whether an answer on ``topic`` states rules (and so carries "not legal advice")."""
    return topic not in PRACTICAL_TOPICS


def next_review(checked: date, volatility: Volatility) -> date:
    """When an entry checked against its sources on ``checked`` is due for review."""
    return checked + timedelta(days=REVIEW_DAYS[volatility])
