"""Getting updates: long polling with its 409s, and webhook delivery with the secret header."""

from __future__ import annotations

import asyncio
import socket
import time
from collections.abc import AsyncIterator
from typing import Any

import pytest
from aiohttp import web

from bot.emulator import EmulatorClient
from tests.integration.emulator.conftest import RawBotApi

POLL_CONFLICT = (
    "Conflict: terminated by other getUpdates request; make sure that only one bot instance is "
    "running"
)


async def test_updates_are_shaped_and_confirmed(
    botapi: RawBotApi, tg: EmulatorClient, user: dict[str, Any]
) -> None:
    for text in ("/start ge-tbilisi", "two", "three"):
        await tg.send_text(user["id"], text)
    updates = await botapi.ok("getUpdates", limit=2)
    assert [u["update_id"] for u in updates] == [1, 2]
    message = updates[0]["message"]
    assert message["from"] == {
        "id": 1001,
        "is_bot": False,
        "first_name": "Anna",
        "username": "anna",
        "language_code": "ru",
    }
    assert message["chat"] == {
        "id": 1001,
        "type": "private",
        "first_name": "Anna",
        "username": "anna",
    }
    assert message["text"] == "/start ge-tbilisi"
    assert message["entities"] == [{"type": "bot_command", "offset": 0, "length": 6}]
    # Without a higher offset nothing is confirmed; with it, older updates are gone.
    assert [u["update_id"] for u in await botapi.ok("getUpdates")] == [1, 2, 3]
    assert [u["update_id"] for u in await botapi.ok("getUpdates", offset=3)] == [3]
    assert await botapi.ok("getUpdates", offset=4) == []
    await tg.send_text(user["id"], "four")
    await tg.send_text(user["id"], "five")
    assert [u["message"]["text"] for u in await botapi.ok("getUpdates", offset=-1)] == ["five"]


async def test_long_poll_returns_when_an_update_arrives(
    botapi: RawBotApi, tg: EmulatorClient, user: dict[str, Any]
) -> None:
    started = time.monotonic()
    poll = asyncio.create_task(botapi.ok("getUpdates", timeout=5))
    await asyncio.sleep(0.1)
    assert not poll.done()
    await tg.send_text(user["id"], "hello")
    updates = await asyncio.wait_for(poll, 2)
    assert updates[0]["message"]["text"] == "hello"
    assert time.monotonic() - started < 2
    # An empty long poll waits out its timeout.
    started = time.monotonic()
    assert await botapi.ok("getUpdates", offset=2, timeout=1) == []
    assert time.monotonic() - started >= 0.9


async def test_second_concurrent_poller_gets_409(botapi: RawBotApi, tg: EmulatorClient) -> None:
    first = asyncio.create_task(botapi.ok("getUpdates", timeout=2))
    await asyncio.sleep(0.1)
    status, body = await botapi("getUpdates", timeout=1)
    assert status == 409
    assert body == {"ok": False, "error_code": 409, "description": POLL_CONFLICT}
    assert await first == []
    # Once the first poll ended, polling works again.
    assert await botapi.ok("getUpdates") == []


async def test_poller_that_hung_up_frees_the_slot(botapi: RawBotApi) -> None:
    dead = asyncio.create_task(botapi("getUpdates", timeout=30))
    await asyncio.sleep(0.1)
    dead.cancel()
    await asyncio.gather(dead, return_exceptions=True)
    await asyncio.sleep(0.2)
    status, body = await botapi("getUpdates")
    assert status == 200, body


async def test_allowed_updates(botapi: RawBotApi, tg: EmulatorClient, user: dict[str, Any]) -> None:
    await botapi.ok("getUpdates", allowed_updates=["message"])
    sent = await botapi.ok(
        "sendMessage",
        chat_id=user["id"],
        text="pick",
        reply_markup={"inline_keyboard": [[{"text": "A", "callback_data": "a"}]]},
    )
    pressed = await tg.press(user["id"], sent["message_id"], text="A")
    assert pressed["update_id"] is None  # the bot said it does not want callback queries
    await tg.send_text(user["id"], "text")
    updates = await botapi.ok("getUpdates")
    assert [list(u)[1] for u in updates] == ["message"]
    # An empty list restores Telegram's default set.
    await botapi.ok("getUpdates", offset=updates[-1]["update_id"] + 1, allowed_updates=[])
    pressed = await tg.press(user["id"], sent["message_id"], callback_data="a")
    assert pressed["update_id"] is not None


