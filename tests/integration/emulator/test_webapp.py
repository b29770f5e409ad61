"""Mini Apps: web_app buttons and the menu button are validated as Telegram does; the launch URL
carries initData signed as Telegram signs it (checked here from scratch, with the bot token);
the Mini App answers with answerWebAppQuery or sendData."""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import parse_qsl, urlsplit

import aiohttp
import pytest
from aiogram.exceptions import TelegramBadRequest
from aiogram.types import (
    InlineQueryResultArticle,
    InputTextMessageContent,
    MenuButtonWebApp,
    WebAppInfo,
)

from bot.emulator import EmulatorClient, EmulatorError, EmulatorServer
from tests.integration.emulator.conftest import TOKEN, RawBotApi, shaped, valid_init_data
from tests.integration.emulator.echo_bot import make_bot

APP = "https://app.example.org/mini?from=chat"


def fragment(url: str) -> dict[str, str]:
    return dict(parse_qsl(urlsplit(url).fragment, keep_blank_values=True))


async def test_init_data_is_signed_as_telegram_signs_it(
    tg: EmulatorClient, user: dict[str, Any]
) -> None:
    launch = await tg.open_web_app(user["id"], APP)
    assert launch["url"].startswith(APP + "#tgWebAppData=")
    params = fragment(launch["url"])
    assert params["tgWebAppData"] == launch["init_data"]
    assert params["tgWebAppVersion"] == "10.1"  # the Bot API version of the vendored spec
    assert params["tgWebAppPlatform"] == "weba"
    theme = json.loads(params["tgWebAppThemeParams"])
    assert theme == launch["theme_params"]
    assert theme["bg_color"] == "#ffffff"

    assert valid_init_data(launch["init_data"], TOKEN)
    assert not valid_init_data(launch["init_data"], "123456:OTHER")
    fields = dict(parse_qsl(launch["init_data"]))
    assert set(fields) == {"query_id", "user", "auth_date", "hash"}
    assert json.loads(fields["user"]) == {
        "id": user["id"],
        "first_name": "Anna",
        "username": "anna",
        "language_code": "ru",
        "allows_write_to_pm": True,
    }
    # Anyone changing a field breaks the signature.
    forged = launch["init_data"].replace(str(user["id"]), "1", 1)
    assert not valid_init_data(forged, TOKEN)

    dark = await tg.open_web_app(user["id"], APP, theme="dark", button_text="Open")
    assert json.loads(fragment(dark["url"])["tgWebAppThemeParams"])["bg_color"] == "#212121"
    assert "query_id" not in dict(parse_qsl(dark["init_data"]))  # a keyboard button's app
    assert valid_init_data(dark["init_data"], TOKEN)
    with_fragment = await tg.open_web_app(user["id"], "https://app.example.org/#/page")
    assert with_fragment["url"].startswith("https://app.example.org/#/page&tgWebAppData=")

    for bad in ("http://app.example.org/", "javascript:alert(1)", "app.example.org"):
        with pytest.raises(EmulatorError) as refused:
            await tg.open_web_app(user["id"], bad)
        assert refused.value.status == 400
    local = await tg.open_web_app(user["id"], "http://127.0.0.1:9/app")  # this machine: allowed
    assert local["url"].startswith("http://127.0.0.1:9/app#")


async def test_web_app_buttons_are_checked(
    botapi: RawBotApi, tg: EmulatorClient, user: dict[str, Any]
) -> None:
    inline = {"inline_keyboard": [[{"text": "Open the map", "web_app": {"url": APP}}]]}
    sent = await botapi.ok("sendMessage", chat_id=user["id"], text="Groups", reply_markup=inline)
    shaped(sent, "Message")
    pressed = await tg.press(user["id"], sent["message_id"], text="Open the map")
    assert pressed["url"] == APP
    assert pressed["web_app"]["url"].startswith(APP + "#tgWebAppData=")
    assert valid_init_data(pressed["web_app"]["init_data"], TOKEN)

    for markup, description in (
        (
            {"inline_keyboard": [[{"text": "Map", "web_app": {"url": "http://example.org/"}}]]},
            "Bad Request: inline keyboard button Web App URL 'http://example.org/' is invalid: "
            "Only HTTPS links are allowed",
        ),
        (
            {"keyboard": [[{"text": "Map", "web_app": {"url": "ftp://example.org/"}}]]},
            "Bad Request: keyboard button Web App URL 'ftp://example.org/' is invalid: "
            "Wrong HTTP URL",
        ),
        (
            {"inline_keyboard": [[{"text": "Map", "web_app": {}}]]},
            'Bad Request: can\'t parse reply_markup: field "inline_keyboard[0][0].web_app.url" '
            "is required in WebAppInfo",
        ),
        (
            {"inline_keyboard": [[{"text": "Map", "web_app": {"url": APP, "mode": "full"}}]]},
            'Bad Request: can\'t parse reply_markup: field "inline_keyboard[0][0].web_app.mode" '
            "is not a field of WebAppInfo",
        ),
    ):
        status, body = await botapi(
            "sendMessage", chat_id=user["id"], text="x", reply_markup=markup
        )
        assert (status, body["description"]) == (400, description)

    # Mini App buttons are for private chats only.
    group = await tg.create_group("Group", [user["id"]], bot_is_admin=True)
    status, body = await botapi("sendMessage", chat_id=group["id"], text="x", reply_markup=inline)
    assert (status, body["description"]) == (400, "Bad Request: BUTTON_TYPE_INVALID")


