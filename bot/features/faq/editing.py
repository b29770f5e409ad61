"""Moderators' work on the knowledge base: create, edit, verify, review lists, coverage.

No aiogram here. Every function that changes an entry takes the moderator's :class:`Access`,
re-checks the entry's country against their scope (callback data is forgeable), writes the
decision — or the refusal — to the audit log, and bumps the search index version when what
members can find changed. :func:`upsert_item` is the one way entries are written: the YAML
import, the starter base and the chat editor all go through it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta
from typing import Any, Final, Literal

from sqlalchemy import ColumnElement, and_, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.access import Access, audit, refuse_unless
from bot.db.models import (
    GLOBAL_ENTRY,
    FaqEntry,
    FaqEntryText,
    FaqFeedback,
    FaqGap,
    FaqStatus,
    GapKind,
    GapStatus,
    Volatility,
)
from bot.db.types import utcnow
from bot.errors import DomainError
from bot.features.faq import service
from bot.features.faq.service import bump_version
from bot.features.faq.topics import (
    REQUIRED_LANGS,
    UNSOURCED_TOPICS,
    next_review,
    slug_for,
    topics_for,
)
from bot.features.faq.validation import (
    PRACTICAL_LINES,
    PRACTICAL_LISTS,
    FaqItem,
    FieldError,
    Practical,
    TextValue,
    check_topic,
    clean_answer,
    clean_keywords,
    clean_line,
    clean_lines,
    clean_question,
    clean_sources,
    clean_status,
    clean_volatility,
)
from bot.geo import MAIN_HOST_COUNTRIES

Change = Literal["created", "updated", "unchanged"]

#: An entry is "due" for review this long before its review date (and "overdue" after it).
DUE_SOON: Final = timedelta(days=14)
#: The target kind of entries in the audit log.
AUDIT_KIND: Final = "faq_entry"
#: What the chat editor can change, as ``<part>.<lang>`` for texts (``:`` separates callback
#: data fields).
TEXT_PARTS: Final = ("q", "a", "k", *PRACTICAL_LISTS, *PRACTICAL_LINES)
EDITABLE_FIELDS: Final = (
    *(f"{part}.{lang}" for lang in REQUIRED_LANGS for part in TEXT_PARTS),
    "sources",
)


class FaqAdminError(DomainError):
    """An action that cannot be taken; ``key`` is the catalog message explaining it."""


def today() -> date:
    """The date verification and review dates are counted in (UTC)."""
    return utcnow().date()


# ---- writing entries -----------------------------------------------------------------------


def text_values(entry: FaqEntry) -> dict[str, TextValue]:
    """An entry's texts as validated values (what an edit starts from)."""
    return {
        t.lang: TextValue(
            t.question, t.answer, tuple(t.keywords or ()), Practical.from_dict(t.details)
        )
        for t in entry.texts
    }


async def find_entry(session: AsyncSession, slug: str) -> FaqEntry | None:
    return await session.scalar(select(FaqEntry).where(FaqEntry.slug == slug))


def _new_entry(item: FaqItem, actor_id: int | None) -> FaqEntry:
    now = utcnow()
    return FaqEntry(
        slug=item.slug,
        country=item.country,
        topic=item.topic,
        volatility=item.volatility,
        status=item.status,
        sources=list(item.sources),
        checked_on=item.checked_on,
        verified_at=item.verified_at,
        verified_by=(
            item.verified_by
            if item.has_verified_by
            else (actor_id if item.verified_at is not None else None)
        ),
        review_by=_review_by(item),
        revision=1,
        created_at=now,
        updated_at=now,
        updated_by=actor_id,
        texts=[_text_row(lang, t) for lang, t in sorted(item.texts.items())],
    )


def _text_row(lang: str, value: TextValue) -> FaqEntryText:
    return FaqEntryText(
        lang=lang,
        question=value.question,
        answer=value.answer,
        keywords=list(value.keywords),
        details=value.practical.as_dict(),
    )


