"""Members and the knowledge base: asking, reading answers, rating them, browsing topics,
inline mode.

How a question reaches the search:
* ``/ask <question>`` from anywhere (``/ask`` alone opens the knowledge base screen);
* the "📚" section of the main menu, which invites the member to type;
* any plain text in a private chat when no wizard is waiting for input — handled by
  :func:`create_question_router`, registered just before the catch-all, with
  ``StateFilter(None)``, so a wizard of any feature always gets its own input first;
* ``@bot question`` in any chat (inline mode).
"""

from __future__ import annotations

import secrets
from datetime import datetime, timedelta
from typing import Any, Final, NamedTuple

from aiogram import F, Router
from aiogram.enums import ParseMode
from aiogram.filters import Command, CommandObject, StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.types import (
    CallbackQuery,
    InaccessibleMessage,
    InlineQuery,
    InlineQueryResultArticle,
    InlineQueryResultUnion,
    InputTextMessageContent,
    LinkPreviewOptions,
    Message,
    TelegramObject,
)
from aiogram_i18n import I18nContext
from sqlalchemy.ext.asyncio import AsyncSession

from bot.access import Access
from bot.config import Settings
from bot.db.models import GLOBAL_ENTRY, GapKind, Member
from bot.db.types import utcnow
from bot.features.common.keyboards import MenuCb, back_to_menu, main_menu, staff_app_url
from bot.features.common.staff import is_staff
from bot.features.faq import service
from bot.features.faq.crisis import Crisis, crisis_level, help_lines, is_gibberish
from bot.features.faq.editing import today
from bot.features.faq.greetings import is_greeting
from bot.features.faq.keyboards import (
    FaqCb,
    card_keyboard,
    countries_keyboard,
    help_keyboard,
    matches_keyboard,
    topics_keyboard,
    unpack_alts,
)
from bot.features.faq.render import card_text, description, flag, has_more, place_label, short
from bot.features.faq.service import Asked, Card, FaqLibrary
from bot.services import Services
from bot.ui.screens import edit_or_answer

# How long a member's questions are remembered for a 👎 on their answers.
_QUESTION_MEMORY: Final = timedelta(hours=24)
_QUESTION_KEY: Final = "faq_question"
# The member's recent questions by token, so a 👎 pressed under an older answer passes on the
# question that answer was for (not the newest one); a few are enough for a chat's screen.
_QUESTIONS_KEY: Final = "faq_questions"
_QUESTIONS_KEPT: Final = 5
# Tokens are random and above 1 (old buttons carry q=1 for "the last question"), below 2**31
# so the callback data stays short.
_TOKEN_RANGE: Final = 2**31 - 2
# Other matches shown under an answer, or as "maybe one of these", must score at least this
# (below it they share a word or two with the question and nothing else).
_OTHER_MIN_SCORE: Final = 0.15
INLINE_RESULTS: Final = 5
# A crisis reply lists at most this many lines after the emergency number.
_CRISIS_LINES: Final = 3
INLINE_CACHE_SECONDS: Final = 30


class _Inject:
    """Router middleware: hands the process's :class:`FaqLibrary` to the handlers."""

    def __init__(self, library: FaqLibrary) -> None:
        self.library = library

    async def __call__(self, handler: Any, event: TelegramObject, data: dict[str, Any]) -> Any:
        data["faq_library"] = self.library
        return await handler(event, data)


def _inject(router: Router, library: FaqLibrary) -> None:
    middleware = _Inject(library)
    router.message.middleware(middleware)
    router.callback_query.middleware(middleware)
    router.inline_query.middleware(middleware)


# ---- asking --------------------------------------------------------------------------------


