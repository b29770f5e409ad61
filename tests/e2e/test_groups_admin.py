"""Who may steer the bot in a group, end to end: settings, undo, adding the bot, look-alikes.

A group's admins are whoever Telegram says they are now (``getChatMember``), asked on every
privileged press or command; everyone else is refused, and every refusal is audited.
"""

from __future__ import annotations

import pytest
from sqlalchemy import select

from bot.db.models import (
    AuditEntry,
    AuditOutcome,
    ChatAction,
    GroupChat,
    ReviewItem,
    ReviewKind,
)
from bot.emulator.client import EmulatorError
from bot.features.chats.keyboards import SetCb
from tests.support.e2e import E2E, WAIT
from tests.support.groups import community, wait_for

pytestmark = pytest.mark.e2e


async def denied(e2e: E2E, actor_id: int, action: str) -> int:
    async with e2e.session() as session:
        rows = await session.scalars(
            select(AuditEntry.id).where(
                AuditEntry.actor_id == actor_id,
                AuditEntry.action == action,
                AuditEntry.outcome == AuditOutcome.DENIED,
            )
        )
        return len(list(rows))


async def test_only_a_groups_admins_change_its_settings_and_refusals_are_audited(
    e2e: E2E,
) -> None:
    group = await community(e2e)
    eve = await e2e.user("Eve", language="en")
    await group.let_in(eve)

    listed = await eve.send("/groups")
    assert "don't administer" in listed.text
    # A forged settings button: refused on the server, audited, nothing changed.
    forged = SetCb(act="set", chat=group.chat_id, name="links").pack()
    await e2e.client.press(eve.id, listed.message_id, callback_data=forged, force=True)
    await e2e.client.wait_idle(WAIT)
    assert await denied(e2e, eve.id, "chat.set") == 1
    async with e2e.session() as session:
        chat = await session.get(GroupChat, group.chat_id)
        assert chat is not None and chat.settings.get("links", True) is True

    # The owner switches the link layer off: a newcomer's link then stays.
    await group.owner.send("/groups")
    await group.owner.press(f"Almaty newcomers {group.username.rsplit('_', 1)[1]}")
    switched = await group.owner.press("✅ Links")
    assert "⬜ Links" in switched.buttons
    newcomer = await e2e.user("Timur", language="en")
    await group.let_in(newcomer)
    link = await group.say(newcomer, "My portfolio: https://example.org/timur")
    assert not (await group.message(link))["deleted"]
    async with e2e.session() as session:
        audited = await session.scalar(
            select(AuditEntry).where(
                AuditEntry.action == "chat.settings", AuditEntry.actor_id == group.owner.id
            )
        )
    assert audited is not None and audited.details == {"setting": "links", "value": False}


async def test_an_admin_undoes_an_action_with_one_tap_and_it_counts_as_a_mistake(
    e2e: E2E,
) -> None:
    group = await community(e2e)
    newcomer = await e2e.user("Madina", language="ru")
    bystander = await e2e.user("Bystander", language="en")
    await group.let_in(newcomer)
    await group.let_in(bystander)
    scam_like = await group.say(newcomer, "Сдаю квартиру, нужна предоплата до просмотра")
    assert (await group.message(scam_like))["deleted"]
    assert await group.status(newcomer.id) == "restricted"
    note = await group.last_bot_message("undo")

    # Not an admin: refused and audited, nothing undone.
    await e2e.client.group_press(
        group.chat_id, bystander.id, note["message_id"], text="↩️ Undo (admins)"
    )
    await e2e.client.wait_idle(WAIT)
    assert await group.status(newcomer.id) == "restricted"
    assert await denied(e2e, bystander.id, "chat.reverse") == 1

    await e2e.client.group_press(
        group.chat_id, group.owner.id, note["message_id"], text="↩️ Undo (admins)"
    )

    async def lifted() -> bool:
        return await group.status(newcomer.id) == "member"

    await wait_for(lifted, "the restriction to be lifted")
    await group.last_bot_message("undid")
    async with e2e.session() as session:
        action = await session.scalar(
            select(ChatAction).where(
                ChatAction.chat_id == group.chat_id, ChatAction.message_id == scam_like
            )
        )
    assert action is not None and action.false_positive and action.reversed_by == group.owner.id
    # She is no longer a newcomer there: her links are not filtered any more.
    link = await group.say(newcomer, "Вот объявление: https://example.org/flat")
    assert not (await group.message(link))["deleted"]


async def test_a_newcomer_named_like_an_admin_is_restricted_and_shown_to_the_admins(
    e2e: E2E,
) -> None:
    group = await community(e2e)
    impostor = await e2e.user(group.owner.user["first_name"], language="en")

    await group.join(impostor)

    async def restricted() -> bool:
        return await group.status(impostor.id) == "restricted"

    await wait_for(restricted, "the impostor to be restricted")
    await group.last_bot_message("imitates")


