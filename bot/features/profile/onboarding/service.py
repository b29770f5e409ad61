"""Onboarding logic: creating a member, deep links, finishing. No aiogram imports."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import Member, MemberStatus
from bot.db.types import utcnow
from bot.features.moderation.bans import is_banned_id
from bot.features.profile.service import (
    add_profession,
    profession_slugs,
    set_city,
    set_country,
)
from bot.geo import find_city, is_country

# Where a link waiting for the onboarded member's yes is kept (FSM data).
DEEP_LINK_KEY = "deep_link"
# Contract: /start <payload>, payload [a-z0-9_-]{1,64}: "ge", "ge-tbilisi", "ge-tbilisi_it".
DEEP_LINK_RE = re.compile(r"^[a-z0-9_-]{1,64}$")


@dataclass(frozen=True)
class DeepLink:
    """What a /start payload asked for; ``unknown`` lists the parts that meant nothing."""

    country: str | None = None
    city: str | None = None
    profession: str | None = None
    unknown: tuple[str, ...] = field(default=())

    @property
    def is_empty(self) -> bool:
        return self.country is None and self.profession is None


def parse_deep_link(payload: str | None, professions: tuple[str, ...]) -> DeepLink:
    """Read ``country[-city][_profession]``; unknown parts are reported, never fatal.

    ``professions`` are the valid profession slugs. A payload outside the contract's alphabet
    is reported as unknown as a whole (it is never echoed raw: callers escape it).
    """
    if not payload:
        return DeepLink()
    if not DEEP_LINK_RE.match(payload):
        return DeepLink(unknown=(payload[:64],))
    location, _, profession = payload.partition("_")
    country_part, _, city_part = location.partition("-")
    unknown: list[str] = []
    country = country_part.upper() if is_country(country_part.upper()) else None
    if country is None and country_part:
        unknown.append(country_part)
    city = None
    if city_part:
        found = find_city(country, city_part) if country else None
        if found is None:
            unknown.append(city_part)
        else:
            city = found.slug
    chosen_profession = None
    if profession:
        if profession in professions:
            chosen_profession = profession
        else:
            unknown.append(profession)
    return DeepLink(country, city, chosen_profession, tuple(unknown))


async def get_or_create_member(
    session: AsyncSession, user_id: int, member: Member | None
) -> tuple[Member, bool]:
    """The member row for ``user_id``, created on the first /start (nothing else stored)."""
    if member is not None:
        return member, False
    existing = await session.get(Member, user_id)
    if existing is not None:
        return existing, False
    # A banned id stays banned after its member erased themselves (a keyed hash is kept).
    banned = await is_banned_id(session, user_id)
    created = Member(id=user_id, status=MemberStatus.BANNED if banned else MemberStatus.ACTIVE)
    session.add(created)
    await session.flush()
    return created, True


async def deep_link_changes(session: AsyncSession, member: Member, link: DeepLink) -> bool:
    """Whether applying the link would change the member's profile."""
    if link.country:
        if link.country != member.country:
            return True
        found = find_city(link.country, link.city) if link.city else None
        if found is not None and found.name_en != member.city:
            return True
    if link.profession:
        return link.profession not in await profession_slugs(session, member.id)
    return False


async def apply_deep_link(session: AsyncSession, member: Member, link: DeepLink) -> None:
    """Put a deep link's country, city and profession on the profile."""
    if link.country:
        set_country(member, link.country)
        if link.city:
            set_city(member, link.city)
    if link.profession:
        await add_profession(session, member.id, link.profession)


def finish(member: Member) -> bool:
    """Mark onboarding complete; returns whether this was the first time."""
    if member.onboarded_at is None:
        member.onboarded_at = utcnow()
        return True
    return False
