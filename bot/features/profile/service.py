"""Reading and changing a member's profile. No aiogram here: the CLI and tests call it."""

from __future__ import annotations

import functools
from dataclasses import dataclass

from sqlalchemy import (
    ColumnElement,
    CompoundSelect,
    and_,
    bindparam,
    delete,
    literal_column,
    select,
    union_all,
)
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.crypto import pseudonym, pseudonyms
from bot.db.models import (
    SENSITIVE_INTERESTS,
    Member,
    MemberInterest,
    MemberProfession,
    MemberSealedInterest,
)
from bot.db.models.member import SEALED_INTEREST
from bot.geo import find_city, is_country

# The quiet-hour windows offered (local time, start → end); (None, None) is "off".
QUIET_PRESETS: tuple[tuple[int | None, int | None], ...] = (
    (None, None),
    (22, 8),
    (23, 9),
    (0, 10),
)


@dataclass(frozen=True)
class Profile:
    member_id: int
    locale: str | None
    country: str | None
    city: str | None
    professions: tuple[str, ...]
    interests: tuple[str, ...]
    broadcasts_opt_in: bool
    alerts_opt_in: bool
    quiet_start: int | None
    quiet_end: int | None


async def profession_slugs(session: AsyncSession, member_id: int) -> tuple[str, ...]:
    rows = await session.scalars(
        select(MemberProfession.slug)
        .where(MemberProfession.member_id == member_id)
        .order_by(MemberProfession.slug)
    )
    return tuple(rows)


async def interest_slugs(session: AsyncSession, member_id: int) -> tuple[str, ...]:
    """The member's interests: the ordinary ones by id, the sensitive ones by pseudonym."""
    plain = await session.scalars(
        select(MemberInterest.slug).where(MemberInterest.member_id == member_id)
    )
    sealed = await session.scalars(
        select(MemberSealedInterest.slug).where(sealed_interests_of(member_id))
    )
    return tuple(sorted({*plain, *sealed}))


# Constants in the statement's text, not parameters: PostgreSQL cannot type a bare parameter in
# a UNION's select list.
_PROFESSION, _INTEREST = "p", "i"
_TAG: dict[str, ColumnElement[str]] = {
    kind: literal_column(f"'{kind}'") for kind in (_PROFESSION, _INTEREST)
}


@functools.cache
def _profile_slugs_query() -> CompoundSelect[str, str]:
    """:func:`profile_slugs`' statement with bound values (``member``, and ``sealed``: the
    member's pseudonyms), built once per process: most screens run it, and building it cost
    more than running it on SQLite (``bench/updates.py``)."""
    member = bindparam("member", type_=MemberProfession.member_id.type)  # a Telegram id: BIGINT
    return union_all(
        select(_TAG[_PROFESSION], MemberProfession.slug).where(
            MemberProfession.member_id == member
        ),
        select(_TAG[_INTEREST], MemberInterest.slug).where(MemberInterest.member_id == member),
        select(_TAG[_INTEREST], MemberSealedInterest.slug).where(
            MemberSealedInterest.member_key.in_(bindparam("sealed", expanding=True))
        ),
    )


async def profile_slugs(
    session: AsyncSession, member_id: int
) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The member's professions and interests (sorted), read in one statement.

    The same rows as :func:`profession_slugs` and :func:`interest_slugs`, as one ``UNION ALL``:
    the screens that match a member to groups, events and listings need both, and three round
    trips for them were most of a read-only update's statements.
    """
    rows = await session.execute(
        _profile_slugs_query(),
        {"member": member_id, "sealed": pseudonyms(SEALED_INTEREST, member_id)},
    )
    professions: set[str] = set()
    interests: set[str] = set()
    for kind, slug in rows:
        (professions if kind == _PROFESSION else interests).add(slug)
    return tuple(sorted(professions)), tuple(sorted(interests))


def sealed_interests_of(member_id: int) -> ColumnElement[bool]:
    """The member's sensitive interests (by pseudonym, under every configured key)."""
    return MemberSealedInterest.member_key.in_(pseudonyms(SEALED_INTEREST, member_id))


async def load_profile(session: AsyncSession, member: Member) -> Profile:
    professions, interests = await profile_slugs(session, member.id)
    return Profile(
        member_id=member.id,
        locale=member.locale,
        country=member.country,
        city=member.city,
        professions=professions,
        interests=interests,
        broadcasts_opt_in=member.broadcasts_opt_in,
        alerts_opt_in=member.alerts_opt_in,
        quiet_start=member.quiet_start,
        quiet_end=member.quiet_end,
    )


def set_country(member: Member, code: str) -> bool:
    """Move the member to ``code``; the city is forgotten when the country changes."""
    if not is_country(code):
        raise ValueError(f"unknown country code {code!r}")
    changed = member.country != code
    if changed:
        member.country = code
        member.city = None
    return changed


def set_city(member: Member, city: str | None) -> None:
    """Set the city by slug or English name (must be a curated city of the member's country)."""
    if city is None:
        member.city = None
        return
    found = find_city(member.country, city)
    if found is None:
        raise ValueError(f"{city!r} is not a known city of {member.country}")
    member.city = found.name_en


async def toggle_profession(session: AsyncSession, member_id: int, slug: str) -> bool:
    """Add or remove a profession; returns whether the member now has it."""
    return await _toggle(session, MemberProfession, member_id, slug)


async def toggle_interest(session: AsyncSession, member_id: int, slug: str) -> bool:
    """Add or remove an interest; a sensitive one never lies beside the member's id."""
    if slug not in SENSITIVE_INTERESTS:
        return await _toggle(session, MemberInterest, member_id, slug)
    mine = and_(sealed_interests_of(member_id), MemberSealedInterest.slug == slug)
    if await session.scalar(select(MemberSealedInterest.member_key).where(mine)) is not None:
        await session.execute(delete(MemberSealedInterest).where(mine))
        return False
    session.add(
        MemberSealedInterest(
            member_key=pseudonym(SEALED_INTEREST, member_id), slug=slug, member_ref=member_id
        )
    )
    await session.flush()
    return True


async def forget_interests(session: AsyncSession, member_id: int) -> None:
    """Erasure: every interest, ordinary and sensitive."""
    await session.execute(delete(MemberInterest).where(MemberInterest.member_id == member_id))
    await session.execute(delete(MemberSealedInterest).where(sealed_interests_of(member_id)))


async def add_profession(session: AsyncSession, member_id: int, slug: str) -> None:
    if await session.get(MemberProfession, (member_id, slug)) is None:
        session.add(MemberProfession(member_id=member_id, slug=slug))


async def _toggle(
    session: AsyncSession,
    model: type[MemberProfession] | type[MemberInterest],
    member_id: int,
    slug: str,
) -> bool:
    existing = await session.get(model, (member_id, slug))
    if existing is not None:
        await session.execute(delete(model).where(model.member_id == member_id, model.slug == slug))
        session.expunge(existing)
        return False
    session.add(model(member_id=member_id, slug=slug))
    await session.flush()
    return True


def set_quiet_hours(member: Member, start: int | None, end: int | None) -> None:
    if (start is None) != (end is None):
        raise ValueError("quiet hours need both a start and an end")
    for hour in (start, end):
        if hour is not None and not 0 <= hour <= 23:
            raise ValueError("quiet hours are whole hours 0-23")
    member.quiet_start, member.quiet_end = start, end
