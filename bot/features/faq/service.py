"""Asking the knowledge base: the search index of the process, answer cards, feedback, gaps.

No aiogram here: the bot, the CLI (``python -m bot faq search``) and tests call these functions
with a session and plain values. Nothing here commits.

The search index
----------------
:class:`FaqLibrary` holds one :class:`~bot.search.FaqSearchIndex` over the *published* entries
for the whole process. Every change to entries bumps the single row of ``faq_index_version``
in the same transaction (:func:`bump_version`); before each search the library reads that row
(one primary-key lookup) and rebuilds when it moved, so every bot replica, worker and CLI
process follows a moderator's edit on its next question. The version is read *before* the
entries: a build can only be newer than its label, never older, so a process never keeps a
stale index under a current version. Rebuilding runs in a thread; while it runs, questions
wait for it up to ``rebuild_wait`` seconds and are answered from the previous index after that
(a 10,000-entry base takes seconds to build), never from nothing.
"""

from __future__ import annotations

import asyncio
import functools
import hashlib
import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Final

from sqlalchemy import ColumnElement, Select, Update, bindparam, delete, func, select, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from sqlalchemy.orm import joinedload

from bot.access import Access
from bot.db.crypto import pseudonym, pseudonyms
from bot.db.models import (
    GLOBAL_ENTRY,
    FaqEntry,
    FaqEntryText,
    FaqFeedback,
    FaqGap,
    FaqGapQuestion,
    FaqIndexVersion,
    FaqStatus,
    FaqVote,
    GapKind,
    GapStatus,
    Group,
    GroupStatus,
    Volatility,
)
from bot.db.models.faq import FAQ_VOTER, GAP_ASKER
from bot.db.types import utcnow
from bot.features.faq import gap_signature
from bot.features.faq.topics import topics_for
from bot.features.faq.validation import Practical
from bot.search import (
    MIN_SCORE,
    SIMILAR,
    FaqDocument,
    FaqSearchIndex,
    FaqText,
    question_signature,
)

log = logging.getLogger(__name__)

#: The id of the one ``faq_index_version`` row (created by migration 0004).
INDEX_VERSION_ID: Final = 1
#: How many matches a member is shown for one question (the best one and the others as buttons).
ANSWER_LIMIT: Final = 4
#: A gap keeps at most this much of a question.
GAP_QUESTION_MAX: Final = 300
#: One member's questions in open gaps at most: past it their questions are still answered,
#: but no longer fill the moderators' list (one person cannot flood it).
GAP_QUESTIONS_PER_MEMBER: Final = 20
# Grouping compares a new question with this many recently seen open gaps of its country.
_GAP_CANDIDATES: Final = 500


# ---- the index of the process ----------------------------------------------------------


@dataclass(frozen=True)
class LoadedIndex:
    """An index and the ``faq_index_version`` it was built for."""

    version: int
    index: FaqSearchIndex
    ids: Mapping[str, int]  # slug -> entry id


# How long a question waits for a rebuild before it is answered from the previous index. The
# test suite raises it (tests/conftest.py): on a machine busy with other work a rebuild may take
# longer, and a story that asks right after an edit must see the edit.
REBUILD_WAIT_SECONDS = 5.0


