"""Issue 12, attack 1: broadcasts were approved blind — the moderator's card showed the first
300 characters as plain text; hidden links, ``text_mention`` and the attached photo were never
shown. Now the moderator gets every link's real domain (look-alikes warned), then the message
exactly as members will — the same request the recipients' copies are."""

from __future__ import annotations

import json
from typing import Any

import pytest

from bot.access import load_member
from bot.features.events import service as events
from bot.features.events.service import EventError
from tests.integration.features.broadcast.stories import residents, run_until_idle
from tests.integration.features.broadcast.test_header import GEORGIA_HEADER
from tests.integration.features.events.stories import make_organiser, published_event, settle
from tests.integration.features.events.test_notices import going
from tests.support.directory import staff
from tests.support.story import Harness

DAVID, NINO, ANNA = 12101, 12102, 12103
CAPTION = (
    "Picnic on Sunday in Vake park! Details here. "
    "URGENT: send your address and relatives' names to gosusIugi.ru"
)
HIDDEN = {"type": "text_link", "offset": 31, "length": 12, "url": "https://consulate-ru.example/f"}
POSTER = {"file_id": "poster-1", "file_unique_id": "u-poster-1", "width": 90, "height": 90}


def as_sent(method: Any) -> str:
    """A SendPhoto request as it left the bot, without its chat (aiogram's "use the bot's
    default" markers as text)."""
    dumped = method.model_dump(mode="python", exclude_none=True, exclude={"chat_id"})
    return json.dumps(dumped, default=repr, sort_keys=True)


async def test_the_moderator_sees_hidden_links_and_exactly_what_members_will_get(
    harness: Harness,
) -> None:
    await residents(harness, {"id": ANNA, "country": "GE"})
    await make_organiser(harness, DAVID, "GE")
    david = harness.member(DAVID, language_code="en")

    # A text_mention (a person by their account) is refused in a broadcast.
    await david.send("/broadcast")
    await david.send(
        "Ask Boris",
        entities=[{"type": "text_mention", "offset": 4, "length": 5, "user": {
            "id": 999, "is_bot": False, "first_name": "Boris"}}],
    )  # fmt: skip
    assert "hidden link to their account" in david.last.text

    await david.send_message(photo=[POSTER], caption=CAPTION, caption_entities=[HIDDEN])
    await david.press("Skip")
    await david.press("Countries")
    await david.press("Georgia")
    await david.press("Done")
    await david.press("Preview")
    await david.press("Submit for review")

    nino = await staff(harness, NINO, "moderator", "GE")
    await nino.send("/mod")
    before = len(harness.telegram.calls("SendPhoto"))
    await nino.press("Review, oldest first")
    links, copy, card = nino.transcript()[-3:]
    assert "consulate-ru.example" in links.text  # the hidden link's real domain
    assert "⚠️ gosusiugi.ru" in links.text and "look-alike" in links.text
    # The whole message, not 300 characters of it, under the header members will see.
    assert copy.text == f"{GEORGIA_HEADER}\n\n{CAPTION}"
    assert [label for label, _ in copy.buttons()] == ["🔕 Unsubscribe"]
    assert "Broadcast" in card.text
    assert "✅ Approve" in [label for label, _ in card.buttons()]
    [to_moderator] = harness.telegram.calls("SendPhoto")[before:]
    assert to_moderator.photo == "poster-1"

    await nino.press("Approve")
    await run_until_idle(harness)
    [to_anna] = [c for c in harness.telegram.calls("SendPhoto") if c.chat_id == ANNA]
    # Byte for byte what the moderator approved: caption, entities, photo, buttons.
    assert as_sent(to_anna) == as_sent(to_moderator)
    assert [e.type for e in to_anna.caption_entities or []] == ["bold", "text_link"]


async def test_messages_to_attendees_skip_the_queue_so_they_carry_no_links(
    harness: Harness,
) -> None:
    organiser = await make_organiser(harness, DAVID, "GE")
    event_id = await published_event(harness, DAVID)
    anna = await settle(harness, ANNA)
    await going(anna, event_id)

    await organiser.press_data(f"evo:show:{event_id}")
    await organiser.press("Message everyone going")
    for with_link in (
        "Details here: consulate-ru.example/form — URGENT, send your address",
        "Write to @picnic_helper for the address",
        "Register at https://picnic.example",
        "Register at picnic\u00ad.example",  # a soft hyphen hides nothing
    ):
        await organiser.send(with_link)
        assert "without links or @usernames" in organiser.last.text, with_link
    await organiser.send("We moved to the second floor, the door is on the left.")
    assert "This is what attendees will get" in organiser.last.text
    async with harness.services.sessions() as session, session.begin():
        _, access = await load_member(session, DAVID, harness.services.settings.admin_ids)
        with pytest.raises(EventError, match="events-message-links"):
            await events.message_attendees(session, access, event_id, "See t.me/fake_consulate")