async def answer_question(
    message: Message,
    question: str,
    *,
    i18n: I18nContext,
    session: AsyncSession,
    member: Member | None,
    access: Access,
    state: FSMContext,
    library: FaqLibrary,
    settings: Settings,
) -> None:
    """Search and reply (a bare greeting gets a hello and the main menu). A person in crisis
    first gets help lines; otherwise the best answer's card, or "maybe one of these" with the
    country's groups and "ask the volunteers"."""
    assert message.from_user is not None
    if is_greeting(question):
        # "привет" is not a question: greet back and show the way around.
        await _greet(message, i18n, member, access, settings)
        return
    profile_country = member.country if member is not None else None
    asked = await service.ask(session, library, question, country=profile_country, lang=i18n.locale)
    level = crisis_level(question)
    if level is not Crisis.NONE:
        await _crisis_reply(message, asked, level, i18n, session, member, access)
        return
    if not asked.meaningful or is_gibberish(question):
        if member is None or not member.is_onboarded:
            # "hello?" from someone new: the way in is /start, not the knowledge base.
            await message.answer(i18n.get("not-started"))
        else:
            await message.answer(i18n.get("faq-not-a-question"), reply_markup=back_to_menu(i18n))
        return
    # What is read comes first and the writes (the question kept, the entry counted) last,
    # right before the reply: on SQLite a transaction holds the one write lock from its first
    # write until it commits, before the bot speaks.
    if asked.good:
        await _send_best(message, asked, profile_country, i18n, session, member, access, state)
        return
    groups = await _papers_and_banks_groups(session, member, asked.country)
    token = _question_token()
    maybe = [m for m in asked.matches if m.score >= _OTHER_MIN_SCORE]
    parts = [i18n.get("faq-maybe" if maybe else "faq-no-answer")]
    if groups:
        parts.append(i18n.get("faq-groups-offer", count=len(groups)))
    parts.append(i18n.get("faq-ask-volunteers-offer"))
    keyboard = matches_keyboard(i18n, maybe, groups, can_ask=True, question=token)
    await _remember(state, asked, token)
    await message.answer("\n\n".join(parts), reply_markup=keyboard)


async def _greet(
    message: Message,
    i18n: I18nContext,
    member: Member | None,
    access: Access,
    settings: Settings,
) -> None:
    """A hello back with the main menu (the staff entry for staff, as /menu shows it); someone
    who has not started yet is pointed at /start."""
    if member is None or not member.is_onboarded:
        await message.answer(i18n.get("faq-greeting-new") + "\n" + i18n.get("not-started"))
        return
    await message.answer(
        i18n.get("faq-greeting"),
        reply_markup=main_menu(i18n, staff_app_url(access, settings), staff=is_staff(access)),
    )


async def _papers_and_banks_groups(
    session: AsyncSession, member: Member | None, country: str | None
) -> list[service.GroupLink]:
    """Groups of the member's country (or the one their question named) about papers and
    banks: where people answer what the knowledge base cannot."""
    city = member.city if member is not None and member.country == country else None
    return await service.groups_for(
        session, country=country, city=city, interests=service.PAPERS_AND_BANKS
    )


async def _crisis_reply(
    message: Message,
    asked: Asked,
    level: Crisis,
    i18n: I18nContext,
    session: AsyncSession,
    member: Member | None,
    access: Access,
) -> None:
    """A warm first line, the emergency and crisis lines of the member's country, the groups
    that support people, then any answer that matches. What they wrote is not stored: not in
    the knowledge gaps, not as "the last question"."""
    country = (member.country if member is not None else None) or asked.country
    lines = help_lines(country)
    parts = [i18n.get("faq-crisis-danger" if level is Crisis.DANGER else "faq-crisis-distress")]
    if lines is not None:
        numbers = [i18n.get("faq-crisis-emergency", number=lines.emergency)]
        numbers += [
            i18n.get("faq-crisis-line", phone=line.phone, what=line.describe(i18n.locale))
            for line in lines.lines[:_CRISIS_LINES]
        ]
        parts.append(
            i18n.get("faq-crisis-lines-of", country=place_label(i18n, lines.country))
            + "\n"
            + "\n".join(numbers)
        )
    else:
        parts.append(i18n.get("faq-crisis-no-country"))
    groups = await service.groups_for(
        session,
        country=country,
        city=member.city if member is not None else None,
        interests=service.SUPPORT,
    )
    if groups:
        parts.append(i18n.get("faq-crisis-groups"))
    await message.answer("\n\n".join(parts), reply_markup=help_keyboard(i18n, groups))
    if asked.good:
        profile_country = member.country if member is not None else None
        await _send_best(message, asked, profile_country, i18n, session, member, access)