class FaqLibrary:
    """The search index of one process over the published entries, kept current.

    One instance per process (the faq feature's routers make the bot's; the CLI makes
    its own). Safe to share between concurrent updates: one rebuild at a time per version.
    """

    def __init__(self, *, rebuild_wait: float | None = None) -> None:
        self.rebuild_wait = REBUILD_WAIT_SECONDS if rebuild_wait is None else rebuild_wait
        self._loaded: LoadedIndex | None = None
        self._building: asyncio.Task[LoadedIndex] | None = None
        self._building_version: int | None = None
        # Builds are numbered as they start; a build is adopted only if no later-started one
        # was adopted first (versions are compared for equality only: a restored database
        # may go back to a lower one).
        self._started = 0
        self._adopted = 0
        self._warming: asyncio.Task[None] | None = None

    @property
    def builds(self) -> int:
        """How many builds this process started (one per version it saw)."""
        return self._started

    @property
    def loaded(self) -> LoadedIndex | None:
        """The index in use now (``None`` before the first question)."""
        return self._loaded

    async def current(self, session: AsyncSession) -> LoadedIndex:
        """The index for the base as it is in the database now (see the module docstring)."""
        version = await index_version(session)
        loaded = self._loaded
        if loaded is not None and loaded.version == version:
            return loaded
        task = self._building if self._building_version == version else None
        if task is None:
            documents, ids = await published_documents(session)
            # Another update may have started this very build while the entries were read.
            task = self._building if self._building_version == version else None
            if task is None:
                self._started += 1
                task = asyncio.create_task(
                    self._build(self._started, version, documents, ids),
                    name=f"faq-index-v{version}",
                )
                self._building, self._building_version = task, version
        if loaded is None:
            return await asyncio.shield(task)
        try:
            return await asyncio.wait_for(asyncio.shield(task), self.rebuild_wait)
        except TimeoutError:
            log.info("faq index v%s still building; answering from v%s", version, loaded.version)
            return loaded

    def warm(self, sessions: async_sessionmaker[AsyncSession]) -> None:
        """Start building the index now (the bot's start-up) without waiting for it, so that
        no member's first question pays for the build (a question meanwhile joins it); the
        build itself runs off the event loop (:meth:`_build`). :meth:`settle` awaits it."""

        async def build() -> None:
            async with sessions() as session:
                await self.current(session)

        if self._warming is None:
            self._warming = asyncio.create_task(build(), name="faq-index-warm")

    async def settle(self) -> None:
        """Wait for the start-up build (at shutdown: before the engine it reads is closed)."""
        warming, self._warming = self._warming, None
        if warming is not None:
            try:
                await warming
            except Exception as error:  # the first question builds it again
                log.warning("faq index: the start-up build failed (%s)", type(error).__name__)

    async def _build(
        self, number: int, version: int, documents: list[FaqDocument], ids: dict[str, int]
    ) -> LoadedIndex:
        try:
            fingerprint = _fingerprint(documents)
            index = _BUILT.get(fingerprint)
            if index is None:
                index = await asyncio.to_thread(FaqSearchIndex.build, documents)
                _BUILT[fingerprint] = index
                while len(_BUILT) > _BUILT_KEPT:
                    del _BUILT[next(iter(_BUILT))]
        finally:
            if self._building_version == version:
                self._building, self._building_version = None, None
        built = LoadedIndex(version, index, ids)
        if number > self._adopted:
            self._loaded, self._adopted = built, number
            log.info("faq index v%s: %s entries", version, len(index))
        return built


# Indexes built in this process, by the content they index: another library of the process
# (a second Dispatcher, the worker's, a test's) over the same entries reuses one instead of
# spending seconds of CPU on the same build. Indexes are not changed after they are built.
_BUILT: dict[str, FaqSearchIndex] = {}
_BUILT_KEPT: Final = 2


def _fingerprint(documents: Sequence[FaqDocument]) -> str:
    digest = hashlib.sha256()
    for document in documents:
        digest.update(f"{document.slug}\x1e{document.country}\x1e{document.topic}".encode())
        for lang in sorted(document.texts):
            text = document.texts[lang]
            parts = (lang, text.question, text.answer, *text.keywords)
            digest.update(("\x1e" + "\x1f".join(parts)).encode())
    return digest.hexdigest()


@functools.cache
def _index_version_query() -> Select[int]:
    """Built once per process: every question reads the version first."""
    return select(FaqIndexVersion.version).where(FaqIndexVersion.id == INDEX_VERSION_ID)


async def index_version(session: AsyncSession) -> int:
    return int(await session.scalar(_index_version_query()) or 0)


async def bump_version(session: AsyncSession) -> None:
    """Tell every process that the searchable entries changed (call with every change)."""
    result = await session.execute(
        update(FaqIndexVersion)
        .where(FaqIndexVersion.id == INDEX_VERSION_ID)
        .values(version=FaqIndexVersion.version + 1, changed_at=utcnow())
    )
    if not getattr(result, "rowcount", 0):
        session.add(FaqIndexVersion(id=INDEX_VERSION_ID, version=1, changed_at=utcnow()))
        await session.flush()


