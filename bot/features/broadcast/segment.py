"""Who a broadcast reaches: a filter over members, as SQL (no aiogram, no rows in memory).

Within one dimension any chosen value matches (Tbilisi *or* Batumi); across dimensions all
must (Georgia *and* designers). An empty dimension does not restrict. Only members who opted
in to broadcasts and are reachable (``active``) are ever counted or selected.

Two dimensions are sealed — the database cannot join them to members, by design: who goes to
an event, and sensitive interests. The attendees of one event are few: their ids are decrypted
here and the SQL takes them as a list. Members with a sensitive interest may be many: they are
matched chunk by chunk of candidates (:func:`sealed_chunk`), by pseudonyms computed here.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Select,
    and_,
    bindparam,
    exists,
    false,
    func,
    literal,
    select,
)
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.crypto import pseudonyms
from bot.db.models import (
    SENSITIVE_INTERESTS,
    Broadcast,
    EventRsvp,
    Member,
    MemberInterest,
    MemberProfession,
    MemberSealedInterest,
    MemberStatus,
    RsvpStatus,
)
from bot.db.models.member import SEALED_INTEREST

# Candidates matched against sealed interests per query.
SEALED_CHUNK = 2000

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
    def sealed_interests(self) -> tuple[str, ...]:
        """The sensitive interests asked for: matched outside SQL (:func:`sealed_chunk`)."""
        return tuple(slug for slug in self.interests if slug in SENSITIVE_INTERESTS)


async def attendees(session: AsyncSession, segment: Segment) -> frozenset[int] | None:
    """The members going to the segment's event (decrypted here); ``None`` without one."""
    if segment.event_id is None:
        return None
    refs = await session.scalars(
        select(EventRsvp.member_ref).where(
            EventRsvp.event_id == segment.event_id, EventRsvp.status == RsvpStatus.GOING
        )
    )
    return frozenset(refs)


def conditions(segment: Segment, going: Collection[int] | None = None) -> list[ColumnElement[bool]]:
    """The WHERE clause over ``members`` that picks the segment's recipients — all of them
    unless it asks for sensitive interests, which :func:`sealed_chunk` then applies.

    ``going``: the event's attendees (:func:`attendees`), when the segment names an event.
    """
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
    if segment.interests and not segment.sealed_interests:
        where.append(
            exists().where(
                MemberInterest.member_id == Member.id,
                MemberInterest.slug.in_(segment.interests),
            )
        )
    if segment.event_id is not None:
        assert going is not None, "resolve the event's attendees first (attendees())"
        # Integers from the database itself, inlined: an event may have thousands.
        where.append(
            Member.id.in_(bindparam("going", sorted(going), expanding=True, literal_execute=True))
            if going
            else false()
        )
    return where


def recipients(segment: Segment, going: Collection[int] | None = None) -> Select[Any]:
    return select(Member.id).where(and_(*conditions(segment, going)))


async def sealed_chunk(
    session: AsyncSession, segment: Segment, candidates: Sequence[int]
) -> set[int]:
    """Which ``candidates`` (members matching every other condition) are recipients: those with
    one of the segment's interests — ordinary ones by id, sensitive ones by pseudonym."""
    if not candidates:
        return set()
    plain = [slug for slug in segment.interests if slug not in SENSITIVE_INTERESTS]
    chosen: set[int] = set()
    if plain:
        chosen.update(
            await session.scalars(
                select(MemberInterest.member_id).where(
                    MemberInterest.member_id.in_(candidates), MemberInterest.slug.in_(plain)
                )
            )
        )
    # Under every configured key: rows written before a rotation are matched too.
    by_key = {
        key: member_id for member_id in candidates for key in pseudonyms(SEALED_INTEREST, member_id)
    }
    found = await session.scalars(
        select(MemberSealedInterest.member_key).where(
            MemberSealedInterest.member_key.in_(list(by_key)),
            MemberSealedInterest.slug.in_(segment.sealed_interests),
        )
    )
    chosen.update(by_key[key] for key in found)
    return chosen


async def sealed_recipients(
    session: AsyncSession,
    segment: Segment,
    going: Collection[int] | None,
    *,
    after: int = 0,
    limit: int = SEALED_CHUNK,
) -> tuple[list[int], int | None]:
    """The recipients among the next ``limit`` candidates with ids above ``after`` (sorted),
    and the last candidate looked at (``None``: no candidates left)."""
    candidates = list(
        await session.scalars(
            recipients(segment, going).where(Member.id > after).order_by(Member.id).limit(limit)
        )
    )
    if not candidates:
        return [], None
    chosen = await sealed_chunk(session, segment, candidates)
    return [member_id for member_id in candidates if member_id in chosen], candidates[-1]


async def count(session: AsyncSession, segment: Segment) -> int:
    """The exact number of members the broadcast would reach now."""
    going = await attendees(session, segment)
    if segment.sealed_interests:
        return len(await member_ids(session, segment))
    total = await session.scalar(
        select(func.count()).select_from(Member).where(*conditions(segment, going))
    )
    return int(total or 0)


async def member_ids(session: AsyncSession, segment: Segment) -> Sequence[int]:
    """Every recipient's id (counting a sealed segment, tests: the worker never loads them all)."""
    going = await attendees(session, segment)
    if not segment.sealed_interests:
        return list(await session.scalars(recipients(segment, going).order_by(Member.id)))
    found: list[int] = []
    after: int | None = 0
    while after is not None:
        chunk, after = await sealed_recipients(session, segment, going, after=after)
        found.extend(chunk)
    return found
