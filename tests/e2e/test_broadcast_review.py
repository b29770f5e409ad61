"""Issue 12, attack 1, end to end: an organiser's announcement (a document with a caption and
a link) is reviewed by a moderator through the real bot and the emulator; the moderator's
preview and the recipient's message are the same — text, entities, media and buttons."""

from __future__ import annotations

import pytest

from tests.support.e2e import E2E, BotMessage

pytestmark = pytest.mark.e2e

CAPTION = "Picnic on Sunday in Vake park. Details: https://picnic.example/register"
# What members get: the header line (who sends it, to which community), then the caption.
COPY = f"📣 Organisers of the Georgia community\n\n{CAPTION}"
DELIVERY_WAIT = 60.0  # the worker's broadcast job runs every 2 s; the machine may be busy


def as_members_see_it(message: BotMessage) -> dict[str, object]:
    raw = message.raw
    return {
        "text": raw["text"],
        "html": raw["html"],
        "entities": raw["entities"],
        "document": raw.get("document"),
        "reply_markup": raw["reply_markup"],
    }


async def test_the_moderator_approves_exactly_what_the_recipient_gets(e2e: E2E) -> None:
    anna = await e2e.user("Anna", language="en")
    await anna.onboard("ge-tbilisi", announcements=True)
    david = await e2e.user("David", language="en")
    await david.onboard("ge-tbilisi")
    await e2e.grant(david, "organiser", "GE")
    nino = await e2e.user("Nino", language="en")
    await nino.onboard("ge-tbilisi")
    await e2e.grant(nino, "moderator", "GE")

    await david.send("/broadcast")
    reply = await david.send_document(
        "poster.pdf", b"%PDF-1.4 a picnic poster", "application/pdf", caption=CAPTION
    )
    assert "link button" in reply.text
    await david.press("Skip")
    await david.press("Countries")
    await david.press("Georgia")
    await david.press("Done")
    await david.press("Preview")
    reply = await david.press("Submit for review")
    assert "Submitted" in reply.text

    await nino.send("/mod")
    await nino.press("Review, oldest first", until="Broadcast")
    links, preview, card = (await nino.messages())[-3:]
    assert "picnic.example" in links.text
    assert preview.text == COPY and preview.document is not None
    assert "Approve" in " ".join(card.buttons)
    await nino.press("Approve")

    delivered = await anna._until(
        0, DELIVERY_WAIT, "waiting for the broadcast", lambda m: m.text == COPY, []
    )
    assert as_members_see_it(delivered) == as_members_see_it(preview)
    assert [e["type"] for e in delivered.raw["entities"]] == ["bold", "url"]
    assert delivered.document is not None and delivered.document["file_name"] == "poster.pdf"
