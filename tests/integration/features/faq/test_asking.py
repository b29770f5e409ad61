"""A member asks the knowledge base in their own words and reads a sourced, dated answer."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest

from bot.access import Access
from bot.db.engine import sqlite_writers
from bot.db.models import FaqStatus, Volatility
from bot.db.types import utcnow
from bot.features.faq import editing
from bot.features.faq import router as faq_router
from bot.features.faq.keyboards import FaqCb
from bot.i18n import translator
from tests.conftest import HarnessFactory
from tests.integration.features.faq.stories import (
    change_entry,
    entry,
    feedback,
    long_date,
    sent_html,
    settle,
)
from tests.support.story import Harness


async def _question(harness: Harness, slug: str, lang: str = "en") -> str:
    text = (await entry(harness, slug)).text(lang)
    assert text is not None
    return text.question


async def test_a_plain_question_gets_the_answer_with_sources_date_and_disclaimer(
    harness: Harness,
) -> None:
    anna = await settle(harness, 7001, "RS")
    await anna.send("how do I open a bank account?")
    card = anna.last.text
    assert card.startswith(await _question(harness, "rs/bank-account"))
    assert "🇷🇸 Serbia · Bank account" in card
    rs_bank = await entry(harness, "rs/bank-account")
    assert rs_bank.verified_at is None and rs_bank.checked_on is not None
    assert f"Checked against the sources on {long_date(rs_bank.checked_on, 'en')}" in card
    assert "Confirmed by a moderator" not in card  # nobody confirmed the starter base
    assert "This is not legal advice" in card
    assert "Did this help?" in card
    html = sent_html(harness, 7001)
    for url in rs_bank.sources:
        assert f'<a href="{url}">' in html  # every source is a link
    labels = [label for label, _ in anna.last.buttons()]
    assert "👍 Yes" in labels and "👎 No" in labels
    assert any(label.startswith("➡️") for label in labels), "the other matches, as buttons"
    assert await feedback(harness, "rs/bank-account") == (1, 0, 0)


async def test_an_answer_archived_after_the_index_was_built_is_never_shown(
    harness: Harness,
) -> None:
    """The search index can be a moment behind the base (an entry archived by another process):
    the cards are read again, published ones only, and an archived best answer is not shown
    nor counted."""
    anna = await settle(harness, 7010, "RS")
    await anna.send("how do I open a bank account?")  # the index is built with the entry
    assert anna.last.text.startswith(await _question(harness, "rs/bank-account"))
    await change_entry(harness, "rs/bank-account", status=FaqStatus.ARCHIVED)
    await anna.send("how do I open a bank account?")
    assert anna.last.text == translator("en")("faq-no-answer")
    assert await feedback(harness, "rs/bank-account") == (1, 0, 0)


async def test_a_country_named_in_the_question_beats_the_profile_country(
    harness: Harness,
) -> None:
    anna = await settle(harness, 7002, "RS")
    await anna.send("как открыть счёт в Грузии?")
    assert anna.last.text.startswith(await _question(harness, "ge/bank-account"))
    assert "Answers for 🇬🇪 Georgia, the country in your question" in anna.last.text
    await anna.send("как открыть счёт?")
    assert anna.last.text.startswith(await _question(harness, "rs/bank-account"))
    assert "the country in your question" not in anna.last.text


async def test_typos_translit_and_mixed_scripts_still_find_the_answer(harness: Harness) -> None:
    olga = await settle(harness, 7003, "GE", language="ru")
    await olga.send("kak otkryt schet v banke")
    assert olga.last.text.startswith(await _question(harness, "ge/bank-account", "ru"))
    await olga.send("сколько можно жыть в грузии без визы")  # a typo
    assert "Грузия · Безвизовое пребывание" in olga.last.text
    await olga.send("BHЖ в Сербии")  # Latin B and H inside a Cyrillic word
    assert "Сербия · ВНЖ" in olga.last.text
    assert "Ответ помог?" in olga.last.text


async def test_past_its_review_date_a_card_says_so_in_one_calm_line(harness: Harness) -> None:
    today = utcnow().date()
    await change_entry(
        harness,
        "rs/tax-residency",
        checked_on=today - timedelta(days=30),
        review_by=today + timedelta(days=300),
        volatility=Volatility.HIGH,
    )
    anna = await settle(harness, 7004, "RS")
    await anna.send("tax residency in serbia")
    fresh = anna.last.text
    assert "re-check" not in fresh and "change often" not in fresh  # no stack of warnings

    await change_entry(harness, "rs/tax-residency", review_by=today - timedelta(days=1))
    await anna.send("tax residency in serbia")
    stale = anna.last.text
    overdue = long_date(today - timedelta(days=1), "en")
    assert stale.count("⏳") == 1 and f"Due for a re-check (since {overdue})" in stale
    assert "⚠️ Not checked" not in stale and "⚡" not in stale


async def test_dates_are_written_in_the_members_language(harness: Harness) -> None:
    olga = await settle(harness, 7005, "RS", language="ru")
    await olga.send("как открыть счёт в банке")
    rs_bank = await entry(harness, "rs/bank-account")
    assert rs_bank.checked_on is not None
    assert f"Сверено с источниками {long_date(rs_bank.checked_on, 'ru')}" in olga.last.text
    assert "Это не юридическая консультация" in olga.last.text


async def test_answers_come_in_the_members_language_whatever_the_question_is_in(
    harness: Harness,
) -> None:
    olga = await settle(harness, 7006, "RS", language="ru")
    await olga.send("bank account")
    rs_bank = await entry(harness, "rs/bank-account")
    assert olga.last.text.startswith(rs_bank.text("ru").question)  # type: ignore[union-attr]


async def test_the_other_matches_open_their_own_cards_and_keep_the_list(harness: Harness) -> None:
    anna = await settle(harness, 7007, "RS")
    await anna.send("how do I open a bank account?")
    first = anna.last.text.split("\n")[0]
    others = [label for label, _ in anna.last.buttons() if label.startswith("➡️")]
    await anna.press(others[0])
    assert anna.last.text.split("\n")[0] != first
    assert any(first.startswith(label[2:].rstrip("…").strip()) for label, _ in anna.last.buttons())


async def test_browsing_topics_of_the_country_and_the_global_ones(harness: Harness) -> None:
    anna = await settle(harness, 7008, "RS")
    await anna.send("/menu")
    await anna.press("Documents and banks")
    assert "Topics for 🇷🇸 Serbia" in anna.last.text
    labels = [label for label, _ in anna.last.buttons()]
    assert "Bank account" in labels and "🌍 Apostille" in labels
    assert "Driving licence" in labels and "Emergency and crisis lines" in labels
    await anna.press("🌍 Apostille")
    assert "🌍 Every country · Apostille" in anna.last.text
    await anna.press("Topics")
    await anna.press("Another country")
    await anna.press("Georgia")
    assert "Topics for 🇬🇪 Georgia" in anna.last.text
    await anna.press("Driving licence")
    assert "🇬🇪 Georgia · Driving licence" in anna.last.text


async def test_ask_with_a_question_answers_and_alone_opens_the_topics(harness: Harness) -> None:
    anna = await settle(harness, 7009, "GE")
    await anna.send("/ask sim card")
    assert "SIM" in anna.last.text.split("\n")[0] or "SIM" in anna.last.text
    await anna.send("/ask")
    assert "Type your question in your own words" in anna.last.text


async def test_thanks_and_greetings_are_not_questions(harness: Harness) -> None:
    anna = await settle(harness, 7010, "GE")
    await anna.send("спасибо!")
    assert "Type your question in a few words" in anna.last.text
    await anna.send("👍")
    assert "Type your question in a few words" in anna.last.text


async def test_a_wizard_keeps_its_own_text_input(harness: Harness) -> None:
    tom = await settle(harness, 7011, "RS")
    await tom.send("/profile")
    await tom.press("City")
    await tom.send("Novi Sad")  # the city step takes text: not a question
    assert "Novi Sad" in tom.last.text
    assert "Did this help?" not in "".join(m.text for m in tom.transcript()[-2:])


async def test_an_archived_entry_is_not_found_and_its_old_buttons_say_so(
    harness: Harness,
) -> None:
    rs_bank = await entry(harness, "rs/bank-account")
    anna = await settle(harness, 7012, "RS")
    question = await _question(harness, "rs/bank-account")
    await anna.send("how do I open a bank account?")
    assert anna.last.text.startswith(question)
    async with harness.services.sessions() as session, session.begin():
        await editing.set_status(session, Access(1, is_admin=True), rs_bank.id, "archived")
    await anna.send("how do I open a bank account?")
    assert not anna.last.text.startswith(question)
    await anna.press_data(FaqCb(action="e", entry=rs_bank.id).pack())  # an old button to it
    assert "no longer available" in (anna.last_answer() or "")


async def test_forged_answer_buttons_change_nothing_and_crash_nothing(harness: Harness) -> None:
    anna = await settle(harness, 7013, "RS")
    await anna.send("how do I open a bank account?")
    rs_bank = await entry(harness, "rs/bank-account")
    forged = [
        FaqCb(action="e", entry=999_999).pack(),
        FaqCb(action="v", entry=999_999, value="+").pack(),
        FaqCb(action="v", entry=rs_bank.id, value="?").pack(),
        FaqCb(action="e", entry=rs_bank.id, alts="1.a.99999999999999.-3", q=1).pack(),
        "faq:e:not-a-number:::0",
        "faq:zz",
    ]
    for data in forged:
        await anna.press_data(data)
    assert (await feedback(harness, "rs/bank-account"))[1:] == (0, 0)  # no votes counted
    # The card opened with junk in its list of other matches shows only real ones.
    assert anna.last.text.startswith(await _question(harness, "rs/bank-account"))


async def test_someone_who_never_started_can_still_ask(harness: Harness) -> None:
    stranger = harness.member(7014, language_code="en")
    await stranger.send("how long can I stay in Georgia without a visa?")
    assert "🇬🇪 Georgia · Visa-free stay" in stranger.last.text


async def test_asking_works_on_both_databases(
    make_harness: HarnessFactory, database_url: str
) -> None:
    harness = await make_harness(database_url, admin_ids="1")
    anna = await settle(harness, 7015, "AM")
    await anna.send("можно ли открыть счет в армении")
    assert "🇦🇲 Armenia · Bank account" in anna.last.text
    await anna.press("👍 Yes")
    assert await feedback(harness, "am/bank-account") == (1, 1, 0)


async def test_a_long_answer_opens_compact_and_more_shows_steps_documents_and_caveats(
    harness: Harness,
) -> None:
    olga = await settle(harness, 7016, "GE", language="ru")
    await olga.send("как получить внж в грузии")
    compact = olga.last.text
    assert compact.startswith(await _question(harness, "ge/residence-permit", "ru"))
    assert "Что делать:" not in compact and "Важно:" not in compact
    labels = [label for label, _ in olga.last.buttons()]
    assert labels[0].startswith("📖 Подробнее")
    await olga.press(labels[0])
    full = olga.last.text
    assert "⚠️ Важно:" in full and len(full) > len(compact)
    assert not any(label.startswith("📖") for label, _ in olga.last.buttons())
    assert "Ответ помог?" in full and "Сверено с источниками" in full


async def test_a_greeting_gets_a_hello_and_the_main_menu(harness: Harness) -> None:
    """Issue 16: "привет" got "Напишите вопрос…"; now a hello with the main menu, in ru and
    en, and a greeting with a question still reaches the search."""
    ru, en = translator("ru"), translator("en")
    anna = await settle(harness, 7201, "GE", language="ru")
    for text in ("привет", "Здравствуйте!", "добрый вечер 🙂"):
        await anna.send(text)
        assert anna.last.text == ru("faq-greeting")
        labels = [label for label, _ in anna.last.buttons()]
        assert ru("menu-jobs") in labels and ru("menu-communities") in labels
    await anna.press(ru("menu-faq"))  # the menu under the greeting works
    assert re.sub("<[^>]+>", "", ru("faq-home")).split("\n")[0] in anna.last.text

    tom = await settle(harness, 7202, "GE", language="en")
    for text in ("hi", "Hello!", "hey there 👋"):
        await tom.send(text)
        assert tom.last.text == en("faq-greeting")
        assert en("menu-events") in [label for label, _ in tom.last.buttons()]
    await tom.send("hello, how to open a bank account in Georgia")
    assert tom.last.text != en("faq-greeting") and en("faq-vote-no") in [
        label for label, _ in tom.last.buttons()
    ]

    stranger = harness.member(7203, language_code="en")
    await stranger.send("hello")
    assert stranger.last.text.startswith(en("faq-greeting-new"))
    assert "/start" in stranger.last.text


async def test_the_answer_is_drawn_before_the_write_lock_is_taken(
    harness: Harness, monkeypatch: pytest.MonkeyPatch
) -> None:
    """On SQLite a transaction holds the one write lock from its first write (the question
    kept for the card's buttons, the entry counted) until it commits before the reply; every
    other member's write waits meanwhile. So the card and its keyboard are drawn first."""
    writers = sqlite_writers(harness.services.engine)
    assert writers is not None
    drawn_while_taken: list[bool] = []

    def watched(draw: Callable[..., Any]) -> Callable[..., Any]:
        def drawing(*args: Any, **kwargs: Any) -> Any:
            drawn_while_taken.append(writers.taken())
            return draw(*args, **kwargs)

        return drawing

    monkeypatch.setattr(faq_router, "card_text", watched(faq_router.card_text))
    monkeypatch.setattr(faq_router, "card_keyboard", watched(faq_router.card_keyboard))
    anna = await settle(harness, 7030, "RS")
    await anna.send("how do I open a bank account?")
    assert anna.last.text.startswith(await _question(harness, "rs/bank-account"))
    assert drawn_while_taken == [False, False]
    assert await feedback(harness, "rs/bank-account") == (1, 0, 0)  # and still counted
