"""Recipients: "Unsubscribe" under every broadcast turns them off and asks why (a count, tied
to nobody); blocking and unblocking the bot keeps reachability current (``my_chat_member``)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from bot.db.models import Broadcast, Member, MemberStatus, UnsubscribeReason
from bot.features.broadcast.keyboards import OptOutCb, UnsubCb
from bot.features.broadcast.segment import Segment
from bot.features.broadcast.service import Content
from tests.integration.features.broadcast.stories import (
    approve,
    broadcast_by,
    received,
    residents,
    run_until_idle,
)
from tests.integration.features.events.stories import make_organiser
from tests.support.copy import has
from tests.support.fake_telegram import BOT_USER
from tests.support.story import Harness, Person, _now

DAVID, ANNA, BORIS = 3401, 3411, 3412
GEORGIA = Segment(countries=("GE",))


async def sent_to_georgia(harness: Harness, text: str) -> None:
    broadcast_id = await broadcast_by(harness, DAVID, GEORGIA, Content(text=text))
    await approve(harness, broadcast_id)
    await run_until_idle(harness)


async def test_unsubscribe_stops_the_next_broadcasts_and_the_reason_is_only_counted(
    harness: Harness,
) -> None:
    await residents(harness, {"id": ANNA, "country": "GE"}, {"id": BORIS, "country": "GE"})
    await make_organiser(harness, DAVID)
    await sent_to_georgia(harness, "Picnic on Saturday")
    anna = harness.member(ANNA, language_code="en")

    await anna.press("Unsubscribe")
    assert has(anna.last.text, "bc-unsubscribed")
    await anna.press("Too many messages")
    assert anna.last.text == "Thank you."
    await anna.press_data(OptOutCb(action="why", reason="too-many").pack())  # again: not counted

    async with harness.services.sessions() as session:
        member = await session.get(Member, ANNA)
        assert member is not None and not member.broadcasts_opt_in
        reasons = (await session.execute(select(UnsubscribeReason))).scalars().all()
    assert [(r.reason, r.count) for r in reasons] == [("too-many", 1)]

    await sent_to_georgia(harness, "Second picnic")
    assert "Second picnic" not in received(harness, ANNA)
    assert "Second picnic" in received(harness, BORIS)


async def test_the_organiser_sees_why_members_unsubscribed_never_who(harness: Harness) -> None:
    await residents(harness, {"id": ANNA, "country": "GE"}, {"id": BORIS, "country": "GE"})
    await make_organiser(harness, DAVID)
    broadcast_id = await broadcast_by(harness, DAVID, GEORGIA, Content(text="Picnic"))
    await approve(harness, broadcast_id)
    await run_until_idle(harness)
    david = harness.member(DAVID, language_code="en")
    await david.send("/my_broadcasts")
    await david.press(f"#{broadcast_id}")
    assert "Why members unsubscribed" not in david.last.text  # nobody said why yet

    for member_id, reason in ((ANNA, "Too many messages"), (BORIS, "I moved elsewhere")):
        person = harness.member(member_id, language_code="en")
        await person.press("Unsubscribe")
        await person.press(reason)
    [view] = await david.press("Refresh")
    assert "Too many messages: 1, I moved elsewhere: 1" in view.text
    assert str(ANNA) not in view.text and str(BORIS) not in view.text

    async with harness.services.sessions() as session, session.begin():
        member = await session.get(Member, DAVID)
        assert member is not None
        member.locale = "ru"
    [view] = await david.press_on(view, "Refresh")
    assert "Почему отписывались" in view.text
    assert "Слишком много сообщений: 1, Я переехал(а): 1" in view.text


def chat_member_update(person: Person, old: str, new: str) -> dict[str, Any]:
    def member(status: str) -> dict[str, Any]:
        body: dict[str, Any] = {"user": BOT_USER, "status": status}
        if status == "kicked":
            body["until_date"] = 0
        return body

    return {
        "my_chat_member": {
            "chat": person.chat,
            "from": person.user,
            "date": _now(),
            "old_chat_member": member(old),
            "new_chat_member": member(new),
        }
    }


async def status_of(harness: Harness, member_id: int) -> MemberStatus:
    async with harness.services.sessions() as session:
        member = await session.get(Member, member_id)
        assert member is not None
        return MemberStatus(member.status)


async def test_blocking_and_unblocking_the_bot_keeps_reachability_current(
    harness: Harness,
) -> None:
    await residents(harness, {"id": ANNA}, {"id": BORIS, "status": "banned"})
    anna = harness.member(ANNA, language_code="en")
    boris = harness.member(BORIS, language_code="en")

    await harness.feed(chat_member_update(anna, "member", "kicked"))
    assert await status_of(harness, ANNA) == MemberStatus.UNREACHABLE
    await harness.feed(chat_member_update(anna, "kicked", "member"))
    assert await status_of(harness, ANNA) == MemberStatus.ACTIVE

    await harness.feed(chat_member_update(boris, "kicked", "member"))
    assert await status_of(harness, BORIS) == MemberStatus.BANNED  # a ban stays a ban


async def unsubscribed_count(harness: Harness, broadcast_id: int) -> int:
    async with harness.services.sessions() as session:
        found = await session.get(Broadcast, broadcast_id)
        assert found is not None
        return found.unsubscribed_count


async def opted_in(harness: Harness, member_id: int) -> bool:
    async with harness.services.sessions() as session:
        member = await session.get(Member, member_id)
        assert member is not None
        return member.broadcasts_opt_in


async def test_one_tap_unsubscribes_says_so_and_undo_subscribes_again(harness: Harness) -> None:
    await residents(harness, {"id": ANNA, "country": "GE"}, {"id": BORIS, "country": "GE"})
    await make_organiser(harness, DAVID)
    broadcast_id = await broadcast_by(harness, DAVID, GEORGIA, Content(text="Picnic"))
    await approve(harness, broadcast_id)
    await run_until_idle(harness)
    anna = harness.member(ANNA, language_code="en")

    await anna.press("Unsubscribe")
    assert has(anna.last.text, "bc-unsubscribed")
    labels = [label for label, _ in anna.last.buttons()]
    assert labels[0].startswith("↩️ Undo") and "Too many messages" in labels
    assert not await opted_in(harness, ANNA)
    assert await unsubscribed_count(harness, broadcast_id) == 1  # the report's "since"

    await anna.press("Undo")
    assert "on again" in anna.last.text
    assert await opted_in(harness, ANNA)
    assert await unsubscribed_count(harness, broadcast_id) == 0
    await anna.press_data(OptOutCb(action="why", b=broadcast_id, reason="too-many").pack())
    async with harness.services.sessions() as session:
        assert (await session.execute(select(UnsubscribeReason))).scalars().all() == []

    second = await broadcast_by(harness, DAVID, GEORGIA, Content(text="Second picnic"))
    await approve(harness, second)
    await run_until_idle(harness)
    assert "Second picnic" in received(harness, ANNA)  # subscribed again indeed


async def test_forged_unsubscribe_data_counts_nowhere(harness: Harness) -> None:
    await residents(harness, {"id": ANNA, "country": "GE"}, {"id": BORIS, "country": "AM"})
    await make_organiser(harness, DAVID)
    broadcast_id = await broadcast_by(harness, DAVID, GEORGIA, Content(text="Picnic"))
    await approve(harness, broadcast_id)
    await run_until_idle(harness)
    boris = harness.member(BORIS, language_code="en")  # in Armenia: never got it

    await boris.press_data(OptOutCb(action="nonsense", b=broadcast_id).pack())
    assert await opted_in(harness, BORIS)
    await boris.press_data(OptOutCb(action="off", b=broadcast_id).pack())
    assert not await opted_in(harness, BORIS)  # his own choice, whatever the button
    assert await unsubscribed_count(harness, broadcast_id) == 0  # not a recipient of it
    await boris.press_data(OptOutCb(action="why", b=broadcast_id, reason="<script>").pack())
    async with harness.services.sessions() as session:
        assert (await session.execute(select(UnsubscribeReason))).scalars().all() == []


async def test_buttons_of_copies_sent_before_undo_existed_still_work(harness: Harness) -> None:
    await residents(harness, {"id": ANNA, "country": "GE"})
    anna = harness.member(ANNA, language_code="en")
    await anna.press_data(UnsubCb().pack())
    assert not await opted_in(harness, ANNA)
    await anna.press("Not relevant to me")
    async with harness.services.sessions() as session:
        reasons = (await session.execute(select(UnsubscribeReason))).scalars().all()
    assert [(r.reason, r.count) for r in reasons] == [("not-relevant", 1)]
