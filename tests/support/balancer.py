"""A small round-robin HTTP load balancer in front of bot replicas, as a process of its own.

    python -m tests.support.balancer --port 0 http://127.0.0.1:8101 http://127.0.0.1:8102

It stands where nginx or a cloud load balancer stands in production: the emulator's
``setWebhook`` URL points at it, and it passes each POST (path, body, the secret-token header)
to the next replica in turn, returning the replica's answer. A replica that refuses the
connection is skipped for the next one (like nginx's ``proxy_next_upstream error``); a replica
that fails *after* it got the request is not retried here (it may have handled it): the
balancer answers 502 and the sender (Telegram) delivers the update again later.

``POST /_balancer/config {"acknowledge_early": true}`` makes it answer 200 at once and forward
in the background — a front that breaks "one update of a chat at a time", so that two updates
of one member reach two replicas together (what event isolation exists for).
``GET /_balancer/stats`` counts requests per replica, refused connections, failures,
background forwards still running, the requests each replica has in hand (``serving``), and
``overlapped``: updates passed to a replica while another update of the same sender was still
being handled by a different replica.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import itertools
import json
import signal
from collections import Counter, defaultdict
from typing import Any

import aiohttp
from aiohttp import web

# The headers a hop passes on (the rest are about the connection itself).
_FORWARDED = ("Content-Type", "X-Telegram-Bot-Api-Secret-Token")
TIMEOUT = aiohttp.ClientTimeout(total=65)  # Telegram waits ~60 s for a webhook answer


class Balancer:
    """Round-robin over ``backends`` (base URLs)."""

    def __init__(self, backends: list[str]) -> None:
        self.backends = backends
        self._next = itertools.cycle(range(len(backends)))
        self.acknowledge_early = False
        self.forwarded: Counter[str] = Counter()  # answered by each backend (any status)
        self.statuses: Counter[int] = Counter()  # the answers the sender got, by status
        self.refused: Counter[str] = Counter()  # connection refused, tried the next one
        self.failures: list[str] = []  # what went wrong after a backend took a request
        self.overlapped = 0
        self._serving: defaultdict[object, Counter[str]] = defaultdict(Counter)
        self._background: set[asyncio.Task[None]] = set()
        self._session: aiohttp.ClientSession | None = None

    def app(self) -> web.Application:
        app = web.Application()
        app.router.add_get("/_balancer/stats", self.stats)
        app.router.add_post("/_balancer/config", self.config)
        app.router.add_route("*", "/{path:.*}", self.proxy)
        app.on_cleanup.append(self._close)
        return app

    @property
    def session(self) -> aiohttp.ClientSession:
        if self._session is None:
            # No pooling limit: the sender's max_connections is the limit, as in production.
            self._session = aiohttp.ClientSession(
                timeout=TIMEOUT, connector=aiohttp.TCPConnector(limit=0)
            )
        return self._session

    async def _close(self, _: web.Application) -> None:
        for task in list(self._background):
            with contextlib.suppress(asyncio.CancelledError):
                await task
        if self._session is not None:
            await self._session.close()

    async def stats(self, _: web.Request) -> web.Response:
        return web.json_response(
            {
                "forwarded": dict(self.forwarded),
                "statuses": {str(code): n for code, n in self.statuses.items()},
                "refused": dict(self.refused),
                "failures": self.failures,
                "in_background": len(self._background),
                "overlapped": self.overlapped,
                "serving": self._serving_by_backend(),
                "acknowledge_early": self.acknowledge_early,
            }
        )

    def _serving_by_backend(self) -> dict[str, int]:
        """Requests each backend has in hand right now."""
        serving: Counter[str] = Counter()
        for per_backend in self._serving.values():
            serving.update(per_backend)
        return {backend: n for backend, n in serving.items() if n}

    async def config(self, request: web.Request) -> web.Response:
        body = await request.json()
        self.acknowledge_early = bool(body.get("acknowledge_early", self.acknowledge_early))
        return await self.stats(request)

    async def proxy(self, request: web.Request) -> web.Response:
        body = await request.read()
        headers = {k: request.headers[k] for k in _FORWARDED if k in request.headers}
        path = request.rel_url.path_qs
        if self.acknowledge_early:
            task = asyncio.create_task(
                self._forward_in_background(request.method, path, body, headers)
            )
            self._background.add(task)
            task.add_done_callback(self._background.discard)
            self.statuses[200] += 1
            return web.json_response({})
        response = await self._forward(request.method, path, body, headers)
        self.statuses[response.status] += 1
        return response

    async def _forward_in_background(
        self, method: str, path: str, body: bytes, headers: dict[str, str]
    ) -> None:
        response = await self._forward(method, path, body, headers)
        if response.status >= 300:
            self.failures.append(f"background {path}: {response.status}")

    async def _forward(
        self, method: str, path: str, body: bytes, headers: dict[str, str]
    ) -> web.Response:
        sender = _sender(body)
        for _ in self.backends:
            backend = self.backends[next(self._next)]
            serving = self._serving[sender]
            if any(n for other, n in serving.items() if other != backend):
                self.overlapped += 1
            serving[backend] += 1
            try:
                async with self.session.request(
                    method, backend + path, data=body, headers=headers
                ) as reply:
                    payload = await reply.read()
                    self.forwarded[backend] += 1
                    return web.Response(
                        status=reply.status,
                        body=payload,
                        headers={"Content-Type": reply.headers.get("Content-Type", "text/plain")},
                    )
            except aiohttp.ClientConnectorError:
                self.refused[backend] += 1  # not listening (stopped, restarting): the next one
                continue
            except (aiohttp.ClientError, TimeoutError) as error:
                self.failures.append(f"{backend}{path}: {type(error).__name__}")
                return web.Response(status=502, text="Bad Gateway")
            finally:
                serving[backend] -= 1
                if not +serving:
                    del self._serving[sender]
        return web.Response(status=502, text="no backend accepted the connection")


def _sender(body: bytes) -> object:
    """Whose update this is (a user id), or the body itself when it names nobody."""
    try:
        update: Any = json.loads(body)
        for value in update.values():
            if isinstance(value, dict) and isinstance(value.get("from"), dict):
                return value["from"].get("id")
    except (ValueError, AttributeError):
        pass
    return body


async def serve(host: str, port: int, backends: list[str]) -> None:
    balancer = Balancer(backends)
    runner = web.AppRunner(balancer.app(), access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, host, port)
    await site.start()
    print(f"balancer: http://{host}:{runner.addresses[0][1]}", flush=True)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    try:
        await stop.wait()
    finally:
        await runner.cleanup()


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m tests.support.balancer")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("backends", nargs="+", help="base URLs of the replicas")
    args = parser.parse_args()
    asyncio.run(serve(args.host, args.port, [b.rstrip("/") for b in args.backends]))


if __name__ == "__main__":
    main()
