"""The staff app's API through its real HTTP server, on the real services: who gets in, the
queue decided in the app and seen in the chat, the knowledge-base review, the numbers."""

from __future__ import annotations

import itertools
import time
from datetime import timedelta

from sqlalchemy import func, select

from bot.db.crypto import pseudonym
from bot.db.models import (
    AuditEntry,
    AuditOutcome,
    Event,
    EventRsvp,
    FaqEntry,
    FaqEntryText,
    FaqStatus,
    Group,
    GroupStatus,
    Member,
    MemberProfession,
    ReviewItem,
    ReviewKind,
    ReviewStatus,
    Role,
    RsvpStatus,
)
from bot.db.models.events import EVENT_MEMBER
from bot.db.types import utcnow
from bot.features.staffapp.charts import render_png
from tests.support import seeds
from tests.support.staffapp import staff_app
from tests.support.story import Harness

_ids = itertools.count(7_300_000)
MODERATOR_GE = ((Role.MODERATOR, "GE"),)


async def _denials(harness: Harness, actor: int) -> list[AuditEntry]:
    async with harness.services.sessions() as session:
        return list(
            await session.scalars(
                select(AuditEntry).where(
                    AuditEntry.actor_id == actor, AuditEntry.outcome == AuditOutcome.DENIED
                )
            )
        )


async def test_me_answers_the_contract_for_staff_and_refuses_everyone_else(
    harness: Harness,
) -> None:
    moderator = next(_ids)
    await seeds.member(harness, moderator, roles=((Role.MODERATOR, "GE"), (Role.MODERATOR, "AM")))
    member = next(_ids)
    await seeds.member(harness, member)
    async with staff_app(harness) as app:
        status, body = await app.get("/me", moderator)
        assert status == 200
        assert body["user_id"] == moderator
        assert body["roles"] == [{"role": "moderator", "countries": ["AM", "GE"]}]

        # No initData, another bot's, an old one: 401, in words.
        assert (await app.get("/me", None))[0] == 401
        status, body = await app.get("/me", moderator, token="999:SOMEBODY-elses-token")
        assert (status, body["error"]) == (401, "forged")
        status, body = await app.get("/me", moderator, auth_date=time.time() - 3 * 86400)
        assert (status, body["error"]) == (401, "expired")
        assert "Open the staff app again" in body["message"]

        # A member's own, genuine initData: 403, audited with their id.
        status, body = await app.get("/me", member)
        assert status == 403
        assert "moderators, organisers and admins" in body["message"]
        # Every other endpoint too, and someone who never started the bot.
        assert (await app.get("/queue", member))[0] == 403
        assert (await app.get("/stats", next(_ids)))[0] == 403
    refusals = await _denials(harness, member)
    assert {entry.action for entry in refusals} == {"staffapp.me", "staffapp.queue"}


async def test_a_banned_moderator_is_refused(harness: Harness) -> None:
    banned = next(_ids)
    await seeds.member(harness, banned, banned=True, roles=MODERATOR_GE)
    async with staff_app(harness) as app:
        status, _ = await app.get("/queue", banned)
    assert status == 403
    [refusal] = await _denials(harness, banned)
    assert refusal.details.get("why") == "banned"


