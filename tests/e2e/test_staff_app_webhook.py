"""The webhook server serves the staff app under /app: its page, and its API behind initData."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from bot.emulator import EmulatorClient
from tests.support.replicas import WebhookCluster, logged_errors

pytestmark = [pytest.mark.e2e]


@pytest.fixture
def one_replica(sqlite_url: str, tmp_path: Path) -> Iterator[WebhookCluster]:
    cluster = WebhookCluster(
        tmp_path, database_url=sqlite_url, redis_url=None, replicas=1, balancer=False, worker=False
    )
    try:
        yield cluster.start()
    finally:
        cluster.kill()


def get(url: str, init_data: str | None = None) -> tuple[int, Any]:
    request = urllib.request.Request(url)
    if init_data is not None:
        request.add_header("Authorization", f"tma {init_data}")
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            body = response.read()
            status = int(response.status)
    except urllib.error.HTTPError as error:
        body, status = error.read(), error.code
    try:
        return status, json.loads(body)
    except ValueError:
        return status, body.decode("utf-8", "replace")


async def test_the_webhook_server_serves_the_staff_app(one_replica: WebhookCluster) -> None:
    replica = one_replica.replicas[0]
    app = replica.url + "/app"
    status, page = get(app + "/")
    assert status == 200 and "static/app.js" in page
    assert get(app + "/static/app.js")[0] == 200
    assert get(app + "/api/me")[0] == 401
    assert get(app + "/api/me", "user=%7B%7D&auth_date=1&hash=00")[0] == 401
    async with EmulatorClient(one_replica.url) as tg:
        rita = await tg.create_user("Rita", user_id=710_000_018, language_code="en")
        launch = await tg.open_web_app(rita["id"], app + "/")
    # Genuine initData, signed with the replica's token by the emulator: Rita is no staff.
    status, body = get(app + "/api/me", launch["init_data"])
    assert status == 403 and body["error"] == "forbidden"
    assert one_replica.stop()[replica.name] == 0
    assert logged_errors(replica.child.stderr()) == []
