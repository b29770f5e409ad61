"""A member opens "Communities": the groups of her city first, then of her country, then
transnational ones — matched by profession — and never another country's unless she asks."""

from __future__ import annotations

from datetime import timedelta

from bot.db.models import ALL_COUNTRIES, LinkCheck, Member
from bot.db.types import utcnow
from tests.conftest import HarnessFactory
from tests.support.directory import ADMIN, add_group, group_by_title, onboarded
from tests.support.story import Harness, Person

ANNA = 3101

TITLES = (
    "Tbilisi IT",
    "Tbilisi designers",
    "Tbilisi newcomers",
    "Georgia IT",
    "Georgia everyone",
    "Batumi IT",
    "Worldwide IT",
    "Belgrade IT",
    "Serbia everyone",
)


async def georgian_and_serbian_groups(harness: Harness) -> None:
    now = utcnow()
    await add_group(
        harness, slug="ge-tbilisi-it", title="Tbilisi IT", city="Tbilisi", professions=["it"]
    )
    await add_group(
        harness,
        slug="ge-tbilisi-design",
        title="Tbilisi designers",
        city="Tbilisi",
        professions=["design"],
    )
    await add_group(
        harness,
        slug="ge-tbilisi-new",
        title="Tbilisi newcomers",
        city="Tbilisi",
        interests=["housing"],
    )
    # Two Georgia-wide groups: the profession match ranks first even though verified earlier.
    await add_group(
        harness,
        slug="ge-it",
        title="Georgia IT",
        professions=["it"],
        verified_at=now - timedelta(days=90),
    )
    await add_group(
        harness, slug="ge-all", title="Georgia everyone", verified_at=now - timedelta(days=1)
    )
    await add_group(
        harness, slug="ge-batumi-it", title="Batumi IT", city="Batumi", professions=["it"]
    )
    await add_group(
        harness, slug="global-it", title="Worldwide IT", country=ALL_COUNTRIES, professions=["it"]
    )
    await add_group(
        harness,
        slug="rs-belgrade-it",
        title="Belgrade IT",
        country="RS",
        city="Belgrade",
        professions=["it"],
    )
    await add_group(harness, slug="rs-all", title="Serbia everyone", country="RS")


def title_on(text: str) -> str:
    [title] = [title for title in TITLES if f"\n{title}\n" in f"\n{text}\n"]
    return title


async def every_card(person: Person) -> list[str]:
    """Flip through all pages from the first one, collecting the group titles in order."""
    seen = [title_on(person.last.text)]
    while any("Дальше" in label for label, _ in person.last.buttons()):
        await person.press("Дальше")
        seen.append(title_on(person.last.text))
    return seen


async def test_a_tbilisi_it_member_sees_her_city_then_country_then_transnational_never_serbia(
    make_harness: HarnessFactory, database_url: str
) -> None:
    harness = await make_harness(database_url, admin_ids=str(ADMIN))
    await georgian_and_serbian_groups(harness)
    anna = await onboarded(harness, ANNA, payload="ge-tbilisi_it")

    await anna.send("/menu")
    await anna.press("Сообщества")
    assert "Грузия, Тбилиси" in anna.last.text and "IT" in anna.last.text
    assert "1 из 6" in anna.last.text
    assert await every_card(anna) == [
        "Tbilisi IT",  # her city and her profession
        "Tbilisi newcomers",  # her city
        "Georgia IT",  # her country and her profession
        "Georgia everyone",  # her country
        "Batumi IT",  # another city of her country
        "Worldwide IT",  # transnational
    ]
    # The link button opens the group itself.
    assert ("🔗 Открыть группу", "https://t.me/example_global_it") in anna.last.buttons()


