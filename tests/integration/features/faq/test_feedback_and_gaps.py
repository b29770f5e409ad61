""" "Did this help?" and questions without a good answer reach moderators as grouped gaps."""

from __future__ import annotations

from sqlalchemy import func, select

from bot.db.engine import create_engine, create_session_factory
from bot.db.models import FaqGapQuestion, GapKind
from bot.db.uow import unit_of_work
from bot.features.faq import service
from bot.features.faq.keyboards import FaqCb
from bot.i18n import translator
from tests.conftest import HarnessFactory
from tests.integration.features.faq.stories import (
    Gap,
    feedback,
    moderator,
    open_gaps,
    settle,
)
from tests.support.copy import t
from tests.support.story import Harness


def sorry(text: str) -> bool:
    """Whether ``text`` is the reply to a 👎: sorry, and where else to turn (with or without
    groups to ask)."""
    return text.startswith((t("faq-unhelpful-groups"), t("faq-unhelpful-no-groups")))


async def test_unanswered_questions_are_grouped_when_similar_and_counted_per_member(
    make_harness: HarnessFactory, database_url: str
) -> None:
    harness = await make_harness(database_url, admin_ids="1")
    anna = await settle(harness, 7101, "GE", language="ru")
    await anna.send("где найти ветеринара для кошки в Грузии?")
    assert "волонтёрам" in anna.last.text and not await open_gaps(harness)  # only if she asks
    await anna.press("Передать вопрос волонтёрам")
    assert "Передал ваш вопрос волонтёрам (🇬🇪 Грузия) без вашего имени" in anna.last.text
    assert "раз в неделю" in anna.last.text  # an honest expectation of when
    boris = await settle(harness, 7102, "RS", language="ru")
    await boris.send("ветеринар для кошки в грузии срочно")  # the country of the question counts
    await boris.press("Передать вопрос волонтёрам")
    await anna.send("ветеринар в грузии для кошки??")  # the same member again: not a second asker
    await anna.press("Передать вопрос волонтёрам")
    vera = await settle(harness, 7103, "AM", language="ru")
    await vera.send("где найти ветеринара для кошки в Армении")  # another country: another gap
    await vera.press("Передать вопрос волонтёрам")
    await vera.send("где купить велосипед в Ереване")  # another subject: another gap
    await vera.press("Передать вопрос волонтёрам")

    gaps = await open_gaps(harness)
    vet_ge = [g for g in gaps if g.country == "GE"]
    assert vet_ge == [
        Gap(
            "no_match",
            "GE",
            2,
            None,
            ("ветеринар в грузии для кошки??", "ветеринар для кошки в грузии срочно"),
        )
    ]
    assert sorted(g.questions for g in gaps if g.country == "AM") == [
        ("где купить велосипед в Ереване",),
        ("где найти ветеринара для кошки в Армении",),
    ]


async def test_keyboard_mashing_and_greetings_never_reach_the_volunteers(
    harness: Harness,
) -> None:
    anna = await settle(harness, 7104, "GE", language="ru")
    for text in ("фывапролдж", "asdfgh qwerty", "спасибо!"):
        await anna.send(text)
        assert "Напишите вопрос в нескольких словах" in anna.last.text
        assert not any("волонтёрам" in label for label, _ in anna.last.buttons())
    assert await open_gaps(harness) == []


async def test_an_old_ask_the_volunteers_button_passes_nothing(harness: Harness) -> None:
    anna = await settle(harness, 7105, "GE")
    await anna.send("where to find a vet for my cat in Georgia")
    await anna.press("Pass my question to the volunteers")
    await anna.press_data(FaqCb(action="g").pack())  # pressed again, or forged
    assert (anna.last_answer() or "") == t("faq-ask-volunteers-stale")
    assert len(await open_gaps(harness)) == 1


async def test_a_thumbs_down_reaches_the_gaps_with_the_question_asked(
    make_harness: HarnessFactory, database_url: str
) -> None:
    harness = await make_harness(database_url, admin_ids="1")
    anna = await settle(harness, 7111, "RS")
    await anna.send("can I open a bank account with a russian passport")
    await anna.press("👎 No")
    assert (anna.last_answer() or "") == t("faq-thanks-unhelpful")
    assert sorry(anna.last.text)  # and where else to turn
    card = anna.transcript()[-2]
    assert "👎 No ✓" in [label for label, _ in card.buttons()]
    await anna.press_on(card, "👎 No")  # pressed twice: counted once, said once
    assert sorry(anna.last.text)
    assert sum(sorry(m.text) for m in anna.transcript()) == 1
    boris = await settle(harness, 7112, "RS")
    await boris.send("/menu")
    await boris.press("Documents and banks")
    await boris.press("Bank account")  # browsing: no question to pass on
    await boris.press("👎 No")

    assert await feedback(harness, "rs/bank-account") == (1, 0, 2)
    [gap] = await open_gaps(harness)
    assert gap == Gap(
        "unhelpful",
        "RS",
        2,
        "rs/bank-account",
        ("can I open a bank account with a russian passport", ""),
    )

    await anna.press_on(card, "👍 Yes")  # she changed her mind
    assert await feedback(harness, "rs/bank-account") == (1, 1, 1)
    assert "👍 Yes ✓" in [label for label, _ in anna.transcript()[-2].buttons()]