async def _send_best(
    message: Message,
    asked: Asked,
    profile_country: str | None,
    i18n: I18nContext,
    session: AsyncSession,
    member: Member | None,
    access: Access,
    state: FSMContext | None = None,
) -> None:
    """The best answer's card; with ``state``, the question is kept (:func:`_remember`) for
    the card's buttons — a crisis reply keeps none. The card is read before anything is
    written (see :func:`answer_question`)."""
    best, *rest = asked.matches
    other_ids = [m.entry_id for m in rest if m.score >= _OTHER_MIN_SCORE]
    # The best answer and the others in one read (two statements, not four).
    found = await service.cards(session, [best.entry_id, *other_ids], i18n.locale)
    if not found or found[0].entry_id != best.entry_id:  # unpublished since the search
        await message.answer(i18n.get("faq-no-answer"), reply_markup=matches_keyboard(i18n, ()))
        return
    card, *others = found
    question = _question_token() if state is not None else 0
    note = None
    if asked.country and profile_country and asked.country != profile_country:
        note = i18n.get("faq-note-country", country=place_label(i18n, asked.country))
    text = card_text(i18n, card, today=today(), note=note)
    keyboard = card_keyboard(
        i18n,
        card,
        others,
        question=question,
        can_edit=access.can_moderate(card.country),
        more=has_more(i18n, card),
    )
    # The card is drawn before the first write: on SQLite the write lock is held from it
    # until the commit before the reply, and every other member's write waits meanwhile.
    if state is not None:
        await _remember(state, asked, question)
    await service.count_shown(session, card.entry_id)
    await message.answer(text, reply_markup=keyboard)


def _question_token() -> int:
    """A fresh token for a question to keep (:func:`_remember`), for the buttons under it."""
    return secrets.randbelow(_TOKEN_RANGE) + 2


async def _remember(state: FSMContext, asked: Asked, token: int) -> None:
    """Keep the question (bounded) under ``token`` (:func:`_question_token`) so that a 👎
    under one of its answers, or "ask the volunteers" under it, passes on this very question;
    the entries offered for it are kept beside it, so a token pressed with another entry is
    refused. FSM data is erased by /delete_me with everything else."""
    data = await state.get_data()
    kept = _fresh_questions(data.get(_QUESTIONS_KEY))
    kept[str(token)] = {
        "text": service.clean_question(asked.question),
        "country": asked.country,
        "at": utcnow().isoformat(),
        "entries": [m.entry_id for m in asked.matches],
    }
    # Dicts keep insertion order: the oldest go first.
    while len(kept) > _QUESTIONS_KEPT:
        kept.pop(next(iter(kept)))
    await state.update_data({_QUESTIONS_KEY: kept, _QUESTION_KEY: None})


def _fresh_questions(stored: object) -> dict[str, dict[str, Any]]:
    """The remembered questions asked in the last 24 hours (anything malformed dropped)."""
    if not isinstance(stored, dict):
        return {}
    fresh: dict[str, dict[str, Any]] = {}
    for token, item in stored.items():
        if not isinstance(item, dict) or not isinstance(item.get("text"), str):
            continue
        try:
            at = datetime.fromisoformat(str(item.get("at")))
        except ValueError:
            continue
        if utcnow() - at <= _QUESTION_MEMORY:
            fresh[str(token)] = item
    return fresh


class _Recalled(NamedTuple):
    text: str
    country: str | None
    entries: tuple[int, ...]


