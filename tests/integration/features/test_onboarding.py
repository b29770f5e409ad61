"""Newcomers arriving: /start → language → country → city → professions → interests → done."""

from __future__ import annotations

from sqlalchemy import select

from bot.db.models import Member, MemberInterest, MemberProfession
from tests.conftest import HarnessFactory
from tests.support.copy import has, t
from tests.support.story import Harness


async def professions_of(harness: Harness, user_id: int) -> set[str]:
    async with harness.services.sessions() as session:
        return set(
            await session.scalars(
                select(MemberProfession.slug).where(MemberProfession.member_id == user_id)
            )
        )


async def member_row(harness: Harness, user_id: int) -> Member | None:
    async with harness.services.sessions() as session:
        return await session.get(Member, user_id)


async def test_a_russian_speaking_designer_settles_in_tbilisi(
    make_harness: HarnessFactory, database_url: str
) -> None:
    harness = await make_harness(database_url)
    anna = harness.member(1001, language_code="ru")

    await anna.send("/start")
    welcome, step = anna.transcript()
    assert "Добро пожаловать" in welcome.text and welcome.buttons() == []
    assert "Выберите язык" in step.text

    await anna.press("Русский")
    assert "В какой стране" in anna.last.text

    await anna.press("Грузия")
    assert "В каком городе" in anna.last.text

    await anna.press("Тбилиси")
    assert "Чем вы занимаетесь" in anna.last.text

    await anna.press("Дизайн")
    assert any(label.startswith("✅") and "Дизайн" in label for label, _ in anna.last.buttons())
    await anna.press("IT")
    await anna.press("IT")  # changed her mind: a second press takes it back
    await anna.press("Готово")
    assert "Что вам нужно" in anna.last.text

    await anna.press("Банки")
    await anna.press("Жильё")
    await anna.press("Готово")
    assert has(anna.last.text, "setup-notifications", "ru")

    await anna.press("Да, присылайте")
    card = anna.last.text
    assert "Готово!" in card
    assert "Грузия" in card and "Тбилиси" in card and "Дизайн" in card
    assert "Главное меню" not in card  # the menu is the keyboard under the card
    assert any("Мой профиль" in label for label, _ in anna.last.buttons())

    member = await member_row(harness, 1001)
    assert member is not None
    assert (member.locale, member.country, member.city) == ("ru", "GE", "Tbilisi")
    assert member.broadcasts_opt_in is True and member.is_onboarded
    assert await professions_of(harness, 1001) == {"design"}
    async with harness.services.sessions() as session:
        interests = set(
            await session.scalars(
                select(MemberInterest.slug).where(MemberInterest.member_id == 1001)
            )
        )
    assert interests == {"banking", "housing"}


async def test_an_english_speaker_types_the_country_and_city(harness: Harness) -> None:
    tom = harness.member(1002, language_code="en", name="Tom")
    await tom.send("/start")
    assert "Welcome to" in tom.transcript()[0].text
    await tom.press("English")
    assert "Which country are you in now?" in tom.last.text

    await tom.send("Serbia")
    assert "Got it: <b>Serbia</b>" not in tom.last.text  # shown as formatting, not markup
    assert "Got it: Serbia" in tom.last.text
    assert has(tom.last.text, "setup-city", country="Serbia")

    await tom.send("novi sad")
    assert "Got it: Novi Sad" in tom.last.text
    await tom.press("IT")
    await tom.press("Done")
    await tom.press("Skip")  # no interests
    await tom.press("No, thanks")
    assert "All set!" in tom.last.text

    member = await member_row(harness, 1002)
    assert member is not None
    assert (member.locale, member.country, member.city) == ("en", "RS", "Novi Sad")
    assert member.broadcasts_opt_in is False


async def test_ukrainian_and_belarusian_telegram_get_russian_until_they_choose(
    harness: Harness,
) -> None:
    for user_id, language in ((1003, "uk"), (1004, "be")):
        person = harness.member(user_id, language_code=language)
        await person.send("/start")
        assert "Добро пожаловать" in person.transcript()[0].text
    german = harness.member(1005, language_code="de")
    await german.send("/start")
    assert "Welcome to" in german.transcript()[0].text


