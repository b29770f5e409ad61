"""The Bot API has a bad moment (5xx, a dropped connection, a short flood wait): the member still
gets the reply; refusals are not retried. A real HTTP server plays the flaky Bot API."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import Any

import pytest
from aiogram import Bot
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer
from aiogram.exceptions import TelegramBadRequest, TelegramServerError
from aiohttp import web

from bot.retry import RetryTransientErrors
from tests.support.bot_api_server import serve_bot_api
from tests.support.fake_telegram import BOT_TOKEN, BOT_USER


@dataclass
class FlakyBotApi:
    """Answers like Telegram, except that the next ``failures`` calls of a method fail."""

    failures: dict[str, list[tuple[int, dict[str, Any]]]] = field(default_factory=dict)
    calls: list[str] = field(default_factory=list)

    def fail(self, method: str, *answers: tuple[int, dict[str, Any]]) -> None:
        self.failures.setdefault(method, []).extend(answers)

    async def handle(self, request: web.Request) -> web.Response:
        method = request.match_info["method"]
        self.calls.append(method)
        pending = self.failures.get(method)
        if pending:
            status, body = pending.pop(0)
            if status == 0:  # drop the connection without an answer
                assert request.transport is not None
                request.transport.close()
                return web.Response(status=500)
            return web.json_response(body, status=status)
        if method == "getMe":
            return web.json_response({"ok": True, "result": BOT_USER})
        payload = dict(await request.post())
        message = {
            "message_id": len(self.calls),
            "date": 0,
            "chat": {"id": int(str(payload.get("chat_id", 1))), "type": "private"},
            "from": BOT_USER,
            "text": str(payload.get("text", "")),
        }
        return web.json_response({"ok": True, "result": message})


SERVER_ERROR = (502, {"ok": False, "error_code": 502, "description": "Bad Gateway"})
BAD_REQUEST = (400, {"ok": False, "error_code": 400, "description": "Bad Request: chat not found"})


@pytest.fixture
async def flaky() -> AsyncIterator[tuple[FlakyBotApi, str]]:
    api = FlakyBotApi()
    async with serve_bot_api(api.handle) as url:
        yield api, url


def quick_bot(url: str, attempts: int = 4) -> Bot:
    bot = Bot(BOT_TOKEN, session=AiohttpSession(api=TelegramAPIServer.from_base(url)))
    bot.session.middleware(RetryTransientErrors(attempts=attempts, first_pause=0.05))
    return bot


async def test_a_reply_survives_two_bad_gateways(flaky: tuple[FlakyBotApi, str]) -> None:
    api, url = flaky
    api.fail("sendMessage", SERVER_ERROR, SERVER_ERROR)
    bot = quick_bot(url)
    try:
        sent = await bot.send_message(7, "hello")
    finally:
        await bot.session.close()
    assert sent.text == "hello"
    assert api.calls.count("sendMessage") == 3


async def test_a_dropped_connection_is_retried(flaky: tuple[FlakyBotApi, str]) -> None:
    api, url = flaky
    api.fail("sendMessage", (0, {}))
    bot = quick_bot(url)
    try:
        await bot.send_message(7, "hello")
    finally:
        await bot.session.close()
    assert api.calls.count("sendMessage") == 2


async def test_a_short_flood_wait_is_waited_out(flaky: tuple[FlakyBotApi, str]) -> None:
    api, url = flaky
    flood = {
        "ok": False,
        "error_code": 429,
        "description": "Too Many Requests: retry after 1",
        "parameters": {"retry_after": 1},
    }
    api.fail("sendMessage", (429, flood))
    bot = quick_bot(url)
    try:
        await bot.send_message(7, "hello")
    finally:
        await bot.session.close()
    assert api.calls.count("sendMessage") == 2


async def test_an_outage_gives_up_after_the_last_attempt(flaky: tuple[FlakyBotApi, str]) -> None:
    api, url = flaky
    api.fail("sendMessage", *[SERVER_ERROR] * 5)
    bot = quick_bot(url, attempts=3)
    try:
        with pytest.raises(TelegramServerError):
            await bot.send_message(7, "hello")
    finally:
        await bot.session.close()
    assert api.calls.count("sendMessage") == 3


async def test_a_refusal_is_not_retried(flaky: tuple[FlakyBotApi, str]) -> None:
    api, url = flaky
    api.fail("sendMessage", BAD_REQUEST)
    bot = quick_bot(url)
    try:
        with pytest.raises(TelegramBadRequest):
            await bot.send_message(7, "hello")
    finally:
        await bot.session.close()
    assert api.calls.count("sendMessage") == 1


async def test_the_production_bot_retries(flaky: tuple[FlakyBotApi, str]) -> None:
    """``create_bot`` installs the retries: a message gets through a 502."""
    from bot.factory import create_bot
    from tests.conftest import test_settings

    api, url = flaky
    api.fail("sendMessage", SERVER_ERROR)
    bot = create_bot(test_settings("sqlite+aiosqlite:///:memory:", telegram_api_url=url))
    try:
        await bot.send_message(7, "hello")
    finally:
        await bot.session.close()
    assert api.calls.count("sendMessage") == 2