async def test_a_bot_added_by_a_member_who_is_not_an_admin_leaves(e2e: E2E) -> None:
    owner = await e2e.user("Founder", language="en")
    member = await e2e.user("Member", language="en")
    chat = await e2e.client.create_group("Unlisted", [owner.id, member.id], add_bot=False)

    await e2e.client.set_bot_status(chat["id"], "member", by=member.id)
    await e2e.client.wait_idle(WAIT)

    said = [m for m in await e2e.client.group_chat(chat["id"]) if m["from_bot"] and m["text"]]
    assert said and "Only an administrator" in said[-1]["text"]
    assert await denied(e2e, member.id, "chat.add_bot") == 1
    async with e2e.session() as session:
        assert await session.get(GroupChat, chat["id"]) is None


async def test_the_moderators_see_a_group_the_bot_lost_rights_in(e2e: E2E) -> None:
    group = await community(e2e, country="AM", city="Gyumri")

    await e2e.client.set_bot_status(group.chat_id, "member", by=group.owner.id)
    await e2e.client.wait_idle(WAIT)

    async with e2e.session() as session:
        item = await session.scalar(
            select(ReviewItem).where(
                ReviewItem.kind == ReviewKind.GROUP, ReviewItem.target_id == str(group.group_id)
            )
        )
    assert item is not None and item.flags == ["rights-lost"] and item.country == "AM"

    await e2e.client.set_bot_status(group.chat_id, "left", by=group.owner.id)
    await e2e.client.wait_idle(WAIT)
    async with e2e.session() as session:
        chat = await session.get(GroupChat, group.chat_id)
        item = await session.get(ReviewItem, item.id)
    assert chat is not None and chat.bot_status == "left"
    assert item is not None and item.flags == ["bot-left", "rights-lost"]


async def test_a_member_flooding_the_group_is_muted_for_a_while(e2e: E2E) -> None:
    group = await community(e2e)
    chatty = await e2e.user("Chatty", language="en")
    await group.let_in(chatty)

    async def chatter() -> None:
        for n in range(1, 16):
            await e2e.client.group_send(group.chat_id, chatty.id, f"ok {n}")
            await e2e.client.wait_idle(WAIT)

    with pytest.raises(EmulatorError) as refused:
        await chatter()
    assert refused.value.status == 403  # muted: Telegram refuses the next message
    member = await e2e.client.chat_member(group.chat_id, chatty.id)
    assert member["status"] == "restricted" and member["until_date"] > 0  # for a while only
    await group.last_bot_message("too many messages")


async def test_bans_alliances_and_event_posts_refuse_whoever_may_not(e2e: E2E) -> None:
    """Every group privilege not yet played above, by someone who lacks it: refused, told
    why, audited with their id, and nothing changed."""
    group = await community(e2e)
    eve = await e2e.user("Eve", language="en")
    victim = await e2e.user("Victim", language="en")
    await group.let_in(eve)
    await group.let_in(victim)
    said = await group.say(victim, "Hello everyone")

    # /ban by a member who is not an admin.
    await group.say(eve, "/ban scam", reply_to=said)
    await group.last_bot_message("Only this group's administrators")
    assert await denied(e2e, eve.id, "chat.ban") == 1
    assert await group.status(victim.id) == "member"

    # Forged alliance and event buttons from someone who administers nothing.
    await eve.send("/start")
    latest = await eve.last()
    for act in ("ally", "events"):
        forged = SetCb(act=act, chat=group.chat_id).pack()
        await e2e.client.press(eve.id, latest.message_id, callback_data=forged, force=True)
        await e2e.client.wait_idle(WAIT)
        assert await denied(e2e, eve.id, f"chat.{act}") == 1
    async with e2e.session() as session:
        chat = await session.get(GroupChat, group.chat_id)
        assert chat is not None and chat.alliance is None

    # The owner administers the group but organises nothing: a forged post is refused.
    await group.owner.send("/groups")
    mine = await group.owner.last()
    forged = SetCb(act="post", chat=group.chat_id, event=1).pack()
    await e2e.client.press(group.owner.id, mine.message_id, callback_data=forged, force=True)
    await e2e.client.wait_idle(WAIT)
    assert await denied(e2e, group.owner.id, "chat.post_event") == 1
    # ... and the alliance needs a moderator's confirmed link first.
    await group.owner.press(f"Almaty newcomers {group.username.rsplit('_', 1)[1]}")
    assert not (await group.owner.last()).has_button("Join the alliance")
