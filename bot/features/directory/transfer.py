"""The ``groups`` section of the import/export YAML (contract in DESIGN.md).

Import matches groups by slug: a new slug is created as a listed group; a known slug is
updated in place and keeps its status (a group moderators hid stays hidden; import is not a
way around them). An optional field left out (``city``, ``description``, ``verified_at``) means
"none" for a new group and "unchanged" for ``verified_at`` of an existing one. Export writes the
listed groups in the same format, by slug, so exporting and importing again changes nothing.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass
from datetime import UTC, date, datetime, time
from functools import cache
from typing import Any

import pycountry
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.cleaning import clean_text, parse_web_link
from bot.content.loader import read_yaml
from bot.db.models import ALL_COUNTRIES, Group, GroupKind, GroupStatus
from bot.db.types import utcnow
from bot.features.directory.links import MAX_LINK_LENGTH, link_key, normalise_link
from bot.features.directory.service import DESCRIPTION_MAX, TITLE_MAX
from bot.geo import cities_of, find_city, is_country
from bot.transfer.base import SectionReport, TransferError

SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
SLUG_MAX = 64
FIELDS = (
    "slug", "title", "link", "kind", "country", "city", "professions", "interests",
    "languages", "description", "verified_at",
)  # fmt: skip
REQUIRED = ("slug", "title", "link", "country")


@cache
def _taxonomy(kind: str) -> frozenset[str]:
    """The contract's slugs (validation is pure: the shipped list, not the database)."""
    return frozenset(read_yaml("taxonomy.yaml")[kind])


@dataclass(frozen=True)
class GroupRow:
    """One valid row of the ``groups`` section."""

    slug: str
    title: str
    link: str
    kind: GroupKind
    country: str
    city: str | None
    professions: list[str]
    interests: list[str]
    languages: list[str]
    description: str
    verified_at: date | None


def _text(row: dict[str, Any], key: str, at: str, errors: list[TransferError], limit: int) -> str:
    value = row.get(key)
    if value is None:
        return ""
    if not isinstance(value, str):
        errors.append(TransferError(f"{at}.{key}", "should be text (put it in quotes)"))
        return ""
    value = clean_text(value)
    if len(value) > limit:
        errors.append(TransferError(f"{at}.{key}", f"{len(value)} characters; at most {limit}"))
    return value


def _slugs(
    row: dict[str, Any], key: str, at: str, errors: list[TransferError], allowed: frozenset[str]
) -> list[str]:
    value = row.get(key)
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        errors.append(TransferError(f"{at}.{key}", "should be a list, e.g. [it, design]"))
        return []
    unknown = [item for item in value if item not in allowed]
    if unknown:
        errors.append(
            TransferError(
                f"{at}.{key}",
                f"unknown: {', '.join(unknown)}; known: {', '.join(sorted(allowed))}",
            )
        )
    return sorted(set(value))


def _languages(row: dict[str, Any], at: str, errors: list[TransferError]) -> list[str]:
    value = row.get("languages")
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        errors.append(TransferError(f"{at}.languages", "should be a list, e.g. [ru, en]"))
        return []
    unknown = [
        code
        for code in value
        if len(code) != 2 or not code.islower() or pycountry.languages.get(alpha_2=code) is None
    ]
    if unknown:
        errors.append(
            TransferError(
                f"{at}.languages", f"not ISO 639-1 codes: {', '.join(unknown)} (e.g. ru, en, ka)"
            )
        )
    return list(dict.fromkeys(value))


def _link(value: Any, kind: GroupKind | None, at: str, errors: list[TransferError]) -> str:
    if not isinstance(value, str) or not value.strip():
        errors.append(TransferError(f"{at}.link", "missing"))
        return ""
    link = normalise_link(value)
    if link is not None:
        return link
    if kind == GroupKind.EXTERNAL:
        # Parsed, never matched by hand: https://t.me@evil.example goes to evil.example.
        external = parse_web_link(value) if len(value.strip()) <= MAX_LINK_LENGTH else None
        if external is not None:
            return external
        # Also for user info (https://t.me@evil.example), a port or no real host name.
        errors.append(TransferError(f"{at}.link", "an external group needs an https:// link"))
        return ""
    errors.append(
        TransferError(
            f"{at}.link",
            "not a Telegram link (https://t.me/name, https://t.me/+invite or @name); "
            "a link outside Telegram needs kind: external",
        )
    )
    return ""


def _date(value: Any, at: str, errors: list[TransferError]) -> date | None:
    if value is None:
        return None
    if isinstance(value, datetime):
        found = (value if value.tzinfo else value.replace(tzinfo=UTC)).astimezone(UTC).date()
    elif isinstance(value, date):
        found = value
    else:
        try:
            found = date.fromisoformat(str(value))
        except ValueError:
            errors.append(TransferError(f"{at}.verified_at", "should be a date: 2026-11-01"))
            return None
    if found > utcnow().date():
        errors.append(TransferError(f"{at}.verified_at", "is in the future"))
    return found


