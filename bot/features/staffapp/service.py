"""Read models of the staff app: the queue page, the knowledge-base review and the numbers.

No aiogram and no aiohttp here: plain values in, plain (JSON-ready) values out. Decisions and
edits go through the chat's own services (:mod:`bot.features.moderation.service`,
:mod:`bot.features.faq.editing`), so the app and the chat are one code path; this module only
reads and shapes. Nothing here commits: the API's unit of work does.
"""

from __future__ import annotations

import asyncio
import copy
import difflib
import time
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any
from urllib.parse import urlsplit

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.access import Access
from bot.db.models import (
    ALL_COUNTRIES,
    Broadcast,
    BroadcastDelivery,
    DeliveryStatus,
    Event,
    EventRsvp,
    FaqEntry,
    FaqFeedback,
    FaqGap,
    FaqStatus,
    GapKind,
    GapStatus,
    Member,
    MemberProfession,
    MemberStatus,
    ReviewItem,
    ReviewKind,
    ReviewStatus,
    Role,
)
from bot.db.models.broadcast import UnsubscribeReason
from bot.db.models.events import RsvpStatus
from bot.db.types import utcnow
from bot.features.faq import editing
from bot.features.faq.editing import FaqAdminError
from bot.features.faq.sources import facts_of, source_date
from bot.features.moderation import service as moderation
from bot.reviewing import ReviewHandler, editable

#: Any count under this many people is shown as suppressed, never as a number.
SUPPRESS_UNDER = 5
QUEUE_PAGE = 20
#: The text fields the app edits (the chat editor has every practical field too).
APP_TEXT_FIELDS = ("q.ru", "a.ru", "q.en", "a.en", "sources")
WEEKS = 12


# ---- who ---------------------------------------------------------------------------------


def roles_of(access: Access) -> list[dict[str, Any]]:
    """``[{"role": ..., "countries": [...]}]`` — the contract of ``GET /api/me``."""
    out: list[dict[str, Any]] = []
    if access.is_admin:
        out.append({"role": str(Role.ADMIN), "countries": [ALL_COUNTRIES]})
    if access.moderator_scopes:
        out.append({"role": str(Role.MODERATOR), "countries": sorted(access.moderator_scopes)})
    if access.organiser_scopes:
        out.append({"role": str(Role.ORGANISER), "countries": sorted(access.organiser_scopes)})
    return out


def is_staff(access: Access) -> bool:
    return access.is_admin or access.is_moderator or access.is_organiser


# ---- the queue ---------------------------------------------------------------------------


@dataclass(frozen=True)
class QueueFilter:
    kind: ReviewKind | None = None
    country: str | None = None


async def queue_page(
    session: AsyncSession,
    access: Access,
    handlers: dict[ReviewKind, ReviewHandler],
    locale: str,
    wanted: QueueFilter,
    *,
    offset: int = 0,
    limit: int = QUEUE_PAGE,
) -> dict[str, Any]:
    """One page of the queue (oldest first) within the moderator's scope and the filters:
    each item with its card as members will see it (safe Telegram HTML) and what may be done.
    """
    countries = None if wanted.country is None else (wanted.country,)
    kinds: Collection[ReviewKind] = handlers
    if wanted.kind is not None:
        kinds = [wanted.kind] if wanted.kind in handlers else []
    total = await moderation.count_pending(session, access, kinds=kinds, countries=countries)
    by_kind = await moderation.pending_by_kind(session, access, kinds=handlers)
    items = await moderation.queue(
        session, access, limit=limit, offset=offset, kinds=kinds, countries=countries
    )
    rows = []
    for position, item in enumerate(items):
        handler = handlers[ReviewKind(item.kind)]
        # The oldest item opens with its card; the others show their title and open on a tap
        # (``GET /api/queue/{id}``): one card's look-alike check per page, not twenty.
        rows.append(await item_view(session, access, item, handler, locale, card=position == 0))
    return {
        "total": total,
        "offset": offset,
        "items": rows,
        "kinds": {str(kind): count for kind, count in sorted(by_kind.items())},
        "countries": scope_list(access.moderated_countries()),
    }


