"""Groups: people join, leave, ask to join and get promoted; the bot is added, promoted and
removed; the bot restricts, bans, approves, deletes and pins with the rights it holds — each
through real HTTP, each update and result checked against the vendored Bot API spec, each
refusal worded as Telegram's."""

from __future__ import annotations

import time
from collections.abc import AsyncIterator
from typing import Any

import pytest
from aiogram import Bot
from aiogram.exceptions import TelegramBadRequest
from aiogram.types import (
    BotCommand,
    BotCommandScopeAllChatAdministrators,
    BotCommandScopeAllGroupChats,
    BotCommandScopeAllPrivateChats,
    BotCommandScopeChat,
    BotCommandScopeChatAdministrators,
    BotCommandScopeChatMember,
    ChatMemberAdministrator,
    ChatMemberBanned,
    ChatMemberLeft,
    ChatMemberMember,
    ChatMemberOwner,
    ChatMemberRestricted,
    ChatPermissions,
)

from bot.emulator import EmulatorClient, EmulatorError, EmulatorServer
from bot.emulator.groups import Member
from tests.integration.emulator.conftest import RawBotApi, shaped
from tests.integration.emulator.echo_bot import make_bot

BOT_ID = 123456
EVERY_KIND = ["message", "callback_query", "chat_member", "my_chat_member", "chat_join_request"]
MUTE = {"can_send_messages": False}


class Feed:
    """The bot's side of getUpdates: each ``take`` returns what arrived since the last one."""

    def __init__(self, botapi: RawBotApi) -> None:
        self.botapi = botapi
        self.offset = 0

    async def allow(self, kinds: list[str]) -> None:
        """``allowed_updates`` (takes effect for updates created from now on)."""
        await self.take(allowed_updates=kinds)

    async def take(self, **params: Any) -> list[tuple[str, dict[str, Any]]]:
        got = await self.botapi.ok("getUpdates", offset=self.offset, **params)
        if got:
            self.offset = got[-1]["update_id"] + 1
        out = []
        for update in got:
            shaped(update, "Update")
            kind = next(k for k in update if k != "update_id")
            out.append((kind, update[kind]))
        return out


@pytest.fixture
def feed(botapi: RawBotApi) -> Feed:
    return Feed(botapi)


@pytest.fixture
async def people(tg: EmulatorClient) -> dict[str, dict[str, Any]]:
    names = ("Anna", "Boris", "Eve", "Dan")
    return {
        name.lower(): await tg.create_user(name, user_id=2001 + i, language_code="ru")
        for i, name in enumerate(names)
    }


@pytest.fixture
async def aio(emulator: EmulatorServer) -> AsyncIterator[Bot]:
    bot = make_bot(emulator.url)
    try:
        yield bot
    finally:
        await bot.session.close()


async def test_a_group_is_created_and_the_bot_is_told(
    botapi: RawBotApi, tg: EmulatorClient, feed: Feed, people: dict[str, Any]
) -> None:
    anna, boris, eve = people["anna"], people["boris"], people["eve"]
    group = await tg.create_group(
        "IT in Yerevan", [anna["id"], boris["id"]], bot_is_admin=True, username="it_yerevan"
    )
    assert group == {
        "id": group["id"],
        "type": "supergroup",
        "title": "IT in Yerevan",
        "username": "it_yerevan",
    }
    assert str(group["id"]).startswith("-100")
    [(kind, added), (message_kind, message)] = await feed.take()
    assert (kind, message_kind) == ("my_chat_member", "message")
    assert added["from"]["id"] == anna["id"]  # the creator added the bot
    assert added["old_chat_member"]["status"] == "left"
    assert added["new_chat_member"]["status"] == "administrator"
    assert added["new_chat_member"]["can_restrict_members"] is True
    assert message["new_chat_members"][0]["id"] == BOT_ID

    chat = shaped(await botapi.ok("getChat", chat_id="@it_yerevan"), "ChatFullInfo")
    assert chat["permissions"]["can_send_messages"] is True
    members = {
        who: shaped(
            await botapi.ok("getChatMember", chat_id=group["id"], user_id=uid), "ChatMember"
        )
        for who, uid in (("anna", anna["id"]), ("boris", boris["id"]), ("eve", eve["id"]))
    }
    assert members["anna"] == {"status": "creator", "user": anna, "is_anonymous": False}
    assert members["boris"] == {"status": "member", "user": boris}
    assert members["eve"] == {"status": "left", "user": eve}
    admins = await botapi.ok("getChatAdministrators", chat_id=group["id"])
    assert [(a["status"], a["user"]["id"]) for a in admins] == [
        ("creator", anna["id"]),
        ("administrator", BOT_ID),
    ]
    assert await botapi.ok("getChatMemberCount", chat_id=group["id"]) == 3
    assert await tg.chat_member(group["id"], boris["id"]) == members["boris"]
    assert (await tg.chat_member(group["id"], BOT_ID))["status"] == "administrator"