async def test_approving_in_the_app_is_the_chat_queues_decision(harness: Harness) -> None:
    moderator = next(_ids)
    await seeds.member(harness, moderator, roles=MODERATOR_GE)
    author = next(_ids)
    await seeds.member(harness, author)
    item_id = await seeds.pending_group(harness, author)
    armenian = await seeds.pending_group(harness, author, country="AM")
    async with harness.services.sessions() as session, session.begin():
        flagged = await session.get(ReviewItem, item_id)
        assert flagged is not None
        flagged.flags = ["scam:deposit", "similar-title"]
    async with staff_app(harness) as app:
        status, page = await app.get("/queue", moderator)
        assert status == 200
        ids = [item["id"] for item in page["items"]]
        assert item_id in ids and armenian not in ids  # in scope only
        mine = next(item for item in page["items"] if item["id"] == item_id)
        # The card as members see it: the author's markup stays escaped text.
        assert "&lt;b&gt;zqxcanary" in mine["card"] and "<b>zqxcanary" not in mine["card"]
        # Flags in the moderator's words, as the chat queue words them.
        assert mine["flags"] == [
            "⚠️ possible scam: a deposit before viewing",
            "a group with a similar title exists",
        ]
        assert (await app.get("/queue?kind=job", moderator))[1]["items"] == []
        assert (await app.get("/queue?kind=nonsense", moderator))[0] == 400

        # Forged: an Armenian item by id, and an item that does not exist.
        status, body = await app.post(f"/queue/{armenian}/approve", moderator)
        assert status == 403
        assert (await app.post("/queue/999999999/approve", moderator))[0] == 404

        status, body = await app.post(f"/queue/{item_id}/approve", moderator)
        assert status == 200, body
        assert body["status"] == "approved"
        # The author's title as text: their markup is neither run nor shown as entities.
        assert "“<b>zqxcanary" in body["message"] and "&lt;" not in body["message"]
        # Twice: already decided.
        assert (await app.post(f"/queue/{item_id}/approve", moderator))[0] == 409
    async with harness.services.sessions() as session:
        item = await session.get(ReviewItem, item_id)
        assert item is not None and item.status == ReviewStatus.APPROVED
        assert item.decided_by == moderator
        group = await session.get(Group, int(item.target_id))
        assert group is not None and group.status == GroupStatus.PUBLISHED
        actions = set(
            await session.scalars(
                select(AuditEntry.action).where(
                    AuditEntry.actor_id == moderator, AuditEntry.outcome == AuditOutcome.OK
                )
            )
        )
    assert "review.approve" in actions
    # The author heard it in the chat, as from the chat queue.
    await harness.deliver()  # sent after the commit by the outbox's loop
    notice = harness.telegram.transcript(author)[-1]
    assert "approved" in notice.text
    assert [e.action for e in await _denials(harness, moderator)] == ["review.approve"]
    # And the chat's /mod no longer counts it.
    moderator_chat = harness.member(moderator, language_code="en")
    await moderator_chat.send("/mod")
    assert "Waiting for review: 0" in moderator_chat.last.text


async def test_edit_then_approve_and_reject_with_a_reason(harness: Harness) -> None:
    moderator = next(_ids)
    await seeds.member(harness, moderator, roles=MODERATOR_GE)
    author = next(_ids)
    await seeds.member(harness, author)
    edited = await seeds.pending_group(harness, author)
    rejected = await seeds.pending_group(harness, author)
    async with staff_app(harness) as app:
        # The oldest item opens with its card, the next shows its title until opened.
        status, page = await app.get("/queue", moderator)
        first, second = page["items"]
        assert first["id"] == edited and first["card"] is not None
        assert second["id"] == rejected and second["card"] is None and second["title"]
        status, opened = await app.get(f"/queue/{rejected}", moderator)
        assert status == 200 and "zqxcanary" in opened["card"]
        assert (await app.get("/queue/abc", moderator))[0] == 400

        status, fields = await app.get(f"/queue/{edited}/fields", moderator)
        assert status == 200
        names = [field["name"] for field in fields["fields"]]
        assert "title" in names
        too_long = "x" * 5000
        status, body = await app.post(
            f"/queue/{edited}/approve", moderator, {"edits": {"title": too_long}}
        )
        assert status in (413, 422)
        status, body = await app.post(
            f"/queue/{edited}/approve", moderator, {"edits": {"title": "Edited by staff"}}
        )
        assert status == 200, body
        # Forged bodies: not JSON objects, wrong types.
        assert (await app.post(f"/queue/{rejected}/reject", moderator, ["x"]))[0] == 400
        assert (await app.post(f"/queue/{rejected}/reject", moderator, {"reason": 5}))[0] == 422
        assert (await app.post(f"/queue/{rejected}/reject", moderator, {"reason": "  "}))[0] == 422
        status, body = await app.post(
            f"/queue/{rejected}/reject", moderator, {"reason": "Not a community <script>"}
        )
        assert status == 200, body
    async with harness.services.sessions() as session:
        item = await session.get(ReviewItem, edited)
        assert item is not None and item.status == ReviewStatus.APPROVED
        group = await session.get(Group, int(item.target_id))
        assert group is not None and group.title == "Edited by staff"
        gone = await session.get(ReviewItem, rejected)
        assert gone is not None and gone.status == ReviewStatus.REJECTED
        assert gone.reason == "Not a community <script>"
        edits = await session.scalar(
            select(func.count())
            .select_from(AuditEntry)
            .where(AuditEntry.action == "review.edit", AuditEntry.actor_id == moderator)
        )
    assert edits == 1
    # The author's notice carries the reason, escaped, with the appeal button.
    await harness.deliver()  # sent after the commit by the outbox's loop
    notice = harness.telegram.transcript(author)[-1]
    assert "reason: Not a community <script>" in notice.text  # shown as text, not markup
    assert notice.buttons()


