"""Mutual aid: a newcomer asks for a bed for a few nights, a moderator approves, the members who
offer housing there (and opted in to alerts) hear about it, someone helps, the request closes."""

from __future__ import annotations

import re

from sqlalchemy import select, update

from bot.db.models import (
    ListingNotice,
    ListingStatus,
    Member,
    Offer,
    OfferKind,
    ReviewKind,
    Urgency,
)
from bot.features import plugins
from bot.features.listings.aid.service import AidDraft, post_offer
from bot.i18n import translator
from tests.conftest import HarnessFactory
from tests.support.copy import has
from tests.support.listings import decide, deliver_due, latest, newcomer, post_aid, queued_item
from tests.support.story import Harness


async def aid(
    harness: Harness,
    author_id: int,
    kind: OfferKind,
    *,
    category: str = "housing",
    country: str = "GE",
    city: str | None = "Tbilisi",
    urgency: Urgency | None = Urgency.WEEK,
    title: str = "A sofa for a few nights",
) -> Offer:
    async with harness.services.sessions() as session, session.begin():
        offer = await post_offer(
            session,
            author_id,
            AidDraft(
                kind=kind,
                category=category,
                title=title,
                description="Near the metro, with a kettle and good wishes.",
                country=country,
                city=city,
                urgency=urgency if kind is OfferKind.REQUEST else None,
            ),
        )
    await decide(harness, ReviewKind.OFFER, offer.id)
    return offer


async def alerts(harness: Harness, *member_ids: int, on: bool = True) -> None:
    async with harness.services.sessions() as session, session.begin():
        await session.execute(
            update(Member).where(Member.id.in_(member_ids)).values(alerts_opt_in=on)
        )


async def notified(harness: Harness) -> set[int]:
    async with harness.services.sessions() as session:
        return set(await session.scalars(select(ListingNotice.member_id)))


async def test_a_request_for_a_bed_reaches_the_people_who_offer_one_nearby(
    make_harness: HarnessFactory, database_url: str
) -> None:
    harness = await make_harness(database_url, admin_ids="1")
    for member_id in range(5001, 5008):
        await newcomer(harness, member_id)
    await alerts(harness, 5001, 5002, 5003, 5004, 5005, 5007)
    await aid(harness, 5001, OfferKind.OFFER)  # housing in Tbilisi
    await aid(harness, 5002, OfferKind.OFFER, city=None)  # housing anywhere in Georgia
    await aid(harness, 5003, OfferKind.OFFER, city="Batumi")  # another city
    await aid(harness, 5004, OfferKind.OFFER, category="rides")  # other help
    await aid(harness, 5005, OfferKind.OFFER, country="AM", city="Yerevan")
    await aid(harness, 5006, OfferKind.OFFER)  # alerts off
    assert await notified(harness) == set()  # offers do not notify other offers

    olga = harness.member(5007, language_code="en")
    await post_aid(olga)
    assert "Sent to a moderator" in olga.last.text
    request = await latest(harness, Offer)
    assert (request.kind, request.category, request.urgency, request.city) == (
        OfferKind.REQUEST,
        "housing",
        Urgency.TODAY,
        "Tbilisi",
    )
    assert await queued_item(harness, ReviewKind.OFFER, request.id) is not None
    await decide(harness, ReviewKind.OFFER, request.id)
    assert await notified(harness) == {5001, 5002}

    await deliver_due(harness.services, harness.bot, plugins())
    [notice] = harness.telegram.transcript(5001)[-1:]
    assert has(notice.text, "aid-notice-request")
    assert "A bed for three nights" in notice.text
    helper = harness.member(5001, language_code="en")
    await helper.press("Open")
    assert "🔥 today" in helper.last.text
    await helper.press("I can help")
    await helper.send("We have a spare room, come on Friday.")
    assert "We have a spare room" in olga.last.text

    await olga.send("/aid")
    await olga.press("My requests and offers")
    await olga.press("A bed for three nights")
    await olga.press("Close")
    await olga.press("Yes, close it")
    assert (await latest(harness, Offer)).status == ListingStatus.CLOSED


async def test_a_new_offer_reaches_those_who_asked_for_that_help(harness: Harness) -> None:
    for member_id in (5101, 5102, 5103):
        await newcomer(harness, member_id)
    await alerts(harness, 5101, 5102, 5103)
    await aid(harness, 5101, OfferKind.REQUEST, category="translation")
    await aid(harness, 5102, OfferKind.REQUEST, category="translation", city="Batumi")
    await aid(harness, 5103, OfferKind.OFFER, category="translation", city=None)
    assert await notified(harness) == {5101, 5102}  # the offer is for the whole country
    await deliver_due(harness.services, harness.bot, plugins())
    assert "Someone near you offers the help you asked for" in (
        harness.telegram.transcript(5101)[-1].text
    )


