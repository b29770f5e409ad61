"""Prometheus metrics of one process: updates, handler latency, errors, deliveries, queues.

Each process has its own :class:`Metrics` (built by ``create_services``, never at import), served
at ``/metrics`` by :func:`serve_metrics` on ``PRICHAL_METRICS_HOST:PRICHAL_METRICS_PORT`` (a
server of its own, default host 127.0.0.1: never the public webhook port).
Labels carry kinds and outcomes only — never an id, a name or anything a member typed.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable

from aiohttp import web
from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, Counter, Gauge, Histogram
from prometheus_client.exposition import generate_latest

log = logging.getLogger(__name__)

# From a fast button press (a few ms) to a slow database (seconds).
LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)


class Metrics:
    """The metrics one process exports, on a registry of its own."""

    def __init__(self) -> None:
        self.registry = CollectorRegistry(auto_describe=True)
        self.updates = Counter(
            "prichal_updates_total", "Updates handled, by type", ["type"], registry=self.registry
        )
        self.update_seconds = Histogram(
            "prichal_update_seconds",
            "Time to handle one update (middlewares, handler, database, Bot API calls)",
            ["type"],
            buckets=LATENCY_BUCKETS,
            registry=self.registry,
        )
        self.errors = Counter(
            "prichal_update_errors_total",
            "Updates whose handler failed, by exception type",
            ["exception"],
            registry=self.registry,
        )
        self.deliveries = Counter(
            "prichal_deliveries_total",
            "Messages the worker delivered, by kind and result (sent, retried, failed, blocked)",
            ["kind", "result"],
            registry=self.registry,
        )
        self.queue_size = Gauge(
            "prichal_queue_size",
            "Rows waiting in a queue (review items, deliveries, notices), as last counted",
            ["queue"],
            registry=self.registry,
        )
        self.job_runs = Counter(
            "prichal_job_runs_total",
            "Background job rounds, by job and outcome",
            ["job", "outcome"],
            registry=self.registry,
        )

    def exposition(self) -> bytes:
        return generate_latest(self.registry)


def metrics_handler(metrics: Metrics) -> Callable[[web.Request], Awaitable[web.Response]]:
    async def handler(_: web.Request) -> web.Response:
        response = web.Response(body=metrics.exposition())
        response.headers["Content-Type"] = CONTENT_TYPE_LATEST
        return response

    return handler


async def serve_metrics(metrics: Metrics, host: str, port: int) -> web.AppRunner:
    """A small HTTP server with only ``/metrics`` (bots in either mode, and workers)."""
    app = web.Application()
    app.router.add_get("/metrics", metrics_handler(metrics))
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    await web.TCPSite(runner, host, port).start()
    log.info("metrics on %s:%s/metrics", host, port)
    return runner
