"""A member opens "Communities": a compact list, five groups a screen, a button each — the groups
of her city first, then of her country, then transnational ones, matched by profession; the
other cities of her country one press away ("more in Georgia"); never another country's unless
she asks. A group's button opens its card, and the card goes back to the same page."""

from __future__ import annotations

import re
from datetime import timedelta

from bot.db.models import ALL_COUNTRIES, LinkCheck, Member
from bot.db.types import utcnow
from bot.db.uow import unit_of_work
from bot.features.directory.demo import load_demo_groups
from bot.features.directory.keyboards import BUTTON_TITLE_MAX, PAGE_SIZE, short_title
from bot.i18n import translator
from tests.conftest import HarnessFactory
from tests.support.directory import ADMIN, add_group, group_by_title, onboarded
from tests.support.story import Harness, Person, Sent

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


LINE = re.compile(r"^(\d+)\. (.+) · [^·]*$", re.MULTILINE)


def listed(text: str) -> list[str]:
    """The titles a list screen shows, in order (its numbered lines)."""
    return [title for _, title in LINE.findall(text)]


def group_buttons(sent: Sent) -> list[str]:
    """The labels of the buttons that open a group's card ("3. Title")."""
    return [label for label, data in sent.buttons() if data.startswith("dir:g:")]


async def every_group(person: Person) -> list[str]:
    """Page through the list from the current screen, collecting the titles in order."""
    seen = listed(person.last.text)
    while any("Дальше" in label for label, _ in person.last.buttons()):
        await person.press("Дальше")
        seen += listed(person.last.text)
    return seen


def ru(key: str, **values: object) -> str:
    """A catalog text in Russian, as the member sees it."""
    return translator("ru")(key, **values)


async def test_a_tbilisi_it_member_sees_her_city_then_country_then_transnational_never_serbia(
    make_harness: HarnessFactory, database_url: str
) -> None:
    harness = await make_harness(database_url, admin_ids=str(ADMIN))
    await georgian_and_serbian_groups(harness)
    anna = await onboarded(harness, ANNA, payload="ge-tbilisi_it")

    await anna.send("/menu")
    await anna.press("Сообщества")
    assert "Грузия, Тбилиси" in anna.last.text and "IT" in anna.last.text
    # Every group of her list on one screen, a button each, in the order of the lines.
    assert listed(anna.last.text) == [
        "Tbilisi IT",  # her city and her profession
        "Tbilisi newcomers",  # her city
        "Georgia IT",  # her country and her profession
        "Georgia everyone",  # her country
        "Worldwide IT",  # transnational, above the other cities of her country
    ]
    assert group_buttons(anna.last) == [
        "1. Tbilisi IT",
        "2. Tbilisi newcomers",
        "3. Georgia IT",
        "4. Georgia everyone",
        "5. Worldwide IT",
    ]
    # Batumi is not lost: "more in Georgia" shows the whole country, her city first.
    await anna.press("Ещё в стране: Грузия (1)")
    assert "Грузия" in anna.last.text and "Тбилиси" not in anna.last.text.split("\n")[0]
    assert listed(anna.last.text) == [
        "Tbilisi IT",
        "Tbilisi newcomers",
        "Georgia IT",
        "Georgia everyone",
        "Batumi IT",
    ]
    await anna.press("5. Batumi IT")
    assert "Batumi IT" in anna.last.text and "Батуми" in anna.last.text
    # The link button opens the group itself.
    assert ("🔗 Открыть группу", "https://t.me/example_ge_batumi_it") in anna.last.buttons()
    await anna.press("К списку")
    assert listed(anna.last.text)[-1] == "Batumi IT"  # back to the whole country's list
    await anna.press("Как в профиле")
    assert "Batumi IT" not in listed(anna.last.text)


