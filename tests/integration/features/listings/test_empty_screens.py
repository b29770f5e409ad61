"""Issue 16: an empty list is not a dead end. Jobs, requests and offers, and events offer the
next useful step — look wider, post one, ask for help or offer it, subscribe, look in local
groups, ask a question — and every one of those buttons opens a working screen."""

from __future__ import annotations

import re

from bot.db.models import Member
from bot.i18n import translator
from tests.support.listings import newcomer
from tests.support.story import Harness, Person

en = translator("en")
ru = translator("ru")


def plain(text: str) -> str:
    """A catalog text as the member sees it (the HTML tags are entities by then)."""
    return re.sub("<[^>]+>", "", text)


def labels(person: Person) -> list[str]:
    return [label for label, _ in person.last.buttons()]


async def opens_a_screen(person: Person, button: str, *, expect: str | None = None) -> None:
    """Press ``button`` from the empty screen: something new is shown (no refusal toast, no
    stale button), and ``expect`` is in it when given; then come back to the empty list."""
    empty = person.last
    before = (empty.message_id, empty.text)
    changed = await person.press_on(empty, button)
    assert changed, f"{button!r} did nothing"
    assert person.last_answer() in (None, ""), person.last_answer()
    assert (person.last.message_id, person.last.text) != before
    if expect is not None:
        assert expect in person.last.text, person.last.text


async def test_an_empty_job_list_offers_the_next_steps(harness: Harness) -> None:
    boris = await newcomer(harness, 16_101)
    await boris.send("/jobs")
    await boris.press(en("jobs-browse"))
    assert en("jobs-list-empty", filter="x").split("\n")[1] in boris.last.text
    shown = labels(boris)
    for key in ("listing-wider-anywhere", "jobs-post", "jobs-subscribe-this"):
        assert en(key) in shown, (key, shown)
    assert en("next-groups") in shown and en("next-ask") in shown

    await opens_a_screen(boris, en("listing-wider-anywhere"), expect="Jobs")
    await boris.send("/jobs")
    await boris.press(en("jobs-browse"))
    await opens_a_screen(boris, en("jobs-subscribe-this"))
    await boris.send("/jobs")
    await boris.press(en("jobs-browse"))
    await opens_a_screen(boris, en("next-ask"), expect=plain(en("faq-home")).split("\n")[0])
    await boris.send("/jobs")
    await boris.press(en("jobs-browse"))
    await opens_a_screen(boris, en("next-groups"))
    await boris.send("/jobs")
    await boris.press(en("jobs-browse"))
    await opens_a_screen(boris, en("jobs-post"), expect=plain(en("job-wizard-intro"))[:20])


async def test_an_empty_list_of_offers_in_serbia_offers_to_ask_for_help(
    harness: Harness,
) -> None:
    """ "Nothing here yet" in Serbia's offers: ask for help (first), offer it, look wider, the
    groups and the knowledge base."""
    vera = await newcomer(harness, 16_102, link="rs-belgrade_it")
    await vera.send("/aid")
    await vera.press(en("aid-browse-offers"))
    assert "Nothing here yet" in vera.last.text and "Serbia" in vera.last.text
    shown = labels(vera)
    assert shown.index(en("aid-need")) < shown.index(en("aid-give"))
    assert en("listing-wider-anywhere") in shown
    assert en("next-groups") in shown and en("next-ask") in shown
    await opens_a_screen(vera, en("aid-need"), expect=plain(en("aid-wizard-intro-request"))[:20])
    await vera.send("/cancel")
    await vera.send("/aid")
    await vera.press(en("aid-browse-requests"))
    shown = labels(vera)
    assert shown.index(en("aid-give")) < shown.index(en("aid-need"))  # nobody asks: offer
    await opens_a_screen(vera, en("aid-give"), expect=plain(en("aid-wizard-intro-offer"))[:20])


async def test_an_empty_list_in_russian_speaks_russian(harness: Harness) -> None:
    olga = await newcomer(harness, 16_103, language="ru", link="rs-belgrade_it")
    await olga.send("/aid")
    await olga.press(ru("aid-browse-offers"))
    assert "Здесь пока пусто" in olga.last.text
    shown = labels(olga)
    assert ru("aid-need") in shown and ru("next-groups") in shown and ru("next-ask") in shown
    await opens_a_screen(olga, ru("next-ask"), expect=plain(ru("faq-home")).split("\n")[0])


async def test_an_empty_events_list_points_to_groups_and_questions(harness: Harness) -> None:
    anna = await newcomer(harness, 16_104)
    await anna.send("/events")
    assert en("events-list-empty") in anna.last.text
    shown = labels(anna)
    assert en("next-groups") in shown and en("next-ask") in shown
    await opens_a_screen(anna, en("next-ask"), expect=plain(en("faq-home")).split("\n")[0])
    await anna.send("/events")
    await opens_a_screen(anna, en("next-groups"))


async def test_an_empty_events_list_offers_announcements_to_who_has_them_off(
    harness: Harness,
) -> None:
    """Organisers announce their events to members who take announcements: a member who said
    "no" at onboarding is offered them under an empty list, and an old copy of the button
    pressed again never turns them off."""
    anna = await newcomer(harness, 16_105)  # said "No, thanks" to announcements
    await anna.send("/events")
    [(_, data)] = [(label, d) for label, d in anna.last.buttons() if "🔔" in label]
    assert en("events-empty-announcements") in labels(anna)
    await anna.press(en("events-empty-announcements"))
    profile = anna.last.text
    assert "News and events: " + en("profile-on") in profile
    await anna.press_data(data)  # the same button again
    assert "News and events: " + en("profile-on") in anna.last.text
    async with harness.services.sessions() as session:
        member = await session.get(Member, 16_105)
        assert member is not None and member.broadcasts_opt_in

    await anna.send("/events")  # on now: not offered again
    assert en("events-empty-announcements") not in labels(anna)
