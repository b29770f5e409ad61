"""Newcomers meet the real bot process through the emulator: buttons, typing, deep links."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from bot.db.models import Member, MemberInterest, MemberProfession
from tests.support.e2e import E2E

pytestmark = pytest.mark.e2e


async def stored(e2e: E2E, user_id: int) -> tuple[Member | None, set[str], set[str]]:
    """The member row, professions and interests the bot keeps about ``user_id``."""
    async with e2e.session() as session:
        member = await session.get(Member, user_id)
        professions = set(
            await session.scalars(
                select(MemberProfession.slug).where(MemberProfession.member_id == user_id)
            )
        )
        interests = set(
            await session.scalars(
                select(MemberInterest.slug).where(MemberInterest.member_id == user_id)
            )
        )
    return member, professions, interests


async def test_a_russian_speaker_settles_in_tbilisi_by_pressing_buttons(e2e: E2E) -> None:
    anna = await e2e.user("Аня", language="ru")

    reply = await anna.send("/start", until="Выберите язык")
    welcome = (await anna.messages())[0]  # a message of its own, never edited away
    assert "Добро пожаловать" in welcome.text and "Выберите язык" in reply.text
    assert "<b>Причал</b>" in welcome.html  # formatting arrives as entities, not as markup
    assert reply.buttons == ("Русский", "English")

    reply = await anna.press("Русский")
    assert "В какой стране" in reply.text
    reply = await anna.press("Грузия")
    assert "В каком городе" in reply.text
    reply = await anna.press("Тбилиси")
    assert "Чем вы занимаетесь" in reply.text
    reply = await anna.press("Дизайн")
    assert "✅ 🎨 Дизайн" in reply.buttons
    reply = await anna.press("Готово")
    assert "Что вам нужно" in reply.text
    await anna.press("Банки")
    reply = await anna.press("Готово")
    assert "Новости и события" in reply.text

    card = await anna.press("Да, присылайте")
    assert "Готово!" in card.text
    assert "Грузия" in card.text and "Тбилиси" in card.text and "Дизайн" in card.text
    assert any("Мой профиль" in label for label in card.buttons)

    member, professions, interests = await stored(e2e, anna.id)
    assert member is not None and member.is_onboarded
    assert (member.locale, member.country, member.city) == ("ru", "GE", "Tbilisi")
    assert member.broadcasts_opt_in is True
    assert (professions, interests) == ({"design"}, {"banking"})


async def test_an_english_speaker_types_where_they_are(e2e: E2E) -> None:
    tom = await e2e.user("Tom", language="en")

    await tom.send("/start", until="Choose your language")
    assert "Welcome to" in (await tom.messages())[0].text
    reply = await tom.press("English")
    assert "Which country are you in now?" in reply.text
    reply = await tom.send("Serbia")
    assert "Got it: Serbia" in reply.text and "Which city in Serbia" in reply.text
    reply = await tom.send("novi sad")
    assert "Got it: Novi Sad" in reply.text
    await tom.press("IT")
    reply = await tom.press("Done")
    assert "What do you need" in reply.text
    await tom.press("Skip")
    card = await tom.press("No, thanks")
    assert "All set!" in card.text and "Novi Sad" in card.text

    member, professions, interests = await stored(e2e, tom.id)
    assert member is not None and member.is_onboarded
    assert (member.locale, member.country, member.city) == ("en", "RS", "Novi Sad")
    assert member.broadcasts_opt_in is False
    assert (professions, interests) == ({"it"}, set())


async def test_a_deep_link_brings_country_city_and_profession(e2e: E2E) -> None:
    nika = await e2e.user("Nika", language="en")

    reply = await nika.send("/start ge-tbilisi_it")
    assert "From the link: Georgia, Tbilisi." in reply.text
    # Country, city and language are known: the next question is the profession, IT ticked.
    assert "What do you do?" in reply.text
    assert any(label.startswith("✅") and "IT" in label for label in reply.buttons)

    member, professions, _ = await stored(e2e, nika.id)
    assert member is not None and not member.is_onboarded
    assert (member.country, member.city, member.locale) == ("GE", "Tbilisi", "en")
    assert professions == {"it"}


async def test_unknown_parts_of_a_deep_link_get_a_friendly_note(e2e: E2E) -> None:
    lev = await e2e.user("Лев", language="ru")

    reply = await lev.send("/start ge-atlantis_astronaut")
    assert "Часть ссылки не распознана" in reply.text
    assert "atlantis" in reply.text and "astronaut" in reply.text
    member, professions, _ = await stored(e2e, lev.id)
    assert member is not None and (member.country, member.city) == ("GE", None)
    assert professions == set()
