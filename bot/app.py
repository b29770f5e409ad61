"""Running the bot: polling or webhook, the embedded worker, the database brought up to date."""

from __future__ import annotations

import asyncio
import contextlib
import hmac
import json
import logging
import signal
from collections.abc import Awaitable, Callable

from aiogram import Bot, Dispatcher
from aiogram.exceptions import (
    TelegramNetworkError,
    TelegramRetryAfter,
    TelegramServerError,
    TelegramUnauthorizedError,
)
from aiogram.methods import TelegramMethod
from aiogram.types import Update
from aiohttp import web
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from bot import prepare
from bot.config import Settings, SettingsError
from bot.db.engine import create_engine
from bot.factory import create_bot, create_dispatcher, create_services
from bot.features import plugins
from bot.features.staffapp import api as staffapp
from bot.metrics import serve_metrics
from bot.plugins import Plugins
from bot.prepare import SchemaNotReadyError as SchemaNotReadyError
from bot.services import Services
from bot.speed import freeze_after_start_up
from bot.worker.runner import Worker, commit_notices

log = logging.getLogger(__name__)


async def migrate_and_seed(services: Services) -> dict[str, int]:
    """:func:`bot.prepare.migrate_and_seed` on the services' database, with every
    feature's starter content."""
    return await prepare.migrate_and_seed(
        services.engine, services.sessions, plugins().starter_content
    )


async def prepare_database(services: Services) -> None:
    """:func:`bot.prepare.prepare_database` on the services' database, with every
    feature's starter content."""
    await prepare.prepare_database(
        services.settings, services.engine, services.sessions, plugins().starter_content
    )


async def run_bot(settings: Settings) -> None:
    """``python -m bot run``: long polling, or a webhook server when ``WEBHOOK_URL`` is set.

    With ``PRICHAL_EMBEDDED_WORKER`` (the default) the worker loop runs in this process too.
    Stops on SIGINT/SIGTERM.
    """
    services = create_services(settings)
    bot = create_bot(settings)
    try:
        await prepare_database(services)
        await serve_bot(services, bot)
    finally:
        await bot.session.close()
        await services.close()


async def serve_bot(
    services: Services,
    bot: Bot,
    *,
    stop: asyncio.Event | None = None,
    registry: Plugins | None = None,
) -> None:
    """Take updates (and run the embedded worker) on a database that is ready.

    Without ``stop`` this handles SIGINT/SIGTERM itself, as a process of its own should; with
    it (the demo, which runs the emulator in the same process) it returns once ``stop`` is set
    and leaves the signals to its caller. The caller closes ``bot`` and ``services``.

    ``registry`` (default: every feature's) is handed to the Dispatcher, the embedded worker
    and the staff app alike.
    """
    settings = services.settings
    if registry is None:
        registry = plugins()
    dispatcher = create_dispatcher(settings, services, registry)
    # Last of the start-up handlers (after the knowledge base's index build was started).
    dispatcher.startup.register(freeze_after_start_up)
    worker: Worker | None = None
    worker_task: asyncio.Task[None] | None = None
    metrics_server: web.AppRunner | None = None
    app_server: web.AppRunner | None = None
    notices = commit_notices(services, registry)
    if settings.embedded_worker:
        worker = Worker(services, bot, plugins=registry)
        worker_task = asyncio.create_task(worker.run(), name="embedded-worker")
    try:
        await wait_for_telegram(bot, settings)
        if stop is not None and stop.is_set():
            return
        # Metrics have a server of their own (PRICHAL_METRICS_HOST, default 127.0.0.1), never
        # the public webhook port.
        if settings.metrics_port is not None:
            metrics_server = await serve_metrics(
                services.metrics, settings.metrics_host, settings.metrics_port
            )
        if settings.webhook_url:
            await _serve_webhook(settings, services, bot, dispatcher, registry, stop)
        else:
            # The staff app has a small server of its own beside long polling (the webhook
            # server serves it itself).
            if settings.app_port is not None:
                app_server = await staffapp.serve(settings, services, bot, registry)
            await bot.delete_webhook(drop_pending_updates=False)
            await _poll(dispatcher, bot, stop)
    finally:
        if worker is not None and worker_task is not None:
            worker.stop()
            await asyncio.gather(worker_task, return_exceptions=True)
        if notices is not None:
            notices.close()
        if metrics_server is not None:
            await metrics_server.cleanup()
        if app_server is not None:
            await app_server.cleanup()