async def test_a_basic_group(botapi: RawBotApi, tg: EmulatorClient, people: dict[str, Any]) -> None:
    anna = people["anna"]
    group = await tg.create_group("Old friends", [anna["id"]], kind="group", bot_is_admin=True)
    assert group["type"] == "group"
    assert -1000000000000 < group["id"] < 0
    with pytest.raises(EmulatorError) as refused:
        await tg.create_group("Public", [anna["id"]], kind="group", username="public_old")
    assert refused.value.status == 400
    status, body = await botapi(
        "restrictChatMember", chat_id=group["id"], user_id=anna["id"], permissions=MUTE
    )
    assert (status, body["description"]) == (
        400,
        "Bad Request: method is available only for supergroups",
    )
    status, body = await botapi("unbanChatMember", chat_id=group["id"], user_id=anna["id"])
    assert (
        body["description"]
        == "Bad Request: method is available for supergroup and channel chats only"
    )


async def test_people_add_promote_and_remove_the_bot(
    botapi: RawBotApi, tg: EmulatorClient, feed: Feed, people: dict[str, Any]
) -> None:
    anna, boris = people["anna"], people["boris"]
    group = await tg.create_group("Designers", [anna["id"], boris["id"]], add_bot=False)
    gid = group["id"]
    # Not in the group: the bot sees nothing of it, and cannot write there.
    sent = await tg.group_send(gid, anna["id"], "the bot cannot read this")
    assert sent["update_id"] is None
    assert await feed.take() == []
    status, body = await botapi("sendMessage", chat_id=gid, text="hello?")
    assert (status, body["description"]) == (
        403,
        "Forbidden: bot is not a member of the supergroup chat",
    )

    # Boris, a plain member, may add it (members may invite) but not promote it.
    await tg.set_bot_status(gid, "member", by=boris["id"])
    [(kind, change), (_, message)] = await feed.take()
    assert kind == "my_chat_member"
    assert (change["from"]["id"], change["new_chat_member"]) == (
        boris["id"],
        {"status": "member", "user": change["new_chat_member"]["user"]},
    )
    assert message["new_chat_members"][0]["id"] == BOT_ID
    with pytest.raises(EmulatorError) as refused:
        await tg.set_bot_status(gid, "administrator", by=boris["id"])
    assert refused.value.status == 403

    # Anna (the creator) promotes it with a single right.
    await tg.set_bot_status(gid, "administrator", by=anna["id"], rights={"can_pin_messages": True})
    [(kind, change)] = await feed.take()
    assert change["old_chat_member"]["status"] == "member"
    promoted = change["new_chat_member"]
    assert (promoted["status"], promoted["can_pin_messages"], promoted["can_restrict_members"]) == (
        "administrator",
        True,
        False,
    )
    status, body = await botapi(
        "restrictChatMember", chat_id=gid, user_id=boris["id"], permissions=MUTE
    )
    assert (status, body["description"]) == (
        400,
        "Bad Request: not enough rights to restrict/unrestrict chat member",
    )

    # Boris may not remove it; Anna may.
    with pytest.raises(EmulatorError):
        await tg.set_bot_status(gid, "left", by=boris["id"])
    await tg.set_bot_status(gid, "left", by=anna["id"])
    [(kind, change)] = await feed.take()
    assert (kind, change["new_chat_member"]["status"]) == ("my_chat_member", "left")
    status, body = await botapi("sendMessage", chat_id=gid, text="still here?")
    assert status == 403
    transcript = await tg.group_chat(gid)
    assert [m.get("service") for m in transcript] == [
        None,
        "new_chat_members",
        "left_chat_member",
    ]