async def _recall(state: FSMContext, token: int) -> _Recalled | None:
    """The question behind ``token`` and the country it was about, if this member asked it in
    the last 24 hours (a forged or expired token finds nothing)."""
    if token < 2:
        return None
    data = await state.get_data()
    item = _fresh_questions(data.get(_QUESTIONS_KEY)).get(str(token))
    if item is None:
        return None
    country = item.get("country")
    entries = item.get("entries")
    return _Recalled(
        item["text"],
        country if isinstance(country, str) else None,
        tuple(e for e in entries if isinstance(e, int)) if isinstance(entries, list) else (),
    )


async def _forget(state: FSMContext, token: int) -> None:
    data = await state.get_data()
    kept = _fresh_questions(data.get(_QUESTIONS_KEY))
    kept.pop(str(token), None)
    await state.update_data({_QUESTIONS_KEY: kept})


async def ask_volunteers(
    query: CallbackQuery,
    callback_data: FaqCb,
    i18n: I18nContext,
    session: AsyncSession,
    member: Member | None,
    state: FSMContext,
) -> None:
    """ "Ask the volunteers": the question the button was under joins the knowledge gaps of
    its country (without the member's name), once."""
    recalled = await _recall(state, callback_data.q)
    if recalled is None:
        await query.answer(i18n.get("faq-ask-volunteers-stale"), show_alert=True)
        return
    question, country = recalled.text, recalled.country
    gap = await service.record_gap(
        session,
        kind=GapKind.NO_MATCH,
        question=question,
        member_id=query.from_user.id,
        country=country,
        lang=i18n.locale,
    )
    await _forget(state, callback_data.q)
    key = "faq-gap-passed" if gap is not None else "faq-gap-not-passed"
    place = place_label(i18n, country or GLOBAL_ENTRY)
    await query.answer()
    message = query.message
    if message is not None and not isinstance(message, InaccessibleMessage):
        await message.edit_reply_markup(reply_markup=None)
        await message.answer(i18n.get(key, country=place), reply_markup=back_to_menu(i18n))


async def ask_command(
    message: Message,
    command: CommandObject,
    i18n: I18nContext,
    session: AsyncSession,
    member: Member | None,
    access: Access,
    state: FSMContext,
    faq_library: FaqLibrary,
    settings: Settings,
) -> None:
    """``/ask <question>`` answers at once; ``/ask`` alone shows the knowledge base screen."""
    await state.set_state(None)
    question = (command.args or "").strip()
    if not question:
        text, markup = await _home(i18n, session, member)
        await message.answer(text, reply_markup=markup)
        return
    await answer_question(
        message,
        question,
        i18n=i18n,
        session=session,
        member=member,
        access=access,
        state=state,
        library=faq_library,
        settings=settings,
    )


async def free_question(
    message: Message,
    i18n: I18nContext,
    session: AsyncSession,
    member: Member | None,
    access: Access,
    state: FSMContext,
    faq_library: FaqLibrary,
    settings: Settings,
) -> None:
    """Plain text with no wizard waiting: a question."""
    assert message.text is not None
    await answer_question(
        message,
        message.text,
        i18n=i18n,
        session=session,
        member=member,
        access=access,
        state=state,
        library=faq_library,
        settings=settings,
    )


# ---- the knowledge base screen and topics ------------------------------------------------


async def _home(i18n: I18nContext, session: AsyncSession, member: Member | None) -> tuple[str, Any]:
    country = member.country if member is not None else None
    links = await service.topics(session, country)
    parts = [i18n.get("faq-home")]
    if country is not None and any(link.country == country for link in links):
        parts.append(i18n.get("faq-topics-of", country=place_label(i18n, country)))
    elif country is not None:
        parts.append(i18n.get("faq-topics-none-for", country=place_label(i18n, country)))
    else:
        parts.append(i18n.get("faq-topics-global-only"))
    return "\n\n".join(parts), topics_keyboard(i18n, links)


