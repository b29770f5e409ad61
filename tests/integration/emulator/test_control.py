"""The control API: users, presses, inline queries, transcripts, groups, idle, reset."""

from __future__ import annotations

import asyncio
import time
from typing import Any

import aiohttp
import pytest

from bot.emulator import EmulatorClient, EmulatorConfig, EmulatorError, EmulatorServer
from tests.integration.emulator.conftest import RawBotApi

KEYBOARD = {
    "inline_keyboard": [
        [{"text": "🇬🇪 Georgia", "callback_data": "country:ge"}],
        [{"text": "Armenia", "callback_data": "country:am"}],
        [{"text": "Site", "url": "https://example.org/"}],
    ]
}


async def test_create_user_returns_a_telegram_user(tg: EmulatorClient) -> None:
    auto = await tg.create_user("Bahrom")
    assert auto == {"id": 1001, "is_bot": False, "first_name": "Bahrom"}
    chosen = await tg.create_user("Mira", user_id=77, username="mira", language_code="en")
    assert chosen == {
        "id": 77,
        "is_bot": False,
        "first_name": "Mira",
        "username": "mira",
        "language_code": "en",
    }
    # Creating an existing id updates it (scripts can run twice against one emulator).
    assert (await tg.create_user("Mira B", user_id=77))["first_name"] == "Mira B"
    with pytest.raises(EmulatorError) as refused:
        await tg.create_user("")
    assert refused.value.status == 400


async def test_a_persona_note_is_the_emulators_label_not_the_bots(
    botapi: RawBotApi, tg: EmulatorClient, http: aiohttp.ClientSession
) -> None:
    nino = await tg.create_user("Nino", user_id=2001, language_code="ru", note="moderator · GE")
    assert "note" not in nino  # the Telegram User has no such field
    async with http.get(f"{tg.base_url}/_emulator/users") as resp:
        listed = (await resp.json())["users"]
    assert [(u["id"], u["note"]) for u in listed] == [(2001, "moderator · GE")]
    await tg.send_text(2001, "hello")
    updates = await botapi.ok("getUpdates")
    assert updates[0]["message"]["from"] == nino
    with pytest.raises(EmulatorError) as refused:
        await tg.create_user("Long", note="x" * 121)
    assert refused.value.status == 400


async def test_press_by_text_and_by_callback_data(
    botapi: RawBotApi, tg: EmulatorClient, user: dict[str, Any]
) -> None:
    sent = await botapi.ok("sendMessage", chat_id=user["id"], text="Where?", reply_markup=KEYBOARD)
    by_text = await tg.press(user["id"], sent["message_id"], text="🇬🇪 Georgia")
    by_data = await tg.press(user["id"], sent["message_id"], callback_data="country:am")
    # A unique case-insensitive part of the label is enough when the exact text is not found.
    by_part = await tg.press(user["id"], sent["message_id"], text="georgia")
    updates = await botapi.ok("getUpdates")
    queries = [u["callback_query"] for u in updates]
    assert [u["update_id"] for u in updates] == [
        by_text["update_id"],
        by_data["update_id"],
        by_part["update_id"],
    ]
    assert [q["data"] for q in queries] == ["country:ge", "country:am", "country:ge"]
    first = queries[0]
    assert first["id"] == by_text["callback_query_id"]
    assert first["from"]["id"] == user["id"]
    assert first["message"]["message_id"] == sent["message_id"]
    assert first["message"]["reply_markup"] == KEYBOARD
    assert first["chat_instance"] == queries[1]["chat_instance"]
    url = await tg.press(user["id"], sent["message_id"], text="Site")
    assert url == {"callback_query_id": None, "update_id": None, "url": "https://example.org/"}


