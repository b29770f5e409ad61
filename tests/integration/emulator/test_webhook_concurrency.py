"""Webhook delivery as Telegram does it: many people's updates at once (up to
``max_connections``), one person's updates strictly one after another, in order."""

from __future__ import annotations

import asyncio
from collections import defaultdict
from collections.abc import AsyncIterator
from typing import Any

import pytest
from aiohttp import web

from bot.emulator import EmulatorClient
from tests.integration.emulator.conftest import RawBotApi


class SlowBot:
    """A webhook that takes a while per update and records who was being served when."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.in_flight: dict[int, int] = defaultdict(int)  # user id -> updates being handled
        self.overlapping_same_user = 0
        self.most_at_once = 0
        self.order: dict[int, list[str]] = defaultdict(list)

    async def handle(self, request: web.Request) -> web.Response:
        update = await request.json()
        user_id = update["message"]["from"]["id"]
        self.in_flight[user_id] += 1
        if self.in_flight[user_id] > 1:
            self.overlapping_same_user += 1
        self.most_at_once = max(self.most_at_once, sum(self.in_flight.values()))
        await asyncio.sleep(self.seconds)
        self.order[user_id].append(update["message"]["text"])
        self.in_flight[user_id] -= 1
        return web.Response(text="ok")


@pytest.fixture
async def slow_bot(unused_tcp_port: int) -> AsyncIterator[tuple[SlowBot, str]]:
    bot = SlowBot(seconds=0.05)
    app = web.Application()
    app.router.add_post("/hook", bot.handle)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", unused_tcp_port).start()
    yield bot, f"http://127.0.0.1:{unused_tcp_port}/hook"
    await runner.cleanup()


async def test_many_senders_at_once_each_in_order(
    botapi: RawBotApi, tg: EmulatorClient, slow_bot: tuple[SlowBot, str]
) -> None:
    bot, url = slow_bot
    people: list[dict[str, Any]] = [
        await tg.create_user(f"P{i}", user_id=5000 + i, language_code="en") for i in range(10)
    ]
    await botapi.ok("setWebhook", url=url, max_connections=4)
    for round_number in range(5):
        for person in people:
            await tg.send_text(person["id"], f"{round_number}")
    assert await tg.wait_idle(timeout=30)

    assert bot.overlapping_same_user == 0
    assert all(bot.order[p["id"]] == ["0", "1", "2", "3", "4"] for p in people)
    assert 1 < bot.most_at_once <= 4
    stats = await tg.stats()
    assert stats["updates_pending"] == 0
