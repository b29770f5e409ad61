"""Review periods and slugs of the knowledge base."""

from __future__ import annotations

from datetime import date

from bot.db.models import Volatility
from bot.features.faq.topics import add_months, next_review, slug_for, topics_for


def test_review_comes_after_three_six_or_twelve_months_by_volatility() -> None:
    verified = date(2026, 11, 30)
    assert next_review(verified, Volatility.HIGH) == date(2027, 2, 28)  # clamped to February
    assert next_review(verified, Volatility.MEDIUM) == date(2027, 5, 30)
    assert next_review(verified, Volatility.LOW) == date(2027, 11, 30)
    assert add_months(date(2024, 1, 31), 1) == date(2024, 2, 29)


def test_slugs_and_topics_of_countries_and_global_entries() -> None:
    assert slug_for("GE", "bank-account") == "ge/bank-account"
    assert slug_for("*", "apostille") == "global/apostille"
    assert "apostille" in topics_for("*") and "apostille" not in topics_for("GE")
