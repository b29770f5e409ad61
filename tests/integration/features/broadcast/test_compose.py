"""An organiser composes a broadcast, chooses who gets it, sees the exact count and the
preview, submits; a moderator approves (or rejects with a reason the author reads in their
language); admins may send directly. Forged buttons change nothing."""

from __future__ import annotations

from sqlalchemy import select

from bot.access import load_member
from bot.db.models import AuditEntry, AuditOutcome, BroadcastStatus, ReviewItem, ReviewKind
from bot.features.broadcast import service
from bot.features.broadcast.keyboards import BcCb, ComposeCb
from bot.features.broadcast.segment import Segment
from tests.integration.features.broadcast.stories import (
    authored,
    broadcast,
    broadcast_by,
    received,
    residents,
    run_until_idle,
)
from tests.integration.features.broadcast.test_header import GEORGIA_HEADER
from tests.integration.features.events.stories import make_organiser, published_event, settle
from tests.support.copy import has
from tests.support.story import Harness

DAVID, NINO, OUTSIDER = 3201, 3202, 3203
ANNA, BORIS, VERA = 3211, 3212, 3213
BOLD = [{"type": "bold", "offset": 0, "length": 6}]


async def georgians_and_an_armenian(harness: Harness) -> None:
    await residents(
        harness,
        {"id": ANNA, "country": "GE", "professions": ["design"]},
        {"id": BORIS, "country": "GE", "city": "Batumi", "professions": ["it"]},
        {"id": VERA, "country": "AM", "city": "Yerevan", "professions": ["design"]},
    )


async def compose_for_georgia(harness: Harness, organiser_id: int) -> None:
    david = harness.member(organiser_id, language_code="en")
    await david.send("/broadcast")
    assert has(david.last.text, "bc-ask-content")
    await david.send("Picnic on Saturday at Vake park", entities=BOLD)
    assert "link button" in david.last.text
    await david.send("Register | not a link")
    assert "does not look right" in david.last.text
    await david.send("Register | https://example.org/picnic")
    assert "Who receives it" in david.last.text
    # The default audience is his own community, not everyone who opted in.
    assert "Countries: Georgia" in david.last.text
    await david.press("Countries")
    assert "✅ Georgia" in [label for label, _ in david.last.buttons()]
    await david.press("Done")


async def test_an_organiser_composes_previews_the_exact_count_and_a_moderator_approves(
    harness: Harness,
) -> None:
    await georgians_and_an_armenian(harness)
    await make_organiser(harness, DAVID)
    await compose_for_georgia(harness, DAVID)
    david = harness.member(DAVID, language_code="en")
    # Anna, Boris and David himself (settled in Tbilisi, opted in? no: he said "No, thanks").
    # Two, but an organiser sees counts under 5 only as "fewer than 5" (issue 12).
    assert "Recipients now: fewer than 5 members" in david.last.text

    await david.press("Preview")
    preview, confirm = david.transcript()[-2:]
    assert preview.text == f"{GEORGIA_HEADER}\n\nPicnic on Saturday at Vake park"
    assert [label for label, _ in preview.buttons()] == ["Register", "🔕 Unsubscribe"]
    assert "It goes to fewer than 5 members now" in confirm.text
    sent_preview = harness.telegram.calls("SendMessage")[-2]
    # Formatting kept (the first bold is the header's).
    assert [e.type for e in sent_preview.entities or []] == ["bold", "bold"]

    await david.press("Submit for review")
    assert "Submitted" in david.last.text
    async with harness.services.sessions() as session:
        item = await session.scalar(
            select(ReviewItem).where(ReviewItem.kind == ReviewKind.BROADCAST)
        )
    assert item is not None and item.country == "GE"

    moderator = harness.member(1, language_code="en")
    await moderator.send("/mod")
    await moderator.press("Review, oldest first")
    assert "Broadcast" in moderator.last.text and "fewer than 5 members" in moderator.last.text
    await moderator.press("Approve")
    assert "was approved" in david.last.text

    await run_until_idle(harness)
    for member_id in (ANNA, BORIS):
        [got] = harness.telegram.transcript(member_id)
        assert got.text == f"{GEORGIA_HEADER}\n\nPicnic on Saturday at Vake park"
        assert [label for label, _ in got.buttons()] == ["Register", "🔕 Unsubscribe"]
    assert harness.telegram.transcript(VERA) == []  # Armenia was not chosen
    bold = [c for c in harness.telegram.calls("SendMessage") if c.chat_id == ANNA]
    assert [e.type for e in bold[0].entities or []] == ["bold", "bold"]