async def test_joins_leaves_requests_and_admins(
    botapi: RawBotApi, tg: EmulatorClient, feed: Feed, people: dict[str, Any]
) -> None:
    anna, boris, eve, dan = (people[n] for n in ("anna", "boris", "eve", "dan"))
    await feed.allow(EVERY_KIND)
    group = await tg.create_group("Tbilisi", [anna["id"], boris["id"]], bot_is_admin=True)
    gid = group["id"]
    await feed.take()

    await tg.make_admin(gid, boris["id"])
    [(kind, change)] = await feed.take()
    assert kind == "chat_member"
    assert change["from"]["id"] == anna["id"]
    assert change["new_chat_member"]["status"] == "administrator"
    admins = await botapi.ok("getChatAdministrators", chat_id=gid)
    assert {a["user"]["id"] for a in admins} == {anna["id"], boris["id"], BOT_ID}

    joined = await tg.join_group(gid, eve["id"])
    [(k1, message), (k2, change)] = await feed.take()
    assert (k1, k2) == ("message", "chat_member")
    assert message["new_chat_members"] == [eve] and message["from"] == eve
    assert message["message_id"] == joined["message_id"]
    assert (change["old_chat_member"]["status"], change["new_chat_member"]["status"]) == (
        "left",
        "member",
    )
    assert joined["chat_member_update_id"] is not None

    requested = await tg.join_group(gid, dan["id"], request=True)
    [(kind, request)] = await feed.take()
    assert kind == "chat_join_request"
    assert (request["from"], request["user_chat_id"]) == (dan, dan["id"])
    assert requested["update_id"] is not None
    assert await botapi.ok("approveChatJoinRequest", chat_id=gid, user_id=dan["id"]) is True
    [(k1, message), (k2, change)] = await feed.take()
    assert message["new_chat_members"] == [dan]
    assert change["from"]["id"] == BOT_ID
    assert change["via_join_request"] is True
    for user_id, description in (
        (dan["id"], "Bad Request: USER_ALREADY_PARTICIPANT"),
        (people["eve"]["id"] + 100, "Bad Request: HIDE_REQUESTER_MISSING"),
    ):
        status, body = await botapi("approveChatJoinRequest", chat_id=gid, user_id=user_id)
        assert (status, body["description"]) == (400, description)

    await tg.leave_group(gid, eve["id"])
    [(k1, message), (k2, change)] = await feed.take()
    assert message["left_chat_member"] == eve
    assert change["new_chat_member"]["status"] == "left"
    await tg.join_group(gid, eve["id"], request=True)
    await feed.take()
    assert await botapi.ok("declineChatJoinRequest", chat_id=gid, user_id=eve["id"]) is True
    assert await feed.take() == []
    assert (await tg.chat_member(gid, eve["id"]))["status"] == "left"
    with pytest.raises(EmulatorError):
        await tg.leave_group(gid, eve["id"])  # not in the group
    with pytest.raises(EmulatorError):
        await tg.join_group(gid, dan["id"])  # already in it
    assert await botapi.ok("getChatMemberCount", chat_id=gid) == 4  # Anna, Boris, Dan, the bot


async def test_chat_member_updates_only_when_asked_for(
    botapi: RawBotApi, tg: EmulatorClient, feed: Feed, people: dict[str, Any]
) -> None:
    anna, eve = people["anna"], people["eve"]
    group = await tg.create_group("Default updates", [anna["id"]], bot_is_admin=True)
    joined = await tg.join_group(group["id"], eve["id"])
    # Telegram's default allowed_updates leave chat_member out; the message still comes.
    assert joined["chat_member_update_id"] is None
    kinds = [kind for kind, _ in await feed.take()]
    assert kinds == ["my_chat_member", "message", "message"]
    # A bot that wants none of the membership kinds gets none of them.
    await feed.allow(["message"])
    await tg.leave_group(group["id"], eve["id"])
    await tg.join_group(group["id"], people["dan"]["id"], request=True)
    await tg.set_bot_status(group["id"], "member", by=anna["id"])
    assert [kind for kind, _ in await feed.take()] == ["message"]


