"""The emulator's HTTP server: Bot API, files, control API and the web chat on one port.

Use it from code (demo, end-to-end tests, benchmarks)::

    async with EmulatorServer(EmulatorConfig(port=0)) as emulator:
        bot = Bot(token, session=AiohttpSession(api=TelegramAPIServer.from_base(emulator.url)))
        ...

or from a shell: ``python -m bot.emulator --port 8081``.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
from dataclasses import replace
from importlib import resources
from types import TracebackType
from typing import Any, Self

import aiohttp
from aiohttp import web

from bot.emulator.botapi import BotApi
from bot.emulator.config import EmulatorConfig
from bot.emulator.control import ControlApi
from bot.emulator.errors import ApiError, unauthorized
from bot.emulator.state import EmulatorState
from bot.emulator.validation import UploadedFile, load_spec
from bot.emulator.webhook import WebhookDelivery

log = logging.getLogger(__name__)

WEB_PACKAGE = "bot.emulator.web"
_WEB_FILES = {
    "index.html": "text/html",
    "chat.js": "application/javascript",
    "chat.css": "text/css",
}
# Telegram's Mini App script, as a Mini App loads it (any origin may: it is a public script).
WEB_APP_SCRIPT = "/_emulator/telegram-web-app.js"


def _api_response(status: int, body: dict[str, Any]) -> web.Response:
    return web.Response(
        status=status,
        body=json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode(),
        content_type="application/json",
    )


class _BotApiRoutes:
    """Turns HTTP requests into :meth:`BotApi.call` and serves ``/file/bot…``."""

    def __init__(self, state: EmulatorState, api: BotApi) -> None:
        self.state = state
        self.api = api

    def _refuse(self, method: str, error: ApiError) -> web.Response:
        self.state.stats.calls[method] += 1
        self.state.stats.refused(method, error.status, error.description)
        return _api_response(error.status, error.payload())

    async def method(self, request: web.Request) -> web.Response:
        method = request.match_info.get("method", "")
        if request.match_info["token"] != self.state.config.bot_token:
            await self.api.delay()  # a refusal takes the round trip too
            return self._refuse(method, unauthorized())
        raw: dict[str, Any] = dict(request.query)
        attachments: dict[str, UploadedFile] = {}
        try:
            await self._read_body(request, raw, attachments)
        except web.HTTPRequestEntityTooLarge:
            return self._refuse(method, ApiError(413, "Request Entity Too Large"))
        except ApiError as e:
            return self._refuse(method, e)
        spec_method = self.api.spec.method(method)
        if spec_method is not None:
            # curl -F document=@file.pdf: a file part named like the parameter is the parameter.
            for name, part in attachments.items():
                if name in spec_method.fields and name not in raw:
                    raw[name] = part
        status, body = await self.api.call(method, raw, attachments)
        return _api_response(status, body)

    @staticmethod
    async def _read_body(
        request: web.Request, raw: dict[str, Any], attachments: dict[str, UploadedFile]
    ) -> None:
        if request.method != "POST" or not request.body_exists:
            return
        ctype = request.content_type
        if ctype in ("application/x-www-form-urlencoded", "multipart/form-data"):
            form = await request.post()
            for key, value in form.items():
                if isinstance(value, web.FileField):
                    attachments[key] = UploadedFile(
                        value.filename or key, value.content_type or "", value.file.read()
                    )
                else:
                    raw[key] = value
            return
        text = await request.text()
        if not text.strip():
            return
        try:
            body = json.loads(text)
        except ValueError:
            raise ApiError(400, "Bad Request: can't parse JSON object") from None
        if not isinstance(body, dict):
            raise ApiError(400, "Bad Request: can't parse JSON object")
        raw.update(body)

    async def file(self, request: web.Request) -> web.Response:
        if request.match_info["token"] != self.state.config.bot_token:
            return _api_response(401, unauthorized().payload())
        stored = self.state.files.by_path(request.match_info["path"])
        if stored is None:
            return _api_response(404, {"ok": False, "error_code": 404, "description": "Not Found"})
        return web.Response(
            body=stored.data, content_type=stored.mime_type or "application/octet-stream"
        )

    async def no_method(self, request: web.Request) -> web.Response:
        return _api_response(404, {"ok": False, "error_code": 404, "description": "Not Found"})


async def _web_file(request: web.Request) -> web.Response:
    name = request.match_info.get("name", "index.html")
    content_type = _WEB_FILES.get(name)
    if content_type is None:
        raise web.HTTPNotFound()
    data = resources.files(WEB_PACKAGE).joinpath(name).read_bytes()
    return web.Response(
        body=data,
        content_type=content_type,
        charset="utf-8",
        headers={"Cache-Control": "no-cache"},
    )


async def _web_app_script(request: web.Request) -> web.Response:
    data = resources.files(WEB_PACKAGE).joinpath("telegram-web-app.js").read_bytes()
    return web.Response(
        body=data,
        content_type="application/javascript",
        charset="utf-8",
        headers={"Cache-Control": "no-cache", "Access-Control-Allow-Origin": "*"},
    )


class EmulatorServer:
    """One running emulator. ``await start()`` returns its base URL; ``stop()`` ends it.

    ``url`` is what a bot uses as its Telegram API server (``TELEGRAM_API_URL``) and what
    :class:`bot.emulator.client.EmulatorClient` talks to. ``state`` is the in-memory world,
    for in-process tests that want to look inside.
    """

    def __init__(self, config: EmulatorConfig | None = None, **overrides: Any) -> None:
        self.config = replace(config or EmulatorConfig(), **overrides)
        self._state: EmulatorState | None = None
        self._api: BotApi | None = None
        self._runner: web.AppRunner | None = None
        self._http: aiohttp.ClientSession | None = None
        self._webhook_task: asyncio.Task[None] | None = None
        self._url: str | None = None

    @property
    def url(self) -> str:
        """Base URL, e.g. ``http://127.0.0.1:8081`` (only once started)."""
        if self._url is None:
            raise RuntimeError("the emulator is not started")
        return self._url

    @property
    def state(self) -> EmulatorState:
        """The emulator's memory (only once started)."""
        if self._state is None:
            raise RuntimeError("the emulator is not started")
        return self._state

    @property
    def api(self) -> BotApi:
        """The Bot API implementation (only once started)."""
        if self._api is None:
            raise RuntimeError("the emulator is not started")
        return self._api

    def build_app(self) -> web.Application:
        """The aiohttp application (creates the state; :meth:`start` calls it)."""
        spec = load_spec()
        state = EmulatorState(self.config, spec.update_types())
        api = BotApi(state, spec)
        self._state, self._api = state, api
        app = web.Application(client_max_size=self.config.max_upload_bytes + 1024 * 1024)
        bot_routes = _BotApiRoutes(state, api)
        control = ControlApi(state, api)
        app.add_routes(
            [
                web.route("*", "/bot{token}/{method}", bot_routes.method),
                web.route("*", "/bot{token}/", bot_routes.no_method),
                web.get("/file/bot{token}/{path:.+}", bot_routes.file),
                web.get(WEB_APP_SCRIPT, _web_app_script),
                *control.routes(),
                web.get("/", _web_file),
                web.get("/web/{name}", _web_file),
            ]
        )
        return app

    async def start(self) -> str:
        """Bind, start serving and webhook delivery; returns the base URL."""
        if self._runner is not None:
            return self.url
        app = self.build_app()
        # handler_cancellation: a poller that hung up frees its getUpdates slot at once,
        # so a restarted bot does not get 409 for the dead one's long poll.
        runner = web.AppRunner(
            app, handler_cancellation=True, access_log=None, shutdown_timeout=1.0
        )
        await runner.setup()
        site = web.TCPSite(runner, self.config.host, self.config.port)
        try:
            await site.start()
        except BaseException:
            await runner.cleanup()
            raise
        self._runner = runner
        port = runner.addresses[0][1]
        host = self.config.host
        if host in ("0.0.0.0", "", "::"):
            host = "127.0.0.1"
        elif ":" in host:
            host = f"[{host}]"
        self._url = f"http://{host}:{port}"
        self._http = aiohttp.ClientSession()
        self.api.http = self._http
        self._webhook_task = asyncio.create_task(
            WebhookDelivery(self.state, self.api, self._http).run(), name="emulator-webhook"
        )
        log.info("Telegram Bot API emulator on %s (bot token %s)", self._url, self.config.bot_token)
        return self._url

    async def stop(self) -> None:
        """Stop serving; waiting long polls and transcript waits return at once."""
        if self._runner is None:
            return
        state = self.state
        state.closing = True
        state.updates.arrived.fire()
        for chat in state.iter_chats():
            chat.changed.fire()
        if self._webhook_task is not None:
            self._webhook_task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._webhook_task
            self._webhook_task = None
        await self._runner.cleanup()
        self._runner = None
        if self._http is not None:
            await self._http.close()
            self._http = None
        self._url = None

    async def __aenter__(self) -> Self:
        await self.start()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.stop()