async def published_documents(session: AsyncSession) -> tuple[list[FaqDocument], dict[str, int]]:
    """Every published entry as the index needs it (plain rows, no ORM objects)."""
    entries = (
        await session.execute(
            select(FaqEntry.id, FaqEntry.slug, FaqEntry.country, FaqEntry.topic)
            .where(FaqEntry.status == FaqStatus.PUBLISHED)
            .order_by(FaqEntry.slug)
        )
    ).all()
    texts: dict[int, dict[str, FaqText]] = {}
    rows = await session.execute(
        select(
            FaqEntryText.entry_id,
            FaqEntryText.lang,
            FaqEntryText.question,
            FaqEntryText.answer,
            FaqEntryText.keywords,
        )
        .join(FaqEntry, FaqEntry.id == FaqEntryText.entry_id)
        .where(FaqEntry.status == FaqStatus.PUBLISHED)
    )
    for entry_id, lang, question, answer, keywords in rows:
        texts.setdefault(entry_id, {})[lang] = FaqText(
            question=question, answer=answer, keywords=tuple(keywords or ())
        )
    documents = [
        FaqDocument(slug=slug, country=country, topic=topic, texts=texts.get(entry_id, {}))
        for entry_id, slug, country, topic in entries
    ]
    return documents, {slug: entry_id for entry_id, slug, _, _ in entries}


# ---- asking ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Match:
    """One answer to a question (title in the asker's language when the entry has it)."""

    entry_id: int
    slug: str
    country: str
    topic: str
    lang: str
    title: str
    score: float


@dataclass(frozen=True)
class Asked:
    """What the base answered to one question."""

    question: str
    matches: tuple[Match, ...]
    country: str | None  # named in the question, else the profile's
    signature: tuple[str, ...] = field(default=())

    @property
    def good(self) -> bool:
        """The best match is a real answer (not only "maybe one of these")."""
        return bool(self.matches) and self.matches[0].score >= MIN_SCORE

    @property
    def meaningful(self) -> bool:
        """The text asks about something (not only "thanks", "hi" or an emoji)."""
        return bool(self.signature) or bool(self.matches)


async def ask(
    session: AsyncSession,
    library: FaqLibrary,
    question: str,
    *,
    country: str | None,
    lang: str | None,
    limit: int = ANSWER_LIMIT,
) -> Asked:
    """Search the published entries. ``country`` is the asker's profile country; a country
    the question names wins. ``lang`` picks the language of titles (``None``: the question's)."""
    loaded = await library.current(session)
    hits, effective = loaded.index.ask(question, country=country, lang=lang, limit=limit)
    matches = tuple(
        Match(loaded.ids[h.slug], h.slug, h.country, h.topic, h.lang, h.title, h.score)
        for h in hits
        if h.slug in loaded.ids
    )
    return Asked(question, matches, effective, question_signature(question))


# ---- answer cards ------------------------------------------------------------------------


@dataclass(frozen=True)
class Card:
    """An entry as a member reads it, in one language."""

    entry_id: int
    slug: str
    country: str
    topic: str
    lang: str
    question: str
    answer: str
    sources: tuple[str, ...]
    verified_at: date | None
    review_by: date | None
    volatility: Volatility
    status: FaqStatus
    checked_on: date | None = None
    practical: Practical = field(default_factory=Practical)

    def overdue(self, today: date) -> bool:
        """Its review date has passed: the facts may have changed since."""
        return self.review_by is not None and self.review_by < today

    @property
    def confirmed(self) -> bool:
        """A moderator confirmed the answer in the bot (never true of the starter base)."""
        return self.verified_at is not None


