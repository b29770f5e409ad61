"""Open the staff app as a Telegram client would: ``initData`` signed by the emulator's
signer (Telegram's algorithm), sent to the app's real aiohttp server on a local port."""

from __future__ import annotations

import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from aiohttp import web
from aiohttp.test_utils import TestClient, TestServer

from bot.emulator.webapp import sign
from bot.features import plugins
from bot.features.staffapp.api import mount
from tests.support.fake_telegram import BOT_TOKEN
from tests.support.story import Harness


def init_data(
    user_id: int,
    *,
    token: str = BOT_TOKEN,
    auth_date: float | None = None,
    language_code: str = "en",
) -> str:
    """``initData`` as Telegram hands it to the Mini App opened by ``user_id``."""
    user = f'{{"id":{user_id},"first_name":"Test","language_code":"{language_code}"}}'
    fields = {
        "query_id": f"AAH{user_id}",
        "user": user,
        "auth_date": str(int(auth_date if auth_date is not None else time.time())),
    }
    return sign(fields, token)


class App:
    """The app's HTTP API as one person uses it."""

    def __init__(self, client: TestClient[Any, Any]) -> None:
        self.client = client

    async def call(
        self, method: str, path: str, user_id: int | None, body: Any = None, **init: Any
    ) -> tuple[int, Any]:
        headers = {}
        if user_id is not None:
            headers["Authorization"] = f"tma {init_data(user_id, **init)}"
        response = await self.client.request(method, f"/app/api{path}", headers=headers, json=body)
        try:
            data = await response.json()
        except Exception:
            data = await response.text()
        return response.status, data

    async def get(self, path: str, user_id: int | None, **init: Any) -> tuple[int, Any]:
        return await self.call("GET", path, user_id, **init)

    async def post(self, path: str, user_id: int | None, body: Any = None) -> tuple[int, Any]:
        return await self.call("POST", path, user_id, body if body is not None else {})


@asynccontextmanager
async def staff_app(harness: Harness) -> AsyncIterator[App]:
    """The app on a real local HTTP server, wired to the harness's services and bot."""
    root = web.Application()
    mount(root, harness.services, harness.bot, plugins())
    async with TestClient(TestServer(root)) as client:
        yield App(client)