async def test_answer_web_app_query(
    emulator: EmulatorServer, tg: EmulatorClient, botapi: RawBotApi, user: dict[str, Any]
) -> None:
    launch = await tg.open_web_app(user["id"], APP)
    query_id = dict(parse_qsl(launch["init_data"]))["query_id"]
    bot = make_bot(emulator.url)
    try:
        result = InlineQueryResultArticle(
            id="booked",
            title="Booked",
            input_message_content=InputTextMessageContent(
                message_text="<b>Booked</b>: Friday 19:00", parse_mode="HTML"
            ),
        )
        sent = await bot.answer_web_app_query(web_app_query_id=query_id, result=result)
        assert sent.inline_message_id is None
        with pytest.raises(TelegramBadRequest, match="query is too old"):
            await bot.answer_web_app_query(web_app_query_id=query_id, result=result)
        with pytest.raises(TelegramBadRequest, match="query is too old"):
            await bot.answer_web_app_query(web_app_query_id="AAHnothing", result=result)
    finally:
        await bot.session.close()
    [message] = await tg.chat(user["id"])
    assert (message["from_bot"], message["text"], message["html"]) == (
        False,
        "Booked: Friday 19:00",
        "<b>Booked</b>: Friday 19:00",
    )
    [update] = await botapi.ok("getUpdates")
    assert update["message"]["via_bot"]["id"] == 123456
    assert update["message"]["from"]["id"] == user["id"]


async def test_send_data_from_a_keyboard_button(
    botapi: RawBotApi, tg: EmulatorClient, user: dict[str, Any]
) -> None:
    keyboard = {"keyboard": [[{"text": "Fill in the form", "web_app": {"url": APP}}]]}
    sent = await botapi.ok("sendMessage", chat_id=user["id"], text="Form", reply_markup=keyboard)
    pressed = await tg.press(user["id"], sent["message_id"], text="Fill in the form")
    launch = pressed["web_app"]
    assert launch["button_text"] == "Fill in the form"
    assert "query_id" not in dict(parse_qsl(launch["init_data"]))
    data = json.dumps({"city": "Tbilisi"})
    ref = await tg.web_app_data(user["id"], data, "Fill in the form")
    [update] = await botapi.ok("getUpdates")
    assert update["update_id"] == ref["update_id"]
    message = shaped(update["message"], "Message")
    assert message["web_app_data"] == {"data": data, "button_text": "Fill in the form"}
    for body in (
        (data, "No such button"),
        ("", "Fill in the form"),
        ("x" * 4097, "Fill in the form"),
    ):
        with pytest.raises(EmulatorError) as refused:
            await tg.web_app_data(user["id"], *body)
        assert refused.value.status == 400


async def test_menu_button_and_the_script(
    emulator: EmulatorServer,
    tg: EmulatorClient,
    botapi: RawBotApi,
    http: aiohttp.ClientSession,
    user: dict[str, Any],
) -> None:
    bot = make_bot(emulator.url)
    try:
        button = MenuButtonWebApp(text="Catalog", web_app=WebAppInfo(url=APP))
        assert await bot.set_chat_menu_button(chat_id=user["id"], menu_button=button)
        got = await bot.get_chat_menu_button(chat_id=user["id"])
        assert isinstance(got, MenuButtonWebApp) and got.web_app.url == APP
        assert (await bot.get_chat_menu_button()).type == "commands"  # the default is untouched
        with pytest.raises(TelegramBadRequest, match="Only HTTPS links are allowed"):
            await bot.set_chat_menu_button(
                menu_button=MenuButtonWebApp(
                    text="Catalog", web_app=WebAppInfo(url="http://example.org/")
                )
            )
    finally:
        await bot.session.close()
    async with http.get(f"{emulator.url}/_emulator/users/{user['id']}") as resp:
        view = await resp.json()
    assert view["menu_button"] == {"type": "web_app", "text": "Catalog", "web_app": {"url": APP}}

    async with http.get(f"{emulator.url}/_emulator/telegram-web-app.js") as resp:
        assert resp.status == 200
        assert resp.content_type == "application/javascript"
        assert resp.headers["Access-Control-Allow-Origin"] == "*"
        script = await resp.text()
    for needle in ("Telegram.WebApp = WebApp", "initDataUnsafe", "MainButton", "tgWebAppData"):
        assert needle in script