def _review_by(item: FaqItem) -> date | None:
    if item.review_by is None and item.checked_on is not None:
        return next_review(item.checked_on, item.volatility)
    return item.review_by


async def create_items(
    session: AsyncSession, items: Sequence[FaqItem], *, actor_id: int | None
) -> int:
    """Insert new entries in one go (the starter base); slugs that exist are skipped.

    One flush and one version bump for the lot: loading the starter base on the first start
    must not cost a round trip per row."""
    slugs = [item.slug for item in items]
    existing = set(await session.scalars(select(FaqEntry.slug).where(FaqEntry.slug.in_(slugs))))
    entries = [_new_entry(item, actor_id) for item in items if item.slug not in existing]
    if not entries:
        return 0
    session.add_all(entries)
    await session.flush()
    session.add_all(
        FaqFeedback(entry_id=entry.id, shown=0, helpful=0, unhelpful=0) for entry in entries
    )
    await bump_version(session)
    return len(entries)


async def upsert_item(session: AsyncSession, item: FaqItem, *, actor_id: int | None) -> Change:
    """Create or update the entry ``item.slug`` so that it is exactly ``item``.

    ``review_by`` defaults to the review period of the volatility after ``checked_on``;
    ``verified_by`` is the file's when it gives one, else whoever changed ``verified_at``.
    Languages the item does not have are removed. Nothing changes (and nothing is bumped)
    when the entry already is ``item``.
    """
    review_by = _review_by(item)
    entry = await find_entry(session, item.slug)
    if entry is None:
        entry = _new_entry(item, actor_id)
        session.add(entry)
        await session.flush()
        session.add(FaqFeedback(entry_id=entry.id, shown=0, helpful=0, unhelpful=0))
        await bump_version(session)
        return "created"

    searchable = (
        entry.country != item.country
        or entry.topic != item.topic
        or entry.status != item.status
        or text_values(entry) != dict(item.texts)
    )
    verified_by = entry.verified_by
    if item.has_verified_by:
        verified_by = item.verified_by
    elif entry.verified_at != item.verified_at:
        verified_by = actor_id if item.verified_at is not None else None
    other = (
        entry.volatility != item.volatility
        or list(entry.sources or ()) != list(item.sources)
        or entry.checked_on != item.checked_on
        or entry.verified_at != item.verified_at
        or entry.review_by != review_by
        or entry.verified_by != verified_by
    )
    if not searchable and not other:
        return "unchanged"
    entry.country = item.country
    entry.topic = item.topic
    entry.status = item.status
    entry.volatility = item.volatility
    entry.sources = list(item.sources)
    entry.checked_on = item.checked_on
    entry.verified_at = item.verified_at
    entry.verified_by = verified_by
    entry.review_by = review_by
    _set_texts(entry, item.texts)
    _touch(entry, actor_id)
    if searchable:
        await bump_version(session)
    await session.flush()
    return "updated"


def _set_texts(entry: FaqEntry, texts: Mapping[str, TextValue]) -> None:
    by_lang = {t.lang: t for t in entry.texts}
    current = text_values(entry)
    for lang, value in texts.items():
        row = by_lang.get(lang)
        if row is None:
            entry.texts.append(_text_row(lang, value))
        elif current[lang] != value:
            row.question, row.answer = value.question, value.answer
            row.keywords = list(value.keywords)
            row.details = value.practical.as_dict()
    for lang, row in by_lang.items():
        if lang not in texts:
            entry.texts.remove(row)


def _touch(entry: FaqEntry, actor_id: int | None) -> None:
    entry.revision = (entry.revision or 0) + 1
    entry.updated_at = utcnow()
    entry.updated_by = actor_id


# ---- scope -------------------------------------------------------------------------------


async def entry_for(
    session: AsyncSession, access: Access, entry_id: int, *, action: str
) -> FaqEntry:
    """The entry, if this moderator's scope covers its country; a refusal is audited."""
    entry = await session.get(FaqEntry, entry_id)
    if entry is None:
        raise FaqAdminError("faq-admin-gone")
    await require_scope(session, access, entry.country, action=action, target=entry.slug)
    return entry