async def test_restrictions(
    aio: Bot, botapi: RawBotApi, tg: EmulatorClient, feed: Feed, people: dict[str, Any]
) -> None:
    anna, boris, eve = people["anna"], people["boris"], people["eve"]
    await feed.allow(EVERY_KIND)
    group = await tg.create_group(
        "Moderated", [anna["id"], boris["id"], eve["id"]], bot_is_admin=True
    )
    gid = group["id"]
    await feed.take()
    poll = await aio.send_message(gid, "Captcha: press the button")
    await botapi.ok(
        "editMessageReplyMarkup",
        chat_id=gid,
        message_id=poll.message_id,
        reply_markup={"inline_keyboard": [[{"text": "I am human", "callback_data": "human"}]]},
    )

    until = int(time.time()) + 3600
    assert await aio.restrict_chat_member(
        gid, eve["id"], ChatPermissions(can_send_messages=False), until_date=until
    )
    member = await aio.get_chat_member(gid, eve["id"])
    assert isinstance(member, ChatMemberRestricted)
    assert (member.is_member, member.can_send_messages, member.can_send_photos) == (
        True,
        False,
        False,
    )
    assert int(member.until_date.timestamp()) == until
    seen = await tg.chat_member(gid, eve["id"])
    shaped(seen, "ChatMember")
    assert (seen["status"], seen["until_date"], seen["can_send_messages"]) == (
        "restricted",
        until,
        False,
    )
    [(kind, change)] = await feed.take()
    assert (kind, change["from"]["id"], change["new_chat_member"]["status"]) == (
        "chat_member",
        BOT_ID,
        "restricted",
    )

    # A muted member cannot write, but may still press the captcha button.
    with pytest.raises(EmulatorError) as refused:
        await tg.group_send(gid, eve["id"], "let me speak")
    assert refused.value.status == 403
    assert "restricted" in refused.value.body["error"]
    pressed = await tg.group_press(gid, eve["id"], poll.message_id, text="I am human")
    [(kind, query)] = await feed.take()
    assert (kind, query["from"]["id"], query["data"]) == ("callback_query", eve["id"], "human")
    assert query["message"]["chat"]["id"] == gid
    assert pressed["callback_query_id"] == query["id"]

    # The restriction outlives leaving and coming back.
    await tg.leave_group(gid, eve["id"])
    assert (await tg.chat_member(gid, eve["id"]))["is_member"] is False
    await tg.join_group(gid, eve["id"])
    assert (await tg.chat_member(gid, eve["id"]))["status"] == "restricted"

    # Broad permissions imply the narrow ones unless they are independent; every permission the
    # group allows lifts the restriction.
    assert await aio.restrict_chat_member(
        gid, eve["id"], ChatPermissions(can_send_other_messages=True)
    )
    implied = await tg.chat_member(gid, eve["id"])
    assert (implied["can_send_messages"], implied["can_send_documents"], implied["until_date"]) == (
        True,
        True,
        0,  # no until_date: forever
    )
    await aio.restrict_chat_member(
        gid,
        eve["id"],
        ChatPermissions(can_send_other_messages=True),
        use_independent_chat_permissions=True,
    )
    assert (await tg.chat_member(gid, eve["id"]))["can_send_messages"] is False
    everything = ChatPermissions(**dict.fromkeys(ChatPermissions.model_fields, True))
    assert await aio.restrict_chat_member(gid, eve["id"], everything)
    assert isinstance(await aio.get_chat_member(gid, eve["id"]), ChatMemberMember)
    await tg.group_send(gid, eve["id"], "free again")

    # Telegram's refusals.
    for user_id, words in (
        (anna["id"], "can't remove chat owner"),
        (BOT_ID, "can't restrict self"),
        (999_999, "user not found"),
    ):
        with pytest.raises(TelegramBadRequest, match=words):
            await aio.restrict_chat_member(gid, user_id, ChatPermissions(can_send_messages=False))
    await tg.make_admin(gid, boris["id"])
    with pytest.raises(TelegramBadRequest, match="user is an administrator of the chat"):
        await aio.restrict_chat_member(gid, boris["id"], ChatPermissions(can_send_messages=False))
    status, body = await botapi("restrictChatMember", chat_id=gid, user_id=eve["id"])
    assert (status, body["description"]) == (
        400,
        'Bad Request: parameter "permissions" is required',
    )
    status, body = await botapi(
        "restrictChatMember",
        chat_id=gid,
        user_id=eve["id"],
        permissions={"can_send_messages": "never"},
    )
    assert body["description"] == (
        'Bad Request: can\'t parse permissions: field "can_send_messages" must be of type Boolean'
    )
    status, body = await botapi(
        "restrictChatMember", chat_id=eve["id"], user_id=eve["id"], permissions=MUTE
    )
    assert body["description"] == "Bad Request: method is available only for supergroups"


