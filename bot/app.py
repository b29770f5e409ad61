"""Running the bot: polling or webhook, the embedded worker, the database brought up to date."""

from __future__ import annotations

import asyncio
import contextlib
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
from aiogram.webhook.aiohttp_server import SimpleRequestHandler, setup_application
from aiohttp import web
from sqlalchemy import text

from bot.config import Settings, SettingsError
from bot.content.loader import load_starter_content
from bot.db.migrate import current_revisions, head_revisions, upgrade
from bot.db.uow import unit_of_work
from bot.factory import create_bot, create_dispatcher, create_services
from bot.metrics import metrics_handler, serve_metrics
from bot.services import Services
from bot.worker.runner import Worker

log = logging.getLogger(__name__)


class SchemaNotReadyError(RuntimeError):
    """The database is behind the code; ``python -m bot migrate`` fixes it."""


async def migrate_and_seed(services: Services) -> dict[str, int]:
    """``alembic upgrade head``, then the starter content (only what was never loaded)."""
    await upgrade(services.engine)
    async with unit_of_work(services.sessions) as session:
        return await load_starter_content(session)


async def prepare_database(services: Services) -> None:
    """The embedded SQLite default migrates itself; a server database must be migrated first
    (a separate step in deployments, so that replicas never race to migrate)."""
    if services.settings.is_sqlite:
        await migrate_and_seed(services)
        return
    current = await current_revisions(services.engine)
    if current != head_revisions():
        raise SchemaNotReadyError(
            f"database schema is at {sorted(current) or 'nothing'}, the code needs "
            f"{sorted(head_revisions())}: run `python -m bot migrate` first"
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


async def serve_bot(services: Services, bot: Bot, *, stop: asyncio.Event | None = None) -> None:
    """Take updates (and run the embedded worker) on a database that is ready.

    Without ``stop`` this handles SIGINT/SIGTERM itself, as a process of its own should; with
    it (the demo, which runs the emulator in the same process) it returns once ``stop`` is set
    and leaves the signals to its caller. The caller closes ``bot`` and ``services``.
    """
    settings = services.settings
    dispatcher = create_dispatcher(settings, services)
    worker: Worker | None = None
    worker_task: asyncio.Task[None] | None = None
    metrics_server: web.AppRunner | None = None
    if settings.embedded_worker:
        worker = Worker(services, bot)
        worker_task = asyncio.create_task(worker.run(), name="embedded-worker")
    try:
        await wait_for_telegram(bot, settings)
        if stop is not None and stop.is_set():
            return
        if settings.webhook_url:
            await _serve_webhook(settings, services, bot, dispatcher, stop)
        else:
            if settings.metrics_port is not None:
                metrics_server = await serve_metrics(
                    services.metrics, settings.metrics_host, settings.metrics_port
                )
            await bot.delete_webhook(drop_pending_updates=False)
            await _poll(dispatcher, bot, stop)
    finally:
        if worker is not None and worker_task is not None:
            worker.stop()
            await asyncio.gather(worker_task, return_exceptions=True)
        if metrics_server is not None:
            await metrics_server.cleanup()


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
    try:
        await prepare_database(services)
        await wait_for_telegram(bot, settings)
        if settings.metrics_port is not None:
            metrics_server = await serve_metrics(
                services.metrics, settings.metrics_host, settings.metrics_port
            )
        await worker.run()
    finally:
        if metrics_server is not None:
            await metrics_server.cleanup()
        await bot.session.close()
        await services.close()


async def _serve_webhook(
    settings: Settings,
    services: Services,
    bot: Bot,
    dispatcher: Dispatcher,
    stop: asyncio.Event | None = None,
) -> None:
    assert settings.webhook_url is not None and settings.webhook_secret is not None
    secret = settings.webhook_secret.get_secret_value()
    app = web.Application()
    SimpleRequestHandler(dispatcher=dispatcher, bot=bot, secret_token=secret).register(
        app, path="/webhook"
    )
    app.router.add_get("/healthz", _healthz(services))
    app.router.add_get("/metrics", metrics_handler(services.metrics))
    setup_application(app, dispatcher, bot=bot)

    async def on_startup(_: web.Application) -> None:
        await bot.set_webhook(
            f"{settings.webhook_url}/webhook",
            secret_token=secret,
            allowed_updates=dispatcher.resolve_used_update_types(),
        )

    app.on_startup.append(on_startup)
    runner = web.AppRunner(app, handle_signals=stop is None)
    await runner.setup()
    site = web.TCPSite(runner, settings.webhook_host, settings.webhook_port)
    await site.start()
    log.info("webhook server on %s:%s", settings.webhook_host, settings.webhook_port)
    try:
        await (stop or asyncio.Event()).wait()
    finally:
        # Graceful: stop taking requests, let updates in flight finish, then close.
        await runner.cleanup()


def _healthz(services: Services) -> Callable[[web.Request], Awaitable[web.Response]]:
    async def handler(_: web.Request) -> web.Response:
        checks: dict[str, str] = {}
        try:
            async with services.engine.connect() as connection:
                await connection.execute(text("SELECT 1"))
            checks["database"] = "ok"
        except Exception as error:
            checks["database"] = type(error).__name__
        if services.redis is not None:
            try:
                await services.redis.ping()
                checks["redis"] = "ok"
            except Exception as error:
                checks["redis"] = type(error).__name__
        healthy = all(value == "ok" for value in checks.values())
        return web.json_response(checks, status=200 if healthy else 503)

    return handler


async def run_migrate(settings: Settings) -> dict[str, int]:
    """``python -m bot migrate``: the schema, then the starter content."""
    services = create_services(settings)
    try:
        return await migrate_and_seed(services)
    finally:
        await services.close()
