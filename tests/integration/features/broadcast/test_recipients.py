"""Recipients: "Unsubscribe" under every broadcast turns them off and asks why (a count, tied
to nobody); blocking and unblocking the bot keeps reachability current (``my_chat_member``)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from bot.db.models import Member, MemberStatus, UnsubscribeReason
from bot.features.broadcast.keyboards import UnsubCb
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
    await anna.press_data(UnsubCb(reason="too-many").pack())  # again, forged: not counted

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
    await david.press("Refresh")
    assert "Too many messages: 1, I moved elsewhere: 1" in david.last.text
    assert str(ANNA) not in david.last.text and str(BORIS) not in david.last.text

    async with harness.services.sessions() as session, session.begin():
        member = await session.get(Member, DAVID)
        assert member is not None
        member.locale = "ru"
    await david.press("Refresh")
    assert "Почему отписывались" in david.last.text
    assert "Слишком много сообщений: 1, Я переехал(а): 1" in david.last.text


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