async def require_scope(
    session: AsyncSession, access: Access, country: str, *, action: str, target: str | None
) -> None:
    """Raise (and audit) unless the moderator covers ``country`` (``*`` needs every country)."""
    await refuse_unless(
        session,
        access.can_moderate(country),
        FaqAdminError("faq-admin-out-of-scope"),
        actor_id=access.user_id or None,
        action=action,
        target_kind=AUDIT_KIND,
        target_id=target,
        scope=country,
    )


def scope_countries(access: Access, known: Sequence[str] = ()) -> list[str]:
    """The countries a moderator works on, main host countries first, then ``*`` if covered."""
    countries = access.moderated_countries()
    if countries is None:
        pool = set(MAIN_HOST_COUNTRIES) | {c for c in known if c != GLOBAL_ENTRY}
        return [*_host_order(pool), GLOBAL_ENTRY]
    return _host_order({c for c in countries if c != GLOBAL_ENTRY})


def _host_order(countries: set[str]) -> list[str]:
    main = [c for c in MAIN_HOST_COUNTRIES if c in countries]
    return main + sorted(countries - set(main))


# ---- moderators' actions -------------------------------------------------------------------


async def mark_verified(
    session: AsyncSession, access: Access, entry_id: int, *, on: date | None = None
) -> FaqEntry:
    """The moderator confirms the entry: they compared it with its sources today. Sets
    verified_at/verified_by (the only way members see "confirmed by a moderator"), checked_on,
    and the next review date from the volatility. Audited."""
    entry = await entry_for(session, access, entry_id, action="faq.verify")
    day = on or today()
    entry.verified_at = day
    entry.verified_by = access.user_id
    entry.checked_on = day
    entry.review_by = next_review(day, Volatility(entry.volatility))
    _touch(entry, access.user_id)
    await audit(
        session,
        actor_id=access.user_id,
        action="faq.verify",
        target_kind=AUDIT_KIND,
        target_id=entry.slug,
        scope=entry.country,
        details={"review_by": entry.review_by.isoformat()},
    )
    await session.flush()
    return entry


async def edit_field(
    session: AsyncSession, access: Access, entry_id: int, field: str, raw: str
) -> FaqEntry:
    """Change one field from text typed in chat. Raises :class:`FieldError` for a bad value
    (nothing changes), :class:`FaqAdminError` for a refusal."""
    if field not in EDITABLE_FIELDS:
        raise FaqAdminError("faq-admin-gone")
    entry = await entry_for(session, access, entry_id, action="faq.edit")
    if field == "sources":
        sources = clean_sources(raw)
        if not sources and entry.topic not in UNSOURCED_TOPICS:
            raise FieldError("no-sources")
        entry.sources = list(sources)
    else:
        part, lang = field.split(".")
        texts = text_values(entry)
        current = texts.get(lang, TextValue("", "", ()))
        if part == "q":
            texts[lang] = replace(current, question=clean_question(raw))
        elif part == "a":
            texts[lang] = replace(current, answer=clean_answer(raw))
        elif part == "k":
            texts[lang] = replace(current, keywords=clean_keywords(raw))
        else:
            texts[lang] = replace(current, practical=_practical_with(current.practical, part, raw))
        if not texts[lang].question or not texts[lang].answer:
            raise FieldError("missing-lang", lang=lang)
        _set_texts(entry, texts)
        await bump_version(session)
    _touch(entry, access.user_id)
    await _audit_change(session, access, entry, "faq.edit", {"field": field})
    await session.flush()
    return entry


def _practical_with(practical: Practical, part: str, raw: str) -> Practical:
    """``practical`` with one field replaced by what the moderator typed ("-" clears it)."""
    text = "" if raw.strip() == "-" else raw
    value: str | tuple[str, ...] = (
        clean_lines(text) if part in PRACTICAL_LISTS else clean_line(text)
    )
    return replace(practical, **{part: value})  # type: ignore[arg-type]


