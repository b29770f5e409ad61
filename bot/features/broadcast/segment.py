"""Who a broadcast reaches: a filter over members, as SQL (no aiogram, no rows in memory).

Within one dimension any chosen value matches (Tbilisi *or* Batumi); across dimensions all
must (Georgia *and* designers). An empty dimension does not restrict. Only members who opted
in to broadcasts and are reachable (``active``) are ever counted or selected.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, exists, func, literal, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import (
    Broadcast,
    EventRsvp,
    Member,
    MemberInterest,
    MemberProfession,
    MemberStatus,
    RsvpStatus,
)

DIMENSIONS = ("countries", "cities", "professions", "interests", "languages")


@dataclass(frozen=True)
class Segment:
    countries: tuple[str, ...] = ()
    cities: tuple[str, ...] = ()
    professions: tuple[str, ...] = ()
    interests: tuple[str, ...] = ()
    languages: tuple[str, ...] = ()
    event_id: int | None = None
    # A member who never chose a language is counted in the bot's default one.
    default_locale: str = field(default="en", compare=False)

    @classmethod
    def of(cls, broadcast: Broadcast, default_locale: str) -> Segment:
        return cls(
            countries=tuple(broadcast.countries),
            cities=tuple(broadcast.cities),
            professions=tuple(broadcast.professions),
            interests=tuple(broadcast.interests),
            languages=tuple(broadcast.languages),
            event_id=broadcast.event_id,
            default_locale=default_locale,
        )

    @classmethod
    def from_data(cls, data: dict[str, Any], default_locale: str) -> Segment:
        """From wizard data (lists of strings, ``event`` an id or missing)."""

        def values(key: str) -> tuple[str, ...]:
            raw = data.get(key)
            return tuple(sorted(str(v) for v in raw)) if isinstance(raw, list) else ()

        event = data.get("event")
        return cls(
            countries=values("countries"),
            cities=values("cities"),
            professions=values("professions"),
            interests=values("interests"),
            languages=values("languages"),
            event_id=int(event) if isinstance(event, int) else None,
            default_locale=default_locale,
        )

    @property
    def is_everyone(self) -> bool:
        return self.event_id is None and not any(getattr(self, d) for d in DIMENSIONS)


def conditions(segment: Segment) -> list[ColumnElement[bool]]:
    """The WHERE clause over ``members`` that picks exactly the segment's recipients."""
    where: list[ColumnElement[bool]] = [
        Member.broadcasts_opt_in == True,  # noqa: E712 - matches the partial index's predicate
        Member.status == MemberStatus.ACTIVE,
    ]
    if segment.countries:
        where.append(Member.country.in_(segment.countries))
    if segment.cities:
        where.append(Member.city.in_(segment.cities))
    if segment.languages:
        where.append(
            func.coalesce(Member.locale, literal(segment.default_locale)).in_(segment.languages)
        )
    if segment.professions:
        where.append(
            exists().where(
                MemberProfession.member_id == Member.id,
                MemberProfession.slug.in_(segment.professions),
            )
        )
    if segment.interests:
        where.append(
            exists().where(
                MemberInterest.member_id == Member.id,
                MemberInterest.slug.in_(segment.interests),
            )
        )
    if segment.event_id is not None:
        where.append(
            exists().where(
                EventRsvp.member_id == Member.id,
                EventRsvp.event_id == segment.event_id,
                EventRsvp.status == RsvpStatus.GOING,
            )
        )
    return where


def recipients(segment: Segment) -> Select[Any]:
    return select(Member.id).where(and_(*conditions(segment)))


async def count(session: AsyncSession, segment: Segment) -> int:
    """The exact number of members the broadcast would reach now."""
    total = await session.scalar(
        select(func.count()).select_from(Member).where(*conditions(segment))
    )
    return int(total or 0)


async def member_ids(session: AsyncSession, segment: Segment) -> Sequence[int]:
    """Every recipient's id (tests and small audiences only: the worker never loads them all)."""
    return list(await session.scalars(recipients(segment).order_by(Member.id)))
