"""Moderators and the knowledge base: ``/faq_admin`` and its screens.

Reached by ``/faq_admin`` (``/faq_admin ge/bank-account`` opens one entry) and by the
"🛠 Moderate" button that answer cards show to the moderators of the entry's country. The
router carries the moderator role gate; every action on an entry or a gap re-checks the
moderator's countries in :mod:`bot.features.faq.editing` (audited), because callback data is
forgeable.

Screens: entries to review (never verified or past review_by), knowledge gaps, the coverage
table per country, the entries of a country, one entry (verify, edit a field, volatility,
publish/draft/archive), and a step-by-step editor for a new entry.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from typing import Any, Final
from urllib.parse import urlsplit

from aiogram import F, Router
from aiogram.filters import Command, CommandObject
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State
from aiogram.types import (
    CallbackQuery,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    Message,
    TelegramObject,
)
from aiogram_i18n import I18nContext
from sqlalchemy.ext.asyncio import AsyncSession

from bot.access import Access
from bot.db.models import (
    GLOBAL_ENTRY,
    FaqEntry,
    FaqFeedback,
    FaqStatus,
    Member,
    Role,
    Volatility,
)
from bot.errors import DomainError
from bot.features.common.keyboards import back_to_menu_button
from bot.features.faq import editing, service
from bot.features.faq.editing import Draft, FaqAdminError
from bot.features.faq.keyboards import FaqModCb, FaqStepCb
from bot.features.faq.render import card_text, day, flag, place_label, short, topic_label
from bot.features.faq.sources import facts_of, format_source_date, source_date
from bot.features.faq.states import NEW_ENTRY_STEPS, FaqEdit
from bot.features.faq.topics import UNSOURCED_TOPICS, slug_for, topics_for
from bot.features.faq.validation import (
    FieldError,
    TextValue,
    clean_answer,
    clean_keywords,
    clean_question,
    clean_sources,
)
from bot.i18n import escape
from bot.middlewares.roles import RequireRole, audited
from bot.ui import steps
from bot.ui.keyboards import InlineKeyboardBuilder, pager
from bot.ui.screens import Target, drop_step_buttons, edit_or_answer
from bot.ui.steps import StepContext, StepEngine, Steps, StepView, Turn, advance

PAGE: Final = 8
GAPS_PAGE: Final = 6  # each gap shows up to three questions: a page stays well under 4096
# A coverage table longer than this ends with "and N more countries" (Telegram allows 4096).
_COVERAGE_MAX: Final = 3600
# The review screen notes this many sources beside the answer ("facts" shows them all).
_NOTES_SOURCES: Final = 4
_FACTS_MAX: Final = 3600


def _field_label(i18n: I18nContext, field: str) -> str:
    """ "Answer RU", "Steps EN", "Sources" for a field of :data:`editing.EDITABLE_FIELDS`."""
    if field == "sources":
        return i18n.get("faq-field-sources")
    part, lang = field.split(".")
    return i18n.get(f"faq-field-{part}", lang=lang.upper())


# FieldError codes a moderator can meet in chat, and their catalog messages.
_ERRORS: Final = {
    "empty": "faq-edit-error-empty",
    "missing": "faq-edit-error-empty",
    "too-long": "faq-edit-error-too-long",
    "too-many": "faq-edit-error-too-many",
    "bad-url": "faq-edit-error-bad-url",
    "no-sources": "faq-edit-error-no-sources",
    "missing-lang": "faq-edit-error-missing-lang",
}


def _button(text: str, **data: Any) -> InlineKeyboardButton:
    return InlineKeyboardButton(text=text, callback_data=FaqModCb(**data).pack())


def _back_home(i18n: I18nContext) -> InlineKeyboardButton:
    return _button(i18n.get("faq-admin-to-home"), action="home")


def _countries(i18n: I18nContext, access: Access, action: str) -> InlineKeyboardMarkup:
    """The moderator's countries, each a button of ``action``, and the way home."""
    builder = InlineKeyboardBuilder()
    for code in editing.scope_countries(access):
        builder.button(
            text=place_label(i18n, code), callback_data=FaqModCb(action=action, value=code)
        )
    builder.adjust(2)
    builder.row(_back_home(i18n))
    return builder.as_markup()


def _page(value: str) -> int:
    return int(value) if value.isdigit() and len(value) < 6 else 0


# ---- home ----------------------------------------------------------------------------------


async def _home_view(
    i18n: I18nContext, session: AsyncSession, access: Access
) -> tuple[str, InlineKeyboardMarkup]:
    _, due = await editing.due_for_review(session, access, limit=0)
    _, gaps = await service.open_gaps(session, access, limit=0)
    countries = editing.scope_countries(access)
    scope = (
        i18n.get("scope-all")
        if access.moderated_countries() is None
        else ", ".join(place_label(i18n, c) for c in countries)
    )
    text = i18n.get("faq-admin-home", scope=scope, due=due, gaps=gaps)
    markup = InlineKeyboardMarkup(
        inline_keyboard=[
            [
                _button(i18n.get("faq-admin-due-button", count=due), action="due"),
                _button(i18n.get("faq-admin-gaps-button", count=gaps), action="gaps"),
            ],
            [
                _button(i18n.get("faq-admin-coverage-button"), action="cov"),
                _button(i18n.get("faq-admin-entries-button"), action="list"),
            ],
            [_button(i18n.get("faq-admin-new-button"), action="new")],
            [back_to_menu_button(i18n)],
        ]
    )
    return text, markup


