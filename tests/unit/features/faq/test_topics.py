"""Review periods and slugs of the knowledge base."""

from __future__ import annotations

from datetime import date

from bot.db.models import Volatility
from bot.features.faq.topics import is_legal, next_review, slug_for, topics_for


def test_review_comes_90_180_or_365_days_after_the_check_by_volatility() -> None:
    checked = date(2026, 12, 6)
    assert next_review(checked, Volatility.HIGH) == date(2027, 3, 6)
    assert next_review(checked, Volatility.MEDIUM) == date(2027, 6, 4)
    assert next_review(checked, Volatility.LOW) == date(2027, 12, 6)


def test_only_answers_about_rules_are_legal() -> None:
    assert is_legal("residence-permit") and is_legal("currency-control")
    assert not is_legal("emergency") and not is_legal("psychological-help")


def test_slugs_and_topics_of_countries_and_global_entries() -> None:
    assert slug_for("GE", "bank-account") == "ge/bank-account"
    assert slug_for("*", "apostille") == "global/apostille"
    assert "apostille" in topics_for("*") and "apostille" not in topics_for("GE")
    assert "emergency" in topics_for("GE") and "consular" in topics_for("GE")
    assert "pensions-abroad" in topics_for("*")
