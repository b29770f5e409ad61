"""Text pieces every listing card uses: the place, dates, status, the scam warning.

Cards are rendered for the member pressing a button (their ``I18nContext``), for someone else
(a relayed message, a notice from the worker) and for moderators, so everything here takes a
:class:`Texts` — a catalog lookup bound to one locale. Member values go through the Fluent
core, which escapes them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from aiogram_i18n import I18nContext
from babel.dates import format_date

from bot.db.models import ListingStatus, TaxonomyKind
from bot.features.listings.kinds import Listing
from bot.geo import country_name, find_city
from bot.i18n import translator
from bot.services import Services
from bot.taxonomy import label


@dataclass(frozen=True)
class Texts:
    # Catalog labels (countries, professions, statuses) are plain text: they are passed to
    # other messages as ``str`` values, which the core escapes like member text. Only real
    # HTML fragments (a whole card inside a preview) are passed as ``Markup``.
    """``get(key, **values)`` in one ``locale``."""

    get: Callable[..., str]
    locale: str

    @classmethod
    def of(cls, i18n: I18nContext) -> Texts:
        return cls(i18n.get, i18n.locale)

    @classmethod
    def from_services(cls, services: Services, locale: str) -> Texts:
        def get(key: str, **values: object) -> str:
            return services.text(locale, key, **values)

        return cls(get, locale)

    @classmethod
    def offline(cls, locale: str) -> Texts:
        """Outside of an update and without services (the moderation queue's describe)."""
        return cls(translator(locale), locale)


def place_text(t: Texts, country: str | None, city: str | None, *, remote: bool = False) -> str:
    """Where a listing is: "Georgia, Tbilisi", "Georgia", or remote (no country)."""
    if remote or country is None:
        return t.get("listing-place-remote")
    return _country_and_city(t, country, city)


def filter_place_text(t: Texts, country: str | None, city: str | None) -> str:
    """Where a filter looks: "Georgia, Tbilisi", "Georgia", or anywhere (no country)."""
    return _country_and_city(t, country, city) if country else t.get("listing-place-anywhere")


def _country_and_city(t: Texts, country: str, city: str | None) -> str:
    name = country_name(country, t.locale)
    found = find_city(country, city) if city else None
    return f"{name}, {found.name(t.locale)}" if found else name


def date_text(t: Texts, moment: datetime | None, zone: ZoneInfo) -> str:
    if moment is None:
        return "—"
    return format_date(moment.astimezone(zone).date(), format="medium", locale=t.locale)


def status_text(t: Texts, status: ListingStatus) -> str:
    return t.get(f"listing-status-{status}")


def scam_warning(t: Texts, flags: list[str]) -> str:
    """The warning members see on a flagged listing ('' when there is nothing to warn of)."""
    if not flags:
        return ""
    reasons = ", ".join(t.get(f"scam-flag-{flag}") for flag in flags)
    return t.get("listing-scam-warning", reasons=reasons)


def profession_labels(t: Texts, slugs: list[str] | tuple[str, ...]) -> str:
    return ", ".join(label(t.get, TaxonomyKind.PROFESSION, slug) for slug in slugs) or "—"


def category_label(t: Texts, slug: str) -> str:
    return label(t.get, TaxonomyKind.OFFER_CATEGORY, slug)


def short_title(listing: Listing, limit: int = 60) -> str:
    title = listing.title
    return title if len(title) <= limit else title[: limit - 1] + "…"


def card_footer(t: Texts, listing: Listing, zone: ZoneInfo, *, for_author: bool) -> list[str]:
    """What every kind's card ends with: its dates once published, its state for its author,
    and the scam warning its text earned."""
    parts = []
    if listing.published_at is not None:
        parts.append(
            t.get(
                "listing-dates",
                published=date_text(t, listing.published_at, zone),
                expires=date_text(t, listing.expires_at, zone),
            )
        )
    if for_author:
        parts.append(t.get("listing-your-status", status=status_text(t, listing.status)))
    warning = scam_warning(t, listing.scam_flags)
    if warning:
        parts.append(warning)
    return parts