async def test_twelve_groups_come_five_a_screen_and_a_card_goes_back_to_its_page(
    harness: Harness,
) -> None:
    """Issue 16: ten groups took ten taps, one a screen. Now a newcomer sees five at once,
    pages, opens one, and comes back to the same page."""
    now = utcnow()
    for number in range(1, 13):
        await add_group(
            harness,
            slug=f"ge-tbilisi-{number:02}",
            title=f"Tbilisi group {number:02}",
            city="Tbilisi",
            # The freshest first: group 01 was checked a day ago, group 12 twelve days ago.
            verified_at=now - timedelta(days=number),
        )
    anna = await onboarded(harness, ANNA, payload="ge-tbilisi_it")
    await anna.send("/communities")
    first_page = anna.last
    assert len(group_buttons(first_page)) == PAGE_SIZE == 5
    assert listed(first_page.text) == [f"Tbilisi group {n:02}" for n in range(1, 6)]
    assert ru("directory-shown", first=1, last=5, total=12) in first_page.text

    await anna.press("Дальше")
    assert anna.last.message_id == first_page.message_id  # the same message, edited
    assert listed(anna.last.text) == [f"Tbilisi group {n:02}" for n in range(6, 11)]
    await anna.press("8. Tbilisi group 08")
    assert "<b>Tbilisi group 08</b>" in anna.last.text or "Tbilisi group 08" in anna.last.text
    assert "Проверено модератором" in anna.last.text
    assert not group_buttons(anna.last)  # a card, not the list
    await anna.press("К списку")
    assert listed(anna.last.text) == [f"Tbilisi group {n:02}" for n in range(6, 11)]

    await anna.press("Дальше")
    assert listed(anna.last.text) == ["Tbilisi group 11", "Tbilisi group 12"]
    assert not any("Дальше" in label for label, _ in anna.last.buttons())
    await anna.press("◀️ Назад")
    await anna.press("◀️ Назад")
    assert listed(anna.last.text) == [f"Tbilisi group {n:02}" for n in range(1, 6)]
    assert await every_group(anna) == [f"Tbilisi group {n:02}" for n in range(1, 13)]


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
    assert listed(anna.last.text) == ["Belgrade IT", "Serbia everyone"]

    await anna.press("Другая профессия")
    await anna.press("Дизайн")
    assert "Дизайн" in anna.last.text
    assert listed(anna.last.text) == ["Serbia everyone"]  # Serbia, design: only the general one

    await anna.press("Как в профиле")
    assert listed(anna.last.text)[0] == "Tbilisi IT"
    async with harness.services.sessions() as session:
        member = await session.get(Member, ANNA)
        assert member is not None and (member.country, member.city) == ("GE", "Tbilisi")

    await anna.press("Другая профессия")
    await anna.press("Дизайн")
    assert listed(anna.last.text)[0] == "Tbilisi designers"


async def test_an_empty_screen_offers_the_next_steps_and_each_of_them_works(
    harness: Harness,
) -> None:
    """Issue 16: an empty screen ended the road. Now it offers the whole country, the
    transnational groups, every profession, another country, a proposal and the menu."""
    await add_group(harness, slug="ge-batumi-design", title="Batumi design", city="Batumi")
    await add_group(
        harness,
        slug="global-design",
        title="Designers online",
        country=ALL_COUNTRIES,
        professions=["design"],
    )
    await add_group(
        harness, slug="ge-tbilisi-law", title="Tbilisi lawyers", city="Tbilisi", professions=["law"]
    )
    anna = await onboarded(harness, ANNA, payload="ge-tbilisi_it")
    await anna.send("/communities")
    empty = anna.last
    assert ru("directory-empty") in empty.text and not listed(empty.text)
    labels = [label for label, _ in empty.buttons()]
    for wanted in (
        "Ещё в стране: Грузия (1)",
        ru("directory-filter-transnational"),
        ru("directory-button-any-profession"),
        ru("directory-button-country"),
        ru("directory-button-propose"),
        ru("menu-back"),
    ):
        assert any(wanted in label for label in labels), (wanted, labels)

    await anna.press_on(empty, "Ещё в стране: Грузия")
    assert listed(anna.last.text) == ["Batumi design"]
    await anna.press("Как в профиле")
    await anna.press(ru("directory-button-any-profession"))
    assert listed(anna.last.text) == ["Tbilisi lawyers", "Designers online"]
    await anna.press("Как в профиле")
    await anna.press(ru("directory-filter-transnational"))
    assert "без страны / онлайн" in anna.last.text
    # Online, for IT: nothing either — and still a way on.
    assert ru("directory-empty") in anna.last.text
    assert ru("directory-button-propose") in [label for label, _ in anna.last.buttons()]
    await anna.press(ru("directory-button-any-profession"))
    assert listed(anna.last.text) == ["Designers online"]
    await anna.press("Как в профиле")
    await anna.press(ru("directory-button-propose"))
    assert "Предложить группу" in anna.last.text
    await anna.send("/cancel")
    await anna.send("/communities")
    await anna.press(ru("menu-back"))
    assert any("Сообщества" in label for label, _ in anna.last.buttons())


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
    # A dead link comes last in its place, and the list says so.
    assert listed(anna.last.text) == ["Tbilisi IT", "Georgia everyone", "Georgia IT"]
    assert ru("directory-list-link-gone") in anna.last.text.split("\n")[-1]
    await anna.press("1. Tbilisi IT")
    assert "больше полугода назад" in anna.last.text
    await anna.press("К списку")
    await anna.press("2. Georgia everyone")
    assert "Модератор ещё не проверял" in anna.last.text
    assert "Правила & советы <для новичков>." in anna.last.text
    await anna.press("К списку")
    await anna.press("3. Georgia IT")
    assert "ссылка больше не работает" in anna.last.text
    assert "Проверено модератором" in anna.last.text


async def test_a_member_who_has_not_started_is_sent_to_start(harness: Harness) -> None:
    stranger = harness.member(3199)
    await stranger.send("/communities")
    assert "/start" in stranger.last.text