async def test_a_rejection_reaches_the_author_in_their_language_with_the_reason(
    harness: Harness,
) -> None:
    await georgians_and_an_armenian(harness)
    await settle(harness, NINO, language="ru")
    await harness.member(1, language_code="en").send(f"/grant {NINO} organiser GE")
    broadcast_id = await broadcast_by(harness, NINO, Segment(countries=("GE",)))

    moderator = harness.member(1, language_code="en")
    await moderator.send("/mod")
    await moderator.press("Review, oldest first")
    await moderator.press("Reject")
    await moderator.send("Please add the date")

    nino = harness.member(NINO, language_code="ru")
    assert "не одобрена" in nino.last.text and "Please add the date" in nino.last.text
    assert (await broadcast(harness, broadcast_id)).status == BroadcastStatus.REJECTED
    await run_until_idle(harness)
    assert harness.telegram.transcript(ANNA) == []


async def test_an_admin_sends_directly_without_the_queue(harness: Harness) -> None:
    await georgians_and_an_armenian(harness)
    admin = await settle(harness, 1)
    await admin.send("/broadcast")
    await admin.send("Office hours moved to Friday")
    await admin.press("Skip")
    await admin.press("Professions")
    await admin.press("Design")
    await admin.press("Done")
    await admin.press("Preview")
    assert (
        "It goes to 2 members now" in admin.last.text
    )  # Anna (GE) and Vera (AM): no country chosen
    await admin.press("Send now")
    assert "is being sent" in admin.last.text
    async with harness.services.sessions() as session:
        queued = await session.scalar(
            select(ReviewItem).where(ReviewItem.kind == ReviewKind.BROADCAST)
        )
    assert queued is None

    await run_until_idle(harness)
    assert received(harness, ANNA) == ["Office hours moved to Friday"]
    assert received(harness, VERA) == ["Office hours moved to Friday"]
    assert harness.telegram.transcript(ANNA)[0].text.startswith("📣 The Prichal team\n")
    assert harness.telegram.transcript(BORIS) == []


async def test_an_organiser_cannot_reach_beyond_their_countries_even_with_forged_buttons(
    harness: Harness,
) -> None:
    await georgians_and_an_armenian(harness)
    await make_organiser(harness, DAVID)
    david = harness.member(DAVID, language_code="en")
    await david.send("/broadcast")
    await david.send("Hello everyone")
    await david.press("Skip")
    await david.press_data(ComposeCb(step="tog", v="c.AM").pack())  # not offered to him
    assert david.last_answer() is not None
    await david.press_data(ComposeCb(step="submit").pack())  # submit without a preview
    async with harness.services.sessions() as session:
        assert await session.scalar(select(ReviewItem.id)) is None


async def test_the_default_audience_is_the_organisers_community_and_preview_works(
    harness: Harness,
) -> None:
    await georgians_and_an_armenian(harness)
    await make_organiser(harness, DAVID)
    david = harness.member(DAVID, language_code="en")
    await david.send("/broadcast")
    await david.send("Hello, Georgia")
    await david.press("Skip")
    assert "Countries: Georgia" in david.last.text
    assert "Everyone who opted in" not in david.last.text
    # Anna and Boris in Georgia; Vera (Armenia) is outside his community and not counted.
    async with harness.services.sessions() as session:
        _, access = await load_member(session, DAVID, harness.services.settings.admin_ids)
        count = await service.count_recipients(
            session, access, service.default_audience(access, Segment())
        )
    assert count == 2
    # Unticking his only country still leaves his community, never everyone.
    await david.press("Countries")
    await david.press("Georgia")
    await david.press("Done")
    assert "Countries: Georgia" in david.last.text
    await david.press("Preview")
    assert "fewer than 5 members now" in david.last.text
    await david.press("Submit for review")
    assert "Submitted" in david.last.text
    [sent] = await authored(harness, DAVID)
    assert sent.countries == ["GE"]


async def test_forged_controls_are_refused_for_non_organisers_and_for_others_broadcasts(
    harness: Harness,
) -> None:
    await georgians_and_an_armenian(harness)
    await make_organiser(harness, DAVID)
    await make_organiser(harness, NINO)
    broadcast_id = await broadcast_by(harness, DAVID, Segment(countries=("GE",)), send_now=False)
    outsider = await settle(harness, OUTSIDER)

    await outsider.press_data(BcCb(action="cancel_ok", id=broadcast_id).pack())
    assert "organiser" in (outsider.last_answer() or "")
    nino = harness.member(NINO, language_code="en")
    for action in ("show", "pause", "cancel_ok"):
        await nino.press_data(BcCb(action=action, id=broadcast_id).pack())
        assert "not yours" in (nino.last_answer() or "")
    assert (await broadcast(harness, broadcast_id)).status == BroadcastStatus.PENDING
    async with harness.services.sessions() as session:
        denied = list(
            await session.scalars(
                select(AuditEntry.action).where(AuditEntry.outcome == AuditOutcome.DENIED)
            )
        )
    assert {"broadcast.show", "broadcast.pause", "broadcast.cancel"} <= set(denied)


