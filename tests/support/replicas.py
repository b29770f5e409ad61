"""Bot replicas in webhook mode behind a load balancer, with a worker — production's shape.

:class:`WebhookCluster` starts, each as a process of its own: the emulator (Telegram),
``python -m tests.support.balancer`` (the load balancer the webhook URL names), N replicas of
``python -m bot run`` in webhook mode (each on its own ``WEBHOOK_PORT``, no embedded worker) and
``python -m bot worker``, all on one database and one Redis. The end-to-end tests of webhook
mode and ``bench/load.py`` use it; :meth:`WebhookCluster.stack` hands the e2e players
(:mod:`tests.support.e2e`) what they need.
"""

from __future__ import annotations

import asyncio
import json
import signal
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from prometheus_client.parser import text_string_to_metric_families

from tests.support.databases import TEST_DATA_KEY
from tests.support.e2e import Stack
from tests.support.processes import Child, clean_env, free_port

BOT_TOKEN = "123456:TEST"
WEBHOOK_SECRET = "prichal-test-webhook-secret"
ADMIN_ID = 700_000_000
START_TIMEOUT = 120.0  # imports on a machine shared with other test runs


def http(url: str, *, body: Any = None, headers: dict[str, str] | None = None) -> tuple[int, Any]:
    """One request (POST when ``body`` is given); the status and the JSON (or text) answer."""
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(url, data=data, headers=headers or {})
    if data is not None:
        request.add_header("Content-Type", "application/json")
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            status, raw = response.status, response.read()
    except urllib.error.HTTPError as error:
        status, raw = error.code, error.read()
    try:
        return status, json.loads(raw)
    except ValueError:
        return status, raw.decode(errors="replace")


def wait_for(
    condition: Callable[[], bool], what: str, children: list[Child], timeout: float = START_TIMEOUT
) -> None:
    """Poll ``condition`` until it holds; fail early (with their output) if a child exits."""
    deadline = time.monotonic() + timeout
    while not condition():
        for child in children:
            if child.process.poll() is not None:
                raise AssertionError(
                    f"{child.args} exited ({child.process.returncode}) while waiting for "
                    f"{what}\n{child.output()}"
                )
        if time.monotonic() > deadline:
            raise AssertionError(f"no {what} within {timeout} s")
        time.sleep(0.1)


async def until(condition: Callable[[], bool], what: str, timeout: float = 60.0) -> None:
    """In an async test: wait until ``condition()`` (blocking, run off the event loop) holds."""
    deadline = time.monotonic() + timeout
    while not await asyncio.to_thread(condition):
        assert time.monotonic() < deadline, f"no {what} within {timeout} s"
        await asyncio.sleep(0.1)


def logged_errors(log: str) -> list[str]:
    """Error lines and tracebacks in what a process wrote to stderr."""
    return [
        line
        for line in log.splitlines()
        if " ERROR " in line or " CRITICAL " in line or line.startswith("Traceback")
    ]


@dataclass
class Replica:
    """One ``python -m bot run`` in webhook mode."""

    name: str
    child: Child
    port: int
    metrics_port: int

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def metrics_url(self) -> str:
        """Where its ``/metrics`` is: a port of its own, never the webhook's."""
        return f"http://127.0.0.1:{self.metrics_port}/metrics"

    def health(self) -> tuple[int, Any]:
        """``GET /healthz``: the status and the report (a refused connection is ``0``)."""
        try:
            return http(self.url + "/healthz")
        except OSError:
            return 0, None

    def updates_handled(self) -> dict[str, float]:
        """``prichal_updates_total`` of this replica by update type, from its ``/metrics``."""
        with urllib.request.urlopen(self.metrics_url, timeout=30) as response:
            exposition = response.read().decode()
        handled: dict[str, float] = {}
        for family in text_string_to_metric_families(exposition):
            if family.name == "prichal_updates":
                for sample in family.samples:
                    if sample.name == "prichal_updates_total":
                        handled[sample.labels["type"]] = sample.value
        return handled