async def _georgian_entry(harness: Harness) -> int:
    async with harness.services.sessions() as session, session.begin():
        entry = await session.scalar(
            select(FaqEntry)
            .where(FaqEntry.country == "GE", FaqEntry.status == FaqStatus.PUBLISHED)
            .order_by(FaqEntry.id)
            .limit(1)
        )
        assert entry is not None
        entry.review_by = (utcnow() - timedelta(days=3)).date()
        entry.verified_at = None
        return entry.id


async def test_the_knowledge_base_review_in_the_app(harness: Harness) -> None:
    moderator = next(_ids)
    await seeds.member(harness, moderator, roles=MODERATOR_GE)
    outsider = next(_ids)
    await seeds.member(harness, outsider, roles=((Role.MODERATOR, "AM"),))
    entry_id = await _georgian_entry(harness)
    async with staff_app(harness) as app:
        status, due = await app.get("/kb/due", moderator)
        assert status == 200
        row = next(row for row in due["items"] if row["id"] == entry_id)
        assert row["state"] == "overdue"
        assert all(row["country"] == "GE" for row in due["items"])

        status, entry = await app.get(f"/kb/entries/{entry_id}", moderator)
        assert status == 200
        assert entry["texts"]["a.en"] and entry["sources"]
        assert {"url", "host", "date", "facts", "notes"} <= set(entry["sources"][0])

        # Edit with a diff against the current text, then save.
        new_question = "Edited by staff?"
        status, diff = await app.post(
            f"/kb/entries/{entry_id}/diff", moderator, {"field": "q.en", "value": new_question}
        )
        assert status == 200 and diff["changed"]
        assert {"op": "+", "text": new_question} in diff["diff"]
        assert {"op": "-", "text": entry["texts"]["q.en"]} in diff["diff"]
        assert (
            await app.post(f"/kb/entries/{entry_id}/edit", moderator, {"field": "x", "value": ""})
        )[0] == 400
        status, body = await app.post(
            f"/kb/entries/{entry_id}/edit", moderator, {"field": "a.en", "value": ""}
        )
        assert status == 422 and body["message"]
        status, after = await app.post(
            f"/kb/entries/{entry_id}/edit", moderator, {"field": "q.en", "value": new_question}
        )
        assert status == 200 and after["texts"]["q.en"] == new_question

        # Confirm: faq.verify, audited; another country's moderator is refused (audited).
        assert (await app.post(f"/kb/entries/{entry_id}/verify", outsider))[0] == 403
        status, confirmed = await app.post(f"/kb/entries/{entry_id}/verify", moderator)
        assert status == 200
        assert confirmed["verified_at"] == utcnow().date().isoformat()
        assert confirmed["verified_by_you"] is True

        # The heat-map and a cell's list.
        status, heat = await app.get("/kb/heatmap", moderator)
        assert status == 200
        assert [row["country"] for row in heat["rows"]] == ["GE"]
        georgia = heat["rows"][0]
        assert {"entries", "due", "overdue", "gaps", "cells"} <= set(georgia)
        topic = entry["topic"]
        assert georgia["cells"][topic]["entry"] == entry_id
        status, cell = await app.get(f"/kb/entries?country=GE&topic={topic}", moderator)
        assert status == 200 and [row["id"] for row in cell["items"]] == [entry_id]
        assert (await app.get("/kb/entries?country=GE", outsider))[0] == 403
        assert (await app.get("/kb/entries?country=<x>", moderator))[0] == 400
    async with harness.services.sessions() as session:
        text = await session.get(FaqEntryText, (entry_id, "en"))
        assert text is not None and text.question == new_question
        verified = await session.scalar(
            select(func.count())
            .select_from(AuditEntry)
            .where(AuditEntry.action == "faq.verify", AuditEntry.actor_id == moderator)
        )
    assert verified == 1
    assert {e.action for e in await _denials(harness, outsider)} == {"faq.verify", "faq.view"}


