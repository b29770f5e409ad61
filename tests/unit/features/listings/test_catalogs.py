"""Keys that listings build at run time (a status, an urgency, a scam category...) exist in
both languages — the static check of ``tests/unit/test_locales.py`` cannot see them."""

from __future__ import annotations

from bot.db.models import (
    JOB_LANGUAGES,
    DeliveryMode,
    EmploymentType,
    ListingStatus,
    OfferKind,
    Urgency,
)
from bot.features.common.keyboards import FEATURE_HELP, MENU_SECTIONS
from bot.features.listings.conversation.service import REPORT_REASONS as RELAY_REPORT_REASONS
from bot.features.listings.service import REPORT_REASONS
from bot.features.safety.keyboards import TOPICS
from bot.features.safety.scam import CATEGORIES
from tests.unit.test_locales import catalog_keys


def dynamic_keys() -> set[str]:
    keys = {f"listing-status-{status}" for status in ListingStatus}
    keys |= {f"job-employment-{kind}" for kind in EmploymentType}
    keys |= {f"job-language-{code}" for code in JOB_LANGUAGES}
    keys |= {f"jobs-mode-{mode}" for mode in DeliveryMode}
    keys |= {f"jobs-mode-choose-{mode}" for mode in DeliveryMode}
    keys |= {f"aid-urgency-{urgency}" for urgency in Urgency}
    for kind in OfferKind:
        keys |= {
            f"aid-filter-{kind}",
            f"aid-wizard-intro-{kind}",
            f"aid-wizard-category-{kind}",
            f"aid-wizard-title-{kind}",
            f"aid-wizard-description-{kind}",
        }
    keys |= {f"scam-flag-{category}" for category in CATEGORIES}
    keys |= {f"safety-topic-{topic}" for topic in TOPICS}
    keys |= {f"safety-tips-{topic}" for topic in TOPICS}
    keys |= {f"listing-report-reason-{reason}" for reason in REPORT_REASONS}
    keys |= {f"report-reason-{reason}" for reason in REPORT_REASONS}  # the moderators' words
    keys |= {f"relay-report-reason-{reason}" for reason in RELAY_REPORT_REASONS}
    keys |= {f"menu-{section}" for section in MENU_SECTIONS}
    keys |= set(FEATURE_HELP)
    keys |= {f"cmd-{name}" for name in ("jobs", "aid", "safety")}
    return keys


def test_every_key_built_at_run_time_exists_in_russian_and_english() -> None:
    for locale in ("ru", "en"):
        missing = sorted(dynamic_keys() - set(catalog_keys(locale)))
        assert missing == [], locale
