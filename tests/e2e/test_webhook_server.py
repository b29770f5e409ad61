"""One replica's webhook server as operators meet it: stopping it (a deploy, a scale-down)
loses nothing, and ``/healthz`` tells the truth about the database and Redis."""

from __future__ import annotations

import asyncio
import http.client
import json
import signal
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.db.engine import create_engine, create_session_factory
from bot.db.models import Member
from bot.emulator import EmulatorClient
from tests.support.databases import prepare
from tests.support.replicas import (
    WEBHOOK_SECRET,
    Replica,
    WebhookCluster,
    logged_errors,
    until,
)
from tests.support.services import PrivatePostgres, PrivateRedis, skip_or_fail

pytestmark = pytest.mark.e2e

SLOW_API_MS = 3000  # every Bot API call takes this long: the update stays in flight


async def member_exists(database_url: str, user_id: int) -> bool:
    engine = create_engine(database_url)
    try:
        async with create_session_factory(engine)() as session:
            return await session.get(Member, user_id) is not None
    finally:
        await engine.dispose()


@pytest.fixture
def one_replica(sqlite_url: str, tmp_path: Path) -> Iterator[WebhookCluster]:
    """The emulator and one replica in webhook mode (its own SQLite file, no Redis)."""
    cluster = WebhookCluster(
        tmp_path, database_url=sqlite_url, redis_url=None, replicas=1, balancer=False, worker=False
    )
    try:
        yield cluster.start()
    finally:
        cluster.kill()


async def test_an_update_in_flight_when_sigterm_arrives_is_still_answered(
    one_replica: WebhookCluster,
) -> None:
    cluster = one_replica
    replica = cluster.replicas[0]
    async with EmulatorClient(cluster.url) as tg:
        vera = await tg.create_user("Vera", user_id=710_000_001, language_code="en")
        ivan = await tg.create_user("Ivan", user_id=710_000_002, language_code="en")
        await tg.config(latency_ms=SLOW_API_MS)
        sent_before = (await tg.stats())["calls"].get("sendMessage", 0)
        await tg.send_text(vera["id"], "/start")
        # The bot is in the middle of answering Vera (its sendMessage is being served)...
        await until(
            lambda: cluster.emulator_stats()["calls"].get("sendMessage", 0) > sent_before,
            "sendMessage for Vera",
        )
        # ...when the orchestrator stops it.
        replica.child.process.send_signal(signal.SIGTERM)
        await until(lambda: "webhook server stopping" in replica.child.stderr(), "stopping")
        # Ivan writes while it stops: it takes no new connection, Telegram keeps his update.
        await tg.send_text(ivan["id"], "/start")
        assert await asyncio.to_thread(replica.child.stop, signal.SIGTERM, 90) == 0
        log = replica.child.stderr()
        assert "finishing 1 update(s) in flight" in log
        assert logged_errors(log) == []
        # It left the webhook set: other replicas (or this one, restarted) go on serving it.
        assert cluster.webhook_info()["url"] == cluster.webhook_base + "/webhook"

        # Vera's update was finished and acknowledged before the process exited.
        replies = [m["text"] for m in await tg.chat(vera["id"]) if m["from_bot"]]
        # The welcome, then the first step (two messages since issue 16).
        assert len(replies) == 2 and "Welcome to" in replies[0]
        assert "Choose your language" in replies[1]
        assert await member_exists(cluster.database_url, vera["id"])  # and it was committed

        # The replica comes back (a rolling deploy): Ivan is answered, once; nothing pending.
        await tg.config(latency_ms=0)
        restarted: Replica = await asyncio.to_thread(cluster.restart, 0)
        reply = await tg.wait_bot_message(ivan["id"], timeout=60)
        assert "Welcome to" in reply["text"]
        await until(lambda: cluster.webhook_info()["pending_update_count"] == 0, "no pending")
        assert await tg.wait_idle(30)
        assert len([m for m in await tg.chat(ivan["id"]) if m["from_bot"]]) == 2
        assert len([m for m in await tg.chat(vera["id"]) if m["from_bot"]]) == 2
        stats = await tg.stats()
        assert stats["refusals"] == []
    assert cluster.stop()[restarted.name] == 0


