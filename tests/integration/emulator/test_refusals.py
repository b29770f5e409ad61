"""The emulator refuses what Telegram refuses, with Telegram's status codes and words."""

from __future__ import annotations

import asyncio
from typing import Any

import aiohttp
import pytest

from bot.emulator import EmulatorClient, EmulatorConfig, EmulatorServer
from tests.integration.emulator.conftest import TOKEN, RawBotApi, refusal

NOT_MODIFIED = (
    "Bad Request: message is not modified: specified new message content and reply markup are "
    "exactly the same as a current content and reply markup of the message"
)
TOO_OLD = "Bad Request: query is too old and response timeout expired or query ID is invalid"


async def test_unknown_method_is_404(botapi: RawBotApi) -> None:
    status, body = await botapi("sendMesage", chat_id=1, text="x")
    assert status == 404
    assert body == {"ok": False, "error_code": 404, "description": "Not Found"}


async def test_method_names_are_case_insensitive(botapi: RawBotApi) -> None:
    status, body = await botapi("GETME")
    assert status == 200
    assert body["result"]["username"] == "prichal_bot"


async def test_wrong_token_is_401(http: aiohttp.ClientSession, emulator: EmulatorServer) -> None:
    for token in ("123456:WRONG", "654321:TEST", "garbage"):
        async with http.post(f"{emulator.url}/bot{token}/getMe") as resp:
            assert resp.status == 401
            assert await resp.json() == {
                "ok": False,
                "error_code": 401,
                "description": "Unauthorized",
            }


async def test_unknown_parameter_is_400(botapi: RawBotApi, user: dict[str, Any]) -> None:
    status, body = await botapi("sendMessage", chat_id=user["id"], text="hi", colour="red")
    assert status == 400
    assert refusal(body) == (400, 'Bad Request: unknown parameter "colour"')


async def test_missing_parameter_is_400(botapi: RawBotApi, user: dict[str, Any]) -> None:
    status, body = await botapi("sendMessage", text="hi")
    assert (status, body["description"]) == (400, "Bad Request: chat_id is empty")
    status, body = await botapi("getFile")
    assert (status, body["description"]) == (400, 'Bad Request: parameter "file_id" is required')


@pytest.mark.parametrize(
    ("method", "params", "description"),
    [
        ("getUpdates", {"limit": "many"}, 'parameter "limit" must be of type Integer'),
        ("getUpdates", {"allowed_updates": "message"}, 'parameter "allowed_updates"'),
        ("sendMessage", {"chat_id": {"id": 1}, "text": "x"}, 'parameter "chat_id" must be'),
        (
            "sendMessage",
            {"chat_id": 1001, "text": ["x"]},
            'parameter "text" must be of type String',
        ),
        ("sendMessage", {"chat_id": 1001, "text": "x", "disable_notification": "maybe"}, "Boolean"),
        (
            "sendMessage",
            {
                "chat_id": 1001,
                "text": "x",
                "reply_markup": {"inline_keyboard": [[{"text": ["a"]}]]},
            },
            'can\'t parse reply_markup: field "inline_keyboard[0][0].text" must be of type String',
        ),
        (
            "sendMessage",
            {"chat_id": 1001, "text": "x", "reply_markup": {"inline_keyboard": [[{"txt": "a"}]]}},
            "can't parse reply_markup",
        ),
        (
            "setMyCommands",
            {"commands": [{"command": "start"}]},
            'field "[0].description" is required in BotCommand',
        ),
        (
            "setMyCommands",
            {"commands": [], "scope": {"type": "chat"}},
            'field "chat_id" is required',
        ),
    ],
)
async def test_wrong_type_is_400(
    botapi: RawBotApi,
    user: dict[str, Any],
    method: str,
    params: dict[str, Any],
    description: str,
) -> None:
    status, body = await botapi(method, **params)
    assert status == 400, body
    _, text = refusal(body)
    assert text.startswith("Bad Request: ")
    assert description in text


async def test_text_empty(botapi: RawBotApi, user: dict[str, Any]) -> None:
    for text in ("", "   \n ", "<b></b>"):
        status, body = await botapi("sendMessage", chat_id=user["id"], text=text, parse_mode="HTML")
        assert (status, body["description"]) == (400, "Bad Request: message text is empty")


async def test_text_too_long(botapi: RawBotApi, user: dict[str, Any]) -> None:
    result = await botapi.ok("sendMessage", chat_id=user["id"], text="я" * 4096)
    assert len(result["text"]) == 4096
    status, body = await botapi("sendMessage", chat_id=user["id"], text="я" * 4097)
    assert (status, body["description"]) == (400, "Bad Request: message is too long")
    # The limit counts the text after entity parsing, not the markup.
    await botapi.ok(
        "sendMessage", chat_id=user["id"], text=f"<b>{'x' * 4096}</b>", parse_mode="HTML"
    )


async def test_caption_too_long(botapi: RawBotApi, user: dict[str, Any]) -> None:
    status, body = await botapi.multipart(
        "sendDocument",
        {"document": ("a.txt", b"hello", "text/plain")},
        chat_id=str(user["id"]),
        caption="c" * 1025,
    )
    assert (status, body["description"]) == (400, "Bad Request: message caption is too long")