async def home_from_menu(
    query: CallbackQuery,
    i18n: I18nContext,
    session: AsyncSession,
    member: Member | None,
    state: FSMContext,
) -> None:
    await state.set_state(None)
    text, markup = await _home(i18n, session, member)
    await edit_or_answer(query, text, markup)


async def show_topics(
    query: CallbackQuery,
    callback_data: FaqCb,
    i18n: I18nContext,
    session: AsyncSession,
    member: Member | None,
) -> None:
    value = callback_data.value.upper()
    if not value:
        text, markup = await _home(i18n, session, member)
        await edit_or_answer(query, text, markup)
        return
    if value != GLOBAL_ENTRY and not (len(value) == 2 and value.isascii() and value.isalpha()):
        await query.answer(i18n.get("stale-button"))
        return
    country = None if value == GLOBAL_ENTRY else value
    links = await service.topics(session, country)
    if country is not None and not any(link.country == country for link in links):
        text = i18n.get("faq-topics-none-for", country=place_label(i18n, country))
    elif country is not None:
        text = i18n.get("faq-topics-of", country=place_label(i18n, country))
    else:
        text = i18n.get("faq-topics-global-only")
    await edit_or_answer(query, text, topics_keyboard(i18n, links))


async def choose_country(query: CallbackQuery, i18n: I18nContext, session: AsyncSession) -> None:
    countries = await service.countries_with_entries(session)
    await edit_or_answer(query, i18n.get("faq-choose-country"), countries_keyboard(i18n, countries))


# ---- an answer card, votes ---------------------------------------------------------------


async def _card_view(
    i18n: I18nContext,
    session: AsyncSession,
    access: Access,
    user_id: int,
    card: Card,
    callback_data: FaqCb,
) -> tuple[str, Any]:
    others = await service.cards(
        session, [i for i in unpack_alts(callback_data.alts) if i != card.entry_id], i18n.locale
    )
    full = callback_data.value == "f"
    markup = card_keyboard(
        i18n,
        card,
        others,
        question=callback_data.q,
        voted=await service.my_vote(session, user_id, card.entry_id),
        can_edit=access.can_moderate(card.country),
        more=not full and has_more(i18n, card),
    )
    return card_text(i18n, card, today=today(), full=full), markup


async def show_entry(
    query: CallbackQuery,
    callback_data: FaqCb,
    i18n: I18nContext,
    session: AsyncSession,
    access: Access,
) -> None:
    card = await service.card(session, callback_data.entry, i18n.locale)
    if card is None:
        await query.answer(i18n.get("faq-entry-gone"), show_alert=True)
        return
    if callback_data.q and callback_data.value != "f":
        await service.count_shown(session, card.entry_id)
    text, markup = await _card_view(i18n, session, access, query.from_user.id, card, callback_data)
    await edit_or_answer(query, text, markup)


async def rate_entry(
    query: CallbackQuery,
    callback_data: FaqCb,
    i18n: I18nContext,
    session: AsyncSession,
    access: Access,
    member: Member | None,
    state: FSMContext,
) -> None:
    if callback_data.value not in ("+", "-"):
        await query.answer(i18n.get("stale-button"))
        return
    card = await service.card(session, callback_data.entry, i18n.locale)
    if card is None:
        await query.answer(i18n.get("faq-entry-gone"), show_alert=True)
        return
    recalled = await _recall(state, callback_data.q) if callback_data.q else None
    if recalled is not None and card.entry_id not in recalled.entries:
        # A token of one question pressed with an entry never offered for it: forged.
        await query.answer(i18n.get("stale-button"))
        return
    helpful = callback_data.value == "+"
    user_id = query.from_user.id
    changed = await service.vote(
        session, member_id=user_id, entry_id=card.entry_id, helpful=helpful
    )
    if not helpful:
        # The question this answer was for, pinned by the button (not the newest one asked).
        await service.record_gap(
            session,
            kind=GapKind.UNHELPFUL,
            question=recalled.text if recalled else None,
            member_id=user_id,
            country=card.country,
            lang=i18n.locale,
            entry_slug=card.slug,
        )
    await query.answer(i18n.get("faq-thanks-helpful" if helpful else "faq-thanks-unhelpful"))
    message = query.message
    if message is None or isinstance(message, InaccessibleMessage):
        return
    if changed:
        _, markup = await _card_view(i18n, session, access, user_id, card, callback_data)
        await message.edit_reply_markup(reply_markup=markup)
    if changed and not helpful:
        # Where else to turn: the groups of the answer's country (or the member's) that help
        # with papers and banks.
        country = card.country if card.country != GLOBAL_ENTRY else (member and member.country)
        groups = await _papers_and_banks_groups(session, member, country or None)
        key = "faq-unhelpful-groups" if groups else "faq-unhelpful-no-groups"
        await message.answer(i18n.get(key), reply_markup=help_keyboard(i18n, groups))