async def test_press_refuses_buttons_that_are_not_there(
    botapi: RawBotApi, tg: EmulatorClient, user: dict[str, Any]
) -> None:
    sent = await botapi.ok("sendMessage", chat_id=user["id"], text="Where?", reply_markup=KEYBOARD)
    for kwargs in ({"text": "Serbia"}, {"callback_data": "admin:grant"}):
        with pytest.raises(EmulatorError) as refused:
            await tg.press(user["id"], sent["message_id"], **kwargs)
        assert refused.value.status == 400
    with pytest.raises(EmulatorError):
        await tg.press(user["id"], 999, text="Armenia")
    # A forged callback goes through with force, as a malicious client could send it.
    forged = await tg.press(user["id"], sent["message_id"], callback_data="admin:grant", force=True)
    updates = await botapi.ok("getUpdates")
    assert updates[-1]["update_id"] == forged["update_id"]
    assert updates[-1]["callback_query"]["data"] == "admin:grant"
    # After the keyboard is edited away, its buttons are gone.
    await botapi.ok("editMessageReplyMarkup", chat_id=user["id"], message_id=sent["message_id"])
    with pytest.raises(EmulatorError):
        await tg.press(user["id"], sent["message_id"], text="Armenia")


async def test_reply_keyboard_press_sends_text(
    botapi: RawBotApi, tg: EmulatorClient, user: dict[str, Any]
) -> None:
    keyboard = {
        "keyboard": [
            [{"text": "Jobs"}, {"text": "Events"}],
            [{"text": "Share", "request_contact": True}],
        ],
        "resize_keyboard": True,
        "one_time_keyboard": True,
    }
    sent = await botapi.ok("sendMessage", chat_id=user["id"], text="Menu", reply_markup=keyboard)
    assert "reply_markup" not in sent  # Telegram echoes only inline keyboards in a Message
    pressed = await tg.press(user["id"], sent["message_id"], text="Events")
    assert set(pressed) == {"message_id", "update_id"}
    messages = await tg.chat(user["id"])
    assert messages[0]["reply_markup"] == keyboard  # the transcript shows every keyboard
    assert messages[-1] == {
        "message_id": pressed["message_id"],
        "from_bot": False,
        "date": messages[-1]["date"],
        "text": "Events",
        "html": "Events",
        "entities": [],
        "reply_markup": None,
        "edited": False,
        "deleted": False,
    }
    updates = await botapi.ok("getUpdates")
    assert updates[-1]["message"]["text"] == "Events"


async def test_inline_round_trip(
    botapi: RawBotApi, tg: EmulatorClient, user: dict[str, Any]
) -> None:
    async def bot() -> None:
        while True:
            updates = await botapi.ok("getUpdates", timeout=5)
            for update in updates:
                query = update["inline_query"]
                await botapi.ok(
                    "answerInlineQuery",
                    inline_query_id=query["id"],
                    results=[
                        {
                            "type": "article",
                            "id": "bank",
                            "title": f"Bank account ({query['query']})",
                            "input_message_content": {"message_text": "See /faq bank"},
                        }
                    ],
                )
                await botapi.ok("getUpdates", offset=update["update_id"] + 1)
                return

    task = asyncio.create_task(bot())
    results = await tg.inline(user["id"], "bank")
    await task
    assert results == [
        {
            "type": "article",
            "id": "bank",
            "title": "Bank account (bank)",
            "input_message_content": {"message_text": "See /faq bank"},
        }
    ]


@pytest.mark.parametrize("emulator_config", [EmulatorConfig(port=0, inline_answer_timeout=0.3)])
async def test_inline_without_an_answer_is_504(
    botapi: RawBotApi, tg: EmulatorClient, user: dict[str, Any]
) -> None:
    with pytest.raises(EmulatorError) as refused:
        await tg.inline(user["id"], "anything")
    assert refused.value.status == 504
    updates = await botapi.ok("getUpdates")
    status, body = await botapi(
        "answerInlineQuery", inline_query_id=updates[0]["inline_query"]["id"], results=[]
    )
    assert (status, body["description"]) == (
        400,
        "Bad Request: query is too old and response timeout expired or query ID is invalid",
    )


