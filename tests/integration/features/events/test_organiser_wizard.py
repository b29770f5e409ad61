"""An organiser creates an event step by step; mistakes are explained, scope is enforced."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from babel.dates import format_skeleton
from sqlalchemy import select

from bot.db.models import AuditEntry, AuditOutcome, Event, EventStatus, ReviewItem, ReviewKind
from tests.conftest import HarnessFactory
from tests.integration.features.events.stories import approve, make_organiser, settle
from tests.support.copy import has
from tests.support.story import Harness

ORGANISER, MEMBER = 2101, 2102


async def events_in_db(harness: Harness) -> list[Event]:
    async with harness.services.sessions() as session:
        return list(await session.scalars(select(Event).order_by(Event.id)))


async def denied(harness: Harness, actor_id: int) -> list[str]:
    async with harness.services.sessions() as session:
        rows = await session.scalars(
            select(AuditEntry.action).where(
                AuditEntry.actor_id == actor_id, AuditEntry.outcome == AuditOutcome.DENIED
            )
        )
        return list(rows)


async def test_an_organiser_announces_a_breakfast_in_tbilisi_step_by_step(
    make_harness: HarnessFactory, database_url: str
) -> None:
    harness = await make_harness(database_url, admin_ids="1")
    organiser = await make_organiser(harness, ORGANISER)
    await organiser.send("/new_event")
    assert "What is it called?" in organiser.last.text

    await organiser.send("Hi")  # too short
    assert "3 to 120 characters" in organiser.last.text
    await organiser.send("Designers' <breakfast> & portfolio review")
    assert "Describe it" in organiser.last.text
    await organiser.send("Coffee, portfolios, people.")
    assert "In person or online?" in organiser.last.text

    await organiser.send("in person")  # a button step: text is not an answer
    assert "use the buttons" in organiser.last.text
    await organiser.press("In person")
    assert "Which country" in organiser.last.text
    assert [label for label, _ in organiser.last.buttons()][:1] == ["Georgia"]
    await organiser.press("Georgia")
    assert "Which city?" in organiser.last.text
    await organiser.send("Tiflis")  # an old name, understood
    assert "When does it start?" in organiser.last.text
    assert "Tbilisi time" in organiser.last.text

    await organiser.send("yesterday at 7")
    assert "already passed" in organiser.last.text
    await organiser.send("12.12 25:00")
    assert "could not read" in organiser.last.text
    tomorrow = datetime.now(ZoneInfo("Asia/Tbilisi")).date() + timedelta(days=1)
    # What was understood comes back in words, to confirm or type again.
    await organiser.send("tomorrow at 8am")
    check = organiser.last.text
    assert "I understood" in check and "08:00" in check and "Tbilisi time" in check
    assert format_skeleton("MMMMd", tomorrow, locale="en") in check
    await organiser.press("Type it again")
    assert "When does it start?" in organiser.last.text
    await organiser.send("tomorrow 19:00")
    assert "I understood" in organiser.last.text and "19:00" in organiser.last.text
    await organiser.send("tomorrow at 7pm")  # typing instead of confirming: typed again
    assert "I understood" in organiser.last.text and "19:00" in organiser.last.text
    await organiser.press("Yes")
    assert "How long" in organiser.last.text

    await organiser.send("forever")
    assert "did not understand the duration" in organiser.last.text
    await organiser.send("1:30")
    assert "Where exactly?" in organiser.last.text
    await organiser.send("Cafe Linville, Rustaveli 1")
    assert "professions" in organiser.last.text
    await organiser.press("Design")
    await organiser.press("Done")
    await organiser.press("Networking")
    await organiser.press("Done")
    assert "How many seats?" in organiser.last.text
    await organiser.send("lots")
    assert "number of seats" in organiser.last.text
    await organiser.send("12")

    summary = organiser.last.text
    assert "Check it, please" in summary
    assert "Designers' <breakfast> & portfolio review" in summary  # shown as text, escaped
    assert "1 hr 30 min" in summary and "12 of 12 seats free" in summary
    assert "Waiting for a moderator" in summary

    await organiser.press("Change something")
    await organiser.press("Seats")
    await organiser.press("20")
    assert "20 of 20 seats free" in organiser.last.text  # straight back to the summary

    await organiser.press("Send for review")
    assert "sent to the moderators" in organiser.last.text
    [event] = await events_in_db(harness)
    assert event.status == EventStatus.PENDING
    assert (event.country, event.city, event.timezone) == ("GE", "Tbilisi", "Asia/Tbilisi")
    assert event.starts_at == datetime(
        tomorrow.year, tomorrow.month, tomorrow.day, 15, 0, tzinfo=UTC
    )  # 19:00 in Tbilisi (UTC+4)
    assert event.ends_at - event.starts_at == timedelta(minutes=90)
    assert (event.capacity, event.professions, event.interests) == (20, ["design"], ["networking"])
    async with harness.services.sessions() as session:
        item = await session.scalar(select(ReviewItem).where(ReviewItem.kind == ReviewKind.EVENT))
    assert item is not None and (item.target_id, item.country) == (str(event.id), "GE")

    # Not visible to members until a moderator approves it.
    member = await settle(harness, MEMBER)
    await member.send("/events")
    assert "breakfast" not in member.last.text
    await approve(harness, event.id)
    await member.send("/events")
    assert "breakfast" in member.last.text


async def test_an_online_event_for_every_country_picks_the_clock_it_is_typed_in(
    harness: Harness,
) -> None:
    organiser = await make_organiser(harness, ORGANISER, scope="*")
    await organiser.send("/new_event")
    await organiser.send("Bank accounts abroad: Q&A")
    await organiser.send("-")
    await organiser.press("Online")
    await organiser.press("Everyone, every country")
    assert "Which clock" in organiser.last.text
    await organiser.press("Moscow")
    assert "Moscow time" in organiser.last.text
    await organiser.send("when the band arrives, 20:00")
    assert "could not read" in organiser.last.text
    day = datetime.now(ZoneInfo("Europe/Moscow")).date() + timedelta(days=3)
    await organiser.send(f"{day:%Y-%m-%d} 20:00")
    await organiser.press("✅ Yes", exact=True)
    await organiser.press("1 hour", exact=True)
    assert "link" in organiser.last.text
    await organiser.send("javascript:alert(1)")
    assert "does not look like a link" in organiser.last.text
    await organiser.send("@prichal_meetups")
    await organiser.press("None — next")
    await organiser.press("None — next")
    await organiser.press("No limit")
    assert "https://t.me/prichal_meetups" in organiser.last.text
    await organiser.press("Send for review")
    [event] = await events_in_db(harness)
    assert (event.country, event.city, event.timezone) == ("*", None, "Europe/Moscow")
    assert event.online_url == "https://t.me/prichal_meetups" and event.venue is None
    assert event.starts_at == datetime(day.year, day.month, day.day, 17, 0, tzinfo=UTC)
    assert event.capacity is None and event.description == ""


async def test_an_organiser_for_georgia_cannot_announce_in_armenia(harness: Harness) -> None:
    organiser = await make_organiser(harness, ORGANISER, scope="GE")
    await organiser.send("/new_event")
    await organiser.send("IT meetup")
    await organiser.send("-")
    await organiser.press("In person")
    labels = [label for label, _ in organiser.last.buttons()]
    assert "Georgia" in labels and "Armenia" not in labels
    await organiser.send("Армения")
    assert "other countries" in organiser.last.text
    await organiser.press_data("evw:c:AM")  # a forged button
    assert "old message" in (organiser.last_answer() or "")
    await organiser.press_data("evw:f:online")  # a button of the previous question
    assert has(organiser.last.text, "wizard-old-button")
    assert "Which country" in organiser.last.text  # still the same question
    assert await events_in_db(harness) == []


async def test_a_member_without_the_role_cannot_open_the_wizard_and_is_audited(
    harness: Harness,
) -> None:
    member = await settle(harness, MEMBER)
    await member.send("/new_event")
    assert "needs the organiser role" in member.last.text
    await member.press_data("evo:new:0")
    await member.press_data("evo:cancel_ok:1")
    assert "needs the organiser role" in (member.last_answer() or "")
    assert await denied(harness, MEMBER) == [
        "events.new_event",
        "events.new_event",
        "events.cancel",
    ]


async def test_mid_wizard_other_commands_stickers_and_cancel(harness: Harness) -> None:
    organiser = await make_organiser(harness, ORGANISER)
    await organiser.send("/new_event")
    await organiser.send("Board games night")
    await organiser.send("/frobnicate")  # an unknown command: the question waits
    assert has(organiser.last.text, "unknown-command")
    await organiser.send_sticker()
    assert has(organiser.last.text, "wizard-text-only")
    assert "Describe it" in organiser.last.text
    await organiser.send("/help")  # works from anywhere, the question stays open
    await organiser.send("Bring your favourite game.")
    assert "In person or online?" in organiser.last.text
    await organiser.press("Cancel")
    assert "not saved" in organiser.last.text
    await organiser.send("just text")  # no wizard any more: free text is a question now
    assert has(organiser.last.text, "faq-no-answer")
    assert await events_in_db(harness) == []


async def test_back_shows_the_answer_given_and_keep_moves_on(harness: Harness) -> None:
    organiser = await make_organiser(harness, ORGANISER)
    await organiser.send("/new_event")
    await organiser.send("Board games night")
    await organiser.send("Bring your favourite game.")
    await organiser.press("Back")
    assert "Describe it" in organiser.last.text
    assert "Bring your favourite game." in organiser.last.text  # what was typed, to keep
    await organiser.press("Keep this")
    assert "In person or online?" in organiser.last.text
    await organiser.press_data("evw:x:")  # ✖ Cancel of a message sent before an update
    assert "not saved" in organiser.last.text
    assert await events_in_db(harness) == []


async def test_changing_the_place_asks_the_place_and_time_again_and_keeps_the_rest(
    harness: Harness,
) -> None:
    organiser = await make_organiser(harness, ORGANISER)
    day = datetime.now(ZoneInfo("Asia/Tbilisi")).date() + timedelta(days=5)
    await organiser.send("/new_event")
    await organiser.send("Board games night")
    await organiser.send("-")
    await organiser.press("In person")
    await organiser.press("Georgia")
    await organiser.press("Tbilisi")
    await organiser.send(f"{day:%Y-%m-%d} 19:00")
    await organiser.press("✅ Yes", exact=True)
    await organiser.send("2h")
    await organiser.send("Cafe Linville, Rustaveli 1")
    await organiser.press("None — next")
    await organiser.press("None — next")
    await organiser.press("No limit")
    assert "Check it, please" in organiser.last.text

    await organiser.press("Change something")
    await organiser.press("Place and time zone")
    await organiser.press("Online")
    await organiser.press("Georgia")  # online: no city, the country's clock
    assert "When does it start?" in organiser.last.text
    await organiser.send(f"{day:%Y-%m-%d} 20:00")
    await organiser.press("✅ Yes", exact=True)
    assert "link" in organiser.last.text  # the duration is kept: straight to the link
    await organiser.send("@prichal_games")
    assert "Check it, please" in organiser.last.text
    assert "https://t.me/prichal_games" in organiser.last.text

    await organiser.press_data("evw:ok:")  # ✅ Send of a message sent before an update
    assert "sent to the moderators" in organiser.last.text
    [event] = await events_in_db(harness)
    assert (event.country, event.city, event.venue) == ("GE", None, None)
    assert event.online_url == "https://t.me/prichal_games"
    assert event.starts_at == datetime(day.year, day.month, day.day, 16, 0, tzinfo=UTC)
    assert event.ends_at - event.starts_at == timedelta(hours=2)