async def admin_command(
    message: Message,
    command: CommandObject,
    i18n: I18nContext,
    session: AsyncSession,
    access: Access,
) -> None:
    """``/faq_admin`` — the moderators' screen; ``/faq_admin <slug>`` — one entry."""
    slug = (command.args or "").strip().lower()
    if slug:
        entry = await editing.find_entry(session, slug)
        if entry is None:
            await message.answer(i18n.get("faq-admin-no-such-entry", slug=slug[:64]))
            return
        text, markup = await _entry_view(i18n, session, access, entry.id)
        await message.answer(text, reply_markup=markup)
        return
    text, markup = await _home_view(i18n, session, access)
    await message.answer(text, reply_markup=markup)


async def home(
    query: CallbackQuery, i18n: I18nContext, session: AsyncSession, access: Access
) -> None:
    text, markup = await _home_view(i18n, session, access)
    await edit_or_answer(query, text, markup)


# ---- lists ---------------------------------------------------------------------------------


def _row_label(i18n: I18nContext, row: editing.ReviewRow) -> str:
    if row.review_by is None:
        when = i18n.get("faq-admin-no-review-date")
    elif row.review_by < editing.today():
        when = i18n.get("faq-admin-review-overdue", date=day(row.review_by, i18n.locale))
    else:
        when = i18n.get("faq-admin-review-was", date=day(row.review_by, i18n.locale))
    status = (
        "" if row.status == FaqStatus.PUBLISHED else f" · {i18n.get(f'faq-status-{row.status}')}"
    )
    return short(f"{flag(row.country)} {topic_label(i18n, row.topic)} — {when}{status}", 64)