def test_restrictions_and_bans_lapse_by_themselves() -> None:
    now = 1_900_000_000.0
    muted = Member("restricted", permissions={"can_send_messages": False}, is_member=True)
    muted.until_date = int(now) + 60
    assert not muted.settle(now + 59) and muted.status == "restricted"
    assert muted.settle(now + 60) and muted.status == "member"
    gone = Member("restricted", is_member=False, until_date=int(now) + 60)
    assert gone.settle(now + 61) and gone.status == "left"
    banned = Member("kicked", until_date=int(now) + 60)
    assert banned.settle(now + 60) and banned.status == "left"
    forever = Member("kicked", until_date=0)
    assert not forever.settle(now + 10**8) and forever.status == "kicked"


async def test_bans_kicks_and_unbans(
    aio: Bot, botapi: RawBotApi, tg: EmulatorClient, feed: Feed, people: dict[str, Any]
) -> None:
    anna, boris, eve, dan = (people[n] for n in ("anna", "boris", "eve", "dan"))
    await feed.allow(EVERY_KIND)
    group = await tg.create_group(
        "Tenants", [anna["id"], boris["id"], eve["id"], dan["id"]], bot_is_admin=True
    )
    gid = group["id"]
    await feed.take()

    assert await aio.ban_chat_member(gid, eve["id"])
    banned = await aio.get_chat_member(gid, eve["id"])
    assert isinstance(banned, ChatMemberBanned)
    # Only the chat_member update: the "removed" service message is the bot's own.
    [(kind, change)] = await feed.take()
    assert (kind, change["old_chat_member"]["status"], change["new_chat_member"]) == (
        "chat_member",
        "member",
        {"status": "kicked", "user": eve, "until_date": 0},
    )
    last = (await tg.group_chat(gid))[-1]
    assert (last["service"], last["from_bot"]) == ("left_chat_member", True)
    with pytest.raises(EmulatorError) as refused:
        await tg.join_group(gid, eve["id"])
    assert refused.value.status == 403
    assert await aio.unban_chat_member(gid, eve["id"])
    assert isinstance(await aio.get_chat_member(gid, eve["id"]), ChatMemberLeft)
    await tg.join_group(gid, eve["id"])

    # A kick: ban, then unban; and unban alone removes a member unless only_if_banned.
    assert await aio.ban_chat_member(gid, dan["id"], until_date=int(time.time()) + 600)
    assert (await tg.chat_member(gid, dan["id"]))["until_date"] > 0
    assert await aio.unban_chat_member(gid, dan["id"], only_if_banned=True)
    assert (await tg.chat_member(gid, dan["id"]))["status"] == "left"
    assert await aio.unban_chat_member(gid, eve["id"], only_if_banned=True)
    assert (await tg.chat_member(gid, eve["id"]))["status"] == "member"
    assert await aio.unban_chat_member(gid, eve["id"])
    assert (await tg.chat_member(gid, eve["id"]))["status"] == "left"
    await feed.take()

    with pytest.raises(TelegramBadRequest, match="can't remove chat owner"):
        await aio.ban_chat_member(gid, anna["id"])
    await tg.make_admin(gid, boris["id"])
    with pytest.raises(TelegramBadRequest, match="user is an administrator of the chat"):
        await aio.ban_chat_member(gid, boris["id"])
    with pytest.raises(TelegramBadRequest, match="can't ban members in private chats"):
        await aio.ban_chat_member(anna["id"], anna["id"])
    assert isinstance(await aio.get_chat_member(gid, anna["id"]), ChatMemberOwner)
    assert isinstance(await aio.get_chat_member(gid, boris["id"]), ChatMemberAdministrator)

    basic = await tg.create_group("Basic", [anna["id"], dan["id"]], kind="group", bot_is_admin=True)
    assert await aio.ban_chat_member(basic["id"], dan["id"])
    assert (await tg.chat_member(basic["id"], dan["id"]))["status"] == "left"  # removed, no list


