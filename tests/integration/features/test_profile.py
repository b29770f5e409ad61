"""A settled member changes parts of their profile later with /profile."""

from __future__ import annotations

from bot.db.models import Member
from tests.support.copy import has, t
from tests.support.story import Harness


async def onboard(harness: Harness, user_id: int, language: str = "en") -> None:
    person = harness.member(user_id, language_code=language)
    await person.send("/start ge-tbilisi_design")
    await person.press("Done" if language == "en" else "Готово")
    await person.press("Skip" if language == "en" else "Пропустить")
    await person.press("Yes" if language == "en" else "Да")


async def test_moving_to_another_country_asks_for_the_city_and_returns_to_the_card(
    harness: Harness,
) -> None:
    await onboard(harness, 4001)
    tom = harness.member(4001)
    await tom.send("/profile")
    assert "Country: Georgia" in tom.last.text
    await tom.press("Country")
    await tom.press("Serbia")
    assert has(tom.last.text, "setup-city", country="Serbia")
    await tom.press("Belgrade")
    assert "Saved." in tom.last.text
    assert "Country: Serbia" in tom.last.text and "City: Belgrade" in tom.last.text


async def test_switching_language_rewrites_the_bot_in_russian(harness: Harness) -> None:
    await onboard(harness, 4002)
    tom = harness.member(4002)
    await tom.send("/profile")
    await tom.press("Language")
    await tom.press("Русский")
    assert "Ваш профиль" in tom.last.text
    async with harness.services.sessions() as session:
        member = await session.get(Member, 4002)
        assert member is not None and member.locale == "ru"


async def test_announcements_and_quiet_hours(harness: Harness) -> None:
    await onboard(harness, 4003)
    tom = harness.member(4003)
    await tom.send("/profile")
    assert "News and events: on" in tom.last.text
    await tom.press(t("profile-edit-notify"))
    assert "News and events: off" in tom.last.text
    await tom.press("Quiet hours")
    await tom.press("22:00–08:00")
    assert "Quiet hours: 22:00–08:00" in tom.last.text
    async with harness.services.sessions() as session:
        member = await session.get(Member, 4003)
        assert member is not None
        assert (member.broadcasts_opt_in, member.quiet_start, member.quiet_end) == (False, 22, 8)
    await tom.press_data("pf:quiet:3-4")  # a window we never offered
    assert "old message" in (tom.last_answer() or "")


async def test_the_city_of_a_country_without_a_city_list_is_not_asked(harness: Harness) -> None:
    await onboard(harness, 4004)
    tom = harness.member(4004)
    await tom.send("/profile")
    await tom.press("Country")
    await tom.send("France")  # no city list there: straight back to the card
    assert "Saved." in tom.last.text and "Country: France" in tom.last.text
    await tom.press(t("profile-edit-city"))
    assert has(tom.last_answer() or "", "profile-no-cities")
    await tom.press(t("profile-edit-interests"))
    await tom.press(t("interest-housing"))
    await tom.press("Done")
    assert "Saved." in tom.last.text and "Housing" in tom.last.text
