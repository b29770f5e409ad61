"""The bot's calls reach the Bot API as one JSON object, meaning what aiogram's form meant; an
upload still goes as a multipart form. A real HTTP server plays the Bot API and keeps what it
was sent."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import Any

import pytest
from aiogram import Bot
from aiogram.client.default import DefaultBotProperties
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer
from aiogram.enums import ParseMode
from aiogram.exceptions import TelegramBadRequest, TelegramNetworkError
from aiogram.types import BufferedInputFile, InlineKeyboardButton, InlineKeyboardMarkup
from aiohttp import web

from bot.bot_api_session import JsonBodySession
from tests.support.bot_api_server import serve_bot_api
from tests.support.fake_telegram import BOT_TOKEN, BOT_USER


@dataclass
class Received:
    content_type: str
    values: dict[str, Any]  # JSON values, or the form's strings
    files: dict[str, bytes] = field(default_factory=dict)


@dataclass
class RecordingBotApi:
    """Answers every call like Telegram (a sent message), and keeps what each call carried."""

    calls: list[tuple[str, Received]] = field(default_factory=list)
    refuse: bool = False

    async def handle(self, request: web.Request) -> web.Response:
        method = request.match_info["method"]
        if request.content_type == "application/json":
            received = Received(request.content_type, await request.json())
        else:
            received = Received(request.content_type, {})
            for key, value in (await request.post()).items():
                if isinstance(value, web.FileField):
                    received.files[key] = value.file.read()
                else:
                    received.values[key] = value
        self.calls.append((method, received))
        if self.refuse:
            refusal = {"ok": False, "error_code": 400, "description": "Bad Request: chat not found"}
            return web.json_response(refusal, status=400)
        message = {
            "message_id": len(self.calls),
            "date": 0,
            "chat": {"id": 7, "type": "private"},
            "from": BOT_USER,
            "text": "sent",
        }
        return web.json_response({"ok": True, "result": message})


@pytest.fixture
async def api() -> AsyncIterator[tuple[RecordingBotApi, str]]:
    recording = RecordingBotApi()
    async with serve_bot_api(recording.handle) as url:
        yield recording, url


def a_bot(url: str, session_class: type[AiohttpSession] = JsonBodySession) -> Bot:
    return Bot(
        BOT_TOKEN,
        session=session_class(api=TelegramAPIServer.from_base(url)),
        default=DefaultBotProperties(parse_mode=ParseMode.HTML, link_preview_is_disabled=True),
    )


KEYBOARD = InlineKeyboardMarkup(
    inline_keyboard=[[InlineKeyboardButton(text="Jobs", callback_data="menu:jobs")]]
)


async def send_the_menu(bot: Bot) -> None:
    try:
        sent = await bot.send_message(
            7, "<b>Menu</b>", reply_markup=KEYBOARD, disable_notification=False
        )
        assert sent.message_id >= 1 and sent.bot is bot  # the answer is parsed as before
    finally:
        await bot.session.close()


async def test_a_reply_with_buttons_goes_as_one_json_object(
    api: tuple[RecordingBotApi, str],
) -> None:
    recording, url = api

    await send_the_menu(a_bot(url))

    [(method, received)] = recording.calls
    assert method == "sendMessage"
    assert received.content_type == "application/json"
    assert received.values == {
        "chat_id": 7,
        "text": "<b>Menu</b>",
        "parse_mode": "HTML",  # the bot's defaults, resolved as aiogram resolves them
        "link_preview_options": {"is_disabled": True},
        "disable_web_page_preview": True,  # aiogram still sends the old name too
        "disable_notification": False,  # a false flag is still said
        "reply_markup": {"inline_keyboard": [[{"text": "Jobs", "callback_data": "menu:jobs"}]]},
    }


async def test_the_json_object_means_what_aiograms_form_meant(
    api: tuple[RecordingBotApi, str],
) -> None:
    recording, url = api

    await send_the_menu(a_bot(url))
    await send_the_menu(a_bot(url, AiohttpSession))

    (_, as_json), (_, as_form) = recording.calls
    assert as_form.content_type == "application/x-www-form-urlencoded"
    assert set(as_json.values) == set(as_form.values)
    for key, value in as_json.values.items():
        form_value = as_form.values[key]
        assert value == (form_value if isinstance(value, str) else json.loads(form_value))


async def test_an_upload_still_goes_as_a_multipart_form(api: tuple[RecordingBotApi, str]) -> None:
    recording, url = api
    bot = a_bot(url)
    try:
        await bot.send_document(7, BufferedInputFile(b"name,city\n", filename="export.csv"))
    finally:
        await bot.session.close()

    [(method, received)] = recording.calls
    assert method == "sendDocument"
    assert received.content_type == "multipart/form-data"
    assert list(received.files.values()) == [b"name,city\n"]


async def test_a_refusal_and_a_server_that_is_gone_fail_as_with_aiograms_session(
    api: tuple[RecordingBotApi, str],
) -> None:
    recording, url = api
    recording.refuse = True
    bot = a_bot(url)
    try:
        with pytest.raises(TelegramBadRequest, match="chat not found"):
            await bot.send_message(7, "hello")
    finally:
        await bot.session.close()

    gone = a_bot("http://127.0.0.1:9")  # nothing listens on the discard port
    try:
        with pytest.raises(TelegramNetworkError):
            await gone.send_message(7, "hello")
    finally:
        await gone.session.close()