async def test_deleting_and_pinning_need_their_rights(
    aio: Bot, botapi: RawBotApi, tg: EmulatorClient, people: dict[str, Any]
) -> None:
    anna, boris = people["anna"], people["boris"]
    group = await tg.create_group("Rights", [anna["id"], boris["id"]])  # the bot: a member
    gid = group["id"]
    theirs = await tg.group_send(gid, boris["id"], "spam spam spam")
    own = await aio.send_message(gid, "rules: be kind")
    with pytest.raises(TelegramBadRequest, match="message can't be deleted"):
        await aio.delete_message(gid, theirs["message_id"])
    with pytest.raises(TelegramBadRequest, match="not enough rights to manage pinned messages"):
        await aio.pin_chat_message(gid, own.message_id)
    assert await aio.delete_message(gid, own.message_id)  # its own message, any time

    await tg.set_bot_status(gid, "administrator", by=anna["id"], rights={"can_pin_messages": True})
    with pytest.raises(TelegramBadRequest, match="message can't be deleted"):
        await aio.delete_message(gid, theirs["message_id"])
    rules = await aio.send_message(gid, "rules, again")
    assert await aio.pin_chat_message(gid, rules.message_id)
    chat = await aio.get_chat(gid)
    assert chat.pinned_message is not None and chat.pinned_message.message_id == rules.message_id
    pinned = (await tg.group_chat(gid))[-1]
    assert (pinned["service"], pinned["from_bot"]) == ("pinned_message", True)
    with pytest.raises(TelegramBadRequest, match="message can't be edited"):
        await aio.edit_message_text("edited", chat_id=gid, message_id=pinned["message_id"])
    assert await aio.unpin_chat_message(gid)
    assert (await aio.get_chat(gid)).pinned_message is None

    await tg.set_bot_status(
        gid, "administrator", by=anna["id"], rights={"can_delete_messages": True}
    )
    assert await aio.delete_message(gid, theirs["message_id"])
    [deleted] = [m for m in await tg.group_chat(gid) if m["message_id"] == theirs["message_id"]]
    assert deleted["deleted"] is True
    with pytest.raises(TelegramBadRequest, match="not enough rights to manage pinned messages"):
        await aio.pin_chat_message(gid, rules.message_id)

    # In a basic group any administrator may delete anyone's message.
    basic = await tg.create_group(
        "Basic", [anna["id"], boris["id"]], kind="group", bot_is_admin=True, bot_rights={}
    )
    theirs = await tg.group_send(basic["id"], boris["id"], "old news")
    assert await aio.delete_message(basic["id"], theirs["message_id"])


async def test_buttons_in_a_group(
    botapi: RawBotApi, tg: EmulatorClient, feed: Feed, people: dict[str, Any]
) -> None:
    anna, boris, eve = people["anna"], people["boris"], people["eve"]
    group = await tg.create_group("Meetups", [anna["id"], boris["id"]], bot_is_admin=True)
    gid = group["id"]
    await feed.take()
    poll = await botapi.ok(
        "sendMessage",
        chat_id=gid,
        text="Friday meetup?",
        reply_markup={"inline_keyboard": [[{"text": "Going", "callback_data": "rsvp:1"}]]},
    )
    pressed = await tg.group_press(gid, boris["id"], poll["message_id"], text="Going")
    [(kind, query)] = await feed.take()
    assert (kind, query["id"], query["from"]["id"]) == (
        "callback_query",
        pressed["callback_query_id"],
        boris["id"],
    )
    await botapi.ok("answerCallbackQuery", callback_query_id=query["id"], text="See you!")
    with pytest.raises(EmulatorError):
        await tg.group_press(gid, eve["id"], poll["message_id"], text="Going")  # not a member
    with pytest.raises(EmulatorError):
        await tg.group_press(gid, boris["id"], poll["message_id"], text="Not going")
    forged = await tg.group_press(
        gid, boris["id"], poll["message_id"], callback_data="admin:ban", force=True
    )
    [(_, query)] = await feed.take()
    assert (query["id"], query["data"]) == (forged["callback_query_id"], "admin:ban")

    await botapi.ok(
        "sendMessage",
        chat_id=gid,
        text="Pick a city",
        reply_markup={"keyboard": [[{"text": "Yerevan"}, {"text": "Tbilisi"}]]},
    )
    sent = await tg.group_press(gid, anna["id"], poll["message_id"], text="Tbilisi")
    [(kind, message)] = await feed.take()
    assert (kind, message["text"], message["from"]["id"]) == ("message", "Tbilisi", anna["id"])
    assert message["message_id"] == sent["message_id"]