class Receiver:
    """A stand-in bot webhook endpoint that can be down, and can answer with a method."""

    def __init__(self) -> None:
        self.received: list[tuple[dict[str, Any], str | None]] = []
        self.fail_next = 0
        self.reply: dict[str, Any] | None = None
        self.got = asyncio.Event()

    async def handle(self, request: web.Request) -> web.Response:
        if self.fail_next:
            self.fail_next -= 1
            return web.Response(status=503)
        self.received.append(
            (await request.json(), request.headers.get("X-Telegram-Bot-Api-Secret-Token"))
        )
        self.got.set()
        if self.reply is not None:
            reply, self.reply = self.reply, None
            return web.json_response(reply)
        return web.Response(text="ok")

    async def wait_for(self, count: int, seconds: float = 5.0) -> None:
        deadline = time.monotonic() + seconds
        while len(self.received) < count:
            assert time.monotonic() < deadline, f"only {len(self.received)} of {count} arrived"
            await asyncio.sleep(0.02)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


async def _serve(receiver: Receiver, port: int) -> web.AppRunner:
    app = web.Application()
    app.router.add_post("/hook", receiver.handle)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", port).start()
    return runner


@pytest.fixture
async def receiver() -> AsyncIterator[tuple[Receiver, str]]:
    hook = Receiver()
    port = _free_port()
    runner = await _serve(hook, port)
    yield hook, f"http://127.0.0.1:{port}/hook"
    await runner.cleanup()


async def test_webhook_delivery_with_secret(
    botapi: RawBotApi,
    tg: EmulatorClient,
    user: dict[str, Any],
    receiver: tuple[Receiver, str],
) -> None:
    hook, url = receiver
    assert await botapi.ok("setWebhook", url=url, secret_token="s3cr3t-token")
    info = await botapi.ok("getWebhookInfo")
    assert info["url"] == url
    assert info["pending_update_count"] == 0
    for i in range(5):
        await tg.send_text(user["id"], f"m{i}")
    await hook.wait_for(5)
    assert [u["message"]["text"] for u, _ in hook.received] == [f"m{i}" for i in range(5)]
    assert {secret for _, secret in hook.received} == {"s3cr3t-token"}
    status, body = await botapi("getUpdates")
    assert status == 409
    assert body["description"] == (
        "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to "
        "delete the webhook first"
    )
    assert await tg.wait_idle(2)
    assert await botapi.ok("deleteWebhook")
    await tg.send_text(user["id"], "polled")
    updates = await botapi.ok("getUpdates")
    assert updates[0]["message"]["text"] == "polled"


async def test_webhook_retries_in_order_while_the_bot_is_down(
    botapi: RawBotApi,
    tg: EmulatorClient,
    user: dict[str, Any],
    receiver: tuple[Receiver, str],
) -> None:
    hook, url = receiver
    hook.fail_next = 3
    await botapi.ok("setWebhook", url=url)
    for i in range(3):
        await tg.send_text(user["id"], f"m{i}")
    await hook.wait_for(3)
    assert [u["message"]["text"] for u, _ in hook.received] == ["m0", "m1", "m2"]
    info = await botapi.ok("getWebhookInfo")
    assert info["last_error_message"].startswith("Wrong response from the webhook: 503")


async def test_webhook_reaches_a_bot_that_starts_later(
    botapi: RawBotApi, tg: EmulatorClient, user: dict[str, Any]
) -> None:
    port = _free_port()
    await botapi.ok("setWebhook", url=f"http://127.0.0.1:{port}/hook", secret_token="abc")
    await tg.send_text(user["id"], "early")
    await asyncio.sleep(0.3)
    assert (await tg.stats())["updates_pending"] == 1
    assert not await tg.wait_idle(0.2)
    hook = Receiver()
    runner = await _serve(hook, port)
    try:
        await hook.wait_for(1)
        assert hook.received[0][0]["message"]["text"] == "early"
        assert (await tg.stats())["updates_pending"] == 0
    finally:
        await runner.cleanup()


async def test_webhook_answer_with_a_method(
    botapi: RawBotApi,
    tg: EmulatorClient,
    user: dict[str, Any],
    receiver: tuple[Receiver, str],
) -> None:
    hook, url = receiver
    hook.reply = {"method": "sendMessage", "chat_id": user["id"], "text": "answered in the reply"}
    await botapi.ok("setWebhook", url=url)
    sent = await tg.send_text(user["id"], "hi")
    message = await tg.wait_bot_message(user["id"], after=sent["message_id"], timeout=5)
    assert message["text"] == "answered in the reply"


async def test_set_webhook_refusals(botapi: RawBotApi) -> None:
    status, body = await botapi("setWebhook", url="ftp://example.org/hook")
    assert status == 400
    assert body["description"].startswith("Bad Request: bad webhook:")
    status, body = await botapi("setWebhook", url="http://127.0.0.1:1/h", secret_token="no spaces")
    assert (status, body["description"]) == (
        400,
        "Bad Request: secret token contains unallowed characters",
    )