async def test_moderators_see_the_gaps_of_their_countries_and_close_them(
    harness: Harness,
) -> None:
    anna = await settle(harness, 7121, "GE")
    await anna.send("where to find a vet for my cat in Georgia")
    await anna.press("Pass my question to the volunteers")
    await anna.send("where to find a vet for my cat in Serbia")
    await anna.press("Pass my question to the volunteers")
    olga = await moderator(harness, 7122, "RS")
    await olga.send("/faq_admin")
    assert "Questions without a good answer: 1" in olga.last.text
    await olga.press("Gaps (1)")
    gaps_screen = olga.last.text
    assert "🇷🇸 Serbia · no answer · asked by 1" in gaps_screen
    assert "«where to find a vet for my cat in Serbia»" in gaps_screen
    assert "Georgia" not in gaps_screen  # not her country
    assert "7121" not in gaps_screen  # who asked is never shown

    await olga.press("Close 1")
    assert "The question was deleted" in (olga.last_answer() or "")
    assert [g.country for g in await open_gaps(harness)] == ["GE"]
    async with harness.services.sessions() as session:
        left = await session.scalar(select(func.count()).select_from(FaqGapQuestion))
    assert left == 1  # the Serbian question is gone with its gap


async def test_a_moderator_cannot_close_another_countrys_gap_by_forged_button(
    harness: Harness,
) -> None:
    anna = await settle(harness, 7131, "GE")
    await anna.send("where to find a vet for my cat in Georgia")
    await anna.press("Pass my question to the volunteers")
    [gap] = await open_gaps(harness)
    olga = await moderator(harness, 7132, "RS")
    async with harness.services.sessions() as session:
        from bot.db.models import FaqGap

        gap_id = await session.scalar(select(FaqGap.id))
    from bot.features.faq.keyboards import FaqModCb

    await olga.press_data(FaqModCb(action="gclose", entry=gap_id or 0).pack())
    assert "not among the countries you moderate" in (olga.last_answer() or "")
    assert await open_gaps(harness) == [gap]


async def test_one_member_cannot_flood_the_moderators_list(sqlite_url: str) -> None:
    engine = create_engine(sqlite_url)
    try:
        async with unit_of_work(create_session_factory(engine)) as session:
            words = [
                "велосипед",
                "рыбалка",
                "шахматы",
                "гитара",
                "балет",
                "кошка",
                "собака",
                "попугай",
                "аквариум",
                "теннис",
                "футбол",
                "хоккей",
                "пианино",
                "скрипка",
                "театр",
                "музей",
                "выставка",
                "опера",
                "цирк",
                "зоопарк",
                "бассейн",
                "каток",
                "лыжи",
                "сноуборд",
                "палатка",
            ]
            subjects = [f"где {word} в Тбилиси" for word in words]
            recorded = [
                await service.record_gap(
                    session,
                    kind=GapKind.NO_MATCH,
                    question=subject,
                    member_id=7141,
                    country="GE",
                    lang="ru",
                )
                for subject in subjects
            ]
            assert sum(gap is not None for gap in recorded) == service.GAP_QUESTIONS_PER_MEMBER
            other = await service.record_gap(
                session,
                kind=GapKind.NO_MATCH,
                question=subjects[-1],
                member_id=7142,
                country="GE",
                lang="ru",
            )
            assert other is not None and other.count == 1
    finally:
        await engine.dispose()


async def test_a_thumbs_down_goes_to_the_question_its_answer_was_for(
    make_harness: HarnessFactory, database_url: str
) -> None:
    """Issue 16: two questions, 👎 under the FIRST answer passes on the first question (it
    used to pass on the newest one); a token forged onto another entry is refused."""
    harness = await make_harness(database_url, admin_ids="1")
    anna = await settle(harness, 7113, "RS")
    await anna.send("can I open a bank account with a russian passport")
    first = anna.last
    await anna.send("how do I get a residence permit in Serbia")
    second = anna.last
    assert first.message_id != second.message_id
    await anna.press_on(first, "👎 No")
    assert t("faq-thanks-unhelpful") in (anna.last_answer() or "")

    [gap] = await open_gaps(harness)
    assert gap == Gap(
        "unhelpful",
        "RS",
        1,
        "rs/bank-account",
        ("can I open a bank account with a russian passport",),
    )

    # The first answer's question token pressed with an entry never offered for it.
    [vote] = [data for label, data in first.buttons() if label.startswith("👎")]
    token = FaqCb.unpack(vote).q
    second_entry = FaqCb.unpack(
        next(data for label, data in second.buttons() if label.startswith("👎"))
    ).entry
    forged = FaqCb(action="v", entry=second_entry, value="-", q=token).pack()
    await anna.press_data(forged, second)
    assert anna.last_answer() == translator("en")("stale-button")
    assert len(await open_gaps(harness)) == 1