def _row(raw: Any, at: str, errors: list[TransferError]) -> GroupRow | None:
    if not isinstance(raw, dict):
        errors.append(TransferError(at, "should be a group (slug: ..., title: ..., link: ...)"))
        return None
    before = len(errors)
    for key in raw:
        if key not in FIELDS:
            errors.append(
                TransferError(f"{at}.{key}", f"unknown field; known: {', '.join(FIELDS)}")
            )
    for key in REQUIRED:
        if raw.get(key) in (None, ""):
            errors.append(TransferError(f"{at}.{key}", "missing"))
    slug = raw.get("slug")
    if slug is not None and (
        not isinstance(slug, str) or not SLUG_RE.match(slug) or len(slug) > SLUG_MAX
    ):
        errors.append(
            TransferError(f"{at}.slug", f"use a-z, 0-9 and single dashes, up to {SLUG_MAX}")
        )
    kind: GroupKind | None = GroupKind.CHAT
    if raw.get("kind") is not None:
        try:
            kind = GroupKind(raw["kind"])
        except ValueError:
            kind = None
            errors.append(
                TransferError(f"{at}.kind", f"one of: {', '.join(k.value for k in GroupKind)}")
            )
    link = _link(raw.get("link"), kind, at, errors) if raw.get("link") is not None else ""
    country = raw.get("country")
    if country is not None and (
        not isinstance(country, str) or (country != ALL_COUNTRIES and not is_country(country))
    ):
        errors.append(
            TransferError(f"{at}.country", 'an ISO 3166 code such as GE, or "*" for transnational')
        )
        country = None
    city: str | None = None
    if raw.get("city") is not None:
        if not isinstance(raw["city"], str) or not isinstance(country, str):
            errors.append(TransferError(f"{at}.city", "should be a city name"))
        elif country == ALL_COUNTRIES:
            errors.append(TransferError(f"{at}.city", 'a transnational group ("*") has no city'))
        else:
            found = find_city(country, raw["city"])
            if found is None:
                known = ", ".join(c.name_en for c in cities_of(country)) or "none yet"
                errors.append(
                    TransferError(f"{at}.city", f"unknown city of {country}; known: {known}")
                )
            else:
                city = found.name_en
    title = _text(raw, "title", at, errors, TITLE_MAX)
    description = _text(raw, "description", at, errors, DESCRIPTION_MAX)
    professions = _slugs(raw, "professions", at, errors, _taxonomy("profession"))
    interests = _slugs(raw, "interests", at, errors, _taxonomy("interest"))
    languages = _languages(raw, at, errors)
    verified = _date(raw.get("verified_at"), at, errors)
    if len(errors) > before or kind is None or not isinstance(country, str):
        return None
    return GroupRow(
        slug=str(slug),
        title=" ".join(title.split()),
        link=link,
        kind=kind,
        country=country,
        city=city,
        professions=professions,
        interests=interests,
        languages=languages,
        description=description,
        verified_at=verified,
    )


def _midnight(day: date) -> datetime:
    return datetime.combine(day, time(0, 0), tzinfo=UTC)


class GroupSection:
    """:class:`bot.transfer.base.TransferSection` for ``groups``.

    ``demo``: groups created by this import are marked as demo data (the demo loader).
    """

    name = "groups"

    def __init__(self, *, demo: bool = False) -> None:
        self.demo = demo

    def validate(self, rows: object) -> tuple[list[Any], list[TransferError]]:
        errors: list[TransferError] = []
        if rows is None:
            return [], errors
        if not isinstance(rows, list):
            return [], [TransferError(self.name, "should be a list of groups (- slug: ...)")]
        items: list[GroupRow] = []
        slugs: dict[str, int] = {}
        links: dict[str, int] = {}
        for index, raw in enumerate(rows):
            at = f"{self.name}[{index}]"
            row = _row(raw, at, errors)
            if row is None:
                continue
            if row.slug in slugs:
                errors.append(
                    TransferError(f"{at}.slug", f"also used by {self.name}[{slugs[row.slug]}]")
                )
                continue
            key = link_key(row.link)
            if key in links:
                errors.append(
                    TransferError(f"{at}.link", f"also used by {self.name}[{links[key]}]")
                )
                continue
            slugs[row.slug], links[key] = index, index
            items.append(row)
        return items, errors

    async def apply(
        self, session: AsyncSession, items: list[Any], actor_id: int | None
    ) -> SectionReport:
        report = SectionReport()
        rows: list[GroupRow] = items
        existing = {
            group.slug: group
            for group in await session.scalars(
                select(Group).where(Group.slug.in_([row.slug for row in rows]))
            )
        }
        for row in rows:
            values = asdict(row)
            verified = values.pop("verified_at")
            values["link_key"] = link_key(row.link)
            group = existing.get(row.slug)
            if group is None:
                session.add(
                    Group(
                        **values,
                        status=GroupStatus.PUBLISHED,
                        is_demo=self.demo,
                        verified_at=_midnight(verified) if verified else None,
                        verified_by=actor_id if verified else None,
                    )
                )
                report.created += 1
                continue
            changed = [name for name, value in values.items() if getattr(group, name) != value]
            for name in changed:
                setattr(group, name, values[name])
            if "link" in changed:
                group.link_check, group.link_checked_at = None, None
            # A date in the file is a verification on that day; the same day keeps the time.
            if verified and (group.verified_at is None or group.verified_at.date() != verified):
                group.verified_at, group.verified_by = _midnight(verified), actor_id
                changed.append("verified_at")
            if changed:
                report.updated += 1
            else:
                report.unchanged += 1
        return report

    async def export(self, session: AsyncSession) -> list[dict[str, Any]]:
        groups = await session.scalars(
            select(Group).where(Group.status == GroupStatus.PUBLISHED).order_by(Group.slug)
        )
        rows: list[dict[str, Any]] = []
        for group in groups:
            row: dict[str, Any] = {
                "slug": group.slug,
                "title": group.title,
                "link": group.link,
                "kind": str(group.kind),
                "country": group.country,
            }
            if group.city:
                row["city"] = group.city
            row["professions"] = list(group.professions)
            row["interests"] = list(group.interests)
            row["languages"] = list(group.languages)
            row["description"] = group.description
            if group.verified_at is not None:
                row["verified_at"] = group.verified_at.astimezone(UTC).date()
            rows.append(row)
        return rows