async def test_transcript_after_and_wait(
    botapi: RawBotApi, tg: EmulatorClient, user: dict[str, Any]
) -> None:
    sent = await tg.send_text(user["id"], "hello")
    assert await tg.chat(user["id"], after=sent["message_id"]) == []
    started = time.monotonic()
    assert await tg.chat(user["id"], after=sent["message_id"], wait=0.3) == []
    assert time.monotonic() - started >= 0.25

    async def reply_later() -> None:
        await asyncio.sleep(0.2)
        await botapi.ok(
            "sendMessage",
            chat_id=user["id"],
            text='<b>Hi</b> <a href="https://example.org/?a=1&amp;b=2">there</a> & &lt;you&gt;',
            parse_mode="HTML",
        )

    task = asyncio.create_task(reply_later())
    started = time.monotonic()
    messages = await tg.chat(user["id"], after=sent["message_id"], wait=5)
    await task
    assert time.monotonic() - started < 2
    [reply] = messages
    assert reply["from_bot"] is True
    assert reply["text"] == "Hi there & <you>"
    assert reply["html"] == (
        '<b>Hi</b> <a href="https://example.org/?a=1&amp;b=2">there</a> &amp; &lt;you&gt;'
    )
    assert reply["entities"] == [
        {"type": "bold", "offset": 0, "length": 2},
        {"type": "text_link", "url": "https://example.org/?a=1&b=2", "offset": 3, "length": 5},
    ]
    assert (await tg.last_bot_message(user["id"])) == reply


async def test_transcript_marks_edits_and_deletions(
    botapi: RawBotApi, tg: EmulatorClient, user: dict[str, Any]
) -> None:
    a = await botapi.ok("sendMessage", chat_id=user["id"], text="draft")
    b = await botapi.ok("sendMessage", chat_id=user["id"], text="temporary")
    await botapi.ok("editMessageText", chat_id=user["id"], message_id=a["message_id"], text="final")
    await botapi.ok("deleteMessage", chat_id=user["id"], message_id=b["message_id"])
    first, second = await tg.chat(user["id"])
    assert (first["text"], first["edited"], first["deleted"]) == ("final", True, False)
    assert (second["text"], second["edited"], second["deleted"]) == ("temporary", False, True)
    assert await tg.last_bot_message(user["id"]) == first


async def test_documents_both_ways(
    botapi: RawBotApi,
    tg: EmulatorClient,
    user: dict[str, Any],
    http: aiohttp.ClientSession,
    emulator: EmulatorServer,
) -> None:
    sent = await tg.send_document(user["id"], "passport.pdf", b"%PDF-1.4 data", "application/pdf")
    [update] = await botapi.ok("getUpdates")
    document = update["message"]["document"]
    assert document["file_name"] == "passport.pdf"
    assert document["mime_type"] == "application/pdf"
    assert document["file_size"] == 13
    file = await botapi.ok("getFile", file_id=document["file_id"])
    async with http.get(f"{emulator.url}/file/bot123456:TEST/{file['file_path']}") as resp:
        assert await resp.read() == b"%PDF-1.4 data"
    # The bot sends the same file back by file_id, with a caption.
    back = await botapi.ok(
        "sendDocument",
        chat_id=user["id"],
        document=document["file_id"],
        caption="<i>checked</i>",
        parse_mode="HTML",
    )
    assert back["document"]["file_unique_id"] == document["file_unique_id"]
    messages = await tg.chat(user["id"], after=sent["message_id"])
    assert messages[0]["document"] == {
        "file_name": "passport.pdf",
        "mime_type": "application/pdf",
        "size": 13,
    }
    assert messages[0]["html"] == "<i>checked</i>"
    status, body = await botapi("sendDocument", chat_id=user["id"], document="no-such-file-id")
    assert (status, body["description"]) == (
        400,
        "Bad Request: wrong file identifier/HTTP URL specified",
    )
    async with http.post(
        f"{emulator.url}/_emulator/users/{user['id']}/send",
        json={"document": {"file_name": "x", "mime_type": "a/b", "content_base64": "%%%"}},
    ) as resp:
        assert resp.status == 400
        assert await resp.json() == {"error": "content_base64 is not valid base64"}