def _pager(action: str, page: int, total: int, size: int = PAGE) -> list[InlineKeyboardButton]:
    return pager(
        page,
        -(-total // size),
        lambda number: FaqModCb(action=action, value=str(number)),
        previous="«",
        following="»",
    )


async def due_list(
    query: CallbackQuery,
    callback_data: FaqModCb,
    i18n: I18nContext,
    session: AsyncSession,
    access: Access,
) -> None:
    page = _page(callback_data.value)
    rows, total = await editing.due_for_review(session, access, limit=PAGE, offset=page * PAGE)
    builder = InlineKeyboardBuilder()
    for row in rows:
        builder.row(_button(_row_label(i18n, row), action="card", entry=row.entry_id))
    pager = _pager("due", page, total)
    if pager:
        builder.row(*pager)
    builder.row(_back_home(i18n))
    key = "faq-admin-due-title" if total else "faq-admin-due-empty"
    await edit_or_answer(query, i18n.get(key, count=total), builder.as_markup())


async def _gaps_view(
    i18n: I18nContext, session: AsyncSession, access: Access, page: int
) -> tuple[str, InlineKeyboardMarkup]:
    gaps, total = await service.open_gaps(session, access, limit=GAPS_PAGE, offset=page * GAPS_PAGE)
    lines = [i18n.get("faq-admin-gaps-title" if total else "faq-admin-gaps-empty", count=total)]
    builder = InlineKeyboardBuilder()
    for number, gap in enumerate(gaps, start=page * GAPS_PAGE + 1):
        asked = "; ".join(f"«{escape(short(q, 100))}»" for q in gap.questions) or "—"
        key = "faq-admin-gap-unhelpful" if gap.kind == "unhelpful" else "faq-admin-gap-no-match"
        lines.append(
            i18n.get(
                key,
                number=number,
                place=place_label(i18n, gap.country),
                count=gap.count,
                entry=gap.entry_slug or "",
                last=day(gap.last_seen, i18n.locale),
            )
            + "\n"
            + asked
        )
        row = [
            _button(i18n.get("faq-admin-gap-close", number=number), action="gclose", entry=gap.id)
        ]
        if gap.entry_slug:
            entry = await editing.find_entry(session, gap.entry_slug)
            if entry is not None:
                row.append(_button(f"✏️ {gap.entry_slug}", action="card", entry=entry.id))
        else:
            row.append(
                _button(
                    i18n.get("faq-admin-gap-write", number=number),
                    action="new",
                    value="" if gap.country == GLOBAL_ENTRY else gap.country,
                )
            )
        builder.row(*row)
    pager = _pager("gaps", page, total, GAPS_PAGE)
    if pager:
        builder.row(*pager)
    builder.row(_back_home(i18n))
    return "\n\n".join(lines), builder.as_markup()


async def gaps_list(
    query: CallbackQuery,
    callback_data: FaqModCb,
    i18n: I18nContext,
    session: AsyncSession,
    access: Access,
) -> None:
    text, markup = await _gaps_view(i18n, session, access, _page(callback_data.value))
    await edit_or_answer(query, text, markup)


async def close_gap(
    query: CallbackQuery,
    callback_data: FaqModCb,
    i18n: I18nContext,
    session: AsyncSession,
    access: Access,
) -> None:
    asked = await editing.close_gap(session, access, callback_data.entry)
    text, markup = await _gaps_view(i18n, session, access, 0)
    await edit_or_answer(query, text, markup, toast=i18n.get("faq-admin-gap-closed", count=asked))


async def coverage(
    query: CallbackQuery,
    callback_data: FaqModCb,
    i18n: I18nContext,
    session: AsyncSession,
    access: Access,
) -> None:
    """The coverage table: one line per country (entries, due, overdue, gaps), each opening
    its topics; ``value`` a country code opens that country's topics."""
    table = await editing.coverage(session, access)
    country = callback_data.value.upper()
    if country:
        row = next((r for r in table if r.country == country), None)
        if row is None:
            await editing.require_scope(session, access, country, action="faq.list", target=None)
            await query.answer(i18n.get("stale-button"))
            return
        await edit_or_answer(query, *_coverage_of(i18n, row))
        return
    lines = [i18n.get("faq-admin-coverage-title")]
    builder = InlineKeyboardBuilder()
    length = len(lines[0])
    for shown, row in enumerate(table):
        line = i18n.get(
            "faq-admin-coverage-line",
            place=place_label(i18n, row.country),
            entries=row.entries,
            total=row.total,
            due=row.count("due"),
            overdue=row.count("overdue"),
            gaps=row.gaps,
        )
        if length + len(line) > _COVERAGE_MAX:
            lines.append(i18n.get("faq-admin-coverage-more", count=len(table) - shown))
            break
        lines.append(line)
        length += len(line) + 1
        builder.button(
            text=place_label(i18n, row.country),
            callback_data=FaqModCb(action="cov", value=row.country),
        )
    builder.adjust(3)
    builder.row(_button(i18n.get("faq-admin-new-button"), action="new"), _back_home(i18n))
    await edit_or_answer(query, "\n".join(lines), builder.as_markup())


_STATE_MARKS: Final = {"ok": "✅", "due": "🕒", "overdue": "⏳", "draft": "📝", "missing": "➖"}


def _coverage_of(
    i18n: I18nContext, row: editing.CountryCoverage
) -> tuple[str, InlineKeyboardMarkup]:
    """One country's topics: the state of each, its 👎, and buttons to open or write them."""
    lines = [i18n.get("faq-admin-coverage-of", place=place_label(i18n, row.country))]
    builder = InlineKeyboardBuilder()
    for cell in row.topics:
        state = cell.state(row.day)
        line = f"{_STATE_MARKS[state]} {escape(topic_label(i18n, cell.topic))}"
        if cell.review_by is not None and state in ("due", "overdue"):
            line += " · " + i18n.get(
                f"faq-admin-cell-{state}", date=day(cell.review_by, i18n.locale)
            )
        if cell.unhelpful:
            line += " · " + i18n.get("faq-admin-cell-unhelpful", count=cell.unhelpful)
        lines.append(line)
        if cell.entry_id is not None:
            builder.button(
                text=f"{_STATE_MARKS[state]} {short(topic_label(i18n, cell.topic), 24)}",
                callback_data=FaqModCb(action="card", entry=cell.entry_id),
            )
        else:
            builder.button(
                text=f"➕ {short(topic_label(i18n, cell.topic), 24)}",
                callback_data=FaqModCb(action="new", value=f"{row.country}/{cell.topic}"),
            )
    lines.append(i18n.get("faq-admin-coverage-gaps", count=row.gaps))
    lines.append(i18n.get("faq-admin-coverage-legend"))
    builder.adjust(2)
    builder.row(
        _button(i18n.get("faq-admin-gaps-button", count=row.gaps), action="gaps"),
        _button(i18n.get("faq-admin-back"), action="cov"),
    )
    return "\n".join(lines), builder.as_markup()


async def entries_list(
    query: CallbackQuery,
    callback_data: FaqModCb,
    i18n: I18nContext,
    session: AsyncSession,
    access: Access,
) -> None:
    country = callback_data.value.upper()
    if not country:
        markup = _countries(i18n, access, "list")
        await edit_or_answer(query, i18n.get("faq-admin-choose-country"), markup)
        return
    builder = InlineKeyboardBuilder()
    await editing.require_scope(session, access, country, action="faq.list", target=None)
    for row in await editing.entries_of(session, country):
        builder.row(_button(_row_label(i18n, row), action="card", entry=row.entry_id))
    builder.row(
        _button(i18n.get("faq-admin-new-button"), action="new", value=country),
        _back_home(i18n),
    )
    await edit_or_answer(
        query,
        i18n.get("faq-admin-entries-of", place=place_label(i18n, country)),
        builder.as_markup(),
    )


# ---- one entry -----------------------------------------------------------------------------


def _source_notes(i18n: I18nContext, sources: Sequence[str], *, limit: int) -> list[str]:
    """Per source: its host, date and kind, and what the fact base noted when the facts were
    checked (conflicts, uncertainty) — or the fact itself when nothing was noted."""
    lines = []
    for url in sources:
        facts = facts_of(url)
        host = (urlsplit(url).hostname or url).removeprefix("www.")
        if not facts:
            lines.append(i18n.get("faq-admin-source-unknown", host=host))
            continue
        raw = source_date(url)
        when = (format_source_date(raw, i18n.locale) if raw else None) or i18n.get(
            "faq-admin-source-undated"
        )
        notes = "; ".join(dict.fromkeys(f.notes for f in facts if f.notes))
        lines.append(
            i18n.get(
                "faq-admin-source-line",
                host=host,
                date=when,
                kind=i18n.get(f"faq-source-kind-{facts[0].source_kind}"),
                notes=short(notes or facts[0].text(i18n.locale), limit),
            )
        )
    return lines


async def _entry_view(
    i18n: I18nContext, session: AsyncSession, access: Access, entry_id: int
) -> tuple[str, InlineKeyboardMarkup]:
    """The review screen: the answer as members read it (in full), its sources with their
    dates and the fact base's notes beside it, and confirm / edit / retire."""
    entry = await editing.entry_for(session, access, entry_id, action="faq.view")
    card = service.card_of(entry, i18n.locale)
    feedback = await session.get(FaqFeedback, entry.id)
    if entry.verified_at is None:
        verified = i18n.get("faq-admin-never-verified")
    else:
        who = "faq-admin-by-you" if entry.verified_by == access.user_id else "faq-admin-by-other"
        verified = i18n.get(
            "faq-admin-verified", date=day(entry.verified_at, i18n.locale), by=i18n.get(who)
        )
    review = day(entry.review_by, i18n.locale) if entry.review_by else "—"
    footer = i18n.get(
        "faq-admin-meta",
        slug=entry.slug,
        status=i18n.get(f"faq-status-{entry.status}"),
        volatility=i18n.get(f"faq-volatility-{entry.volatility}"),
        verified=verified,
        review=review,
        shown=feedback.shown if feedback else 0,
        helpful=feedback.helpful if feedback else 0,
        unhelpful=feedback.unhelpful if feedback else 0,
    )
    notes = _source_notes(i18n, tuple(entry.sources or ())[:_NOTES_SOURCES], limit=160)
    if notes:
        footer += "\n\n" + i18n.get("faq-admin-sources-title") + "\n" + "\n".join(notes)
    text = card_text(i18n, card, today=editing.today(), ask=False, footer=footer, full=True)
    statuses = [s for s in FaqStatus if s != entry.status]
    markup = InlineKeyboardMarkup(
        inline_keyboard=[
            [_button(i18n.get("faq-admin-verify-button"), action="ver", entry=entry.id)],
            [
                _button(i18n.get("faq-admin-edit-button"), action="edit", entry=entry.id),
                _button(i18n.get("faq-admin-facts-button"), action="src", entry=entry.id),
            ],
            [_button(i18n.get("faq-admin-volatility-button"), action="vol", entry=entry.id)],
            [
                _button(
                    i18n.get(f"faq-admin-status-to-{status}"),
                    action="st",
                    entry=entry.id,
                    value=str(status),
                )
                for status in statuses
            ],
            [
                _button(i18n.get("faq-admin-back"), action="list", value=entry.country),
                _back_home(i18n),
            ],
        ]
    )
    return text, markup


async def entry_facts(
    query: CallbackQuery,
    callback_data: FaqModCb,
    i18n: I18nContext,
    session: AsyncSession,
    access: Access,
) -> None:
    """Every fact behind an entry's sources, with the notes recorded when it was checked."""
    entry = await editing.entry_for(session, access, callback_data.entry, action="faq.view")
    parts = [i18n.get("faq-admin-facts-title", slug=entry.slug)]
    length = len(parts[0])
    for url in entry.sources or ():
        facts = [f for f in facts_of(url) if f.country in (entry.country, "*")] or list(
            facts_of(url)
        )
        host = (urlsplit(url).hostname or url).removeprefix("www.")
        block = [f"<b>{escape(host)}</b>"]
        block += [f"• {escape(short(f.text(i18n.locale), 400))}" for f in facts[:4]]
        notes = "; ".join(dict.fromkeys(f.notes for f in facts if f.notes))
        if notes:
            block.append(i18n.get("faq-admin-facts-notes", notes=short(notes, 400)))
        if not facts:
            block.append(i18n.get("faq-admin-facts-none"))
        chunk = "\n".join(block)
        if length + len(chunk) > _FACTS_MAX:
            parts.append(i18n.get("faq-admin-facts-more"))
            break
        parts.append(chunk)
        length += len(chunk) + 2
    markup = InlineKeyboardMarkup(
        inline_keyboard=[[_button(i18n.get("faq-admin-back"), action="card", entry=entry.id)]]
    )
    await edit_or_answer(query, "\n\n".join(parts), markup)


async def entry_card(
    query: CallbackQuery,
    callback_data: FaqModCb,
    i18n: I18nContext,
    session: AsyncSession,
    access: Access,
) -> None:
    text, markup = await _entry_view(i18n, session, access, callback_data.entry)
    await edit_or_answer(query, text, markup)


async def verify(
    query: CallbackQuery,
    callback_data: FaqModCb,
    i18n: I18nContext,
    session: AsyncSession,
    access: Access,
) -> None:
    entry = await editing.mark_verified(session, access, callback_data.entry)
    text, markup = await _entry_view(i18n, session, access, entry.id)
    assert entry.review_by is not None
    done = i18n.get("faq-admin-verified-done", date=day(entry.review_by, i18n.locale))
    await edit_or_answer(query, text, markup, toast=done)


async def choose_field(
    query: CallbackQuery,
    callback_data: FaqModCb,
    i18n: I18nContext,
    session: AsyncSession,
    access: Access,
) -> None:
    entry = await editing.entry_for(session, access, callback_data.entry, action="faq.edit")
    builder = InlineKeyboardBuilder()
    for field in editing.EDITABLE_FIELDS:
        builder.button(
            text=_field_label(i18n, field),
            callback_data=FaqModCb(action="fld", entry=entry.id, value=field),
        )
    builder.adjust(3)
    builder.row(_button(i18n.get("faq-admin-back"), action="card", entry=entry.id))
    await edit_or_answer(
        query, i18n.get("faq-admin-choose-field", slug=entry.slug), builder.as_markup()
    )


def _current_value(entry: FaqEntry, field: str) -> str:
    if field == "sources":
        return "\n".join(entry.sources or ())
    part, lang = field.split(".")
    text = next((t for t in entry.texts if t.lang == lang), None)
    if text is None:
        return ""
    if part == "q":
        return text.question
    if part == "a":
        return text.answer
    if part == "k":
        return ", ".join(text.keywords or ())
    value = (text.details or {}).get(part) or ""
    return "\n".join(value) if isinstance(value, list) else str(value)


async def ask_value(
    query: CallbackQuery,
    callback_data: FaqModCb,
    i18n: I18nContext,
    session: AsyncSession,
    access: Access,
    member: Member,
    state: FSMContext,
) -> None:
    """ "Correct" → a field: the editor's one-step run asks for its new text."""
    field = callback_data.value
    if field not in editing.EDITABLE_FIELDS:
        await query.answer(i18n.get("stale-button"))
        return
    ctx = StepContext(i18n, session, member, state, access)
    draft = {"entry": callback_data.entry, "field": field}
    await EDITOR.start(query, ctx, draft, first=FaqEdit.value)


async def _change(
    query: CallbackQuery,
    callback_data: FaqModCb,
    i18n: I18nContext,
    session: AsyncSession,
    access: Access,
    change: Callable[[AsyncSession, Access, int, str], Awaitable[FaqEntry]],
) -> None:
    """Change the entry with the pressed value and show it again; a value the buttons never
    offer (forged callback data) is a stale button."""
    try:
        await change(session, access, callback_data.entry, callback_data.value)
        text, markup = await _entry_view(i18n, session, access, callback_data.entry)
    except FieldError:
        await query.answer(i18n.get("stale-button"))
        return
    await edit_or_answer(query, text, markup)


async def volatility(
    query: CallbackQuery,
    callback_data: FaqModCb,
    i18n: I18nContext,
    session: AsyncSession,
    access: Access,
) -> None:
    if callback_data.value:
        await _change(query, callback_data, i18n, session, access, editing.set_volatility)
        return
    entry = await editing.entry_for(session, access, callback_data.entry, action="faq.edit")
    builder = InlineKeyboardBuilder()
    for level in Volatility:
        builder.button(
            text=i18n.get(f"faq-volatility-{level}"),
            callback_data=FaqModCb(action="vol", entry=entry.id, value=str(level)),
        )
    builder.row(_button(i18n.get("faq-admin-back"), action="card", entry=entry.id))
    await edit_or_answer(query, i18n.get("faq-admin-choose-volatility"), builder.as_markup())


async def status(
    query: CallbackQuery,
    callback_data: FaqModCb,
    i18n: I18nContext,
    session: AsyncSession,
    access: Access,
) -> None:
    await _change(query, callback_data, i18n, session, access, editing.set_status)


# ---- a new entry: its country and topic ----------------------------------------------------


async def new_entry(
    query: CallbackQuery,
    callback_data: FaqModCb,
    i18n: I18nContext,
    session: AsyncSession,
    access: Access,
    member: Member,
    state: FSMContext,
) -> None:
    """Choose the country, then a topic (the missing ones first); then the editor's steps."""
    value = callback_data.value
    if not value:
        markup = _countries(i18n, access, "new")
        await edit_or_answer(query, i18n.get("faq-new-choose-country"), markup)
        return
    builder = InlineKeyboardBuilder()
    country, _, topic = value.partition("/")
    country = country.upper()
    await editing.require_scope(session, access, country, action="faq.create", target=None)
    if country != GLOBAL_ENTRY and len(country) != 2:
        await query.answer(i18n.get("stale-button"))
        return
    if not topic:
        rows = await editing.entries_of(session, country)
        taken = {row.topic for row in rows}
        for slug in topics_for(country):
            if slug not in taken:
                builder.button(
                    text=topic_label(i18n, slug),
                    callback_data=FaqModCb(action="new", value=f"{country}/{slug}"),
                )
        builder.adjust(2)
        builder.row(_back_home(i18n))
        key = (
            "faq-new-choose-topic" if len(taken) < len(topics_for(country)) else "faq-new-all-taken"
        )
        await edit_or_answer(
            query, i18n.get(key, place=place_label(i18n, country)), builder.as_markup()
        )
        return
    if topic not in topics_for(country):
        await query.answer(i18n.get("stale-button"))
        return
    if await editing.find_entry(session, slug_for(country, topic)) is not None:
        await query.answer(i18n.get("faq-admin-exists"), show_alert=True)
        return
    ctx = StepContext(i18n, session, member, state, access)
    await EDITOR.start(query, ctx, {"country": country, "topic": topic, "texts": {}})


# ---- the editor: one field, or a new entry step by step ------------------------------------
# One run of the step engine (bot.ui.steps) over FaqEdit. "Correct" → a field opens it at
# FaqEdit.value, outside the order: the typed text is saved at once and the entry shown again.
# A new entry walks NEW_ENTRY_STEPS: the volatility (buttons), the sources and each language's
# question, answer and keywords (typed), then the preview with publish / save as a draft. The
# draft is checked once more by editing.create_entry when it is saved.

# Step codes in callback data; none may be one of FaqModCb's actions (the editors' screens
# come first and would take the press). "nvol" and "save" are the codes of the buttons sent
# before the editor ran on the engine.
_CODES: Final = {
    "val": FaqEdit.value,
    "nvol": FaqEdit.volatility,
    "nsrc": FaqEdit.sources,
    "nqru": FaqEdit.question_ru,
    "naru": FaqEdit.answer_ru,
    "nkru": FaqEdit.keywords_ru,
    "nqen": FaqEdit.question_en,
    "naen": FaqEdit.answer_en,
    "nken": FaqEdit.keywords_en,
    "save": FaqEdit.preview,
}
# The typed texts of a new entry: the part of a language's text each step asks for.
_TEXT_STEPS: Final = {
    FaqEdit.question_ru: ("question", "ru"),
    FaqEdit.answer_ru: ("answer", "ru"),
    FaqEdit.keywords_ru: ("keywords", "ru"),
    FaqEdit.question_en: ("question", "en"),
    FaqEdit.answer_en: ("answer", "en"),
    FaqEdit.keywords_en: ("keywords", "en"),
}
# What each part's step asks.
_PROMPTS: Final = {
    "question": "faq-new-ask-question",
    "answer": "faq-new-ask-answer",
    "keywords": "faq-new-ask-keywords",
}
# The preview's two ways to save, and their buttons.
_SAVE_AS: Final = {"publish": "faq-new-publish", "draft": "faq-new-draft"}


def _access(ctx: StepContext) -> Access:
    if ctx.access is None:  # every update has one; a wizard without it cannot check scope
        raise FaqAdminError("faq-admin-gone")
    return ctx.access


def _refusal(error: FieldError) -> FaqAdminError:
    """A bad value as the engine shows it: the step again, with the reason above it."""
    key = _ERRORS.get(error.code, "faq-edit-error-invalid")
    details = {name: value for name, value in error.details.items() if name in ("limit", "lang")}
    if key == "faq-edit-error-too-long" or key == "faq-edit-error-too-many":
        details.setdefault("limit", 0)
    if key == "faq-edit-error-missing-lang":
        details.setdefault("lang", "ru")
    return FaqAdminError(key, **details)


def _texts(draft: steps.Draft, lang: str) -> dict[str, Any]:
    texts = draft.setdefault("texts", {})
    if not isinstance(texts, dict):
        texts = draft["texts"] = {}
    return texts.setdefault(lang, {})  # type: ignore[no-any-return]


async def _render(step: State, ctx: StepContext, draft: steps.Draft) -> StepView:
    if step == FaqEdit.value:
        return await _value_view(ctx, draft)
    country, topic = draft.get("country"), draft.get("topic")
    if not isinstance(country, str) or not isinstance(topic, str):
        # Lost, or a draft kept where the editor kept it before it ran on the engine (a
        # deploy mid-entry): the editor closes with "start again".
        await ctx.state.clear()
        raise FaqAdminError("faq-admin-gone")
    if step == FaqEdit.volatility:
        view = StepView(
            ctx.get(
                "faq-new-choose-volatility",
                place=place_label(ctx.i18n, country),
                topic=topic_label(ctx.i18n, topic),
            )
        )
        for level in Volatility:
            view.builder.button(
                text=ctx.get(f"faq-volatility-{level}"),
                callback_data=EDITOR.cb(EDITOR.code(step), str(level)),
            )
        if draft.get("volatility") in set(Volatility):
            view.current = ctx.get(f"faq-volatility-{draft['volatility']}")
        return view
    if step == FaqEdit.preview:
        view = StepView(_preview_text(ctx.i18n, draft))
        for value, key in _SAVE_AS.items():
            view.builder.row(
                InlineKeyboardButton(
                    text=ctx.get(key),
                    callback_data=EDITOR.cb(EDITOR.code(step), value).pack(),
                )
            )
        return view
    if step == FaqEdit.sources:
        text = ctx.get("faq-new-ask-sources")
        if topic in UNSOURCED_TOPICS:
            text += "\n" + ctx.get("faq-new-optional")
        return StepView(text, current="\n".join(draft.get("sources") or ()))
    part, lang = _TEXT_STEPS[step]
    given = _texts(draft, lang).get(part) or ""
    return StepView(
        ctx.get(_PROMPTS[part], lang=lang.upper()),
        current=", ".join(given) if isinstance(given, list) else str(given),
    )


async def _value_view(ctx: StepContext, draft: steps.Draft) -> StepView:
    """The field's current text and "send the new one"; Back returns to the entry."""
    entry_id, field = draft.get("entry"), draft.get("field")
    try:
        if not isinstance(entry_id, int) or field not in editing.EDITABLE_FIELDS:
            raise FaqAdminError("faq-admin-gone")
        entry = await editing.entry_for(ctx.session, _access(ctx), entry_id, action="faq.edit")
    except FaqAdminError:
        await ctx.state.clear()  # gone or out of scope: the editor closes with the reason
        raise
    assert isinstance(field, str)
    text = ctx.get(
        "faq-admin-ask-value",
        field=_field_label(ctx.i18n, field),
        slug=entry.slug,
        current=_current_value(entry, field) or "—",
    )
    back = _button(ctx.get("faq-admin-back"), action="card", entry=entry.id)
    return StepView(text, extra_rows=[[back]], navigation=False)


async def _read(step: State, text: str, ctx: StepContext, draft: steps.Draft) -> Turn:
    """A typed answer: checked as the entry will store it (a bad one is refused)."""
    try:
        if step == FaqEdit.value:
            entry_id, field = draft.get("entry"), draft.get("field")
            if not isinstance(entry_id, int) or not isinstance(field, str):
                raise FaqAdminError("faq-admin-gone")
            await editing.edit_field(ctx.session, _access(ctx), entry_id, field, text)
        elif step == FaqEdit.sources:
            sources = () if text == "-" else clean_sources(text)
            if not sources and draft.get("topic") not in UNSOURCED_TOPICS:
                raise FieldError("no-sources")
            draft["sources"] = list(sources)
        elif step in _TEXT_STEPS:
            part, lang = _TEXT_STEPS[step]
            if part == "keywords":
                _texts(draft, lang)[part] = [] if text == "-" else list(clean_keywords(text))
            else:
                clean = clean_question if part == "question" else clean_answer
                _texts(draft, lang)[part] = clean(text)
        else:
            raise DomainError("wizard-use-buttons")
    except FieldError as error:
        raise _refusal(error) from error
    return advance()


async def _choose(step: State, value: str, ctx: StepContext, draft: steps.Draft) -> Turn:
    """A button: a volatility, or publish / save as a draft on the preview."""
    if step == FaqEdit.volatility and value in set(Volatility):
        draft["volatility"] = value
        return advance()
    if step != FaqEdit.preview or value not in _SAVE_AS or "volatility" not in draft:
        raise DomainError("stale-button")
    try:
        entry = await editing.create_entry(
            ctx.session, _access(ctx), _draft_of(draft), publish=value == "publish"
        )
    except FieldError as error:
        raise _refusal(error) from error
    draft["entry"] = entry.id
    return advance()


async def _finish(target: Target, ctx: StepContext, draft: steps.Draft, prefix: str | None) -> None:
    """The field is saved, or the new entry: "Saved", and the entry as moderators see it."""
    text, markup = await _entry_view(ctx.i18n, ctx.session, _access(ctx), int(draft["entry"]))
    if isinstance(target, CallbackQuery):
        await ctx.state.clear()
        await edit_or_answer(target, text, markup, toast=ctx.get("faq-admin-saved"))
        return
    await drop_step_buttons(target, ctx.state)
    await ctx.state.clear()
    await target.answer(ctx.get("faq-admin-saved"))
    await target.answer(text, reply_markup=markup)


def _cancelled(ctx: StepContext) -> tuple[str, InlineKeyboardMarkup]:
    return ctx.get("faq-new-cancelled"), InlineKeyboardMarkup(
        inline_keyboard=[[_back_home(ctx.i18n)]]
    )


def _following(step: State, draft: steps.Draft) -> State | None:
    """The order's next step; nothing after the preview, nor after a field's one step."""
    if step not in NEW_ENTRY_STEPS or step == NEW_ENTRY_STEPS[-1]:
        return None
    return NEW_ENTRY_STEPS[NEW_ENTRY_STEPS.index(step) + 1]


EDITOR: Final = StepEngine(
    Steps(
        # A new entry begun before the editor ran on the engine kept its draft under
        # "faq_new": the moderator starts it again at worst (see _render).
        name="faq_editor",
        states=FaqEdit,
        order=NEW_ENTRY_STEPS,
        codes=_CODES,
        callback=FaqStepCb,
        render=_render,
        read=_read,
        choose=_choose,
        finish=_finish,
        cancelled=_cancelled,
        following=_following,
        # Moderators only; the audit log names the engine's three handlers.
        gate=steps.Gate(
            Role.MODERATOR,
            "faq",
            pressed="faq.editor_button",
            typed="faq.editor_text",
            not_text="faq.not_text",
        ),
    )
)


def _draft_of(data: dict[str, Any]) -> Draft:
    texts = {
        lang: TextValue(
            str(value.get("question", "")),
            str(value.get("answer", "")),
            tuple(value.get("keywords", ())),
        )
        for lang, value in dict(data.get("texts", {})).items()
    }
    return Draft(
        country=str(data.get("country", "")),
        topic=str(data.get("topic", "")),
        volatility=Volatility(data.get("volatility", Volatility.MEDIUM)),
        sources=tuple(data.get("sources", ())),
        texts=texts,
    )


def _preview_text(i18n: I18nContext, data: dict[str, Any]) -> str:
    draft = _draft_of(data)
    parts = [
        i18n.get(
            "faq-new-preview",
            place=place_label(i18n, draft.country),
            topic=topic_label(i18n, draft.topic),
            volatility=i18n.get(f"faq-volatility-{draft.volatility}"),
            sources=", ".join(draft.sources) or "—",
        )
    ]
    for lang in ("ru", "en"):
        text = draft.texts.get(lang)
        if text is not None:
            parts.append(
                f"<b>{lang.upper()}: {escape(text.question)}</b>\n{escape(short(text.answer, 700))}"
            )
    return "\n\n".join(parts)


# The editors' screens: FaqModCb's action → the handler and its audit action.
_SCREENS: Final[dict[str, tuple[Callable[..., Awaitable[None]], str]]] = {
    "home": (home, "faq.home"),
    "due": (due_list, "faq.due_list"),
    "gaps": (gaps_list, "faq.gaps_list"),
    "gclose": (close_gap, "faq.close_gap"),
    "cov": (coverage, "faq.coverage"),
    "list": (entries_list, "faq.entries_list"),
    "card": (entry_card, "faq.entry_card"),
    "ver": (verify, "faq.verify"),
    "src": (entry_facts, "faq.entry_facts"),
    "edit": (choose_field, "faq.choose_field"),
    "fld": (ask_value, "faq.ask_value"),
    "vol": (volatility, "faq.volatility"),
    "st": (status, "faq.status"),
    "new": (new_entry, "faq.new_entry"),
}


async def _leave_steps(
    handler: Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]],
    event: TelegramObject,
    data: dict[str, Any],
) -> Any:
    """The editors' screens are no wizard: opening one leaves the step that was open (the
    editor's, or another wizard's), so the next text typed is not taken as its answer."""
    state: FSMContext = data["state"]
    await state.clear()
    return await handler(event, data)


def create_router() -> Router:
    """The moderators' screens (role-gated; scope checked per entry). The editor's steps are
    :data:`EDITOR`'s router, which must come after this one: its callback data shares the
    prefix, and a screen's button pressed mid-step leaves the editor."""
    router = Router(name="faq-admin")
    router.message.filter(F.chat.type == "private")
    router.callback_query.filter(F.message.chat.type == "private")
    router.message.middleware(RequireRole(Role.MODERATOR, area="faq"))
    router.callback_query.middleware(RequireRole(Role.MODERATOR, area="faq"))
    # After the gate: a refused press leaves the member's own wizard as it was.
    router.message.middleware(_leave_steps)
    router.callback_query.middleware(_leave_steps)
    router.message.register(admin_command, Command("faq_admin"), flags=audited("faq.admin_command"))
    for action, (handler, audit) in _SCREENS.items():
        router.callback_query.register(
            handler, FaqModCb.filter(F.action == action), flags=audited(audit)
        )
    return router
