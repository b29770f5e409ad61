"""What an operator sees: Prometheus metrics, JSON logs and Sentry reports — and that none of
them carries a member's name, what they typed, or the bot token."""

from __future__ import annotations

import io
import json
import logging
from collections.abc import AsyncIterator, Iterator

import aiohttp
import pytest
from aiohttp import web
from sqlalchemy import update

from bot.config import load_settings
from bot.db.models import ReviewItem, ReviewStatus
from bot.features import plugins
from bot.logs import setup_error_reporting, setup_logging
from bot.metrics import Metrics, serve_metrics
from bot.plugins import JobContext
from bot.worker.runner import all_jobs
from tests.conftest import HarnessFactory
from tests.support.fake_telegram import BOT_TOKEN
from tests.support.listings import newcomer, post_aid, post_job
from tests.support.story import Harness

SECRET_NAME = "Zinaida-Unique-Name"
SECRET_TEXT = "my passport number is QX-7712-ZW"


async def test_every_update_is_counted_and_timed(harness: Harness) -> None:
    anna = harness.member(3001, language_code="ru")
    await anna.send("/start")
    await anna.press("Русский")
    exposition = harness.services.metrics.exposition().decode()
    assert 'prichal_updates_total{type="message"} 1.0' in exposition
    assert 'prichal_updates_total{type="callback_query"} 1.0' in exposition
    assert 'prichal_update_seconds_count{type="message"} 1.0' in exposition
    assert 'prichal_update_seconds_bucket{le="10.0",type="callback_query"} 1.0' in exposition


async def test_the_worker_reports_how_many_items_wait_in_each_queue(harness: Harness) -> None:
    author = await newcomer(harness, 3101)
    await post_job(author)
    await post_aid(author, kind="request")
    context = JobContext(
        services=harness.services, bot=harness.bot, worker_id="test", plugins=plugins()
    )
    [job] = [job for job in all_jobs(plugins()) if job.name == "metrics.queue_sizes"]

    assert await job.run(context) == 0
    exposition = harness.services.metrics.exposition().decode()
    assert 'prichal_queue_size{queue="review_items"} 2.0' in exposition
    assert 'prichal_queue_size{queue="event_notices"} 0.0' in exposition
    assert set(plugins().queues) <= {
        line.split('"')[1] for line in exposition.splitlines() if line.startswith("prichal_queue")
    }

    async with harness.services.sessions() as session, session.begin():
        await session.execute(update(ReviewItem).values(status=ReviewStatus.APPROVED))
    await job.run(context)
    exposition = harness.services.metrics.exposition().decode()
    assert 'prichal_queue_size{queue="review_items"} 0.0' in exposition


async def test_metrics_are_served_over_http(unused_tcp_port: int) -> None:
    metrics = Metrics()
    metrics.deliveries.labels("broadcast", "sent").inc(3)
    runner = await serve_metrics(metrics, "127.0.0.1", unused_tcp_port)
    try:
        async with (
            aiohttp.ClientSession() as http,
            http.get(f"http://127.0.0.1:{unused_tcp_port}/metrics") as resp,
        ):
            assert resp.status == 200
            assert resp.content_type == "text/plain"
            body = await resp.text()
    finally:
        await runner.cleanup()
    assert 'prichal_deliveries_total{kind="broadcast",result="sent"} 3.0' in body


@pytest.fixture
def json_log() -> Iterator[io.StringIO]:
    """The production logging set-up (JSON, DEBUG) writing into a buffer."""
    root = logging.getLogger()
    saved_handlers, saved_level = root.handlers[:], root.level
    settings = load_settings(
        bot_token=BOT_TOKEN, LOG_LEVEL="DEBUG", PRICHAL_LOG_FORMAT="json", redis_url=None
    )
    setup_logging(settings)
    buffer = io.StringIO()
    handler = root.handlers[0]
    assert isinstance(handler, logging.StreamHandler)
    handler.setStream(buffer)
    yield buffer
    root.handlers[:] = saved_handlers
    root.setLevel(saved_level)


async def test_logs_are_json_and_carry_no_personal_data(
    make_harness: HarnessFactory, json_log: io.StringIO
) -> None:
    harness = await make_harness()
    zina = harness.member(3002, language_code="ru", name=SECRET_NAME)
    await zina.send("/start")
    await zina.press("Русский")
    await zina.send(SECRET_TEXT)  # typed where a country is expected
    await zina.send("/my_data")
    logging.getLogger("bot.test").warning("token in a URL: /bot%s/getMe", BOT_TOKEN)

    lines = [line for line in json_log.getvalue().splitlines() if line.strip()]
    assert lines, "nothing was logged"
    records = [json.loads(line) for line in lines]  # every line is one JSON object
    assert all({"ts", "level", "logger", "message"} <= set(r) for r in records)
    everything = json_log.getvalue()
    assert SECRET_NAME not in everything
    assert "QX-7712" not in everything and "passport" not in everything
    assert BOT_TOKEN not in everything
    assert "/bot***/getMe" in everything


@pytest.fixture
async def sentry_inbox(unused_tcp_port: int) -> AsyncIterator[tuple[str, list[bytes]]]:
    """A local HTTP server standing in for Sentry: it keeps every envelope it is sent."""
    received: list[bytes] = []

    async def envelope(request: web.Request) -> web.Response:
        received.append(await request.read())  # aiohttp has undone any gzip
        return web.json_response({})

    app = web.Application()
    app.router.add_post("/api/{project}/envelope/", envelope)
    app.router.add_post("/api/{project}/store/", envelope)
    runner = web.AppRunner(app)
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", unused_tcp_port).start()
    yield f"http://publickey@127.0.0.1:{unused_tcp_port}/1", received
    await runner.cleanup()


async def test_sentry_reports_carry_no_locals_and_no_token(
    sentry_inbox: tuple[str, list[bytes]],
) -> None:
    import asyncio

    import sentry_sdk

    dsn, received = sentry_inbox
    settings = load_settings(bot_token=BOT_TOKEN, PRICHAL_SENTRY_DSN=dsn, redis_url=None)
    setup_error_reporting(settings)
    try:

        def handler_that_fails(typed: str) -> None:
            raise ValueError(f"cannot reach /bot{BOT_TOKEN}/sendMessage")

        try:
            handler_that_fails(SECRET_TEXT)
        except ValueError:
            sentry_sdk.capture_exception()
        sentry_sdk.flush(timeout=5)
        for _ in range(50):
            if received:
                break
            await asyncio.sleep(0.1)
    finally:
        sentry_sdk.get_client().close(timeout=2)
        sentry_sdk.init()  # no DSN: reporting off for the rest of the suite
    assert received, "Sentry got nothing"
    report = b"\n".join(received).decode("utf-8", "replace")
    assert "handler_that_fails" in report  # the stack trace is there...
    assert SECRET_TEXT not in report  # ...but not the frame's local variables
    assert BOT_TOKEN not in report