# ---- inline mode ---------------------------------------------------------------------------


async def inline_answers(
    inline_query: InlineQuery,
    i18n: I18nContext,
    session: AsyncSession,
    member: Member | None,
    faq_library: FaqLibrary,
) -> None:
    """``@bot question`` in any chat: the best answers as articles to send there.

    Inline questions are not recorded as gaps: Telegram sends one per keystroke.
    """
    question = inline_query.query.strip()
    if len(question) < 2:
        await inline_query.answer([], cache_time=INLINE_CACHE_SECONDS, is_personal=True)
        return
    asked = await service.ask(
        session,
        faq_library,
        question,
        country=member.country if member is not None else None,
        lang=i18n.locale,
        limit=INLINE_RESULTS,
    )
    cards = await service.cards(session, [m.entry_id for m in asked.matches], i18n.locale)
    day = today()
    results: list[InlineQueryResultUnion] = [
        InlineQueryResultArticle(
            id=f"faq-{card.entry_id}",
            title=f"{flag(card.country)} {short(card.question, 100)}",
            description=description(card),
            input_message_content=InputTextMessageContent(
                message_text=card_text(i18n, card, today=day, ask=False),
                parse_mode=ParseMode.HTML,
                link_preview_options=LinkPreviewOptions(is_disabled=True),
            ),
        )
        for card in cards
    ]
    await inline_query.answer(results, cache_time=INLINE_CACHE_SECONDS, is_personal=True)


# ---- routers -------------------------------------------------------------------------------


def create_router(library: FaqLibrary) -> Router:
    """The knowledge base's commands, buttons and inline mode (before the wizards)."""
    router = Router(name="faq")
    _inject(router, library)
    router.message.filter(F.chat.type == "private")
    router.callback_query.filter(F.message.chat.type == "private")
    router.message.register(ask_command, Command("ask"))
    router.callback_query.register(home_from_menu, MenuCb.filter(F.section == "faq"))
    router.callback_query.register(show_entry, FaqCb.filter(F.action == "e"))
    router.callback_query.register(rate_entry, FaqCb.filter(F.action == "v"))
    router.callback_query.register(show_topics, FaqCb.filter(F.action == "t"))
    router.callback_query.register(choose_country, FaqCb.filter(F.action == "c"))
    router.callback_query.register(ask_volunteers, FaqCb.filter(F.action == "g"))
    router.inline_query.register(inline_answers)

    async def build_index(services: Services) -> None:
        library.warm(services.sessions)

    router.startup.register(build_index)
    router.shutdown.register(library.settle)
    return router


def create_question_router(library: FaqLibrary) -> Router:
    """Free text as a question: registered after every feature's wizards, before the
    catch-all, and only when no FSM state is set."""
    router = Router(name="faq-questions")
    _inject(router, library)
    router.message.register(
        free_question,
        F.chat.type == "private",
        F.text,
        ~F.text.startswith("/"),
        F.via_bot.is_(None),
        StateFilter(None),
    )
    return router