async def test_requests_are_listed_most_urgent_first(harness: Harness) -> None:
    await newcomer(harness, 5201)
    await aid(harness, 5201, OfferKind.REQUEST, urgency=Urgency.WHENEVER, title="Whenever")
    await aid(harness, 5201, OfferKind.REQUEST, urgency=Urgency.TODAY, title="Today")
    await aid(harness, 5201, OfferKind.REQUEST, urgency=Urgency.WEEK, title="This week")
    await aid(harness, 5201, OfferKind.OFFER, title="An offer")
    boris = await newcomer(harness, 5202)
    await boris.send("/aid")
    await boris.press("Who needs help")
    assert "Requests: Georgia · any kind of help" in boris.last.text
    listed = [
        label.split(" ·")[0] for label, data in boris.last.buttons() if data.startswith("ls:")
    ]
    assert listed == ["🔥 Today", "This week", "Whenever"]
    await boris.press("Kind of help")
    await boris.press("Rides")
    assert has(boris.last.text, "aid-list-empty")
    await boris.press("Kind of help")
    await boris.press("Temporary housing")
    assert "Found: 3" in boris.last.text


async def test_the_aid_wizard_in_russian_with_typed_answers_and_back(harness: Harness) -> None:
    olga = await newcomer(harness, 5301, language="ru")
    await olga.send("/aid")
    await olga.press("Я могу помочь")
    assert "С чем вы можете помочь?" in olga.last.text
    await olga.send("переводы")  # text where buttons are expected
    assert "воспользуйтесь кнопками" in olga.last.text
    await olga.press("Перевод")
    await olga.send("Перевожу с грузинского")
    await olga.send("Документы, справки, письма — бесплатно для своих.")
    # The place comes from her profile (an offer has no urgency step): straight to the preview.
    assert "Так объявление увидят участники" in olga.last.text
    assert "Грузия, Тбилиси" in olga.last.text
    await olga.press("Изменить место")  # it is for Armenia
    await olga.send("Армения")
    assert "Понял: Армения." in olga.last.text
    await olga.send("Гюмри")
    assert "Понял: Гюмри." in olga.last.text
    assert has(olga.last.text, "aid-wizard-preview", "ru")  # back to the preview
    assert "Армения, Гюмри" in olga.last.text
    await olga.press("Изменить место")
    await olga.press("Армения")
    await olga.press("Назад")  # from the city: the country again
    await olga.press("Армения")
    assert has(olga.last.text, "aid-wizard-city", "ru", country="Армения")
    await olga.press("Вся страна")
    await olga.press("Отправить на проверку")
    offer = await latest(harness, Offer)
    assert (offer.kind, offer.country, offer.city, offer.urgency) == (
        OfferKind.OFFER,
        "AM",
        None,
        None,
    )
    assert "Отправлено модератору" in olga.last.text


async def test_a_request_starts_from_the_profile_and_never_asks_the_country(
    harness: Harness,
) -> None:
    """Issue 16: the offer and request wizards asked for the country again. Now the place is
    the profile's, said on the first step and in the preview, with "Change place" for the
    rare listing meant for elsewhere."""
    en = translator("en")
    vera = await newcomer(harness, 5401, link="rs-belgrade_it")
    await vera.send("/aid")
    started = vera.last.message_id
    await vera.press("I need help")
    first = vera.last.text
    assert "Place: Serbia, Belgrade, from your profile" in first
    assert en("wizard-change-place") in [label for label, _ in vera.last.buttons()]
    seen = []
    await vera.press("Temporary housing")
    seen.append(vera.last.text)
    await vera.send("A bed for two nights")
    seen.append(vera.last.text)
    await vera.send("We arrive on Friday and need a place to sleep until Sunday.")
    seen.append(vera.last.text)
    # Answered by typing: the steps above lost their buttons, only the current one has any.
    wizard = [m for m in vera.transcript() if m.message_id >= started]
    assert [m for m in wizard if m.buttons()] == [vera.last]
    await vera.press("today")
    seen.append(vera.last.text)
    for text in seen:
        assert plain(en("aid-wizard-place")) not in text, text  # never "which country?"
    assert "Serbia, Belgrade" in vera.last.text  # the preview
    assert en("wizard-change-place") in [label for label, _ in vera.last.buttons()]
    await vera.press("Send to moderation")
    offer = await latest(harness, Offer)
    assert (offer.kind, offer.country, offer.city) == (OfferKind.REQUEST, "RS", "Belgrade")


def plain(text: str) -> str:
    return re.sub("<[^>]+>", "", text)