async def set_volatility(
    session: AsyncSession, access: Access, entry_id: int, value: str
) -> FaqEntry:
    volatility = clean_volatility(value)
    entry = await entry_for(session, access, entry_id, action="faq.edit")
    entry.volatility = volatility
    checked = entry.checked_on or entry.verified_at
    if checked is not None:
        entry.review_by = next_review(checked, volatility)
    _touch(entry, access.user_id)
    await _audit_change(session, access, entry, "faq.edit", {"field": "volatility"})
    await session.flush()
    return entry


async def set_status(session: AsyncSession, access: Access, entry_id: int, value: str) -> FaqEntry:
    """Publish, take back to draft, or archive (archived and draft entries are not found)."""
    status = clean_status(value)
    entry = await entry_for(session, access, entry_id, action="faq.status")
    if entry.status != status:
        entry.status = status
        _touch(entry, access.user_id)
        await bump_version(session)
        await _audit_change(session, access, entry, "faq.status", {"status": str(status)})
        await session.flush()
    return entry


async def _audit_change(
    session: AsyncSession, access: Access, entry: FaqEntry, action: str, details: dict[str, str]
) -> None:
    await audit(
        session,
        actor_id=access.user_id,
        action=action,
        target_kind=AUDIT_KIND,
        target_id=entry.slug,
        scope=entry.country,
        details=details,
    )


@dataclass(frozen=True)
class Draft:
    """A new entry as the chat editor collected it."""

    country: str
    topic: str
    volatility: Volatility
    sources: tuple[str, ...]
    texts: Mapping[str, TextValue]


async def create_entry(
    session: AsyncSession, access: Access, draft: Draft, *, publish: bool
) -> FaqEntry:
    """Save a new entry written in chat: published as verified today by its author, or kept
    as a draft (not searchable, not verified)."""
    await require_scope(session, access, draft.country, action="faq.create", target=None)
    topic = check_topic(draft.country, draft.topic)
    slug = slug_for(draft.country, topic)
    if await find_entry(session, slug) is not None:
        raise FaqAdminError("faq-admin-exists")
    for lang in REQUIRED_LANGS:
        text = draft.texts.get(lang)
        if text is None or not text.question or not text.answer:
            raise FieldError("missing-lang", lang=lang)
    if not draft.sources and topic not in UNSOURCED_TOPICS:
        raise FieldError("no-sources")
    verified = today() if publish else None
    item = FaqItem(
        slug=slug,
        country=draft.country,
        topic=topic,
        volatility=draft.volatility,
        status=FaqStatus.PUBLISHED if publish else FaqStatus.DRAFT,
        sources=draft.sources,
        texts=dict(draft.texts),
        checked_on=verified,
        verified_at=verified,
        review_by=next_review(verified, draft.volatility) if verified else None,
        verified_by=access.user_id if verified else None,
        has_verified_by=True,
    )
    await upsert_item(session, item, actor_id=access.user_id)
    entry = await find_entry(session, slug)
    assert entry is not None
    await _audit_change(session, access, entry, "faq.create", {"status": str(item.status)})
    return entry


# ---- lists for moderators ------------------------------------------------------------------


@dataclass(frozen=True)
class ReviewRow:
    entry_id: int
    slug: str
    country: str
    topic: str
    status: FaqStatus
    verified_at: date | None
    review_by: date | None


# The columns of a ReviewRow, in its order.
_REVIEW_COLUMNS = (
    FaqEntry.id,
    FaqEntry.slug,
    FaqEntry.country,
    FaqEntry.topic,
    FaqEntry.status,
    FaqEntry.verified_at,
    FaqEntry.review_by,
)


def _review_rows(rows: Iterable[Sequence[Any]]) -> list[ReviewRow]:
    """Rows of :data:`_REVIEW_COLUMNS` as :class:`ReviewRow` values."""
    return [
        ReviewRow(i, slug, country, topic, FaqStatus(status), verified, review)
        for i, slug, country, topic, status, verified, review in rows
    ]


