"""``python -m bot demo``: one command and no setup; Ctrl-C or SIGTERM stops all of it."""

from __future__ import annotations

import re
import signal
import socket
import tempfile
from pathlib import Path
from typing import Any

import aiohttp
import pytest
from sqlalchemy import select

from bot.content.demo_personas import ADMIN, MODERATOR, NEWCOMER_RU, ORGANISER, PERSONAS
from bot.db.models import RoleGrant
from bot.demo.runner import DemoOptions, run_demo
from bot.emulator import EmulatorClient
from tests.e2e.demo_process import children_of, logged_problems, start_demo
from tests.support.e2e import E2E, Player, Stack
from tests.support.processes import clean_env, free_port, is_listening

pytestmark = pytest.mark.e2e


async def people(client: EmulatorClient) -> dict[int, dict[str, Any]]:
    """The emulator's users by id, with the notes the web chat lists."""
    async with aiohttp.ClientSession() as http, http.get(f"{client.base_url}/_emulator/users") as r:
        return {user["id"]: user for user in (await r.json())["users"]}


async def test_the_demo_needs_no_setup_and_stops_cleanly_on_ctrl_c(tmp_path: Path) -> None:
    port = free_port()
    data = tmp_path / "data"
    demo, url = start_demo(tmp_path, "--port", str(port), "--data-dir", str(data))
    try:
        assert url == f"http://127.0.0.1:{port}/"
        banner = "\n".join(demo.lines)
        for persona in PERSONAS:
            assert f"{url}?user={persona.user_id}" in banner
        # The bot and its worker run inside the demo: there is no process to leave behind.
        assert children_of(demo.process.pid) == []

        async with aiohttp.ClientSession() as http, http.get(url) as page:
            assert page.status == 200 and page.content_type == "text/html"
            assert 'id="composer"' in await page.text()

        async with EmulatorClient(url) as client:
            listed = await people(client)
            assert {i: u["note"] for i, u in listed.items()} == {
                p.user_id: p.note for p in PERSONAS
            }
            assert listed[MODERATOR.user_id]["note"] == "demo moderator · GE"
            database_url = f"sqlite+aiosqlite:///{data / 'prichal.db'}"
            world = E2E(Stack(url, database_url, ADMIN.user_id, demo.log), client)
            try:
                anna = Player(world, listed[NEWCOMER_RU.user_id])
                reply = await anna.send("/start", until="Выберите язык")
                assert "Выберите язык" in reply.text
                reply = await anna.press("Русский")
                assert "В какой стране" in reply.text

                nino = Player(world, listed[MODERATOR.user_id])
                reply = await nino.send("/help")
                assert "Модератор" in reply.text and "/mod" in reply.text
                david = Player(world, listed[ORGANISER.user_id])
                reply = await david.send("/help")
                assert "Organiser" in reply.text
                admin = Player(world, listed[ADMIN.user_id])
                staff = await admin.send("/staff")
                assert f"{MODERATOR.user_id} — moderator · Georgia" in staff.text
                assert f"{ORGANISER.user_id} — organiser · Georgia" in staff.text

                async with world.session() as session:
                    grants = set(
                        (await session.execute(select(RoleGrant.member_id, RoleGrant.scope))).all()
                    )
                assert grants == {(MODERATOR.user_id, "GE"), (ORGANISER.user_id, "GE")}
            finally:
                await world.close()
            assert (await client.stats())["refusals"] == []

        assert demo.stop(signal.SIGINT) == 0, demo.output()
        assert demo.rest_of_stdout()[-1] == "Prichal demo stopped."
        assert not is_listening("127.0.0.1", port)
        assert (data / "prichal.db").exists()  # --data-dir is kept
        assert logged_problems(demo.stderr()) == []
    finally:
        demo.kill()


async def test_sigterm_stops_the_demo_and_removes_its_temporary_folder(tmp_path: Path) -> None:
    port = free_port()
    # Whatever the environment says, the demo uses its own emulator, token and database.
    env = clean_env(
        TMPDIR=str(tmp_path),
        BOT_TOKEN="not-a-token",
        TELEGRAM_API_URL="https://api.telegram.org",
        DATABASE_URL="mysql://root@db.invalid/prichal",
        ADMIN_IDS="1",
    )
    demo, url = start_demo(tmp_path, "--port", str(port), env=env)
    try:
        banner = "\n".join(demo.lines)
        found = re.search(r"Database:\s+(\S+) \(a temporary folder, removed on exit\)", banner)
        assert found, banner
        database = Path(found.group(1))
        assert database.is_relative_to(tmp_path)
        assert database.exists()  # noqa: ASYNC240 - a test's own check, nothing else waits

        async with EmulatorClient(url) as client:
            tom = await client.create_user("Tom", language_code="en")
            await client.send_text(tom["id"], "/start")
            reply = await client.wait_bot_message(tom["id"], timeout=30)
            assert "Welcome to" in reply["text"]

        assert demo.stop(signal.SIGTERM) == 0, demo.output()
        assert not is_listening("127.0.0.1", port)
        assert not database.parent.exists()
        assert logged_problems(demo.stderr()) == []
    finally:
        demo.kill()


def test_a_port_in_use_is_one_clear_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        code = run_demo(DemoOptions(port=port))
    assert code == 1
    line = capsys.readouterr().err.strip()
    assert line.startswith(f"error: cannot listen on 127.0.0.1:{port}") and "--port" in line
    assert list(tmp_path.glob("prichal-demo-*")) == []  # its temporary folder went too
