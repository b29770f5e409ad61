"""Every copy says who sends it and why the member got it: a header line with the community
(the broadcast's cities, else its countries) and the sender's role, in the member's language —
never a personal name unless the author chose to sign. The author's preview and the
moderator's review show the very same request."""

from __future__ import annotations

from bot.features.broadcast.segment import Segment
from bot.features.broadcast.service import Content
from tests.integration.features.broadcast.stories import (
    ADMIN,
    approve,
    broadcast_by,
    residents,
    run_until_idle,
)
from tests.integration.features.events.stories import make_organiser
from tests.support.story import Harness

GEORGIA_HEADER = "📣 Organisers of the Georgia community"
DAVID, ANNA, NINO = 3601, 3611, 3612


async def test_a_copy_names_the_community_and_the_role_in_the_members_language(
    harness: Harness,
) -> None:
    await residents(
        harness,
        {"id": ANNA, "country": "GE", "city": "Tbilisi", "locale": "en"},
        {"id": NINO, "country": "GE", "city": "Tbilisi", "locale": "ru"},
    )
    await make_organiser(harness, DAVID)
    segment = Segment(countries=("GE",), cities=("Tbilisi",))
    broadcast_id = await broadcast_by(harness, DAVID, segment, Content(text="Picnic"))
    await approve(harness, broadcast_id)
    await run_until_idle(harness)

    [to_anna] = harness.telegram.transcript(ANNA)
    [to_nino] = harness.telegram.transcript(NINO)
    assert to_anna.text == "📣 Organisers of the Tbilisi community\n\nPicnic"
    assert to_nino.text == "📣 Организаторы сообщества: Тбилиси\n\nPicnic"
    sent = [c for c in harness.telegram.calls("SendMessage") if c.chat_id == ANNA]
    header = sent[0].entities[0]  # type: ignore[index]
    assert (header.type, header.offset, header.length) == (
        "bold",
        0,
        len("📣 Organisers of the Tbilisi community".encode("utf-16-le")) // 2,
    )


async def test_signing_is_off_by_default_and_when_chosen_the_review_shows_it_as_members_get_it(
    harness: Harness,
) -> None:
    await residents(harness, {"id": ANNA, "country": "GE", "locale": "en"})
    await make_organiser(harness, DAVID)
    david = harness.member(DAVID, language_code="en", name="David")
    await david.send("/broadcast")
    await david.send("Picnic on Saturday")
    await david.press("Skip")
    await david.press("Preview")
    preview = david.transcript()[-2]
    assert preview.text == f"{GEORGIA_HEADER}\n\nPicnic on Saturday"  # no name by default
    assert "David" not in preview.text

    await david.press("Sign with my name")
    signed = david.transcript()[-2]
    assert signed.text == "📣 David, organiser of the Georgia community\n\nPicnic on Saturday"
    assert any(label.startswith("✅ Signed") for label, _ in david.last.buttons())
    await david.press("Submit for review")

    moderator = harness.member(ADMIN, language_code="en")
    await moderator.send("/mod")
    await moderator.press("Review, oldest first")
    _, copy, _ = moderator.transcript()[-3:]
    assert copy.text == signed.text  # the review shows exactly what members get
    await moderator.press("Approve")
    await run_until_idle(harness)
    [to_anna] = harness.telegram.transcript(ANNA)
    assert to_anna.text == signed.text