async def test_filters_show_another_country_or_profession_without_changing_the_profile(
    harness: Harness,
) -> None:
    await georgian_and_serbian_groups(harness)
    anna = await onboarded(harness, ANNA, payload="ge-tbilisi_it")
    await anna.send("/communities")

    await anna.press("Другая страна")
    assert "профиль при этом не меняется" in anna.last.text.lower()
    await anna.press("Сербия")
    assert "Сербия" in anna.last.text
    assert await every_card(anna) == ["Belgrade IT", "Serbia everyone", "Worldwide IT"]

    await anna.press("Другая профессия")
    await anna.press("Дизайн")
    assert "Дизайн" in anna.last.text
    assert await every_card(anna) == ["Serbia everyone"]  # Serbia, design: only the general one

    await anna.press("Как в профиле")
    assert title_on(anna.last.text) == "Tbilisi IT"
    async with harness.services.sessions() as session:
        member = await session.get(Member, ANNA)
        assert member is not None and (member.country, member.city) == ("GE", "Tbilisi")

    await anna.press("Другая профессия")
    await anna.press("Дизайн")
    assert title_on(anna.last.text) == "Tbilisi designers"
    await anna.press("Другая страна")
    await anna.press("Без страны / онлайн")
    assert "без страны / онлайн" in anna.last.text
    assert "Здесь пока нет групп" in anna.last.text  # no transnational design group yet
    assert any("Предложить группу" in label for label, _ in anna.last.buttons())


async def test_cards_warn_about_groups_not_checked_for_half_a_year_or_with_a_dead_link(
    harness: Harness,
) -> None:
    await add_group(
        harness,
        slug="ge-old",
        title="Tbilisi IT",
        city="Tbilisi",
        professions=["it"],
        verified_at=utcnow() - timedelta(days=200),
    )
    await add_group(
        harness,
        slug="ge-dead",
        title="Georgia IT",
        professions=["it"],
        link_check=LinkCheck.GONE,
    )
    await add_group(
        harness,
        slug="ge-never",
        title="Georgia everyone",
        verified_at=None,
        description="Правила & советы <для новичков>. " * 45,  # 1,500 characters, escaped
    )
    anna = await onboarded(harness, ANNA, payload="ge-tbilisi_it")
    await anna.send("/communities")
    assert "больше полугода назад" in anna.last.text
    await anna.press("Дальше")
    assert "Модератор ещё не проверял" in anna.last.text
    assert "Правила & советы <для новичков>." in anna.last.text
    await anna.press("Дальше")  # a dead link comes last in its place
    assert title_on(anna.last.text) == "Georgia IT"
    assert "ссылка больше не работает" in anna.last.text
    assert "Проверено модератором" in anna.last.text


async def test_a_member_who_has_not_started_is_sent_to_start(harness: Harness) -> None:
    stranger = harness.member(3199)
    await stranger.send("/communities")
    assert "/start" in stranger.last.text


async def test_forged_filters_and_pages_are_handled(harness: Harness) -> None:
    await georgian_and_serbian_groups(harness)
    anna = await onboarded(harness, ANNA, payload="ge-tbilisi_it")
    await anna.send("/communities")
    await anna.press_data("dir:list:0:XX:it:0:")  # no such country
    assert "из старого сообщения" in (anna.last_answer() or "")
    await anna.press_data("dir:list:999:::0:")  # past the end: the last page
    assert title_on(anna.last.text) == "Worldwide IT"
    await anna.press_data("dir:rp:0:::999999:")  # report a group that does not exist
    assert "больше нет в каталоге" in (anna.last_answer() or "")


async def test_a_report_with_forged_filters_shows_the_profile_filters(harness: Harness) -> None:
    """Found by the hostile walks: a report button whose filters were tampered with (an unknown
    profession or country) crashed on the label of the profession when the list came back."""
    await georgian_and_serbian_groups(harness)
    group = await group_by_title(harness, "Tbilisi IT")
    assert group is not None
    anna = await onboarded(harness, ANNA, payload="ge-tbilisi_it")
    await anna.send("/communities")
    for forged in (f"dir:rr:0::985:{group.id}:0", f"dir:rr:0:XX:0:{group.id}:1"):
        await anna.press_data(forged)
        assert "модератор посмотрит" in anna.last.text
        assert "Сообщества</b>" not in anna.last.text  # shown, not as markup
        assert "Тбилиси" in anna.last.text and "IT" in anna.last.text  # the profile's filters
