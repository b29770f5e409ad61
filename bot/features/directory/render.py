"""Texts of the directory: the member's card and the moderator's card.

Every value a member or an importer typed goes through the i18n core, which escapes it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import datetime
from zoneinfo import ZoneInfo

from babel import Locale
from babel.dates import format_date

from bot.db.models import ALL_COUNTRIES, Group, GroupStatus, LinkCheck, TaxonomyKind
from bot.db.types import utcnow
from bot.features.directory.service import STALE_AFTER
from bot.geo import country_name, find_city
from bot.i18n import Markup, escape
from bot.taxonomy import label

Translate = Callable[..., str]


def long_text(value: str) -> Markup:
    """Member text that may be long (a description), escaped here rather than by Fluent,
    which refuses to interpolate values over 2,500 characters."""
    return Markup(escape(value))


def language_names(codes: Iterable[str], locale: str) -> str:
    names = Locale.parse(locale).languages
    shown = []
    for code in codes:
        name = str(names.get(code) or code)
        shown.append(name[:1].upper() + name[1:])
    return ", ".join(shown)


def place_name(country: str, city: str | None, locale: str, t: Translate) -> str:
    if country == ALL_COUNTRIES:
        return t("directory-place-everywhere")
    name = country_name(country, locale)
    found = find_city(country, city) if city else None
    if found is not None:
        return f"{name}, {found.name(locale)}"
    return f"{name}, {city}" if city else name


def short_place(group: Group, locale: str, t: Translate) -> str:
    """Where a group is, in a word for the list: its city, else its country, else "online"."""
    if group.country == ALL_COUNTRIES:
        return t("directory-place-online")
    found = find_city(group.country, group.city) if group.city else None
    if found is not None:
        return found.name(locale)
    return group.city or country_name(group.country, locale)


def labels(t: Translate, kind: TaxonomyKind, slugs: Iterable[str]) -> str:
    return ", ".join(label(t, kind, slug) for slug in slugs)


def verified_line(
    t: Translate, group: Group, locale: str, zone: ZoneInfo, now: datetime | None = None
) -> str:
    now = now or utcnow()
    if group.verified_at is None:
        return t("directory-card-unverified")
    date = format_date(group.verified_at.astimezone(zone).date(), format="medium", locale=locale)
    if now - group.verified_at >= STALE_AFTER:
        return t("directory-card-verified-long-ago", date=date)
    return t("directory-card-verified", date=date)


def member_card(
    t: Translate,
    group: Group,
    locale: str,
    zone: ZoneInfo,
    now: datetime | None = None,
    *,
    preview: bool = False,
) -> str:
    """What a member sees about one group (safe HTML); ``preview``: a proposal not yet saved
    (no verification line)."""
    lines = [
        t("directory-card-title", title=group.title)
        + (Markup(" ") + t("directory-card-demo") if group.is_demo else ""),
        t(
            "directory-card-place",
            place=place_name(group.country, group.city, locale, t),
            kind=t(f"directory-kind-{group.kind}"),
        ),
    ]
    if group.languages:
        lines.append(
            t("directory-card-languages", languages=language_names(group.languages, locale))
        )
    topics = [label(t, TaxonomyKind.PROFESSION, slug) for slug in group.professions] + [
        label(t, TaxonomyKind.INTEREST, slug) for slug in group.interests
    ]
    if topics:
        lines.append(t("directory-card-topics", topics=", ".join(topics)))
    if group.description:
        lines.append("")
        lines.append(long_text(group.description))
    if not preview:
        lines.append("")
        lines.append(verified_line(t, group, locale, zone, now))
    if group.link_check == LinkCheck.GONE:
        lines.append(t("directory-card-link-gone"))
    return "\n".join(lines)


def moderator_card(t: Translate, group: Group, locale: str) -> str:
    """The group as the moderation queue shows it (safe HTML); never who proposed it."""
    none = t("directory-none")
    lines = [
        t("directory-card-title", title=group.title)
        + (Markup(" ") + t("directory-card-demo") if group.is_demo else ""),
        t("directory-mod-link", link=group.link),
        t(
            "directory-card-place",
            place=place_name(group.country, group.city, locale, t),
            kind=t(f"directory-kind-{group.kind}"),
        ),
        t(
            "directory-mod-professions",
            value=labels(t, TaxonomyKind.PROFESSION, group.professions) or none,
        ),
        t(
            "directory-mod-interests",
            value=labels(t, TaxonomyKind.INTEREST, group.interests) or none,
        ),
        t(
            "directory-mod-languages",
            value=language_names(group.languages, locale) or none,
        ),
        t("directory-mod-status", status=t(f"directory-status-{group.status}")),
        "",
        long_text(group.description) if group.description else none,
    ]
    if group.status == GroupStatus.PUBLISHED or group.verified_at is not None:
        lines.append("")
        lines.append(verified_line(t, group, locale, ZoneInfo("UTC")))
    if group.link_check == LinkCheck.GONE:
        lines.append(t("directory-mod-link-gone"))
    return "\n".join(lines)