async def test_a_typo_d_country_is_understood(harness: Harness) -> None:
    for user_id, typed in (
        (1010, "Грузия"),
        (1011, "грузия"),
        (1012, "Gruzia"),
        (1013, "Georgia"),
        (1014, "GE"),
        (1015, "Грзия"),
    ):
        person = harness.member(user_id, language_code="ru")
        await person.send("/start")
        await person.press("Русский")
        await person.send(typed)
        assert "Понял: Грузия" in person.last.text, typed
        member = await member_row(harness, user_id)
        assert member is not None and member.country == "GE", typed


async def test_an_unknown_country_is_asked_again_kindly(harness: Harness) -> None:
    olga = harness.member(1020)
    await olga.send("/start")
    await olga.press("Русский")
    await olga.send("Нарния-Шмарния")
    assert has(olga.last.text, "setup-country-not-found", "ru")
    await olga.send("Армения")
    assert "Понял: Армения" in olga.last.text


async def test_a_country_without_a_city_list_skips_the_city(harness: Harness) -> None:
    ivan = harness.member(1021)
    await ivan.send("/start")
    await ivan.press("Русский")
    await ivan.send("Франция")
    assert "Чем вы занимаетесь" in ivan.last.text


async def test_typed_answers_take_the_old_buttons_away_and_the_welcome_stays(
    harness: Harness,
) -> None:
    """Issue 16: after a typed country or city the step's old buttons stayed on screen, and
    the welcome (with what is stored) was edited away by the next step."""
    tom = harness.member(1020, language_code="en", name="Tom")
    await tom.send("/start")
    welcome, language_step = tom.transcript()
    welcome_text = welcome.text
    assert "Welcome to" in welcome_text and "/privacy" in welcome_text
    await tom.press("English")
    country_step = tom.last
    assert country_step.message_id == language_step.message_id  # steps edit their own message
    assert country_step.buttons()

    await tom.send("Serbia")
    city_step = tom.last
    assert has(city_step.text, "setup-city", country="Serbia") and city_step.buttons()
    assert country_step.buttons() == [], "the country buttons stayed after a typed country"

    await tom.send("Atlantis")  # not a city there: the step again, the old one loses its buttons
    again = tom.last
    assert again.message_id != city_step.message_id and again.buttons()
    assert city_step.buttons() == []
    await tom.send("novi sad")
    assert "Got it: Novi Sad" in tom.last.text
    assert again.buttons() == []
    with_buttons = [m for m in tom.transcript() if m.buttons()]
    assert with_buttons == [tom.last]  # only the current step offers buttons

    await tom.press("IT")
    await tom.press("Done")
    await tom.press("Skip")
    await tom.press("No, thanks")
    assert "All set!" in tom.last.text
    assert tom.transcript()[0].text == welcome_text  # never edited away


async def test_a_country_typed_vaguely_offers_choices_and_only_those(harness: Harness) -> None:
    anna = harness.member(1021, language_code="ru")
    await anna.send("/start")
    await anna.press("Русский")
    step = anna.last
    await anna.send("Арме")  # Armenia, or the Emirates?
    assert "Понял" not in anna.last.text  # asked back; the old step's buttons went
    assert anna.last.message_id != step.message_id and step.buttons() == []
    assert {label for label, _ in anna.last.buttons()} >= {"Армения"}
    await anna.press("Армения")
    assert "В каком городе" in anna.last.text


async def test_onboarding_steps_offer_no_back_or_cancel(harness: Harness) -> None:
    """A newcomer finishes, or pauses with /cancel: no step draws ⬅️ Back or ✖ Cancel, and a
    forged Cancel press pauses as /cancel does."""
    anna = harness.member(1030, language_code="ru")
    await anna.send("/start")
    for answer in ("Русский", "Грузия", "Тбилиси"):
        labels = {label for label, _ in anna.last.buttons()}
        assert not labels & {t("wizard-back", "ru"), t("wizard-cancel", "ru")}, labels
        await anna.press(answer)
    await anna.press_data("su:cancel:")
    assert has(anna.last.text, "cancel-onboarding-paused", "ru")
    await anna.send("/start")
    assert "Чем вы занимаетесь" in anna.last.text  # continues where she left off