async def test_healthz_says_which_storage_is_down_and_recovers(tmp_path: Path) -> None:
    skip_or_fail("postgres")
    skip_or_fail("redis")
    postgres = PrivatePostgres()
    redis = PrivateRedis()
    cluster: WebhookCluster | None = None
    try:
        postgres.start()
        await prepare(postgres.url)
        redis.start()
        cluster = WebhookCluster(
            tmp_path,
            database_url=postgres.url,
            redis_url=redis.url,
            replicas=1,
            balancer=False,
            worker=False,
        )
        await asyncio.to_thread(cluster.start)  # waits for /healthz to say 200
        replica = cluster.replicas[0]
        assert replica.health() == (200, {"database": "ok", "redis": "ok"})

        redis.stop()
        status, report = replica.health()
        assert status == 503 and report["database"] == "ok" and report["redis"] != "ok"
        redis.start()
        await until(lambda: replica.health()[0] == 200, "healthy again after Redis")

        await asyncio.to_thread(postgres.stop)
        status, report = replica.health()
        assert status == 503 and report["redis"] == "ok" and report["database"] != "ok"
        await asyncio.to_thread(postgres.start)
        await until(lambda: replica.health()[0] == 200, "healthy again after PostgreSQL")
        assert replica.health() == (200, {"database": "ok", "redis": "ok"})

        assert cluster.stop()[replica.name] == 0
        assert logged_errors(replica.child.stderr()) == []
    finally:
        if cluster is not None:
            cluster.kill()
        redis.stop()
        postgres.remove()


def post_raw(replica: Replica, body: bytes, secret: bytes | None) -> int:
    """``POST /webhook`` with any bytes as the body and as the secret header."""
    connection = http.client.HTTPConnection("127.0.0.1", replica.port, timeout=30)
    try:
        connection.putrequest("POST", "/webhook")
        connection.putheader("Content-Type", "application/json")
        connection.putheader("Content-Length", str(len(body)))
        if secret is not None:
            connection.putheader("X-Telegram-Bot-Api-Secret-Token", secret)
        connection.endheaders(body)
        return connection.getresponse().status
    finally:
        connection.close()


def get_status(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return int(response.status)
    except urllib.error.HTTPError as error:
        return error.code


async def test_hostile_requests_get_401_or_400_and_log_no_error(
    one_replica: WebhookCluster,
) -> None:
    """Issue 13: a non-ASCII secret crashed the comparison (500 and a traceback), a malformed
    body with the right secret gave 500, and ``/metrics`` was public on the webhook port."""
    replica = one_replica.replicas[0]
    right = WEBHOOK_SECRET.encode()
    async with EmulatorClient(one_replica.url) as tg:
        rita = await tg.create_user("Rita", user_id=710_000_005, language_code="en")
    user = {"id": rita["id"], "is_bot": False, "first_name": "Rita", "language_code": "en"}
    chat = {"id": user["id"], "type": "private", "first_name": "Rita"}
    message = {"message_id": 1, "date": 0, "chat": chat, "from": user, "text": "/start"}
    message["entities"] = [{"type": "bot_command", "offset": 0, "length": 6}]
    update = json.dumps({"update_id": 1, "message": message}).encode()
    refusals = {
        "non-ASCII secret": post_raw(replica, update, "секрет-секрет-секрет".encode()),
        "latin-1 bytes": post_raw(replica, update, bytes(range(0xA0, 0xC0))),
        "no secret": post_raw(replica, update, None),
        "wrong secret": post_raw(replica, update, b"not-the-secret-at-all"),
        "the secret and more": post_raw(replica, update, right + "й".encode()),
    }
    assert set(refusals.values()) == {401}, refusals
    malformed = {
        "not JSON": post_raw(replica, b"{not json", right),
        "not UTF-8": post_raw(replica, b'{"update_id": "\xff\xfe"}', right),
        "a list": post_raw(replica, b"[1, 2, 3]", right),
        "a string": post_raw(replica, b'"update"', right),
        "not an update": post_raw(replica, b'{"update_id": "one"}', right),
        "empty": post_raw(replica, b"", right),
        "deeply nested": post_raw(replica, b"[" * 100_000 + b"]" * 100_000, right),
    }
    assert set(malformed.values()) == {400}, malformed
    # The webhook port serves no metrics; the metrics port (127.0.0.1 by default) does.
    assert get_status(replica.url + "/metrics") == 404
    assert get_status(replica.metrics_url) == 200
    # And the replica still serves: a real update with the secret is handled.
    assert post_raw(replica, update, right) == 200
    log = replica.child.stderr()
    assert logged_errors(log) == [], log
    assert "refused (401)" in log and "refused (400)" in log