async def test_callback_data_over_64_bytes(botapi: RawBotApi, user: dict[str, Any]) -> None:
    def markup(data: str) -> dict[str, Any]:
        return {"inline_keyboard": [[{"text": "b", "callback_data": data}]]}

    # 64 bytes is fine even when it is only 32 characters.
    await botapi.ok("sendMessage", chat_id=user["id"], text="x", reply_markup=markup("я" * 32))
    for data in ("я" * 33, "x" * 65, ""):
        status, body = await botapi(
            "sendMessage", chat_id=user["id"], text="x", reply_markup=markup(data)
        )
        assert (status, body["description"]) == (400, "Bad Request: BUTTON_DATA_INVALID")


async def test_bad_html(botapi: RawBotApi, user: dict[str, Any]) -> None:
    cases = {
        "<foo>x</foo>": 'Unsupported start tag "foo" at byte offset 0',
        "<b>bold": 'Can\'t find end tag corresponding to start tag "b"',
        "<b>x</i>": 'Unmatched end tag at byte offset 4, expected "</b>", found "</i>"',
        "1 < 2": 'Unsupported start tag "" at byte offset 2',
        "я</b>": "Unexpected end tag at byte offset 2",
    }
    for text, detail in cases.items():
        status, body = await botapi("sendMessage", chat_id=user["id"], text=text, parse_mode="HTML")
        assert status == 400
        assert body["description"] == f"Bad Request: can't parse entities: {detail}"


async def test_bad_markdown_v2(botapi: RawBotApi, user: dict[str, Any]) -> None:
    status, body = await botapi(
        "sendMessage", chat_id=user["id"], text="Price: 5.00!", parse_mode="MarkdownV2"
    )
    assert status == 400
    assert body["description"] == (
        "Bad Request: can't parse entities: Character '.' is reserved and must be escaped with "
        "the preceding '\\'"
    )
    status, body = await botapi("sendMessage", chat_id=user["id"], text="x", parse_mode="Klingon")
    assert (status, body["description"]) == (400, "Bad Request: unsupported parse_mode")


async def test_identical_edit(botapi: RawBotApi, user: dict[str, Any]) -> None:
    keyboard = {"inline_keyboard": [[{"text": "a", "callback_data": "a"}]]}
    sent = await botapi.ok(
        "sendMessage",
        chat_id=user["id"],
        text="<b>hi</b>",
        parse_mode="HTML",
        reply_markup=keyboard,
    )
    edit = {"chat_id": user["id"], "message_id": sent["message_id"]}
    status, body = await botapi(
        "editMessageText", **edit, text="<b>hi</b>", parse_mode="HTML", reply_markup=keyboard
    )
    assert (status, body["description"]) == (400, NOT_MODIFIED)
    status, body = await botapi("editMessageReplyMarkup", **edit, reply_markup=keyboard)
    assert (status, body["description"]) == (400, NOT_MODIFIED)
    # Same text without the keyboard is a change (the keyboard goes), and so is other formatting.
    edited = await botapi.ok("editMessageText", **edit, text="<b>hi</b>", parse_mode="HTML")
    assert "reply_markup" not in edited
    assert edited["edit_date"] >= sent["date"]
    await botapi.ok("editMessageText", **edit, text="<i>hi</i>", parse_mode="HTML")


async def test_edit_and_delete_missing_messages(botapi: RawBotApi, user: dict[str, Any]) -> None:
    status, body = await botapi("editMessageText", chat_id=user["id"], message_id=99, text="x")
    assert (status, body["description"]) == (400, "Bad Request: message to edit not found")
    sent = await botapi.ok("sendMessage", chat_id=user["id"], text="bye")
    assert await botapi.ok("deleteMessage", chat_id=user["id"], message_id=sent["message_id"])
    status, body = await botapi("deleteMessage", chat_id=user["id"], message_id=sent["message_id"])
    assert (status, body["description"]) == (400, "Bad Request: message to delete not found")


async def test_chat_not_found(botapi: RawBotApi, user: dict[str, Any]) -> None:
    for chat_id in (424242, "@nobody", "not-a-chat"):
        status, body = await botapi("sendMessage", chat_id=chat_id, text="hi")
        assert (status, body["description"]) == (400, "Bad Request: chat not found")
    status, body = await botapi("getChat", chat_id=-100999)
    assert (status, body["description"]) == (400, "Bad Request: chat not found")


async def test_answer_callback_twice(
    botapi: RawBotApi, tg: EmulatorClient, user: dict[str, Any]
) -> None:
    keyboard = {"inline_keyboard": [[{"text": "Go", "callback_data": "go"}]]}
    sent = await botapi.ok("sendMessage", chat_id=user["id"], text="x", reply_markup=keyboard)
    pressed = await tg.press(user["id"], sent["message_id"], text="Go")
    query_id = pressed["callback_query_id"]
    assert await botapi.ok("answerCallbackQuery", callback_query_id=query_id, text="done")
    status, body = await botapi("answerCallbackQuery", callback_query_id=query_id)
    assert (status, body["description"]) == (400, TOO_OLD)
    status, body = await botapi("answerCallbackQuery", callback_query_id="made-up")
    assert (status, body["description"]) == (400, TOO_OLD)