async def test_old_card_buttons_open_the_card_and_forged_ones_get_a_word_and_the_list(
    harness: Harness,
) -> None:
    await georgian_and_serbian_groups(harness)
    anna = await onboarded(harness, ANNA, payload="ge-tbilisi_it")
    await anna.send("/communities")
    stale = ru("directory-stale-button")

    # The one-group-per-screen era's "Next ▶" (position 2): the card of the third group.
    await anna.press_data("dir:list:2:::0:")
    assert "Georgia IT" in anna.last.text and not group_buttons(anna.last)
    await anna.press("К списку")
    assert listed(anna.last.text)[0] == "Tbilisi IT"
    await anna.press_data("dir:list:999:::0:")  # past the end: the last group
    assert "Worldwide IT" in anna.last.text
    await anna.press("К списку")
    assert "Worldwide IT" in listed(anna.last.text)

    # Forged: an unknown country, an unknown action, data that does not parse.
    for forged in ("dir:list:0:XX:it:0:", "dir:l:0::nope:0:", "dir:zz:0:::0:", "dir:x"):
        await anna.press_data(forged)
        assert "из старого сообщения" in (anna.last_answer() or ""), forged
        assert stale in anna.last.text, forged
        assert listed(anna.last.text)[0] == "Tbilisi IT", forged  # a way on
    await anna.press_data("dir:g:0:::999999:")  # a card of a group that does not exist
    assert "больше нет в каталоге" in anna.last.text
    assert listed(anna.last.text)[0] == "Tbilisi IT"
    await anna.press_data("dir:rp:0:::999999:")  # report a group that does not exist
    assert "больше нет в каталоге" in (anna.last_answer() or "")
    await anna.press_data("dir:l:999:::0:")  # a page past the end: the last page
    assert listed(anna.last.text)[0] == "Tbilisi IT"


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


async def test_a_report_starts_from_the_card_and_back_returns_to_it(harness: Harness) -> None:
    await georgian_and_serbian_groups(harness)
    anna = await onboarded(harness, ANNA, payload="ge-tbilisi_it")
    await anna.send("/communities")
    await anna.press("3. Georgia IT")
    await anna.press("Пожаловаться")
    assert "Что не так с «Georgia IT»" in anna.last.text
    await anna.press(ru("directory-button-back"), exact=True)
    assert "Georgia IT" in anna.last.text and "Открыть группу" in str(anna.last.buttons())
    await anna.press("Пожаловаться")
    await anna.press("Ссылка не работает")
    assert "модератор посмотрит" in anna.last.text
    assert listed(anna.last.text)[0] == "Tbilisi IT"


async def test_a_member_whose_city_has_no_group_is_told_so_above_the_country_list(
    harness: Harness,
) -> None:
    await georgian_and_serbian_groups(harness)
    olga = await onboarded(harness, ANNA + 1, payload="ge-kutaisi_it")
    await olga.send("/communities")
    assert ru("directory-none-in-city", city="Кутаиси") in olga.last.text
    assert listed(olga.last.text) == ["Georgia IT", "Georgia everyone", "Worldwide IT"]
    # Tbilisi and Batumi are other cities: one press away.
    await olga.press("Ещё в стране: Грузия (3)")
    shown = listed(olga.last.text)
    assert shown[:2] == ["Georgia IT", "Georgia everyone"]  # the whole country first
    assert set(shown[2:4]) == {"Tbilisi IT", "Batumi IT"}  # then other cities, IT first
    assert shown[4] == "Tbilisi newcomers"
    assert "Кутаиси" not in olga.last.text


def test_long_titles_are_cut_to_fit_a_button() -> None:
    assert short_title("Tbilisi IT") == "Tbilisi IT"
    cut = short_title("Демо · Жильё в Тбилиси без посредников и комиссий, только собственники")
    assert len(cut) <= BUTTON_TITLE_MAX and cut.endswith("…")


async def test_the_demo_for_an_it_newcomer_in_tbilisi_who_looks_for_housing_and_work(
    harness: Harness,
) -> None:
    """Issue 16, on the demo's own groups: the Tbilisi IT chat first, the general housing
    channel below it, the transnational IT group on the first screen, and the Batumi parents'
    group not above it but under "more in Georgia"."""
    async with unit_of_work(harness.services.sessions) as session:
        await load_demo_groups(session)
    anna = harness.member(ANNA, language_code="ru")
    await anna.send("/start ge-tbilisi_it")
    await anna.press("Готово")  # professions: IT, from the link
    await anna.press("Жильё")
    await anna.press("Работа")
    await anna.press("Готово")
    await anna.press("Да, присылайте")
    await anna.send("/communities")
    shown = listed(anna.last.text)
    assert shown[:2] == ["Демо · IT в Тбилиси", "Демо · Жильё в Тбилиси без посредников"]
    assert "Демо · Удалёнка для айтишников" in shown
    assert "Демо · Родители Батуми" not in shown
    await anna.press("Ещё в стране: Грузия")
    assert "Демо · Родители Батуми" in await every_group(anna)
