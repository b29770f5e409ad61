"""Arriving by a link a community shared: /start ge, ge-tbilisi, ge-tbilisi_it."""

from __future__ import annotations

from sqlalchemy import select

from bot.db.models import Member, MemberProfession
from tests.support.story import Harness


async def profile_of(harness: Harness, user_id: int) -> tuple[str | None, str | None, set[str]]:
    async with harness.services.sessions() as session:
        member = await session.get(Member, user_id)
        assert member is not None
        professions = set(
            await session.scalars(
                select(MemberProfession.slug).where(MemberProfession.member_id == user_id)
            )
        )
        return member.country, member.city, professions


async def test_a_country_link_skips_language_and_country(harness: Harness) -> None:
    anna = harness.member(2001, language_code="ru")
    await anna.send("/start ge")
    assert "Из ссылки: Грузия" in anna.last.text
    assert "В каком городе" in anna.last.text
    assert await profile_of(harness, 2001) == ("GE", None, set())


async def test_a_city_link_goes_straight_to_professions(harness: Harness) -> None:
    tom = harness.member(2002, language_code="en")
    await tom.send("/start ge-tbilisi")
    assert "From the link: Georgia, Tbilisi" in tom.last.text
    assert "What do you do?" in tom.last.text
    assert await profile_of(harness, 2002) == ("GE", "Tbilisi", set())


async def test_a_profession_link_preselects_the_profession(harness: Harness) -> None:
    anna = harness.member(2003, language_code="ru")
    await anna.send("/start ge-tbilisi_it")
    assert any(label.startswith("✅") and "IT" in label for label, _ in anna.last.buttons())
    assert await profile_of(harness, 2003) == ("GE", "Tbilisi", {"it"})
    await anna.press("Готово")
    await anna.press("Пропустить")  # no interests
    await anna.press("Нет, спасибо")
    assert "Готово!" in anna.last.text


async def test_unknown_parts_are_ignored_with_a_friendly_note(harness: Harness) -> None:
    anna = harness.member(2004, language_code="ru")
    await anna.send("/start ge-atlantis_astronaut")
    text = anna.last.text
    assert "не распознана" in text and "atlantis" in text and "astronaut" in text
    assert await profile_of(harness, 2004) == ("GE", None, set())


async def test_a_malformed_payload_never_breaks_start(harness: Harness) -> None:
    anna = harness.member(2005, language_code="ru")
    await anna.send("/start <b>hi</b>&amp;" + "x" * 300)
    assert "Выберите язык" in anna.last.text
    assert "не распознана" in anna.last.text
    country, _, _ = await profile_of(harness, 2005)
    assert country is None


async def test_an_onboarded_member_following_a_link_moves_there_when_they_agree(
    harness: Harness,
) -> None:
    anna = harness.member(2006, language_code="ru")
    await anna.send("/start rs-belgrade")
    await anna.press("Пропустить")
    await anna.press("Пропустить")
    await anna.press("Нет, спасибо")
    await anna.send("/start am-yerevan")
    assert "Эта ссылка — для: Армения, Ереван" in anna.last.text
    assert await profile_of(harness, 2006) == ("RS", "Belgrade", set())  # asked, not changed
    await anna.press("Да, изменить профиль")
    assert "Из ссылки: Армения, Ереван" in anna.last.text
    assert await profile_of(harness, 2006) == ("AM", "Yerevan", set())
