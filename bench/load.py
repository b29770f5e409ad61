"""Load benchmark: many members at once through the emulator, two bot replicas in webhook mode.

    python bench/load.py [--quick] [--users N] [--seconds S]

The topology of production and of ``tests/e2e/test_webhook_replicas.py``
(:class:`tests.support.replicas.WebhookCluster`): the emulator in webhook mode → a round-robin
balancer → two ``python -m bot run`` replicas (no embedded worker) + one ``python -m bot
worker``, on a fresh migrated PostgreSQL database (``TEST_DATABASE_URL``, default the local
server) and Redis (``TEST_REDIS_URL`` / ``TEST_REDIS_DB``; FSM, event isolation, flood control).

Every member, all at once, onboards (buttons and typing: language, a typed country and city,
a profession, interests skipped, announcements) and then uses the menu until the time is up
(``/menu``, their profile, help, privacy, back to the menu, ``/help``), each action as soon as
the previous answer arrived (a closed loop: the figure is what the bot sustains with that many
members waiting on it, not a rate we impose). One member alone does the same first: its
latency (``p50_ms_alone``) is the floor on this machine.

**Latency** is end to end, as a member feels it: from the control-API call that sends the
message or presses the button to the moment the bot's reaction is in the chat (a new message or
the edit, and the answer to the pressed button), observed through the emulator's long-polling
chat view. **updates_per_s** counts the updates of the measured window divided by its length.
**errors** adds up the emulator's refused Bot API calls, webhook answers other than 200 at the
balancer and replies that never came (``WAIT`` seconds). Per-replica counts come from each
replica's ``/metrics``.

Last line: ``{"updates_per_s", "p50_ms", "p99_ms", "errors", "updates", "users", "seconds",
"replicas", "per_replica", "lost", "refused", "http_errors", "p50_ms_alone", "p99_ms_alone"}``.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import aiohttp  # noqa: E402
from redis.asyncio import Redis  # noqa: E402

from bot.emulator import EmulatorClient  # noqa: E402
from tests.support.databases import PgTemplates, pg_admin_url, redis_test_db_url  # noqa: E402
from tests.support.e2e import E2E, BotMessage, Player  # noqa: E402
from tests.support.replicas import WebhookCluster  # noqa: E402

WAIT = 60.0  # a reply that takes longer than this is counted as lost


class Member:
    """One member under load: times each action from the send to the bot's reaction."""

    def __init__(self, player: Player, latencies: list[float], stop_at: float) -> None:
        self.player = player
        self.latencies = latencies
        self.stop_at = stop_at
        self.updates = 0

    async def _timed(self, act: Callable[[], Awaitable[BotMessage]]) -> BotMessage:
        started = time.perf_counter()
        reply = await act()
        self.latencies.append(time.perf_counter() - started)
        self.updates += 1
        return reply

    async def send(self, text: str) -> BotMessage:
        newest = (await self.player.messages())[-1:]
        after = newest[0].message_id if newest else 0
        return await self._timed(
            lambda: self.player.send(text, wait=WAIT, until=lambda m: m.message_id > after)
        )

    async def press(self, button: str) -> BotMessage:
        before = await self.player.last()
        return await self._timed(
            lambda: self.player.press(
                button,
                wait=WAIT,
                until=lambda m: (
                    (m.message_id, m.text, m.buttons)
                    != (before.message_id, before.text, before.buttons)
                ),
            )
        )

    async def live(self) -> None:
        """Onboard, then use the menu until the time is up."""
        await self.send("/start")
        await self.press("English")
        await self.send("Serbia")
        await self.send("novi sad")
        await self.press("IT")
        await self.press("Done")
        await self.press("Skip")
        await self.press("No, thanks")
        while time.monotonic() < self.stop_at:
            await self.send("/menu")
            for section in ("My profile", "Main menu", "Help", "Main menu", "Privacy"):
                await self.press(section)
                if time.monotonic() >= self.stop_at:
                    return
            await self.send("/help")


def percentile(values: list[float], share: float) -> float:
    """The value below which ``share`` of ``values`` lie, in milliseconds."""
    ordered = sorted(values)
    return round(ordered[int(share * (len(ordered) - 1))] * 1000, 1)