async def item_view(
    session: AsyncSession,
    access: Access,
    item: ReviewItem,
    handler: ReviewHandler,
    locale: str,
    *,
    card: bool = True,
) -> dict[str, Any]:
    """One queue item: what it is, how long it waited, its flags, its title and (``card``)
    the listing as members will see it (safe Telegram HTML; ``None`` when it is gone)."""
    waited = utcnow() - item.queued_at
    rendered = await handler.describe(session, item.target_id, locale) if card else None
    title = await handler.title(session, item.target_id)
    return {
        "id": item.id,
        "kind": str(item.kind),
        "country": item.country,
        "queued_at": item.queued_at.isoformat(),
        "waited_hours": int(waited.total_seconds() // 3600),
        "overdue": waited >= moderation.OVERDUE_AFTER,
        "flags": list(item.flags),
        "appealed": item.status == ReviewStatus.APPEALED,
        "reason": item.reason if item.status == ReviewStatus.APPEALED else None,
        "appeal": item.appeal,
        "title": title,
        "gone": title is None,
        "card": rendered,
        "editable": editable(handler) is not None and title is not None,
        "own": item.author_id == access.user_id,
        "decided": item.status not in moderation.QUEUED,
    }


def scope_list(countries: frozenset[str] | None) -> list[str] | None:
    """The countries of a scope for the filters; ``None``: every country."""
    return None if countries is None else sorted(countries)


async def editable_fields(
    session: AsyncSession, handler: ReviewHandler, target_id: str
) -> list[dict[str, Any]]:
    """The fields of a listing a moderator may correct before approving, with their values."""
    fields_of = editable(handler)
    if fields_of is None:
        return []
    return [
        {"name": f.name, "label_key": f.label_key, "current": f.current, "max": f.max_length}
        for f in await fields_of.editable_fields(session, target_id)
    ]


# ---- the knowledge base ------------------------------------------------------------------


def _row(row: editing.ReviewRow, day: date) -> dict[str, Any]:
    state = "ok"
    if row.review_by is None or row.review_by < day + editing.DUE_SOON:
        state = "due"
    if row.review_by is not None and row.review_by < day:
        state = "overdue"
    if row.status == FaqStatus.DRAFT:
        state = "draft"
    return {
        "id": row.entry_id,
        "slug": row.slug,
        "country": row.country,
        "topic": row.topic,
        "status": str(row.status),
        "verified_at": row.verified_at.isoformat() if row.verified_at else None,
        "review_by": row.review_by.isoformat() if row.review_by else None,
        "state": state,
    }


async def due_entries(
    session: AsyncSession, access: Access, *, offset: int = 0, limit: int = 30
) -> dict[str, Any]:
    """Entries due for review in the moderator's countries, the longest overdue first."""
    day = editing.today()
    rows, total = await editing.due_for_review(session, access, on=day, limit=limit, offset=offset)
    return {"total": total, "offset": offset, "items": [_row(row, day) for row in rows]}


async def cell_entries(
    session: AsyncSession, access: Access, country: str, topic: str | None
) -> dict[str, Any]:
    """The entries behind one cell of the heat-map (or one country's row); scope-checked and
    a refusal audited, as in the chat."""
    await editing.require_scope(
        session, access, country, action="faq.view", target=f"{country}/{topic or '*'}"
    )
    day = editing.today()
    rows = await editing.entries_of(session, country)
    items = [_row(row, day) for row in rows if topic is None or row.topic == topic]
    return {"total": len(items), "offset": 0, "items": items}


def _text_of(entry: FaqEntry, field: str) -> str:
    """The current plain text of an app-editable field (``q.ru``, ``a.en``, ``sources``)."""
    if field == "sources":
        return "\n".join(entry.sources or ())
    part, lang = field.split(".")
    for text in entry.texts:
        if text.lang == lang:
            return text.question if part == "q" else text.answer
    return ""


async def entry_review(
    session: AsyncSession, access: Access, entry_id: int, locale: str
) -> dict[str, Any]:
    """The review screen: texts in both languages, and beside them each source with its date
    and the fact base's facts and notes (conflicts, uncertainty)."""
    entry = await editing.entry_for(session, access, entry_id, action="faq.view")
    feedback = await session.get(FaqFeedback, entry.id)
    sources = []
    for url in entry.sources or ():
        facts = [f for f in facts_of(url) if f.country in (entry.country, "*")] or list(
            facts_of(url)
        )
        sources.append(
            {
                "url": url,
                "host": (urlsplit(url).hostname or url).removeprefix("www."),
                "date": source_date(url),
                "facts": [f.text(locale) for f in facts[:6]],
                "notes": list(dict.fromkeys(f.notes for f in facts if f.notes)),
                "kind": facts[0].source_kind if facts else None,
            }
        )
    return {
        "id": entry.id,
        "slug": entry.slug,
        "country": entry.country,
        "topic": entry.topic,
        "status": str(entry.status),
        "volatility": str(entry.volatility),
        "verified_at": entry.verified_at.isoformat() if entry.verified_at else None,
        "verified_by_you": entry.verified_by == access.user_id,
        "review_by": entry.review_by.isoformat() if entry.review_by else None,
        "revision": entry.revision,
        "texts": {field: _text_of(entry, field) for field in APP_TEXT_FIELDS},
        "sources": sources,
        "feedback": {
            "shown": feedback.shown if feedback else 0,
            "helpful": feedback.helpful if feedback else 0,
            "unhelpful": feedback.unhelpful if feedback else 0,
        },
    }


def diff_lines(current: str, proposed: str) -> list[dict[str, str]]:
    """A line diff of ``proposed`` against ``current``: ``op`` is ``=``, ``-`` or ``+``."""
    old, new = current.splitlines(), proposed.splitlines()
    out: list[dict[str, str]] = []
    matcher = difflib.SequenceMatcher(a=old, b=new, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            out += [{"op": "=", "text": line} for line in old[i1:i2]]
            continue
        out += [{"op": "-", "text": line} for line in old[i1:i2]]
        out += [{"op": "+", "text": line} for line in new[j1:j2]]
    return out


async def entry_diff(
    session: AsyncSession, access: Access, entry_id: int, field: str, proposed: str
) -> list[dict[str, str]]:
    if field not in APP_TEXT_FIELDS:
        raise FaqAdminError("faq-admin-gone")
    entry = await editing.entry_for(session, access, entry_id, action="faq.view")
    return diff_lines(_text_of(entry, field), proposed)


async def heatmap(session: AsyncSession, access: Access) -> dict[str, Any]:
    """Country × topic: for each cell its state (ok, due, overdue, draft, missing) and 👎;
    per country how many entries, due, overdue and open knowledge gaps."""
    day = editing.today()
    table = await editing.coverage(session, access, on=day)
    topics: list[str] = []
    rows = []
    for row in table:
        for cell in row.topics:
            if cell.topic not in topics:
                topics.append(cell.topic)
        rows.append(
            {
                "country": row.country,
                "entries": row.entries,
                "due": row.count("due"),
                "overdue": row.count("overdue"),
                "gaps": row.gaps,
                "cells": {
                    cell.topic: {
                        "state": cell.state(day),
                        "entry": cell.entry_id,
                        "unhelpful": cell.unhelpful,
                    }
                    for cell in row.topics
                },
            }
        )
    return {"topics": topics, "rows": rows}


# ---- the numbers -------------------------------------------------------------------------


def suppressed(value: int) -> int | None:
    """A count as shown: ``None`` (suppressed) for 1 to 4 people — too few not to point at
    someone; nobody (0) points at no one and is shown."""
    return value if value == 0 or value >= SUPPRESS_UNDER else None


def _series(pairs: Sequence[tuple[str, int]]) -> list[dict[str, Any]]:
    return [{"label": label, "value": suppressed(int(value))} for label, value in pairs]


def stats_scope(access: Access) -> list[str] | None:
    """The countries an organiser's numbers cover; ``None``: every country (admins, or an
    organiser of every country)."""
    if access.is_admin or ALL_COUNTRIES in access.organiser_scopes:
        return None
    return sorted(access.organiser_scopes)


def _week_start(moment: datetime) -> date:
    day = moment.astimezone(UTC).date()
    return day - timedelta(days=day.weekday())


class NumbersCache:
    """The numbers page's aggregates, kept ``seconds`` per scope: counting 100,000 members
    on every open of a dashboard is work for nothing when the figures move by the day.
    One computation per scope at a time (a lock), so a burst of opens counts once."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self._kept: dict[tuple[Any, ...], tuple[float, dict[str, Any]]] = {}
        self._locks: dict[tuple[Any, ...], asyncio.Lock] = {}

    async def get(self, session: AsyncSession, access: Access) -> dict[str, Any]:
        scope = stats_scope(access)
        key = (access.is_admin, tuple(scope) if scope is not None else None)
        lock = self._locks.setdefault(key, asyncio.Lock())
        async with lock:
            kept = self._kept.get(key)
            if kept is not None and time.monotonic() - kept[0] < self.seconds:
                return copy.deepcopy(kept[1])
            fresh = await numbers(session, access)
            if self.seconds > 0:
                self._kept[key] = (time.monotonic(), fresh)
            return copy.deepcopy(fresh)


async def numbers(session: AsyncSession, access: Access) -> dict[str, Any]:
    """Every chart of the numbers page, aggregates only, small cells suppressed.

    Members are counted when active and onboarded; organisers see their countries only.
    """
    scope = stats_scope(access)
    member_filter: list[Any] = [
        Member.onboarded_at.is_not(None),
        Member.status != MemberStatus.BANNED,
    ]
    if scope is not None:
        member_filter.append(Member.country.in_(scope))

    by_country = (
        await session.execute(
            select(Member.country, func.count())
            .where(*member_filter)
            .group_by(Member.country)
            .order_by(func.count().desc())
        )
    ).all()
    by_profession = (
        await session.execute(
            select(MemberProfession.slug, func.count())
            .join(Member, Member.id == MemberProfession.member_id)
            .where(*member_filter)
            .group_by(MemberProfession.slug)
            .order_by(func.count().desc())
        )
    ).all()
    since = _week_start(utcnow()) - timedelta(weeks=WEEKS - 1)
    since_moment = datetime(since.year, since.month, since.day, tzinfo=UTC)
    # date() in both SQLite (a 'YYYY-MM-DD' string) and PostgreSQL (a date, in UTC).
    joined_day = func.date(Member.onboarded_at)
    daily = (
        await session.execute(
            select(joined_day, Member.country, func.count())
            .where(*member_filter, Member.onboarded_at >= since_moment)
            .group_by(joined_day, Member.country)
        )
    ).all()
    weeks = [since + timedelta(weeks=n) for n in range(WEEKS)]
    newcomers = dict.fromkeys(weeks, 0)
    top_countries = [str(c) for c, _ in by_country[:5] if c]
    per_country = {c: dict.fromkeys(weeks, 0) for c in top_countries}
    for joined, country, count in daily:
        day = joined if isinstance(joined, date) else date.fromisoformat(str(joined)[:10])
        week = day - timedelta(days=day.weekday())
        if week in newcomers:
            newcomers[week] += int(count)
            if country in per_country:
                per_country[country][week] += int(count)
    # Members by country over time: the total at the end of each week, counted backwards
    # from today's total by the newcomers of the weeks after it.
    totals = {str(c): int(n) for c, n in by_country if c}
    over_time = []
    for country in top_countries:
        running = totals[country]
        points: list[int] = []
        for week in reversed(weeks):
            points.append(running)
            running -= per_country[country][week]
        over_time.append({"label": country, "values": [suppressed(v) for v in reversed(points)]})

    return {
        "scope": scope,
        "members_by_country": _series([(str(c or "—"), int(n)) for c, n in by_country]),
        "members_by_profession": _series([(str(s), int(n)) for s, n in by_profession]),
        "members_over_time": {
            "weeks": [w.isoformat() for w in weeks],
            "series": over_time,
        },
        "newcomers_per_week": _series([(w.isoformat(), newcomers[w]) for w in weeks]),
        "questions_per_topic": await _questions(session, scope),
        "top_gaps": await _gaps(session, scope),
        "broadcasts": await _broadcasts(session, access, scope),
        "events": await _events(session, access, scope),
        "attendance": await _attendance(session, scope),
    }


async def _questions(session: AsyncSession, scope: list[str] | None) -> list[dict[str, Any]]:
    """Per topic: answers shown (asked), 👍 (answered well), 👎 — counts of people."""
    statement = (
        select(
            FaqEntry.topic,
            func.coalesce(func.sum(FaqFeedback.shown), 0),
            func.coalesce(func.sum(FaqFeedback.helpful), 0),
            func.coalesce(func.sum(FaqFeedback.unhelpful), 0),
        )
        .join(FaqFeedback, FaqFeedback.entry_id == FaqEntry.id)
        .group_by(FaqEntry.topic)
        .order_by(func.sum(FaqFeedback.shown).desc())
    )
    if scope is not None:
        statement = statement.where(FaqEntry.country.in_([*scope, ALL_COUNTRIES]))
    return [
        {
            "topic": topic,
            "asked": suppressed(int(shown)),
            "answered": suppressed(int(helpful)),
            "unhelpful": suppressed(int(unhelpful)),
        }
        for topic, shown, helpful, unhelpful in await session.execute(statement)
    ]


async def _gaps(session: AsyncSession, scope: list[str] | None) -> list[dict[str, Any]]:
    """The open knowledge gaps most members ran into: country, language, kind and how many
    asked — never what they typed."""
    statement = (
        select(FaqGap.country, FaqGap.lang, FaqGap.kind, FaqGap.entry_slug, FaqGap.count)
        .where(FaqGap.status == GapStatus.OPEN, FaqGap.count >= SUPPRESS_UNDER)
        .order_by(FaqGap.count.desc(), FaqGap.id)
        .limit(10)
    )
    if scope is not None:
        statement = statement.where(FaqGap.country.in_([*scope, ALL_COUNTRIES]))
    return [
        {
            "country": country,
            "lang": lang,
            "kind": str(kind),
            "entry": slug if kind == GapKind.UNHELPFUL else None,
            "count": int(count),
        }
        for country, lang, kind, slug, count in await session.execute(statement)
    ]


async def _broadcasts(
    session: AsyncSession, access: Access, scope: list[str] | None
) -> dict[str, Any]:
    """Deliveries by outcome over the broadcasts in scope, and why members unsubscribed."""
    statement = (
        select(BroadcastDelivery.status, func.count())
        .join(Broadcast, Broadcast.id == BroadcastDelivery.broadcast_id)
        .group_by(BroadcastDelivery.status)
    )
    if scope is not None:
        statement = statement.where(Broadcast.scope.in_(scope))
    counts = {str(status): int(n) for status, n in await session.execute(statement)}
    reasons = (
        await session.execute(
            select(UnsubscribeReason.reason, UnsubscribeReason.count).order_by(
                UnsubscribeReason.count.desc()
            )
        )
    ).all()
    return {
        "sent": suppressed(counts.get(str(DeliveryStatus.SENT), 0)),
        "unreachable": suppressed(counts.get(str(DeliveryStatus.UNREACHABLE), 0)),
        "failed": suppressed(counts.get(str(DeliveryStatus.FAILED), 0)),
        # Reasons are counted everywhere (no country is kept with them): admins only.
        "unsubscribed": _series([(str(r), int(n)) for r, n in reasons]) if access.is_admin else [],
    }


async def _events(
    session: AsyncSession, access: Access, scope: list[str] | None
) -> list[dict[str, Any]]:
    """The latest events in scope: going, waitlist and "can't go" per event."""
    recent = select(Event.id).order_by(Event.starts_at.desc()).limit(10)
    if scope is not None:
        recent = recent.where(Event.country.in_(scope))
    ids = list(await session.scalars(recent))
    if not ids:
        return []
    titles = dict(
        (await session.execute(select(Event.id, Event.title).where(Event.id.in_(ids)))).all()
    )
    counts: dict[int, dict[str, int]] = {i: {} for i in ids}
    rows = await session.execute(
        select(EventRsvp.event_id, EventRsvp.status, func.count())
        .where(EventRsvp.event_id.in_(ids))
        .group_by(EventRsvp.event_id, EventRsvp.status)
    )
    for event_id, status, n in rows:
        counts[event_id][str(status)] = int(n)
    return [
        {
            "id": i,
            "title": titles.get(i, ""),
            "going": suppressed(counts[i].get(str(RsvpStatus.GOING), 0)),
            "waitlist": suppressed(counts[i].get(str(RsvpStatus.WAITLIST), 0)),
            "declined": suppressed(counts[i].get(str(RsvpStatus.DECLINED), 0)),
        }
        for i in ids
    ]


async def _attendance(session: AsyncSession, scope: list[str] | None) -> list[dict[str, Any]]:
    """The latest events in scope whose organiser recorded how many came: RSVPs ("going")
    beside attendance, each suppressed under 5 people like every other count."""
    recent = (
        select(Event.id, Event.title, Event.starts_at, Event.attended_count)
        .where(Event.attended_count.is_not(None))
        .order_by(Event.starts_at.desc(), Event.id.desc())
        .limit(10)
    )
    if scope is not None:
        recent = recent.where(Event.country.in_(scope))
    rows = (await session.execute(recent)).all()
    if not rows:
        return []
    going = dict(
        (
            await session.execute(
                select(EventRsvp.event_id, func.count())
                .where(
                    EventRsvp.event_id.in_([row.id for row in rows]),
                    EventRsvp.status == RsvpStatus.GOING,
                )
                .group_by(EventRsvp.event_id)
            )
        ).all()
    )
    return [
        {
            "id": row.id,
            "title": row.title,
            "day": row.starts_at.astimezone(UTC).date().isoformat(),
            "going": suppressed(int(going.get(row.id, 0))),
            "attended": suppressed(int(row.attended_count or 0)),
        }
        for row in rows
    ]