async def _poll(dispatcher: Dispatcher, bot: Bot, stop: asyncio.Event | None) -> None:
    allowed = dispatcher.resolve_used_update_types()
    if stop is None:
        await dispatcher.start_polling(bot, allowed_updates=allowed, handle_signals=True)
        return
    polling = asyncio.create_task(
        dispatcher.start_polling(bot, allowed_updates=allowed, handle_signals=False),
        name="polling",
    )
    stopping = asyncio.create_task(stop.wait(), name="polling-stop")
    try:
        await asyncio.wait({polling, stopping}, return_when=asyncio.FIRST_COMPLETED)
        if not polling.done():
            try:
                # Graceful: the long poll ends, shutdown handlers run, the session closes.
                await dispatcher.stop_polling()
            except RuntimeError:
                polling.cancel()  # stopped before polling even began
        with contextlib.suppress(asyncio.CancelledError):
            await polling
    finally:
        stopping.cancel()


async def wait_for_telegram(bot: Bot, settings: Settings, *, max_delay: float = 60.0) -> None:
    """Check the token with getMe, waiting out a Bot API that is not reachable yet.

    A refused token stops the program (it will never work); a network problem is retried
    with growing pauses, so a bot started before its network or API server just waits.
    """
    delay = 1.0
    while True:
        try:
            me = await bot.get_me()
        except TelegramUnauthorizedError:
            raise SettingsError(
                "BOT_TOKEN", "Telegram rejected this token (401 Unauthorized)"
            ) from None
        except (TelegramNetworkError, TelegramServerError, TelegramRetryAfter) as error:
            log.warning(
                "cannot reach the Bot API at %s (%s); retrying in %.0fs",
                settings.telegram_api_url,
                type(error).__name__,
                delay,
            )
            await asyncio.sleep(delay)
            delay = min(max_delay, delay * 2)
        else:
            log.info("connected as @%s (id %s)", me.username, me.id)
            return


async def run_worker(settings: Settings) -> None:
    """``python -m bot worker``: only the background jobs, until SIGINT/SIGTERM."""
    services = create_services(settings)
    bot = create_bot(settings)
    worker = Worker(services, bot)
    loop = asyncio.get_running_loop()
    for signal_number in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signal_number, worker.stop)
    metrics_server: web.AppRunner | None = None
    # Another worker replica's jobs wake on what this one's jobs commit (PostgreSQL).
    notices = commit_notices(services, plugins())
    try:
        await prepare_database(services)
        await wait_for_telegram(bot, settings)
        if settings.metrics_port is not None:
            metrics_server = await serve_metrics(
                services.metrics, settings.metrics_host, settings.metrics_port
            )
        await worker.run()
    finally:
        if notices is not None:
            notices.close()
        if metrics_server is not None:
            await metrics_server.cleanup()
        await bot.session.close()
        await services.close()


WEBHOOK_PATH = "/webhook"
# How long a stopping replica waits for the updates in flight: as long as aiogram keeps a
# webhook request open (it answers after 55 s even if the handler goes on). An update still
# unfinished then is cut off unacknowledged, and Telegram sends it again.
DRAIN_SECONDS = 55.0
HEALTH_CHECK_SECONDS = 3.0


async def _serve_webhook(
    settings: Settings,
    services: Services,
    bot: Bot,
    dispatcher: Dispatcher,
    registry: Plugins,
    stop: asyncio.Event | None = None,
) -> None:
    """The webhook server of one replica, until SIGINT/SIGTERM (or ``stop``).

    Every replica sets the same webhook (URL, secret, ``max_connections``, the update types the
    routers use), so starting more of them behind one load balancer changes nothing at
    Telegram, and none deletes it when it stops (the others still serve).

    An update is answered with 200 only once it was handled to the end and its session was
    committed (``handle_in_background=False``): a replica that dies mid-update leaves it
    unacknowledged and Telegram delivers it again — to another replica — and Telegram sends
    a member's next update only after this one was answered, so each member's updates are
    handled in order. On SIGTERM the server stops accepting connections, finishes the updates
    in flight (up to :data:`DRAIN_SECONDS`), answers them, and only then runs the dispatcher's
    shutdown and returns.
    """
    assert settings.webhook_url is not None and settings.webhook_secret is not None
    secret = settings.webhook_secret.get_secret_value()
    if stop is None:
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for signal_number in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(signal_number, stop.set)
    updates = _WebhookUpdates(dispatcher, bot, secret)
    app = web.Application()
    # Not ``SimpleRequestHandler.register`` nor ``setup_application``: they close the bot's
    # session and run the dispatcher's shutdown on aiohttp's "shutdown" signal, which comes
    # *before* the requests in flight have finished.
    app.router.add_post(WEBHOOK_PATH, updates.handle)
    # Its own connection, so a pool busy with updates never reads as a database that is down.
    health_engine = create_engine(settings.database_url, pool_size=1)
    app.router.add_get("/healthz", _healthz(services, health_engine))
    staffapp.mount(app, services, bot, registry)  # the staff Mini App under /app
    workflow_data = {"app": app, **dispatcher.workflow_data, "dispatcher": dispatcher, "bot": bot}

    async def on_startup(_: web.Application) -> None:
        await dispatcher.emit_startup(**workflow_data)

    async def on_cleanup(_: web.Application) -> None:  # after the requests in flight ended
        await dispatcher.emit_shutdown(**workflow_data)
        await health_engine.dispose()

    app.on_startup.append(on_startup)
    app.on_cleanup.append(on_cleanup)
    runner = web.AppRunner(
        app, handle_signals=False, access_log=None, shutdown_timeout=DRAIN_SECONDS
    )
    await runner.setup()
    try:
        site = web.TCPSite(runner, settings.webhook_host, settings.webhook_port)
        await site.start()
        log.info("webhook server on %s:%s", settings.webhook_host, settings.webhook_port)
        # Only now that it listens, so the first update does not meet a closed port.
        await bot.set_webhook(
            f"{settings.webhook_url}{WEBHOOK_PATH}",
            secret_token=secret,
            max_connections=settings.webhook_max_connections,
            allowed_updates=dispatcher.resolve_used_update_types(),
            drop_pending_updates=False,
        )
        await stop.wait()
        log.info("webhook server stopping: finishing %d update(s) in flight", updates.in_flight)
    finally:
        # Stop listening, close idle connections, wait for the requests in flight, clean up.
        await runner.cleanup()
        log.info("webhook server stopped")


SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"  # noqa: S105 - a header name


class _WebhookUpdates:
    """``POST /webhook``: an update checked, then handled to the end before it is answered
    (as aiogram's ``SimpleRequestHandler`` does with ``handle_in_background=False``), counting
    the updates in flight for the shutdown log line.

    What reaches the port is checked first, so that nothing a stranger sends becomes an error:
    a missing or wrong secret (any bytes at all, non-ASCII included) is 401, a body that is not
    one JSON object or not a Telegram update is 400 — each a warning, never handled. The update
    that passed is the one handed to the dispatcher: aiogram's handler would read and validate
    the body a second time (68 µs more for a press's update, measured here).
    """

    def __init__(self, dispatcher: Dispatcher, bot: Bot, secret: str) -> None:
        self._dispatcher = dispatcher
        self._bot = bot
        self._secret = secret.encode("utf-8")
        self.in_flight = 0

    async def handle(self, request: web.Request) -> web.Response:
        given = request.headers.get(SECRET_HEADER, "").encode("utf-8", "surrogateescape")
        if not hmac.compare_digest(given, self._secret):
            log.warning("webhook: a request without the right secret was refused (401)")
            return web.Response(status=401)
        try:
            body = json.loads(await request.read())
            if not isinstance(body, dict):
                raise ValueError("not an object")
            update = Update.model_validate(body, context={"bot": self._bot})
        except (ValueError, RecursionError):  # JSON, UTF-8 and pydantic errors are ValueErrors
            log.warning("webhook: a malformed update was refused (400)")
            return web.Response(status=400)
        self.in_flight += 1
        try:
            call: object = await self._dispatcher.feed_webhook_update(self._bot, update)
            if isinstance(call, TelegramMethod):
                # A handler that returns a call instead of making it (none of ours does): made
                # here, before the update is answered, as if the handler had made it.
                await self._dispatcher.silent_call_request(bot=self._bot, result=call)
            return web.json_response({})
        finally:
            self.in_flight -= 1


def _healthz(
    services: Services, engine: AsyncEngine
) -> Callable[[web.Request], Awaitable[web.Response]]:
    """``GET /healthz``: 200 ``{"database": "ok", "redis": "ok"}`` when both answer within
    :data:`HEALTH_CHECK_SECONDS`, else 503 naming what failed (``redis`` only when configured).
    """

    async def database() -> None:
        async with engine.connect() as connection:
            await connection.execute(text("SELECT 1"))

    async def redis() -> None:
        assert services.redis is not None
        await services.redis.ping()

    checks: dict[str, Callable[[], Awaitable[None]]] = {"database": database}
    if services.redis is not None:
        checks["redis"] = redis

    async def run(check: Callable[[], Awaitable[None]]) -> str:
        try:
            async with asyncio.timeout(HEALTH_CHECK_SECONDS):
                await check()
        except Exception as error:  # any failure is "not healthy", named by its kind only
            return type(error).__name__
        return "ok"

    async def handler(_: web.Request) -> web.Response:
        results = await asyncio.gather(*(run(check) for check in checks.values()))
        report = dict(zip(checks, results, strict=True))
        healthy = all(result == "ok" for result in results)
        return web.json_response(report, status=200 if healthy else 503)

    return handler


async def run_migrate(settings: Settings) -> dict[str, int]:
    """``python -m bot migrate``: the schema, then the starter content."""
    services = create_services(settings)
    try:
        return await migrate_and_seed(services)
    finally:
        await services.close()
