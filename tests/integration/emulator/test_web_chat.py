"""The web chat: served self-contained, and usable in a real browser (Chromium via Playwright)."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import aiohttp
import pytest

from bot.emulator import EmulatorClient, EmulatorServer
from tests.integration.emulator.echo_bot import polling
from tests.support.browser import launch_chromium


async def test_page_is_self_contained(
    http: aiohttp.ClientSession, emulator: EmulatorServer
) -> None:
    async with http.get(emulator.url + "/") as resp:
        assert resp.status == 200
        assert resp.content_type == "text/html"
        page = await resp.text()
    for needle in ('id="composer"', 'id="send"', 'id="messages"', "/web/chat.js"):
        assert needle in page
    # Nothing from elsewhere: no CDN, no remote fonts.
    assert not re.search(r"""(src|href)=["']https?://""", page)
    async with http.get(emulator.url + "/web/chat.js") as resp:
        script = await resp.text()
    assert resp.content_type == "application/javascript"
    assert "innerHTML" not in script  # the bot's text becomes DOM nodes, never markup
    async with http.get(emulator.url + "/web/../server.py") as resp:
        assert resp.status == 404


@pytest.fixture
async def browser_page() -> AsyncIterator[Any]:
    async for browser in launch_chromium():
        yield await browser.new_page(viewport={"width": 1000, "height": 760})


@pytest.mark.browser
async def test_person_chats_with_a_bot_in_the_browser(
    browser_page: Any, emulator: EmulatorServer, tg: EmulatorClient, tmp_path: Path
) -> None:
    page = browser_page
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: dialogs.append(dialog.message))
    async with polling(emulator.url) as bot:
        await bot.set_my_commands([{"command": "menu", "description": "Show the menu"}])  # type: ignore[list-item]
        await page.goto(emulator.url + "/")
        await page.fill("#new-user-name", "Nina")
        await page.select_option("#new-user-lang", "en")
        await page.click("#create-user")
        await page.wait_for_url(re.compile(r"[?&]user=\d+"))
        user_id = int(page.url.rsplit("user=", 1)[1].split("&")[0])
        assert (await tg.chat(user_id)) == []

        await page.click("#start")
        await page.wait_for_selector(".msg.bot >> text=echo: /start")

        # Hostile text comes back from the bot as text, never as markup.
        hostile = '<img src=x onerror="alert(1)"> <b>not bold</b>'
        await page.fill("#composer", hostile)
        await page.click("#send")
        reply = page.locator(".msg.bot").last
        await reply.locator("text=not bold").wait_for()
        assert await reply.locator("img").count() == 0
        assert await reply.locator("b").count() == 0
        assert (await reply.locator("strong").inner_text()).strip() == "echo:"
        assert hostile in await reply.inner_text()

        # Commands from setMyCommands, then an inline keyboard, a callback alert and an edit.
        await page.click("#menu")
        await page.click('#commands .command[data-command="/menu"]')
        await page.click('.inline-btn[data-callback="like:1"]')
        await page.wait_for_selector("#alert:not([hidden])")
        assert await page.inner_text("#alert-text") == "Liked!"
        await page.click("#alert-ok")
        await page.wait_for_selector(".msg.bot >> text=Liked ✅")
        await page.screenshot(path=str(tmp_path / "web-chat.png"), full_page=True)

    transcript = await tg.chat(user_id)
    assert [m["text"] for m in transcript if not m["from_bot"]] == ["/start", hostile, "/menu"]
    assert dialogs == []  # nothing ran alert(): no script injection
    assert (await tg.stats())["refusals"] == []