async def measure(cluster: WebhookCluster, users: int, seconds: float) -> dict[str, Any]:
    latencies: list[float] = []
    lost = 0
    session = aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=0))
    async with session, EmulatorClient(cluster.url, session) as client:
        world = E2E(cluster.stack(), client)
        # The floor: one member alone, the same actions, before the crowd.
        alone: list[float] = []
        lone = Member(await world.user("Alone", language="en"), alone, time.monotonic() + 10)
        await lone.live()
        print(
            f"  one member alone: {len(alone)} updates, p50 {percentile(alone, 0.5)} ms, "
            f"p99 {percentile(alone, 0.99)} ms",
            flush=True,
        )
        players = [await world.user(f"Member {n}", language="en") for n in range(users)]
        handled_before = {r.name: sum(r.updates_handled().values()) for r in cluster.replicas}
        started = time.monotonic()
        members = [Member(p, latencies, started + seconds) for p in players]

        async def progress() -> None:
            while True:
                await asyncio.sleep(5)
                done = sum(m.updates for m in members)
                elapsed = time.monotonic() - started
                print(f"  {elapsed:5.1f} s: {done} updates, {done / elapsed:.1f}/s", flush=True)

        reporter = asyncio.create_task(progress())
        outcomes = await asyncio.gather(*(m.live() for m in members), return_exceptions=True)
        elapsed = time.monotonic() - started
        reporter.cancel()
        for outcome in outcomes:
            if isinstance(outcome, AssertionError):  # a reply that never came
                lost += 1
            elif isinstance(outcome, BaseException):
                raise outcome
        await client.wait_idle(WAIT)
        handled = {
            r.name: sum(r.updates_handled().values()) - handled_before[r.name]
            for r in cluster.replicas
        }
        await world.close()
    stats = cluster.emulator_stats()
    balancer = cluster.balancer_stats()
    refused = sum(stats["errors"].values())
    http_errors = sum(n for code, n in balancer["statuses"].items() if code != "200")
    updates = sum(m.updates for m in members)
    return {
        "updates_per_s": round(updates / elapsed, 1),
        "p50_ms": percentile(latencies, 0.5) if latencies else None,
        "p99_ms": percentile(latencies, 0.99) if latencies else None,
        "errors": refused + http_errors + lost,
        "updates": updates,
        "users": users,
        "seconds": round(elapsed, 1),
        "replicas": len(cluster.replicas),
        "per_replica": handled,
        "lost": lost,
        "refused": refused,
        "http_errors": http_errors,
        "p50_ms_alone": percentile(alone, 0.5),
        "p99_ms_alone": percentile(alone, 0.99),
    }


def cpu_seconds(pid: int) -> float:
    """User + system CPU time a process used so far (Linux ``/proc``)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def cpu_by_process(cluster: WebhookCluster) -> dict[str, float]:
    """Where the CPU went: each process of the cluster, and this one (the members)."""
    named = [("emulator", cluster.emulator), ("balancer", cluster.balancer)]
    named += [(r.name, r.child) for r in cluster.replicas] + [("worker", cluster.worker)]
    used = {
        name: round(cpu_seconds(child.process.pid), 1)
        for name, child in named
        if child is not None and child.process.poll() is None
    }
    used["members (this process)"] = round(time.process_time(), 1)
    return used


async def flush(url: str) -> None:
    client = Redis.from_url(url)
    try:
        await client.flushdb()
    finally:
        await client.aclose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="fewer members, a shorter run")
    parser.add_argument("--users", type=int, help="members at once (default 200, quick 60)")
    parser.add_argument(
        "--seconds", type=float, help="how long the load lasts (default 90, quick 30)"
    )
    args = parser.parse_args()
    users = args.users or (60 if args.quick else 200)
    seconds = args.seconds or (30.0 if args.quick else 90.0)

    templates = PgTemplates(pg_admin_url())
    redis_url = redis_test_db_url()
    asyncio.run(flush(redis_url))
    database_url = asyncio.run(templates.new_database())
    folder = Path(tempfile.mkdtemp(prefix="prichal-load-"))
    cluster = WebhookCluster(folder, database_url=database_url, redis_url=redis_url)
    print(f"starting the emulator, a balancer, 2 replicas and a worker (logs in {folder})")
    try:
        started = time.monotonic()
        cluster.start()
        print(f"  ready in {time.monotonic() - started:.1f} s")
        print(f"{users} members at once for {seconds:.0f} s: onboarding, then the menu")
        cpu_before = cpu_by_process(cluster)
        figures = asyncio.run(measure(cluster, users, seconds))
        cpu_after = cpu_by_process(cluster)
        cpu = {name: round(cpu_after[name] - cpu_before[name], 1) for name in cpu_after}
        print(f"  CPU seconds used while measuring: {cpu}")
        codes = cluster.stop()
        problems = {name: lines for name, lines in cluster.errors_logged().items() if lines}
        if problems or any(codes.values()):
            print(f"  exit codes {codes}; errors logged: {problems}")
            figures["errors"] += sum(len(lines) for lines in problems.values())
    finally:
        cluster.kill()
        asyncio.run(templates.drop_all())
        asyncio.run(flush(redis_url))
    print(
        f"{figures['updates']} updates in {figures['seconds']} s: "
        f"{figures['updates_per_s']} updates/s, p50 {figures['p50_ms']} ms, "
        f"p99 {figures['p99_ms']} ms, errors {figures['errors']}; per replica "
        f"{figures['per_replica']}"
    )
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
