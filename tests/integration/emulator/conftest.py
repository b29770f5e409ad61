"""Fixtures: an emulator in-process on a free port, its control client, raw Bot API calls."""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import AsyncIterator
from typing import Any
from urllib.parse import parse_qsl

import aiohttp
import pytest

from bot.emulator import EmulatorClient, EmulatorConfig, EmulatorServer
from bot.emulator.errors import ApiError
from bot.emulator.validation import load_spec

TOKEN = "123456:TEST"


class RawBotApi:
    """Calls the emulator's Bot API over HTTP exactly as given, to see Telegram's answers."""

    def __init__(self, session: aiohttp.ClientSession, base_url: str, token: str = TOKEN) -> None:
        self.session = session
        self.base_url = base_url
        self.token = token

    def url(self, method: str, token: str | None = None) -> str:
        return f"{self.base_url}/bot{token or self.token}/{method}"

    async def __call__(self, method: str, **params: Any) -> tuple[int, dict[str, Any]]:
        """POST a JSON body."""
        async with self.session.post(self.url(method), json=params) as resp:
            return resp.status, await resp.json()

    async def form(self, method: str, **params: Any) -> tuple[int, dict[str, Any]]:
        """POST ``application/x-www-form-urlencoded``, objects as JSON strings (like aiogram)."""
        data = {k: v if isinstance(v, str) else json.dumps(v) for k, v in params.items()}
        async with self.session.post(self.url(method), data=data) as resp:
            return resp.status, await resp.json()

    async def multipart(
        self, method: str, files: dict[str, tuple[str, bytes, str]], **params: Any
    ) -> tuple[int, dict[str, Any]]:
        """POST ``multipart/form-data`` with file parts ``name -> (filename, bytes, type)``."""
        form = aiohttp.FormData()
        for k, v in params.items():
            form.add_field(k, v if isinstance(v, str) else json.dumps(v))
        for name, (filename, content, content_type) in files.items():
            form.add_field(name, content, filename=filename, content_type=content_type)
        async with self.session.post(self.url(method), data=form) as resp:
            return resp.status, await resp.json()

    async def ok(self, method: str, **params: Any) -> Any:
        """The ``result`` of a call that must succeed."""
        status, body = await self(method, **params)
        assert status == 200 and body["ok"], body
        return body["result"]


def valid_init_data(init_data: str, token: str) -> bool:
    """Telegram's documented check, written out independently of the emulator's code."""
    fields = dict(parse_qsl(init_data, keep_blank_values=True, strict_parsing=True))
    received = fields.pop("hash")
    check = "\n".join(f"{key}={value}" for key, value in sorted(fields.items()))
    secret = hmac.new(b"WebAppData", token.encode(), hashlib.sha256).digest()
    expected = hmac.new(secret, check.encode(), hashlib.sha256).hexdigest()
    return hmac.compare_digest(received, expected)


def shaped(value: Any, type_name: str) -> Any:
    """``value`` is a valid ``type_name`` of the vendored Bot API spec, else the test fails."""
    try:
        load_spec().validate_object(value, type_name, "result")
    except ApiError as e:
        pytest.fail(f"not a valid {type_name}: {e.description}: {value}")
    return value


def refusal(body: dict[str, Any]) -> tuple[int, str]:
    """``(error_code, description)`` of a refused call."""
    assert body["ok"] is False, body
    return body["error_code"], body["description"]


@pytest.fixture
def emulator_config() -> EmulatorConfig:
    return EmulatorConfig(port=0)


@pytest.fixture
async def emulator(emulator_config: EmulatorConfig) -> AsyncIterator[EmulatorServer]:
    async with EmulatorServer(emulator_config) as server:
        yield server


@pytest.fixture
async def tg(emulator: EmulatorServer) -> AsyncIterator[EmulatorClient]:
    async with EmulatorClient(emulator.url) as client:
        yield client


@pytest.fixture
async def http() -> AsyncIterator[aiohttp.ClientSession]:
    async with aiohttp.ClientSession() as session:
        yield session


@pytest.fixture
def botapi(http: aiohttp.ClientSession, emulator: EmulatorServer) -> RawBotApi:
    return RawBotApi(http, emulator.url)


@pytest.fixture
async def user(tg: EmulatorClient) -> dict[str, Any]:
    return await tg.create_user("Anna", user_id=1001, username="anna", language_code="ru")