@pytest.mark.parametrize("emulator_config", [EmulatorConfig(port=0, callback_answer_timeout=0.2)])
async def test_answer_callback_too_late(
    botapi: RawBotApi, tg: EmulatorClient, user: dict[str, Any]
) -> None:
    keyboard = {"inline_keyboard": [[{"text": "Go", "callback_data": "go"}]]}
    sent = await botapi.ok("sendMessage", chat_id=user["id"], text="x", reply_markup=keyboard)
    pressed = await tg.press(user["id"], sent["message_id"], callback_data="go")
    await asyncio.sleep(0.3)
    status, body = await botapi(
        "answerCallbackQuery", callback_query_id=pressed["callback_query_id"]
    )
    assert (status, body["description"]) == (400, TOO_OLD)


async def test_refusals_are_recorded(
    botapi: RawBotApi, tg: EmulatorClient, user: dict[str, Any]
) -> None:
    await botapi.ok("getMe")
    await botapi("sendMessage", chat_id=user["id"], text="")
    await botapi("nosuchMethod")
    stats = await tg.stats()
    assert stats["calls"]["sendMessage"] == 1
    assert stats["errors"] == {"400": 1, "404": 1}
    assert [(r["method"], r["status"], r["description"]) for r in stats["refusals"]] == [
        ("sendMessage", 400, "Bad Request: message text is empty"),
        ("nosuchMethod", 404, "Not Found"),
    ]


async def test_encodings_agree(botapi: RawBotApi, user: dict[str, Any]) -> None:
    """JSON, urlencoded, multipart and query-string calls are the same call."""
    keyboard = {"inline_keyboard": [[{"text": "a", "callback_data": "a"}]]}
    params = {
        "chat_id": user["id"],
        "text": "<b>x</b>",
        "parse_mode": "HTML",
        "reply_markup": keyboard,
    }
    as_json = await botapi.ok("sendMessage", **params)
    _, as_form = await botapi.form("sendMessage", **params)
    _, as_multipart = await botapi.multipart("sendMessage", {}, **params)
    async with botapi.session.get(
        botapi.url("sendMessage"), params={"chat_id": str(user["id"]), "text": "x"}
    ) as resp:
        as_query = await resp.json()
    for body in (as_form, as_multipart):
        result = body["result"]
        assert result["text"] == as_json["text"] == "x"
        assert (
            result["entities"]
            == as_json["entities"]
            == [{"type": "bold", "offset": 0, "length": 1}]
        )
        assert result["reply_markup"] == keyboard
    assert as_query["result"]["text"] == "x"
    status, body = await botapi.form("sendMessage", chat_id=str(user["id"]), text="x", bogus="1")
    assert (status, body["description"]) == (400, 'Bad Request: unknown parameter "bogus"')


async def test_deprecated_parameters_still_accepted(
    botapi: RawBotApi, user: dict[str, Any]
) -> None:
    first = await botapi.ok("sendMessage", chat_id=user["id"], text="first")
    reply = await botapi.ok(
        "sendMessage",
        chat_id=user["id"],
        text="second",
        reply_to_message_id=first["message_id"],
        disable_web_page_preview=True,
    )
    assert reply["reply_to_message"]["message_id"] == first["message_id"]
    status, body = await botapi(
        "sendMessage", chat_id=user["id"], text="x", reply_parameters={"message_id": 999}
    )
    assert (status, body["description"]) == (400, "Bad Request: message to be replied not found")


async def test_unimplemented_method_is_refused_honestly(
    botapi: RawBotApi, user: dict[str, Any]
) -> None:
    status, body = await botapi(
        "sendPoll", chat_id=user["id"], question="?", options=[{"text": "a"}, {"text": "b"}]
    )
    assert status == 400
    assert body["description"] == "Bad Request: method sendPoll is not implemented by the emulator"


async def test_token_in_file_urls(
    http: aiohttp.ClientSession, emulator: EmulatorServer, botapi: RawBotApi, user: dict[str, Any]
) -> None:
    _, body = await botapi.multipart(
        "sendDocument", {"document": ("notes.txt", b"abc", "text/plain")}, chat_id=str(user["id"])
    )
    file = await botapi.ok("getFile", file_id=body["result"]["document"]["file_id"])
    async with http.get(f"{emulator.url}/file/bot{TOKEN}/{file['file_path']}") as resp:
        assert resp.status == 200
        assert await resp.read() == b"abc"
    async with http.get(f"{emulator.url}/file/bot1:WRONG/{file['file_path']}") as resp:
        assert resp.status == 401
    async with http.get(f"{emulator.url}/file/bot{TOKEN}/documents/nothing.txt") as resp:
        assert resp.status == 404
    status, body = await botapi("getFile", file_id="nope")
    assert (status, body["description"]) == (400, "Bad Request: invalid file_id")