def card_of(entry: FaqEntry, lang: str) -> Card:
    text = entry.text(lang)
    return Card(
        entry_id=entry.id,
        slug=entry.slug,
        country=entry.country,
        topic=entry.topic,
        lang=text.lang if text is not None else lang,
        question=text.question if text is not None else entry.slug,
        answer=text.answer if text is not None else "",
        sources=tuple(entry.sources or ()),
        verified_at=entry.verified_at,
        review_by=entry.review_by,
        volatility=Volatility(entry.volatility),
        status=FaqStatus(entry.status),
        checked_on=entry.checked_on,
        practical=Practical.from_dict(text.details if text is not None else None),
    )


async def card(
    session: AsyncSession, entry_id: int, lang: str, *, published_only: bool = True
) -> Card | None:
    """The entry in ``lang`` (else Russian, else English); ``None`` when it is gone or, with
    ``published_only``, not published (a draft or archived entry is not shown to members)."""
    entry = await session.get(FaqEntry, entry_id)
    if entry is None or (published_only and entry.status != FaqStatus.PUBLISHED):
        return None
    return card_of(entry, lang)


@functools.cache
def _published_entries_query() -> Select[FaqEntry]:
    """Published entries of the bound ``ids``, built once per process (every answer reads its
    card and the other answers with it)."""
    return (
        select(FaqEntry)
        .where(
            FaqEntry.id.in_(bindparam("ids", expanding=True)),
            FaqEntry.status == FaqStatus.PUBLISHED,
        )
        # The texts in the same statement (a join), not in a second one as elsewhere.
        .options(joinedload(FaqEntry.texts))
    )


async def cards(session: AsyncSession, entry_ids: Sequence[int], lang: str) -> list[Card]:
    """Published entries in the order asked (missing ones left out)."""
    if not entry_ids:
        return []
    rows = await session.scalars(_published_entries_query(), {"ids": list(entry_ids)})
    by_id = {entry.id: entry for entry in rows.unique()}
    return [card_of(by_id[i], lang) for i in entry_ids if i in by_id]


# ---- browsing by topic -------------------------------------------------------------------


@dataclass(frozen=True)
class TopicLink:
    entry_id: int
    country: str
    topic: str


async def topics(session: AsyncSession, country: str | None) -> list[TopicLink]:
    """The published entries of ``country`` in topic order, then the global ones."""
    scopes = [GLOBAL_ENTRY] if country is None else [country, GLOBAL_ENTRY]
    rows = (
        await session.execute(
            select(FaqEntry.id, FaqEntry.country, FaqEntry.topic).where(
                FaqEntry.status == FaqStatus.PUBLISHED, FaqEntry.country.in_(scopes)
            )
        )
    ).all()
    order = {c: i for i, c in enumerate(scopes)}
    links = [TopicLink(entry_id, c, topic) for entry_id, c, topic in rows]

    def position(link: TopicLink) -> tuple[int, int, str]:
        known = topics_for(link.country)
        rank = known.index(link.topic) if link.topic in known else len(known)
        return order[link.country], rank, link.topic

    return sorted(links, key=position)


async def countries_with_entries(session: AsyncSession) -> list[str]:
    """Countries that have published entries (for "another country"), by number of entries."""
    rows = (
        await session.execute(
            select(FaqEntry.country, func.count())
            .where(FaqEntry.status == FaqStatus.PUBLISHED, FaqEntry.country != GLOBAL_ENTRY)
            .group_by(FaqEntry.country)
        )
    ).all()
    return [country for country, _ in sorted(rows, key=lambda row: (-row[1], row[0]))]


# ---- feedback ------------------------------------------------------------------------------


async def count_shown(session: AsyncSession, entry_id: int) -> None:
    """One more time this entry was the answer to a question."""
    await _bump_counter(session, entry_id, shown=1)


def voted_by(member_id: int) -> ColumnElement[bool]:
    """Votes of ``member_id`` (by pseudonym, under every configured key)."""
    return FaqVote.member_key.in_(pseudonyms(FAQ_VOTER, member_id))


def asked_by(member_id: int) -> ColumnElement[bool]:
    """Gap questions of ``member_id`` (by pseudonym, under every configured key)."""
    return FaqGapQuestion.member_key.in_(pseudonyms(GAP_ASKER, member_id))