class WebhookCluster:
    """The emulator, a balancer (optional), ``replicas`` bot replicas and a worker (optional).

    With ``balancer=False`` the webhook URL names the single replica directly. ``env`` adds
    or overrides settings of the bot processes.
    """

    def __init__(
        self,
        folder: Path,
        *,
        database_url: str,
        redis_url: str | None,
        replicas: int = 2,
        balancer: bool = True,
        worker: bool = True,
        env: dict[str, str] | None = None,
    ) -> None:
        assert balancer or replicas == 1, "several replicas need a balancer in front"
        self.folder = folder
        self.database_url = database_url
        self.redis_url = redis_url
        self.replica_count = replicas
        self.with_balancer = balancer
        self.with_worker = worker
        self.extra_env = env or {}
        self.emulator: Child | None = None
        self.balancer: Child | None = None
        self.replicas: list[Replica] = []
        self.worker: Child | None = None
        self.url = ""  # the emulator's
        self.webhook_base = ""  # what WEBHOOK_URL says: the balancer, or the one replica

    # ---- starting -------------------------------------------------------------------------

    def bot_env(self, **extra: str) -> dict[str, str]:
        """The settings every bot process (replica or worker) runs with."""
        settings = {
            "BOT_TOKEN": BOT_TOKEN,
            "TELEGRAM_API_URL": self.url,
            "DATABASE_URL": self.database_url,
            "ADMIN_IDS": str(ADMIN_ID),
            "DEFAULT_LOCALE": "en",
            "LOG_LEVEL": "INFO",
            "PRICHAL_EMBEDDED_WORKER": "false",
            # Players press buttons faster than people; flood control has its own tests.
            "PRICHAL_THROTTLE_RATE": "1000",
            "PRICHAL_THROTTLE_BURST": "1000",
            # Replicas on one server database share the keys of the encrypted columns.
            "PRICHAL_DATA_KEYS": TEST_DATA_KEY,
        }
        if self.redis_url is not None:
            settings["REDIS_URL"] = self.redis_url
        settings.update(self.extra_env)
        settings.update(extra)
        return clean_env(**settings)

    def start(self) -> WebhookCluster:
        """Start everything and wait (on conditions, not time) until the webhook is served."""
        folder = self.folder
        self.emulator = Child(
            ["-m", "bot.emulator", "--host", "127.0.0.1", "--port", "0", "--bot-token", BOT_TOKEN],
            env=clean_env(),
            cwd=folder,
            log=folder / "emulator.log",
        )
        self.url = self.emulator.wait_for_line(r"Telegram Bot API emulator: (http://\S+)").group(1)
        ports = [free_port() for _ in range(self.replica_count)]
        if self.with_balancer:
            self.balancer = Child(
                ["-m", "tests.support.balancer", *(f"http://127.0.0.1:{p}" for p in ports)],
                env=clean_env(),
                cwd=folder,
                log=folder / "balancer.log",
            )
            self.webhook_base = self.balancer.wait_for_line(r"balancer: (http://\S+)").group(1)
        else:
            self.webhook_base = f"http://127.0.0.1:{ports[0]}"
        for number, port in enumerate(ports, start=1):
            self.replicas.append(self._replica(f"replica{number}", port))
        if self.with_worker:
            self.worker = Child(
                ["-m", "bot", "worker"], env=self.bot_env(), cwd=folder, log=folder / "worker.log"
            )
        children = self.children()
        for replica in self.replicas:
            wait_for(lambda r=replica: r.health()[0] == 200, f"{replica.name} healthy", children)
        # Each replica sets the webhook once it listens; all of them set the same one.
        wait_for(
            lambda: self.emulator_stats()["calls"].get("setWebhook", 0) >= self.replica_count,
            "setWebhook from every replica",
            children,
        )
        return self

    def _replica(
        self, name: str, port: int, attempt: int = 1, metrics_port: int | None = None
    ) -> Replica:
        metrics_port = metrics_port or free_port()
        child = Child(
            ["-m", "bot", "run"],
            env=self.bot_env(
                WEBHOOK_URL=self.webhook_base,
                WEBHOOK_SECRET=WEBHOOK_SECRET,
                WEBHOOK_HOST="127.0.0.1",
                WEBHOOK_PORT=str(port),
                PRICHAL_METRICS_PORT=str(metrics_port),
            ),
            cwd=self.folder,
            log=self.folder / (f"{name}.log" if attempt == 1 else f"{name}.{attempt}.log"),
        )
        return Replica(name, child, port, metrics_port)

    def restart(self, index: int) -> Replica:
        """Start replica ``index`` again (after it stopped) on the same port; waits until it
        is healthy and has set the webhook."""
        old = self.replicas[index]
        assert old.child.process.poll() is not None, f"{old.name} is still running"
        set_before = self.emulator_stats()["calls"].get("setWebhook", 0)
        attempt = len(list(self.folder.glob(f"{old.name}*.log"))) + 1
        replica = self._replica(old.name, old.port, attempt, old.metrics_port)
        self.replicas[index] = replica
        wait_for(lambda: replica.health()[0] == 200, f"{replica.name} healthy", self.children())
        wait_for(
            lambda: self.emulator_stats()["calls"].get("setWebhook", 0) > set_before,
            f"setWebhook from the restarted {replica.name}",
            self.children(),
        )
        return replica

    def children(self) -> list[Child]:
        found = [self.emulator, self.balancer, *(r.child for r in self.replicas), self.worker]
        return [child for child in found if child is not None]

    # ---- looking --------------------------------------------------------------------------

    def stack(self) -> Stack:
        """What :class:`tests.support.e2e.E2E` needs to play people against this cluster."""
        return Stack(self.url, self.database_url, ADMIN_ID, self.replicas[0].child.log)

    def emulator_stats(self) -> dict[str, Any]:
        return dict(http(self.url + "/_emulator/stats")[1])

    def webhook_info(self) -> dict[str, Any]:
        return dict(http(f"{self.url}/bot{BOT_TOKEN}/getWebhookInfo")[1]["result"])

    def balancer_stats(self) -> dict[str, Any]:
        assert self.balancer is not None
        return dict(http(self.webhook_base + "/_balancer/stats")[1])

    def acknowledge_early(self, on: bool) -> None:
        """Switch the balancer's "answer at once, forward in the background" mode."""
        http(self.webhook_base + "/_balancer/config", body={"acknowledge_early": on})

    def errors_logged(self) -> dict[str, list[str]]:
        """Error lines each bot process logged so far (empty lists when all is well)."""
        processes = [(r.name, r.child) for r in self.replicas]
        if self.worker is not None:
            processes.append(("worker", self.worker))
        return {name: logged_errors(child.stderr()) for name, child in processes}

    # ---- stopping -------------------------------------------------------------------------

    def stop(self) -> dict[str, int]:
        """Stop the bot processes with SIGTERM (as an orchestrator does), then the rest.

        Returns each process's exit code; the caller asserts what it expects.
        """
        codes: dict[str, int] = {}
        for replica in self.replicas:
            codes[replica.name] = replica.child.stop(signal.SIGTERM, timeout=90)
        if self.worker is not None:
            codes["worker"] = self.worker.stop(signal.SIGTERM, timeout=60)
        if self.balancer is not None:
            codes["balancer"] = self.balancer.stop(signal.SIGTERM)
        if self.emulator is not None:
            codes["emulator"] = self.emulator.stop(signal.SIGINT)
        return codes

    def kill(self) -> None:
        """Last resort in a teardown that already failed."""
        for child in self.children():
            child.kill()