def _scope_filter(access: Access):  # type: ignore[no-untyped-def]
    countries = access.moderated_countries()
    if countries is None:
        return None
    return FaqEntry.country.in_(sorted(c for c in countries if c != GLOBAL_ENTRY))


def due_condition(day: date) -> ColumnElement[bool]:
    """Entries members can find (or drafts) whose review date is near or past."""
    return and_(
        FaqEntry.status != FaqStatus.ARCHIVED,
        or_(FaqEntry.review_by.is_(None), FaqEntry.review_by < day + DUE_SOON),
    )


async def due_for_review(
    session: AsyncSession,
    access: Access,
    *,
    on: date | None = None,
    limit: int = 10,
    offset: int = 0,
) -> tuple[list[ReviewRow], int]:
    """Entries of the moderator's countries due for review within :data:`DUE_SOON` or past it
    (not archived ones): the longest overdue first. And how many in all."""
    day = on or today()
    condition = [due_condition(day)]
    scope = _scope_filter(access)
    if scope is not None:
        condition.append(scope)
    total = int(
        await session.scalar(select(func.count()).select_from(FaqEntry).where(*condition)) or 0
    )
    rows = await session.execute(
        select(*_REVIEW_COLUMNS)
        .where(*condition)
        .order_by(FaqEntry.review_by.is_not(None), FaqEntry.review_by, FaqEntry.slug)
        .limit(limit)
        .offset(offset)
    )
    return _review_rows(rows), total


@dataclass(frozen=True)
class TopicCoverage:
    """One cell of the coverage table: a country's topic."""

    topic: str
    entry_id: int | None  # None: no entry
    status: FaqStatus | None
    review_by: date | None
    unhelpful: int  # open 👎 gaps of the entry (members who marked it unhelpful)

    def state(self, day: date) -> str:
        """``missing``, ``draft``, ``overdue``, ``due`` (within :data:`DUE_SOON`) or ``ok``."""
        if self.entry_id is None:
            return "missing"
        if self.status == FaqStatus.DRAFT:
            return "draft"
        if self.review_by is not None and self.review_by < day:
            return "overdue"
        if self.review_by is None or self.review_by < day + DUE_SOON:
            return "due"
        return "ok"


@dataclass(frozen=True)
class CountryCoverage:
    """A row of the coverage table: a country's topics, their review states and its gaps."""

    country: str
    topics: tuple[TopicCoverage, ...]
    gaps: int  # open knowledge gaps of the country (unanswered questions and 👎)
    day: date

    def count(self, state: str) -> int:
        return sum(1 for cell in self.topics if cell.state(self.day) == state)

    @property
    def entries(self) -> int:
        return sum(1 for cell in self.topics if cell.entry_id is not None)

    @property
    def total(self) -> int:
        return len(self.topics)

    @property
    def published(self) -> tuple[str, ...]:
        return tuple(c.topic for c in self.topics if c.status == FaqStatus.PUBLISHED)

    @property
    def drafts(self) -> tuple[str, ...]:
        return tuple(c.topic for c in self.topics if c.status == FaqStatus.DRAFT)

    @property
    def missing(self) -> tuple[str, ...]:
        return tuple(c.topic for c in self.topics if c.entry_id is None)