async def test_changing_the_recipients_after_the_preview_needs_a_new_preview(
    harness: Harness,
) -> None:
    await georgians_and_an_armenian(harness)
    await make_organiser(harness, DAVID)
    await compose_for_georgia(harness, DAVID)
    david = harness.member(DAVID, language_code="en")
    await david.press("Preview")
    await david.press("Change recipients")
    await david.press("Professions")
    await david.press("IT")

    await david.press_data(ComposeCb(step="submit").pack())  # the old preview's Submit

    async with harness.services.sessions() as session:
        assert await session.scalar(select(ReviewItem.id)) is None
    # The wizard shows where it really is: choosing recipients, IT kept.
    assert "earlier step" in david.last.text and "Professions:" in david.last.text
    await david.press("Preview")
    assert "fewer than 5 members now" in david.last.text  # Boris: Georgia and IT


async def test_choosing_an_event_makes_its_attendees_the_audience_wherever_they_live(
    harness: Harness,
) -> None:
    await georgians_and_an_armenian(harness)
    await make_organiser(harness, DAVID)
    event_id = await published_event(harness, DAVID)
    david = harness.member(DAVID, language_code="en")
    await david.send("/broadcast")
    await david.send("See you tonight")
    await david.press("Skip")
    assert "Countries: Georgia" in david.last.text
    await david.press("Attendees of an event")
    await david.press_data(ComposeCb(step="ev", v=f"e.{event_id}").pack())
    await david.press("Done")
    assert "Going to:" in david.last.text
    assert "Countries:" not in david.last.text  # not only the attendees living in Georgia
    await david.press("Preview")
    assert "It goes to" in david.last.text


async def test_the_text_limit_keeps_room_for_the_header(harness: Harness) -> None:
    await make_organiser(harness, DAVID)
    david = harness.member(DAVID, language_code="en")
    await david.send("/broadcast")
    limit = service.TEXT_MAX - service.HEADER_ROOM
    await david.send("x" * (limit + 1))
    assert f"at most {limit:,} characters" in david.last.text  # as Fluent writes numbers
    await david.send("x" * limit)
    assert "link button" in david.last.text


async def test_a_photo_with_a_caption_is_the_announcement_and_the_preview_shows_it(
    harness: Harness,
) -> None:
    await georgians_and_an_armenian(harness)
    await make_organiser(harness, DAVID)
    david = harness.member(DAVID, language_code="en")
    await david.send("/broadcast")
    await david.send_sticker()
    assert "Send text, or a photo or a document" in david.last.text  # the step again
    assert has(david.last.text, "bc-ask-content")
    poster = {"file_id": "poster", "file_unique_id": "p1", "width": 800, "height": 600}
    await david.send_message(photo=[poster], caption="Picnic poster")
    assert "link button" in david.last.text
    await david.press("Skip")
    await david.press("Preview")
    assert [file_id for _, file_id in harness.telegram.photos] == ["poster"]
    assert "It goes to fewer than 5 members now" in david.last.text
    await david.press("Submit for review")
    [sent] = await authored(harness, DAVID)
    assert sent.text == "Picnic poster" and sent.media_file_id == "poster"


async def test_back_keeps_what_was_written_and_the_old_cancel_button_still_cancels(
    harness: Harness,
) -> None:
    await make_organiser(harness, DAVID)
    david = harness.member(DAVID, language_code="en")
    await david.send("/broadcast")
    await david.send("Board games on Friday")
    await david.press("Back")
    assert "Now: Board games on Friday" in david.last.text
    await david.press("Keep this")
    assert "link button" in david.last.text
    await david.send("Register | https://example.org/games")
    await david.press("Back")
    assert "Now: Register | https://example.org/games" in david.last.text
    await david.press("Keep this")
    assert "Who receives it" in david.last.text

    await david.press_data("bcw:x:")  # ✖ Cancel as packed before the step engine
    assert "discarded" in david.last.text
    async with harness.services.sessions() as session:
        assert await session.scalar(select(ReviewItem.id)) is None
    await david.send("Hello?")
    assert "Who receives it" not in david.last.text