async def my_vote(session: AsyncSession, member_id: int, entry_id: int) -> bool | None:
    """The member's vote on the entry: helpful or not, ``None`` when they have not voted."""
    return await session.scalar(
        select(FaqVote.helpful).where(voted_by(member_id), FaqVote.entry_id == entry_id)
    )


async def vote(session: AsyncSession, *, member_id: int, entry_id: int, helpful: bool) -> bool:
    """Record a member's 👍/👎 (one per member and entry; a new vote replaces the old).

    Returns whether anything changed (pressing the same button twice changes nothing).
    """
    existing = await session.scalar(
        select(FaqVote).where(voted_by(member_id), FaqVote.entry_id == entry_id)
    )
    if existing is not None:
        if existing.helpful == helpful:
            return False
        existing.helpful = helpful
        existing.voted_at = utcnow()
        await _bump_counter(
            session, entry_id, helpful=1 if helpful else -1, unhelpful=-1 if helpful else 1
        )
        return True
    session.add(
        FaqVote(
            member_key=pseudonym(FAQ_VOTER, member_id),
            member_ref=member_id,
            entry_id=entry_id,
            helpful=helpful,
        )
    )
    await _bump_counter(session, entry_id, helpful=int(helpful), unhelpful=int(not helpful))
    return True


@functools.cache
def _bump_statement() -> Update:
    """The counters' UPDATE with bound values, built once per process: every answer shown
    runs it, and building it cost more than running it on SQLite (``bench/updates.py``)."""
    return (
        update(FaqFeedback)
        .where(FaqFeedback.entry_id == bindparam("entry"))
        .values(
            shown=FaqFeedback.shown + bindparam("shown"),
            helpful=FaqFeedback.helpful + bindparam("helpful"),
            unhelpful=FaqFeedback.unhelpful + bindparam("unhelpful"),
        )
    )


async def _bump_counter(
    session: AsyncSession, entry_id: int, *, shown: int = 0, helpful: int = 0, unhelpful: int = 0
) -> None:
    # One atomic UPDATE: concurrent votes on a popular answer never lose a count.
    result = await session.execute(
        _bump_statement(),
        {"entry": entry_id, "shown": shown, "helpful": helpful, "unhelpful": unhelpful},
    )
    if not getattr(result, "rowcount", 0):
        # Entries get their counters row when created; this covers rows made by hand.
        session.add(
            FaqFeedback(
                entry_id=entry_id,
                shown=max(shown, 0),
                helpful=max(helpful, 0),
                unhelpful=max(unhelpful, 0),
            )
        )
        await session.flush()


# ---- knowledge gaps ------------------------------------------------------------------------


def clean_question(text: str) -> str:
    """A question as a gap keeps it: one line, bounded."""
    return " ".join(text.split())[:GAP_QUESTION_MAX]


async def record_gap(
    session: AsyncSession,
    *,
    kind: GapKind,
    question: str | None,
    member_id: int,
    country: str | None,
    lang: str,
    entry_slug: str | None = None,
) -> FaqGap | None:
    """Pass a question the base did not answer well to the moderators.

    An unanswered question (``NO_MATCH``) joins the open gap of the same country whose
    signature is most similar (at least :data:`~bot.search.SIMILAR`), else opens a new one;
    questions without content words ("thanks!") are not gaps. An unhelpful answer
    (``UNHELPFUL``) joins the open gap of that entry. A member counts once per gap: asking
    again refreshes their question. Returns the gap, or ``None`` when nothing was recorded.
    """
    text = clean_question(question or "")
    signature = question_signature(text) if text else ()
    if kind is GapKind.NO_MATCH and not signature:
        return None
    place = country or GLOBAL_ENTRY
    sealed = gap_signature.signatures(signature)
    gap = await _matching_gap(session, kind, place, sealed, entry_slug)
    mine = None
    if gap is not None:
        mine = await session.scalar(
            select(FaqGapQuestion).where(FaqGapQuestion.gap_id == gap.id, asked_by(member_id))
        )
    if mine is None and await _open_questions_of(session, member_id) >= GAP_QUESTIONS_PER_MEMBER:
        return None
    now = utcnow()
    if gap is None:
        gap = FaqGap(
            kind=kind,
            status=GapStatus.OPEN,
            signature=sealed[0],
            entry_slug=entry_slug,
            country=place,
            lang=lang,
            count=0,
            first_seen=now,
            last_seen=now,
        )
        session.add(gap)
        await session.flush()
    if mine is None:
        session.add(
            FaqGapQuestion(
                gap_id=gap.id,
                member_key=pseudonym(GAP_ASKER, member_id),
                member_ref=member_id,
                text=text,
                asked_at=now,
            )
        )
        gap.count += 1
    else:
        if text:
            mine.text = text
        mine.asked_at = now
    if not gap.signature and signature:
        gap.signature = sealed[0]
    gap.last_seen = now
    await session.flush()
    return gap