async def coverage(
    session: AsyncSession, access: Access, *, on: date | None = None
) -> list[CountryCoverage]:
    """The coverage table (country × topic: entries, due, overdue, gaps) of the moderator's
    countries (every country with entries and the main host countries for an all-countries
    moderator, and the global topics)."""
    day = on or today()
    rows = (
        await session.execute(
            select(
                FaqEntry.id,
                FaqEntry.slug,
                FaqEntry.country,
                FaqEntry.topic,
                FaqEntry.status,
                FaqEntry.review_by,
            ).where(FaqEntry.status != FaqStatus.ARCHIVED)
        )
    ).all()
    gap_rows = (
        await session.execute(
            select(FaqGap.country, FaqGap.kind, FaqGap.entry_slug, FaqGap.count).where(
                FaqGap.status == GapStatus.OPEN
            )
        )
    ).all()
    unhelpful: dict[str, int] = {}
    gaps_of: dict[str, int] = {}
    for country, kind, slug, count in gap_rows:
        gaps_of[country] = gaps_of.get(country, 0) + 1
        if kind == GapKind.UNHELPFUL and slug:
            unhelpful[slug] = unhelpful.get(slug, 0) + int(count or 0)
    known = sorted({row[2] for row in rows})
    table: list[CountryCoverage] = []
    for country in scope_countries(access, known):
        by_topic = {row[3]: row for row in rows if row[2] == country}
        cells = []
        for topic in topics_for(country):
            row = by_topic.get(topic)
            if row is None:
                cells.append(TopicCoverage(topic, None, None, None, 0))
                continue
            entry_id, slug, _, _, status, review_by = row
            cells.append(
                TopicCoverage(topic, entry_id, FaqStatus(status), review_by, unhelpful.get(slug, 0))
            )
        table.append(CountryCoverage(country, tuple(cells), gaps_of.get(country, 0), day))
    return table


@dataclass(frozen=True)
class ReviewDigest:
    """What a moderator's weekly digest lists for their countries."""

    due: tuple[ReviewRow, ...]  # due soon or overdue, the longest overdue first
    due_total: int
    unhelpful: tuple[tuple[str, int], ...]  # (slug, members who marked it 👎), most first
    gaps: int  # open unanswered-question gaps
    asked: int  # members who asked them

    @property
    def empty(self) -> bool:
        return not (self.due_total or self.unhelpful or self.gaps)


async def review_digest(
    session: AsyncSession, access: Access, *, on: date | None = None, limit: int = 8
) -> ReviewDigest:
    """The weekly digest of the moderator's countries (see :class:`ReviewDigest`)."""
    due, due_total = await due_for_review(session, access, on=on, limit=limit)
    statement = select(FaqGap.kind, FaqGap.entry_slug, FaqGap.count).where(
        FaqGap.status == GapStatus.OPEN
    )
    countries = access.moderated_countries()
    if countries is not None:
        statement = statement.where(FaqGap.country.in_(sorted(countries)))
    unhelpful: dict[str, int] = {}
    gaps = asked = 0
    for kind, slug, count in await session.execute(statement):
        if kind == GapKind.UNHELPFUL and slug:
            unhelpful[slug] = unhelpful.get(slug, 0) + int(count or 0)
        else:
            gaps += 1
            asked += int(count or 0)
    ranked = sorted(unhelpful.items(), key=lambda item: (-item[1], item[0]))[:limit]
    return ReviewDigest(tuple(due), due_total, tuple(ranked), gaps, asked)


async def entries_of(session: AsyncSession, country: str) -> list[ReviewRow]:
    """Every entry of a country (any status) in topic order."""
    rows = await session.execute(select(*_REVIEW_COLUMNS).where(FaqEntry.country == country))
    order = topics_for(country)
    found = _review_rows(rows)
    return sorted(
        found, key=lambda r: (order.index(r.topic) if r.topic in order else len(order), r.slug)
    )


async def close_gap(session: AsyncSession, access: Access, gap_id: int) -> int:
    """A moderator of the gap's country closes it (answered, or not a real question); its
    questions are deleted. Returns how many members had asked."""
    gap = await session.get(FaqGap, gap_id)
    if gap is None or gap.status != GapStatus.OPEN:
        raise FaqAdminError("faq-admin-gap-gone")
    await require_scope(session, access, gap.country, action="faq.gap_close", target=str(gap.id))
    asked = await service.close_gap(session, gap)
    await audit(
        session,
        actor_id=access.user_id,
        action="faq.gap_close",
        target_kind="faq_gap",
        target_id=str(gap.id),
        scope=gap.country,
        details={"kind": str(gap.kind), "asked": asked},
    )
    return asked