async def test_groups(botapi: RawBotApi, tg: EmulatorClient) -> None:
    anna = await tg.create_user("Anna")
    boris = await tg.create_user("Boris")
    outsider = await tg.create_user("Eve")
    group = await tg.create_group(
        "IT in Yerevan", [anna["id"], boris["id"]], bot_is_admin=True, username="it_yerevan"
    )
    assert group["type"] == "supergroup"
    assert group["id"] < -1000000000000
    sent = await tg.group_send(group["id"], anna["id"], "hi all")
    updates = await botapi.ok("getUpdates")
    added = updates[0]["my_chat_member"]
    assert added["chat"]["id"] == group["id"]
    assert added["from"]["id"] == anna["id"]  # the creator added the bot
    assert added["new_chat_member"]["status"] == "administrator"
    assert updates[1]["message"]["new_chat_members"][0]["id"] == 123456
    message = updates[2]["message"]
    assert message["chat"]["title"] == "IT in Yerevan"
    assert message["from"]["id"] == anna["id"]
    reply = await botapi.ok(
        "sendMessage",
        chat_id="@it_yerevan",
        text="welcome",
        reply_parameters={"message_id": sent["message_id"]},
    )
    assert reply["reply_to_message"]["text"] == "hi all"
    transcript = await tg.group_chat(group["id"])
    assert [m.get("service") for m in transcript] == ["new_chat_members", None, None]
    assert [m["text"] for m in transcript[1:]] == ["hi all", "welcome"]
    assert transcript[1]["from"]["id"] == anna["id"]  # in a group the transcript says who wrote
    member = await botapi.ok("getChatMember", chat_id=group["id"], user_id=boris["id"])
    assert member == {"status": "member", "user": boris}
    left = await botapi.ok("getChatMember", chat_id=group["id"], user_id=outsider["id"])
    assert left["status"] == "left"
    poll = await botapi.ok(
        "sendMessage",
        chat_id=group["id"],
        text="Meetup on Friday?",
        reply_markup={"inline_keyboard": [[{"text": "Going", "callback_data": "rsvp:1"}]]},
    )
    pressed = await tg.press(boris["id"], poll["message_id"], text="Going", chat_id=group["id"])
    query = (await botapi.ok("getUpdates", offset=updates[-1]["update_id"] + 1))[-1]
    assert query["update_id"] == pressed["update_id"]
    assert query["callback_query"]["message"]["chat"]["id"] == group["id"]
    assert query["callback_query"]["from"]["id"] == boris["id"]
    with pytest.raises(EmulatorError):
        await tg.press(outsider["id"], poll["message_id"], text="Going", chat_id=group["id"])
    link = await botapi.ok("createChatInviteLink", chat_id=group["id"], name="newcomers")
    assert link["invite_link"].startswith("https://t.me/+")
    assert link["creator"]["id"] == 123456
    with pytest.raises(EmulatorError):
        await tg.group_send(group["id"], outsider["id"], "let me in")
    plain = await tg.create_group("No rights", [anna["id"]])
    status, body = await botapi("createChatInviteLink", chat_id=plain["id"])
    assert (status, body["description"]) == (
        400,
        "Bad Request: not enough rights to manage chat invite links",
    )


async def test_idle(botapi: RawBotApi, tg: EmulatorClient, user: dict[str, Any]) -> None:
    assert await tg.wait_idle(1)
    await tg.send_text(user["id"], "pending")
    started = time.monotonic()
    assert not await tg.wait_idle(0.3)  # nobody fetched the update
    assert time.monotonic() - started >= 0.3
    await botapi.ok("getUpdates")
    started = time.monotonic()
    assert await tg.wait_idle(2)
    assert time.monotonic() - started >= 0.25  # quiet for 300 ms after the last call


async def test_reset(botapi: RawBotApi, tg: EmulatorClient, user: dict[str, Any]) -> None:
    await tg.send_text(user["id"], "one")
    await botapi.ok("setMyCommands", commands=[{"command": "start", "description": "Start"}])
    await tg.reset()
    stats = await tg.stats()
    assert stats["updates_pending"] == 0
    assert stats["calls"] == {}
    status, body = await botapi("sendMessage", chat_id=user["id"], text="anyone?")
    assert (status, body["description"]) == (400, "Bad Request: chat not found")
    with pytest.raises(EmulatorError) as missing:
        await tg.chat(user["id"])
    assert missing.value.status == 404
    # Update ids keep growing so a running bot's offset stays valid; its settings stay.
    again = await tg.create_user("Anna", user_id=user["id"])
    sent = await tg.send_text(again["id"], "two")
    assert sent["update_id"] == 2
    assert sent["message_id"] == 1
    assert await botapi.ok("getMyCommands") == [{"command": "start", "description": "Start"}]