async def _open_questions_of(session: AsyncSession, member_id: int) -> int:
    return int(
        await session.scalar(
            select(func.count())
            .select_from(FaqGapQuestion)
            .join(FaqGap, FaqGap.id == FaqGapQuestion.gap_id)
            .where(asked_by(member_id), FaqGap.status == GapStatus.OPEN)
        )
        or 0
    )


async def _matching_gap(
    session: AsyncSession,
    kind: GapKind,
    country: str,
    signatures: Sequence[str],
    entry_slug: str | None,
) -> FaqGap | None:
    """The open gap this question joins. ``signatures``: the question's, one per configured key
    (a gap grouped before a key rotation still matches)."""
    statement = select(FaqGap).where(
        FaqGap.status == GapStatus.OPEN, FaqGap.kind == kind, FaqGap.country == country
    )
    if kind is GapKind.UNHELPFUL:
        return await session.scalar(statement.where(FaqGap.entry_slug == entry_slug).limit(1))
    candidates = await session.scalars(
        statement.order_by(FaqGap.last_seen.desc()).limit(_GAP_CANDIDATES)
    )
    best: tuple[float, int, FaqGap] | None = None
    for gap in candidates:
        similarity = gap_signature.best_similarity(signatures, gap.signature)
        if similarity >= SIMILAR and (best is None or (similarity, gap.count) > best[:2]):
            best = (similarity, gap.count, gap)
    return best[2] if best is not None else None


@dataclass(frozen=True)
class GapView:
    """A gap as moderators see it: no member ids, only what was asked."""

    id: int
    kind: GapKind
    country: str
    entry_slug: str | None
    count: int
    first_seen: date
    last_seen: date
    questions: tuple[str, ...]  # the most recent first


def _gap_scope(access: Access) -> list[str] | None:
    countries = access.moderated_countries()
    return None if countries is None else sorted(countries)


async def open_gaps(
    session: AsyncSession, access: Access, *, limit: int = 8, offset: int = 0
) -> tuple[list[GapView], int]:
    """Open gaps in the moderator's countries, most asked first; and how many there are."""
    statement = select(FaqGap).where(FaqGap.status == GapStatus.OPEN)
    counting = select(func.count()).select_from(FaqGap).where(FaqGap.status == GapStatus.OPEN)
    scope = _gap_scope(access)
    if scope is not None:
        statement = statement.where(FaqGap.country.in_(scope))
        counting = counting.where(FaqGap.country.in_(scope))
    total = int(await session.scalar(counting) or 0)
    gaps = await session.scalars(
        statement.order_by(FaqGap.count.desc(), FaqGap.last_seen.desc(), FaqGap.id)
        .limit(limit)
        .offset(offset)
    )
    views: list[GapView] = []
    for gap in gaps:
        texts = await session.scalars(
            select(FaqGapQuestion.text)
            .where(FaqGapQuestion.gap_id == gap.id, FaqGapQuestion.text != "")
            .order_by(FaqGapQuestion.asked_at.desc())
            .limit(3)
        )
        views.append(
            GapView(
                id=gap.id,
                kind=GapKind(gap.kind),
                country=gap.country,
                entry_slug=gap.entry_slug,
                count=gap.count,
                first_seen=gap.first_seen.date(),
                last_seen=gap.last_seen.date(),
                questions=tuple(texts),
            )
        )
    return views, total


