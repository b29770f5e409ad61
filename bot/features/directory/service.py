"""The directory's logic: ranking, submissions, reports, verification. No aiogram here.

Ranking (what a member sees under "Communities", :func:`rank`):

1. place — groups of the member's city, then of the whole country (no city), then
   transnational ones (``*``). Groups of *another* city of the member's country are not in this
   list (a Batumi parents' group is no use to a newcomer in Tbilisi, and ranked below every
   transnational group it would never be seen): the "more in <country>" list
   (:attr:`Viewer.whole_country`) shows the whole country, her own city first, then the
   country-wide groups, then the other cities. A member with no city sees the country's groups
   as one tier; another country's groups never appear unless the member asks for that country;
2. overlap — more shared professions first, then more shared interests: a profession is what
   the member said she does, so the chat of her trade outranks a general channel that shares
   one interest with her; a group aimed at professions the member does not have is left out
   (the profession filter still finds it);
3. freshness — recently verified first, never-verified last.

Within a place, a group whose link the automatic check found dead comes after the others.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from functools import cache, lru_cache
from typing import Any

from rapidfuzz import fuzz, process
from sqlalchemy import Select, bindparam, case, func, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot import cleaning
from bot.access import Access, audit, refuse_unless
from bot.cleaning import skeleton
from bot.db.models import (
    ALL_COUNTRIES,
    ERASED_MEMBER,
    Group,
    GroupKind,
    GroupStatus,
    LinkCheck,
    Member,
    ReviewKind,
)
from bot.db.types import utcnow
from bot.errors import DomainError
from bot.features.directory.links import link_key
from bot.features.moderation import service as moderation
from bot.features.moderation.service import HIDE_AFTER_REPORTS, ModerationError
from bot.features.profile.service import profile_slugs
from bot.geo import normalise_name, to_latin

TITLE_MAX = 120
DESCRIPTION_MAX = 1500
COMMENT_MAX = 500
# A group not verified for this long shows a note to members and lands on the stale list.
STALE_AFTER = timedelta(days=180)
# Proposals one member may have waiting at once (keeps the queue from being flooded).
MAX_PENDING_PER_MEMBER = 5
# rapidfuzz token_set_ratio over normalised titles at or above this counts as "similar".
SIMILAR_TITLE_SCORE = 88.0
# Languages a group can be marked with (ISO 639-1), in button order.
GROUP_LANGUAGES: tuple[str, ...] = (
    "ru", "en", "uk", "be", "ka", "hy", "kk", "ky", "uz", "sr", "tr", "he", "de",
)  # fmt: skip
REPORT_REASONS: tuple[str, ...] = ("dead-link", "scam", "not-as-described", "other")
# Flags put on review items (shown to moderators; labels ``mod-flag-<slug>``).
FLAG_SIMILAR_TITLE = "similar-title"
FLAG_PREVIOUSLY_REJECTED = "previously-rejected"
FLAG_REPORTED = "reported"

# A filter value: transnational groups only (country), every profession (profession).
ANY = "*"

# Place tiers, best first. Other cities come after transnational groups: in the member's own
# list they are left out (see :func:`rank`), in the whole country's list there is no
# transnational tier.
SAME_CITY, WHOLE_COUNTRY, TRANSNATIONAL, OTHER_CITY = 0, 1, 2, 3


class DirectoryError(DomainError):
    """Something a member asked that cannot be done; ``key`` is the catalog message."""


# ---- ranking ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Viewer:
    """Whose eyes rank the directory: a profile, or a profile with a filter applied."""

    country: str | None
    city: str | None = None
    professions: frozenset[str] = field(default_factory=frozenset)
    interests: frozenset[str] = field(default_factory=frozenset)
    # The whole country's groups ("more in <country>", or the country filter): every city,
    # the viewer's own first, and no transnational groups.
    whole_country: bool = False


def place_tier(group: Group, viewer: Viewer) -> int | None:
    """Where ``group`` stands for ``viewer`` by place; ``None``: not shown (another country, or
    a transnational group in the whole country's list)."""
    if group.country == ALL_COUNTRIES:
        return None if viewer.whole_country and viewer.country != ALL_COUNTRIES else TRANSNATIONAL
    if viewer.country is None or group.country != viewer.country:
        return None
    if group.city is None:
        return WHOLE_COUNTRY
    if viewer.city is None:
        # No city to prefer (not given, or looking at another country): the whole country is
        # one tier and the profession decides.
        return WHOLE_COUNTRY
    return SAME_CITY if group.city == viewer.city else OTHER_CITY


def overlap(group: Group, viewer: Viewer) -> tuple[int, int]:
    """How much ``group`` shares with ``viewer``: (professions, interests) — compared in that
    order, so one shared profession outweighs any number of shared interests."""
    return (
        len(viewer.professions.intersection(group.professions)),
        len(viewer.interests.intersection(group.interests)),
    )


def is_for(group: Group, viewer: Viewer) -> bool:
    """Whether ``group`` is in ``viewer``'s list: in their place (another city of their
    country only in the whole country's list), and not aimed at professions the viewer has
    none of."""
    tier = place_tier(group, viewer)
    if tier is None or (tier == OTHER_CITY and not viewer.whole_country):
        return False
    if group.professions and viewer.professions:
        return not viewer.professions.isdisjoint(group.professions)
    return True


def rank(groups: Iterable[Group], viewer: Viewer) -> list[Group]:
    """The groups for ``viewer``, best first (see the module docstring)."""

    def key(group: Group) -> tuple[int, bool, int, int, float, str, int]:
        tier = place_tier(group, viewer)
        assert tier is not None
        verified = group.verified_at.timestamp() if group.verified_at else float("-inf")
        # A link the automatic check found dead goes last within its place.
        dead = group.link_check == LinkCheck.GONE
        professions, interests = overlap(group, viewer)
        return (
            tier,
            dead,
            -professions,
            -interests,
            -verified,
            group.title.casefold(),
            group.id or 0,
        )

    return sorted((group for group in groups if is_for(group, viewer)), key=key)


async def viewer_of(session: AsyncSession, member: Member) -> Viewer:
    professions, interests = await profile_slugs(session, member.id)
    return Viewer(
        country=member.country,
        city=member.city,
        professions=frozenset(professions),
        interests=frozenset(interests),
    )


def with_filters(viewer: Viewer, *, country: str | None, profession: str | None) -> Viewer:
    """The viewer looking at a whole country and/or another profession (the profile is
    unchanged).

    ``country`` ``*`` shows transnational groups only; a country code shows that whole
    country (every city; the viewer's own city first when it is her country);
    ``profession`` ``*`` shows groups of every profession (ranked by interests alone)."""
    if country == ALL_COUNTRIES:
        viewer = replace(viewer, country=country, city=None)
    elif country:
        city = viewer.city if country == viewer.country else None
        viewer = replace(viewer, country=country, city=city, whole_country=True)
    if profession == ANY:
        viewer = replace(viewer, professions=frozenset())
    elif profession:
        viewer = replace(viewer, professions=frozenset({profession}))
    return viewer


@dataclass(frozen=True)
class Listing:
    """A member's list: the groups, ranked, and how many groups of other cities of her
    country are for her (left out here, shown under "more in <country>")."""

    groups: list[Group]
    elsewhere: int = 0


@cache
def _published_query() -> Select[Group]:
    """Published groups of the bound ``places``, built once per process (the communities
    screen runs it on every visit)."""
    return select(Group).where(
        Group.status == GroupStatus.PUBLISHED,
        Group.country.in_(bindparam("places", expanding=True)),
    )


async def _published_for(session: AsyncSession, viewer: Viewer) -> list[Group]:
    places = [ALL_COUNTRIES] if viewer.country is None else [viewer.country, ALL_COUNTRIES]
    return list(await session.scalars(_published_query(), {"places": places}))


async def communities(session: AsyncSession, viewer: Viewer) -> list[Group]:
    """Published groups for ``viewer``, ranked."""
    return rank(await _published_for(session, viewer), viewer)


async def listing(session: AsyncSession, viewer: Viewer) -> Listing:
    """:func:`communities` and the count for "more in <country>", from one query (the rows of
    the other cities are loaded anyway: the country is one ``IN``)."""
    rows = await _published_for(session, viewer)
    whole = whole_country_of(viewer)
    elsewhere = 0
    if whole is not None and viewer.city is not None:
        elsewhere = sum(
            1 for group in rows if place_tier(group, viewer) == OTHER_CITY and is_for(group, whole)
        )
    return Listing(rank(rows, viewer), elsewhere)


def whole_country_of(viewer: Viewer) -> Viewer | None:
    """The "more in <country>" view of ``viewer``'s own list, or ``None`` when there is no
    such list (no country, transnational only, or already the whole country)."""
    if viewer.country in (None, ALL_COUNTRIES) or viewer.whole_country:
        return None
    return replace(viewer, whole_country=True)


async def countries_with_groups(session: AsyncSession) -> list[str]:
    rows = await session.scalars(
        select(Group.country)
        .where(Group.status == GroupStatus.PUBLISHED, Group.country != ALL_COUNTRIES)
        .distinct()
    )
    return sorted(rows)


async def published_group(session: AsyncSession, group_id: int) -> Group | None:
    group = await session.get(Group, group_id)
    return group if group is not None and group.status == GroupStatus.PUBLISHED else None


# ---- submissions ------------------------------------------------------------------------


@dataclass
class GroupDraft:
    """What a member proposes (the wizard keeps it in FSM data as a dict)."""

    title: str
    link: str
    country: str
    city: str | None = None
    professions: list[str] = field(default_factory=list)
    interests: list[str] = field(default_factory=list)
    languages: list[str] = field(default_factory=list)
    description: str = ""
    kind: GroupKind = GroupKind.CHAT


def clean_text(text: str) -> str:
    """Member text as stored (``bot.cleaning``: the one cleaning of member text)."""
    return cleaning.clean_text(text)


def clean_title(text: str) -> str:
    return cleaning.clean_line(text)


async def group_with_link(session: AsyncSession, link: str) -> Group | None:
    """A group already listed or waiting with this link (rejected proposals do not count)."""
    return await session.scalar(
        select(Group)
        .where(Group.link_key == link_key(link), Group.status != GroupStatus.REJECTED)
        .order_by(Group.id)
        .limit(1)
    )


async def was_rejected(session: AsyncSession, link: str) -> bool:
    found = await session.scalar(
        select(Group.id)
        .where(Group.link_key == link_key(link), Group.status == GroupStatus.REJECTED)
        .limit(1)
    )
    return found is not None


@lru_cache(maxsize=65_536)
def _title_forms(title: str) -> tuple[str, str, str]:
    """A title's comparable forms: Latin-normalised, its look-alike skeleton, and the
    skeleton of its case-folded form. Computing them is the slow part of a comparison and a
    title never changes, so each is computed once per process (the queue compares every
    pending group with its country's whole directory)."""
    return to_latin(normalise_name(title)), skeleton(title), skeleton(title.casefold())


def title_similarity(first: str, second: str) -> float:
    """How alike two titles are (0-100), across case, punctuation, Cyrillic/Latin and
    look-alike letters ("ІТ Gеоrgіа" written with Cyrillic letters is "IT Georgia")."""
    a, shape_a, folded_a = _title_forms(first)
    b, shape_b, folded_b = _title_forms(second)
    scores = [float(fuzz.token_set_ratio(a, b))] if a and b else []
    for x, y in ((shape_a, shape_b), (folded_a, folded_b)):
        if x.strip() and y.strip():
            scores.append(float(fuzz.token_set_ratio(x, y)))
    return max(scores, default=0.0)


async def similar_groups(
    session: AsyncSession,
    title: str,
    country: str,
    *,
    exclude_id: int | None = None,
    limit: int | None = None,
) -> list[Group]:
    """Groups of the same country whose title looks like ``title``, most similar first
    (the ``limit`` most similar, when given)."""
    # Titles only, scored in one pass per form by rapidfuzz (in C), then the few look-alikes
    # as rows: a country's whole directory (thousands of groups, and the queue asks once per
    # card) is never loaded as objects nor compared pair by pair in Python.
    rows = [
        (group_id, other)
        for group_id, other in await session.execute(
            select(Group.id, Group.title).where(
                Group.country == country, Group.status != GroupStatus.REJECTED
            )
        )
        if group_id != exclude_id
    ]
    query = _title_forms(title)
    forms = [_title_forms(other) for _, other in rows]
    scored: dict[int, float] = {}
    for part, wanted in enumerate(query):
        if not wanted.strip():
            continue
        choices = [form[part] for form in forms]
        for _, score, index in process.extract(
            wanted,
            choices,
            scorer=fuzz.token_set_ratio,
            score_cutoff=SIMILAR_TITLE_SCORE,
            limit=None,
        ):
            if choices[index].strip():
                group_id = rows[index][0]
                scored[group_id] = max(scored.get(group_id, 0.0), float(score))
    best = sorted(scored, key=lambda group_id: -scored[group_id])[:limit]
    if not best:
        return []
    found = await session.scalars(select(Group).where(Group.id.in_(best)))
    return sorted(found, key=lambda group: -scored[group.id])


async def pending_proposals(session: AsyncSession, member_id: int) -> int:
    return int(
        await session.scalar(
            select(func.count())
            .select_from(Group)
            .where(Group.submitted_by == member_id, Group.status == GroupStatus.PENDING)
        )
        or 0
    )


def slug_base(title: str, country: str, city: str | None) -> str:
    place = "global" if country == ALL_COUNTRIES else country.lower()
    parts = [place, *([city] if city else []), title]
    text = "-".join(to_latin(part) for part in parts)
    slug = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    return slug[:56].rstrip("-") or place


async def unique_slug(session: AsyncSession, base: str) -> str:
    taken = set(await session.scalars(select(Group.slug).where(Group.slug.startswith(base))))
    if base not in taken:
        return base
    number = 2
    while f"{base}-{number}" in taken:
        number += 1
    return f"{base}-{number}"


async def submit_group(
    session: AsyncSession, member_id: int, draft: GroupDraft, *, flags: Sequence[str] = ()
) -> Group:
    """Save a member's proposal as a pending group and put it in the moderation queue."""
    if await pending_proposals(session, member_id) >= MAX_PENDING_PER_MEMBER:
        raise DirectoryError("directory-propose-too-many", limit=MAX_PENDING_PER_MEMBER)
    if await group_with_link(session, draft.link) is not None:
        raise DirectoryError("directory-propose-duplicate-link")
    all_flags = set(flags)
    if await was_rejected(session, draft.link):
        all_flags.add(FLAG_PREVIOUSLY_REJECTED)
    if await similar_groups(session, draft.title, draft.country):
        all_flags.add(FLAG_SIMILAR_TITLE)
    group = Group(
        slug=await unique_slug(session, slug_base(draft.title, draft.country, draft.city)),
        title=clean_title(draft.title)[:TITLE_MAX],
        link=draft.link,
        link_key=link_key(draft.link),
        kind=draft.kind,
        country=draft.country,
        city=draft.city,
        professions=sorted(set(draft.professions)),
        interests=sorted(set(draft.interests)),
        languages=list(dict.fromkeys(draft.languages)),
        description=clean_text(draft.description)[:DESCRIPTION_MAX],
        status=GroupStatus.PENDING,
        submitted_by=member_id,
    )
    session.add(group)
    await session.flush()
    await moderation.submit(
        session,
        kind=ReviewKind.GROUP,
        target_id=str(group.id),
        country=group.country,
        author_id=member_id,
        flags=sorted(all_flags),
    )
    return group


# ---- reports ----------------------------------------------------------------------------


@dataclass(frozen=True)
class ReportOutcome:
    already: bool  # this member had already reported the group
    hidden: bool  # the group is hidden until a moderator decides


async def report_group(
    session: AsyncSession,
    *,
    member_id: int,
    group_id: int,
    reason: str,
    comment: str | None = None,
) -> ReportOutcome:
    """A member reports a published group; enough different reporters hide it."""
    if reason not in REPORT_REASONS:
        raise DirectoryError("stale-button")
    group = await published_group(session, group_id)
    if group is None:
        raise DirectoryError("directory-report-gone")
    already = (
        await moderation.open_report_of(session, ReviewKind.GROUP, str(group.id), member_id)
        is not None
    )
    try:
        counted = await moderation.report(
            session,
            kind=ReviewKind.GROUP,
            target_id=str(group.id),
            country=group.country,
            reporter_id=member_id,
            reason=reason,
            comment=clean_text(comment)[:COMMENT_MAX] if comment else None,
        )
    except ModerationError as refused:
        raise DirectoryError(refused.key, count=moderation.REPORTS_PER_DAY) from None
    hidden = False
    if counted.trusted >= HIDE_AFTER_REPORTS:
        group.status = GroupStatus.HIDDEN
        hidden = True
        await moderation.submit(
            session,
            kind=ReviewKind.GROUP,
            target_id=str(group.id),
            country=group.country,
            author_id=None,
            flags=[FLAG_REPORTED],
        )
        await audit(
            session,
            actor_id=None,
            action="group.hidden_by_reports",
            target_kind=str(ReviewKind.GROUP),
            target_id=str(group.id),
            scope=group.country,
            details={"reporters": counted.trusted},
        )
    return ReportOutcome(already=already, hidden=hidden)


# ---- moderators: verification and the stale list --------------------------------------


async def _moderated_group(
    session: AsyncSession, access: Access, group_id: int, action: str
) -> Group:
    group = await session.get(Group, group_id)
    if group is None:
        raise ModerationError("mod-item-gone")
    await refuse_unless(
        session,
        access.can_moderate(group.country),
        ModerationError("mod-out-of-scope"),
        actor_id=access.user_id,
        action=action,
        target_kind=str(ReviewKind.GROUP),
        target_id=str(group.id),
        scope=group.country,
    )
    return group


async def mark_verified(
    session: AsyncSession, access: Access, group_id: int, now: datetime | None = None
) -> Group:
    """A moderator checked the group: it is real, alive and as described."""
    group = await _moderated_group(session, access, group_id, "group.verify")
    if group.status != GroupStatus.PUBLISHED:
        raise ModerationError("mod-group-not-published")
    group.verified_at = now or utcnow()
    group.verified_by = access.user_id
    if group.link_check == LinkCheck.GONE:
        group.link_check = None  # the moderator looked: the old automatic verdict is stale
    await audit(
        session,
        actor_id=access.user_id,
        action="group.verify",
        target_kind=str(ReviewKind.GROUP),
        target_id=str(group.id),
        scope=group.country,
    )
    return group


async def hide_group(session: AsyncSession, access: Access, group_id: int) -> Group:
    """A moderator takes a published group down (it stays in the database)."""
    group = await _moderated_group(session, access, group_id, "group.hide")
    if group.status != GroupStatus.PUBLISHED:
        raise ModerationError("mod-group-not-published")
    group.status = GroupStatus.HIDDEN
    await audit(
        session,
        actor_id=access.user_id,
        action="group.hide",
        target_kind=str(ReviewKind.GROUP),
        target_id=str(group.id),
        scope=group.country,
    )
    return group


def _stale_condition(now: datetime) -> Any:
    return or_(
        Group.verified_at.is_(None),
        Group.verified_at <= now - STALE_AFTER,
        Group.link_check == LinkCheck.GONE,
    )


async def stale_groups(
    session: AsyncSession,
    access: Access,
    *,
    limit: int = 1,
    offset: int = 0,
    now: datetime | None = None,
) -> tuple[list[Group], int]:
    """Published groups that need a moderator's look, in this moderator's countries:
    dead links first, then the longest unverified. Returns a page and the total."""
    now = now or utcnow()
    condition = [Group.status == GroupStatus.PUBLISHED, _stale_condition(now)]
    countries = access.moderated_countries()
    if countries is not None:
        condition.append(Group.country.in_(sorted(countries)))
    total = int(
        await session.scalar(select(func.count()).select_from(Group).where(*condition)) or 0
    )
    rows = await session.scalars(
        select(Group)
        .where(*condition)
        .order_by(
            # CASE, not a bare comparison: NULL sorts differently on SQLite and PostgreSQL.
            case((Group.link_check == LinkCheck.GONE, 0), else_=1),
            case((Group.verified_at.is_(None), 0), else_=1),
            Group.verified_at,
            Group.id,
        )
        .limit(limit)
        .offset(offset)
    )
    return list(rows), total


# ---- the automatic link check -----------------------------------------------------------

# How often a public link is looked at again.
RECHECK_AFTER = timedelta(days=7)
PUBLIC_LINK_PREFIX = "https://t.me/"


async def claim_links_to_check(
    session: AsyncSession, *, limit: int, now: datetime | None = None
) -> list[tuple[int, str]]:
    """Published groups whose link is due for a check: marks them as checked now (so other
    workers skip them) and returns ``(group id, link)`` pairs."""
    now = now or utcnow()
    statement = (
        select(Group)
        .where(
            Group.status == GroupStatus.PUBLISHED,
            # Demo links point nowhere on purpose; invite links cannot be looked up by a bot.
            Group.is_demo.is_(False),
            Group.link.startswith(PUBLIC_LINK_PREFIX),
            ~Group.link.startswith(PUBLIC_LINK_PREFIX + "+"),
            ~Group.link.startswith(PUBLIC_LINK_PREFIX + "joinchat/"),
            or_(Group.link_checked_at.is_(None), Group.link_checked_at <= now - RECHECK_AFTER),
        )
        .order_by(
            case((Group.link_checked_at.is_(None), 0), else_=1), Group.link_checked_at, Group.id
        )
        .limit(limit)
    )
    if session.bind is not None and session.bind.dialect.name == "postgresql":
        statement = statement.with_for_update(skip_locked=True)
    groups = list(await session.scalars(statement))
    for group in groups:
        group.link_checked_at = now
    return [(group.id, group.link) for group in groups]


async def release_link_checks(session: AsyncSession, group_ids: Sequence[int]) -> None:
    """Claimed links that could not be looked up this round: due again at once."""
    if group_ids:
        await session.execute(
            update(Group).where(Group.id.in_(list(group_ids))).values(link_checked_at=None)
        )


async def record_link_check(
    session: AsyncSession, group_id: int, result: LinkCheck, now: datetime | None = None
) -> None:
    group = await session.get(Group, group_id)
    if group is None:
        return
    previous = group.link_check
    group.link_check = result
    group.link_checked_at = now or utcnow()
    if result == LinkCheck.GONE and previous != LinkCheck.GONE:
        await audit(
            session,
            actor_id=None,
            action="group.link_gone",
            target_kind=str(ReviewKind.GROUP),
            target_id=str(group.id),
            scope=group.country,
        )


# ---- privacy ----------------------------------------------------------------------------


async def export_member_groups(session: AsyncSession, member_id: int) -> dict[str, Any]:
    """Groups this member proposed (and, for moderators, verified)."""
    proposed = await session.scalars(
        select(Group).where(Group.submitted_by == member_id).order_by(Group.id)
    )
    verified = await session.scalars(
        select(Group.slug).where(Group.verified_by == member_id).order_by(Group.slug)
    )
    return {
        "proposed": [
            {
                "slug": group.slug,
                "title": group.title,
                "link": group.link,
                "status": str(group.status),
                "at": group.created_at.isoformat(),
            }
            for group in proposed
        ],
        "verified": list(verified),
    }


async def forget_member_groups(session: AsyncSession, member_id: int) -> None:
    """Groups stay (they are the community's); who proposed or verified them goes."""
    await session.execute(
        update(Group).where(Group.submitted_by == member_id).values(submitted_by=None)
    )
    await session.execute(
        update(Group).where(Group.verified_by == member_id).values(verified_by=ERASED_MEMBER)
    )