async def test_group_messages_and_edits_share_the_per_group_limit(
    botapi: RawBotApi, tg: EmulatorClient, people: dict[str, Any]
) -> None:
    group = await tg.create_group("Busy", [people["anna"]["id"]], bot_is_admin=True)
    gid = group["id"]
    await tg.config(rate_limits=True, group_rate_per_min=3)
    first = await botapi.ok("sendMessage", chat_id=gid, text="one")
    await botapi.ok("editMessageText", chat_id=gid, message_id=first["message_id"], text="uno")
    await botapi.ok("sendMessage", chat_id=gid, text="two")
    for method, params in (
        ("sendMessage", {"text": "three"}),
        ("editMessageText", {"message_id": first["message_id"], "text": "ein"}),
    ):
        status, body = await botapi(method, chat_id=gid, **params)
        assert status == 429, body
        assert body["parameters"]["retry_after"] > 50
    # A private chat is not held up by the group's limit.
    await botapi.ok("sendMessage", chat_id=people["anna"]["id"], text="hi")


async def test_commands_per_scope(
    aio: Bot, botapi: RawBotApi, tg: EmulatorClient, http: Any, people: dict[str, Any]
) -> None:
    anna, boris, eve = people["anna"], people["boris"], people["eve"]
    group = await tg.create_group(
        "Scopes", [anna["id"], boris["id"], eve["id"]], bot_is_admin=True, username="scopes"
    )
    gid = group["id"]

    def cmds(*names: str) -> list[BotCommand]:
        return [BotCommand(command=n, description=n.title()) for n in names]

    scopes = [
        (None, None, cmds("start")),
        (BotCommandScopeAllPrivateChats(), None, cmds("profile")),
        (BotCommandScopeAllGroupChats(), None, cmds("rules")),
        (BotCommandScopeAllGroupChats(), "ru", cmds("pravila")),
        (BotCommandScopeAllChatAdministrators(), None, cmds("ban")),
        (BotCommandScopeChat(chat_id=gid), None, cmds("meetup")),
        (BotCommandScopeChatAdministrators(chat_id=gid), None, cmds("warn")),
        (BotCommandScopeChatMember(chat_id=gid, user_id=eve["id"]), None, cmds("help")),
    ]
    for scope, lang, commands in scopes:
        assert await aio.set_my_commands(commands, scope=scope, language_code=lang)
    for scope, lang, commands in scopes:
        got = await aio.get_my_commands(scope=scope, language_code=lang)
        assert [c.command for c in got] == [c.command for c in commands], scope
    # By @username the group is the same scope.
    at = await botapi.ok("getMyCommands", scope={"type": "chat", "chat_id": "@scopes"})
    assert at == [{"command": "meetup", "description": "Meetup"}]

    async def menu(user_id: int, chat_id: int | None = None) -> list[str]:
        if chat_id is None:
            async with http.get(f"{tg.base_url}/_emulator/users/{user_id}") as resp:
                return [c["command"] for c in (await resp.json())["commands"]]
        async with http.get(f"{tg.base_url}/_emulator/groups/{chat_id}?user={user_id}") as resp:
            return [c["command"] for c in (await resp.json())["commands"]]

    # What each person's client shows, by Telegram's order of scopes.
    assert await menu(eve["id"], gid) == ["help"]  # chat_member first
    assert await menu(anna["id"], gid) == ["warn"]  # the creator: chat_administrators
    assert await menu(boris["id"], gid) == ["meetup"]  # a member: chat
    other = await tg.create_group("Other", [anna["id"], boris["id"]], bot_is_admin=True)
    assert await menu(anna["id"], other["id"]) == ["ban"]  # all_chat_administrators
    assert await menu(boris["id"], other["id"]) == ["pravila"]  # all_group_chats in Russian
    assert await menu(anna["id"]) == ["profile"]  # private: all_private_chats
    assert await aio.delete_my_commands(scope=BotCommandScopeChatAdministrators(chat_id=gid))
    assert await menu(anna["id"], gid) == ["meetup"]
    status, body = await botapi(
        "setMyCommands", commands=[{"command": "x", "description": "x"}], scope={"type": "chat"}
    )
    assert (status, body["description"]) == (
        400,
        'Bad Request: can\'t parse scope: field "chat_id" is required in BotCommandScopeChat',
    )