async def close_gap(session: AsyncSession, gap: FaqGap) -> int:
    """Close a gap: its questions (what members typed, with their ids) are deleted; the gap
    row keeps only counters. Returns how many members had asked."""
    await session.execute(delete(FaqGapQuestion).where(FaqGapQuestion.gap_id == gap.id))
    gap.status = GapStatus.CLOSED
    gap.closed_at = utcnow()
    gap.signature = ""
    await session.flush()
    return gap.count


async def forget_gap_questions(session: AsyncSession, member_id: int) -> None:
    """Erasure: remove a member's questions; regroup what is left (a gap asked only by them
    disappears, the others take their signature from the oldest question left)."""
    gap_ids = set(await session.scalars(select(FaqGapQuestion.gap_id).where(asked_by(member_id))))
    await session.execute(delete(FaqGapQuestion).where(asked_by(member_id)))
    for gap_id in sorted(gap_ids):
        gap = await session.get(FaqGap, gap_id)
        if gap is None:
            continue
        left = list(
            await session.scalars(
                select(FaqGapQuestion.text)
                .where(FaqGapQuestion.gap_id == gap_id)
                .order_by(FaqGapQuestion.asked_at, FaqGapQuestion.id)
            )
        )
        if not left:
            await session.delete(gap)
            continue
        gap.count = len(left)
        gap.signature = oldest_signature(left)
    await session.flush()


def oldest_signature(texts: Sequence[str]) -> str:
    """A gap's signature: that of its oldest question with words (``texts`` oldest first)."""
    oldest = next((text for text in texts if text), "")
    return gap_signature.signature(question_signature(oldest)) if oldest else ""


async def rekey_gap_signatures(session: AsyncSession) -> int:
    """``rotate-key``: every open gap's signature again, under the first key, from its oldest
    question (kept encrypted); returns how many gaps were rewritten."""
    count = 0
    for gap in list(await session.scalars(select(FaqGap).where(FaqGap.status == GapStatus.OPEN))):
        texts = await session.scalars(
            select(FaqGapQuestion.text)
            .where(FaqGapQuestion.gap_id == gap.id)
            .order_by(FaqGapQuestion.asked_at, FaqGapQuestion.id)
        )
        signature = oldest_signature(list(texts))
        if signature or not gap.signature:
            gap.signature = signature
            count += 1
    await session.flush()
    return count


# ---- where else to turn ------------------------------------------------------------------

#: Interests of groups that help when the knowledge base cannot: papers and banks ...
PAPERS_AND_BANKS: Final = frozenset({"legal", "banking"})
#: ... and a person in crisis.
SUPPORT: Final = frozenset({"psychology"})


@dataclass(frozen=True)
class GroupLink:
    """A published directory group to offer a member (its link opens it in Telegram)."""

    id: int
    title: str
    link: str


async def groups_for(
    session: AsyncSession,
    *,
    country: str | None,
    city: str | None,
    interests: frozenset[str],
    limit: int = 3,
) -> list[GroupLink]:
    """Published groups of ``country`` (and transnational ones) about any of ``interests``:
    the member's city first, then the whole country, other cities, transnational; verified
    before unverified. Demo groups count like any other (the demo has nothing else)."""
    places = [GLOBAL_ENTRY] if country is None else [country, GLOBAL_ENTRY]
    rows = await session.scalars(
        select(Group).where(Group.status == GroupStatus.PUBLISHED, Group.country.in_(places))
    )

    def rank(group: Group) -> tuple[int, bool, str]:
        if group.country == GLOBAL_ENTRY:
            tier = 3
        elif group.city is None:
            tier = 1
        else:
            tier = 0 if group.city == city else 2
        return tier, group.verified_at is None, group.title.casefold()

    matching = [group for group in rows if interests.intersection(group.interests or ())]
    return [GroupLink(g.id, g.title, g.link) for g in sorted(matching, key=rank)[:limit]]