async def _members(harness: Harness, country: str, count: int, profession: str) -> None:
    async with harness.services.sessions() as session, session.begin():
        for _ in range(count):
            member_id = next(_ids)
            session.add(Member(id=member_id, locale="en", country=country, onboarded_at=utcnow()))
            await session.flush()
            session.add(MemberProfession(member_id=member_id, slug=profession))


async def test_the_numbers_are_aggregates_with_small_cells_suppressed(harness: Harness) -> None:
    organiser = next(_ids)
    await seeds.member(harness, organiser, roles=((Role.ORGANISER, "GE"),))
    moderator = next(_ids)
    await seeds.member(harness, moderator, roles=MODERATOR_GE)
    await _members(harness, "GE", 6, "design")
    await _members(harness, "GE", 2, "law")
    await _members(harness, "AM", 9, "design")
    async with staff_app(harness) as app:
        assert (await app.get("/stats", moderator))[0] == 403
        status, numbers = await app.get("/stats", organiser)
    assert status == 200
    assert numbers["scope"] == ["GE"]
    # Georgia only: 6 designers + 2 lawyers + the organiser and the moderator (it) = 10.
    assert numbers["members_by_country"] == [{"label": "GE", "value": 10}]
    professions = {row["label"]: row["value"] for row in numbers["members_by_profession"]}
    assert professions[next(k for k in professions if "esign" in k)] == 6
    assert professions[next(k for k in professions if "aw" in k)] is None  # 2 people: hidden
    assert sum(row["value"] or 0 for row in numbers["newcomers_per_week"]) == 10
    assert numbers["members_over_time"]["series"][0]["values"][-1] == 10
    assert [e.action for e in await _denials(harness, moderator)] == ["staffapp.stats"]


async def _event_with(
    harness: Harness, organiser: int, country: str, going: int, came: int | None
) -> int:
    """A past event of ``country`` with ``going`` RSVPs and (unless ``None``) who came."""
    event_id = await seeds.pending_event(harness, organiser, country=country)
    await seeds.approve(harness, ReviewKind.EVENT, event_id)
    now = utcnow()
    async with harness.services.sessions() as session, session.begin():
        event = await session.get(Event, event_id)
        assert event is not None
        event.starts_at, event.ends_at = now - timedelta(days=1, hours=2), now - timedelta(days=1)
        event.attended_count = came
        event.attendance_recorded_at = now if came is not None else None
        for _ in range(going):
            member_id = next(_ids)
            session.add(
                EventRsvp(
                    event_id=event_id,
                    member_key=pseudonym(EVENT_MEMBER, member_id),
                    member_ref=member_id,
                    status=RsvpStatus.GOING,
                )
            )
    return event_id


async def test_the_numbers_show_rsvps_beside_attendance_within_scope(harness: Harness) -> None:
    organiser = next(_ids)
    await seeds.member(harness, organiser, roles=((Role.ORGANISER, "GE"), (Role.ORGANISER, "AM")))
    viewer = next(_ids)
    await seeds.member(harness, viewer, roles=((Role.ORGANISER, "GE"),))
    big = await _event_with(harness, organiser, "GE", going=6, came=8)
    small = await _event_with(harness, organiser, "GE", going=2, came=3)
    nobody = await _event_with(harness, organiser, "GE", going=5, came=0)
    await _event_with(harness, organiser, "GE", going=7, came=None)  # not recorded: not shown
    await _event_with(harness, organiser, "AM", going=9, came=12)  # another country
    async with staff_app(harness) as app:
        status, numbers = await app.get("/stats", viewer)
    assert status == 200
    rows = {row["id"]: (row["going"], row["attended"]) for row in numbers["attendance"]}
    # Georgia's recorded events only; 2 going and 3 came are under 5 people: hidden.
    assert rows == {big: (6, 8), small: (None, None), nobody: (5, 0)}

    # The /stats picture draws them too.
    png = render_png(numbers, lambda key, **values: key, lambda code: code)
    assert png.startswith(b"\x89PNG")
