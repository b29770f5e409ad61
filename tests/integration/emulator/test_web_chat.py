"""The web chat: served self-contained, and usable in a real browser (Chromium via Playwright)."""

from __future__ import annotations

import json
import re
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl

import aiohttp
import pytest
from aiogram.types import (
    ChatPermissions,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    KeyboardButton,
    MenuButtonWebApp,
    ReplyKeyboardMarkup,
    WebAppInfo,
)
from aiohttp import web

from bot.emulator import EmulatorClient, EmulatorServer
from tests.integration.emulator.conftest import TOKEN, valid_init_data
from tests.integration.emulator.echo_bot import make_bot, polling
from tests.support.browser import artifact, launch_chromium


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
        # The alert never blocks the composer: typing goes through, and dismisses it.
        await page.fill("#composer", "typed while the alert shows")
        await page.wait_for_selector("#alert", state="hidden")
        await page.fill("#composer", "")
        await page.wait_for_selector(".msg.bot >> text=Liked ✅")
        await page.screenshot(path=str(tmp_path / "web-chat.png"), full_page=True)

        # A reload does not replay the old alert.
        await page.reload()
        await page.wait_for_selector(".msg.bot >> text=Liked ✅")
        await page.fill("#composer", "after the reload")
        await page.click("#send")
        await page.wait_for_selector(".msg.bot >> text=echo: after the reload")
        assert await page.is_hidden("#alert")

    transcript = await tg.chat(user_id)
    assert [m["text"] for m in transcript if not m["from_bot"]] == [
        "/start",
        hostile,
        "/menu",
        "after the reload",
    ]
    assert dialogs == []  # nothing ran alert(): no script injection
    assert (await tg.stats())["refusals"] == []


@pytest.mark.browser
async def test_a_person_in_a_group_in_the_browser(
    browser_page: Any, emulator: EmulatorServer, tg: EmulatorClient
) -> None:
    page = browser_page
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    anna = await tg.create_user("Anna", user_id=3001, language_code="en")
    boris = await tg.create_user("Boris", user_id=3002, language_code="en")
    eve = await tg.create_user("Eve", user_id=3003, language_code="en")
    group = await tg.create_group("Designers in Tbilisi", [anna["id"], boris["id"]], add_bot=False)
    gid = group["id"]
    async with polling(emulator.url) as bot:
        await page.goto(f"{emulator.url}/?user={anna['id']}&chat={gid}")
        await page.wait_for_selector(f'.chat-tab.current[data-chat="{gid}"]')
        # Anna, the owner, adds the bot and makes it an administrator.
        await page.click("#members-toggle")
        await page.click("#bot-add")
        await page.wait_for_selector(".service >> text=Anna added Prichal")
        await page.click("#bot-promote")
        await page.wait_for_selector("#group-bot >> text=the bot: admin")
        await page.click("#members-close")

        await page.fill("#composer", "hello group")
        await page.click("#send")
        await page.wait_for_selector(".msg.bot >> text=echo: hello group")
        await page.fill("#composer", "/menu")
        await page.click("#send")
        await page.click('.inline-btn[data-callback="like:1"]')
        await page.wait_for_selector("#alert:not([hidden])")
        assert await page.inner_text("#alert-text") == "Liked!"
        await page.click("#alert-ok")
        await page.wait_for_selector(".msg.bot >> text=Liked ✅")

        # Others write, join and leave; the page shows it as a Telegram client would.
        await tg.group_send(gid, boris["id"], "hi from Boris")
        await page.wait_for_selector(".msg.other .sender >> text=Boris")
        await tg.join_group(gid, eve["id"])
        await page.wait_for_selector(".service >> text=Eve joined the group")
        await tg.leave_group(gid, boris["id"])
        await page.wait_for_selector(".service >> text=Boris left the group")

        # The bot mutes Eve: her composer says so, the members panel shows it.
        await bot.restrict_chat_member(gid, eve["id"], ChatPermissions(can_send_messages=False))
        await page.goto(f"{emulator.url}/?user={eve['id']}&chat={gid}")
        # Disabled and saying why (the placeholder may come a render after the state).
        await page.wait_for_selector('#composer[disabled][placeholder*="restricted"]')
        await page.click("#members-toggle")
        badge = page.locator(f'.member[data-user-id="{eve["id"]}"] .badge')
        assert (await badge.inner_text()).startswith("restricted")
        await page.screenshot(path=str(artifact("web-chat-group.png")))

    transcript = await tg.group_chat(gid)
    annas = [m for m in transcript if m["from"]["id"] == anna["id"] and not m.get("service")]
    assert [m["text"] for m in annas] == ["hello group", "/menu"]
    assert (await tg.stats())["refusals"] == []
    assert errors == []


MINI_APP = """<!doctype html>
<html><head><meta charset="utf-8"><script src="EMULATOR/_emulator/telegram-web-app.js"></script>
<style>body { background: var(--tg-theme-bg-color); color: var(--tg-theme-text-color); }</style>
</head><body><h1 id="hello">…</h1><p id="scheme"></p>
<script>
  const app = window.Telegram.WebApp;
  app.ready();
  document.getElementById("hello").textContent = "Hello, " + app.initDataUnsafe.user.first_name;
  const scheme = () => { document.getElementById("scheme").textContent = app.colorScheme; };
  scheme();
  app.onEvent("themeChanged", scheme);
  app.MainButton.setText(app.initDataUnsafe.query_id ? "Book" : "Send").show().onClick(async () => {
    if (app.initDataUnsafe.query_id) {
      await fetch("/verify", { method: "POST", body: app.initData });
      app.close();
    } else {
      app.sendData(JSON.stringify({ city: "Tbilisi" }));
    }
  });
</script></body></html>"""


@pytest.fixture
async def mini_app(emulator: EmulatorServer) -> AsyncIterator[tuple[str, list[str]]]:
    """A Mini App on this machine (plain HTTP is allowed for loopback), and what it posted."""
    received: list[str] = []

    async def page(request: web.Request) -> web.Response:
        return web.Response(
            text=MINI_APP.replace("EMULATOR", emulator.url), content_type="text/html"
        )

    async def verify(request: web.Request) -> web.Response:
        received.append(await request.text())
        return web.Response(text="ok")

    app = web.Application()
    app.add_routes([web.get("/app", page), web.post("/verify", verify)])
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", 0).start()
    try:
        yield f"http://127.0.0.1:{runner.addresses[0][1]}/app", received
    finally:
        await runner.cleanup()


@pytest.mark.browser
async def test_a_mini_app_opens_beside_the_chat(
    emulator: EmulatorServer, tg: EmulatorClient, mini_app: tuple[str, list[str]]
) -> None:
    url, received = mini_app
    anna = await tg.create_user("Anna", user_id=3001, language_code="en")
    bot = make_bot(emulator.url)
    try:
        await bot.send_message(
            anna["id"],
            "Book a consultation",
            reply_markup=InlineKeyboardMarkup(
                inline_keyboard=[[InlineKeyboardButton(text="Book", web_app=WebAppInfo(url=url))]]
            ),
        )
        await bot.set_chat_menu_button(
            chat_id=anna["id"],
            menu_button=MenuButtonWebApp(text="Catalog", web_app=WebAppInfo(url=url)),
        )
        errors: list[str] = []
        async for browser in launch_chromium():
            page = await browser.new_page(
                viewport={"width": 1300, "height": 760}, color_scheme="light"
            )
            page.on("pageerror", lambda error: errors.append(str(error)))
            await page.goto(f"{emulator.url}/?user={anna['id']}")
            await page.click(".inline-btn[data-web-app]")
            frame = page.frame_locator("#webapp-frame")
            await frame.locator("#hello >> text=Hello, Anna").wait_for()
            assert await frame.locator("#scheme").inner_text() == "light"
            box = await page.locator("#webapp-frame").bounding_box()
            assert box is not None and 360 <= box["width"] <= 400  # a phone's width
            await page.wait_for_selector("#webapp-main:not([hidden]) >> text=Book")
            await page.click("#webapp-theme")
            await frame.locator("#scheme >> text=dark").wait_for()
            await page.screenshot(path=str(artifact("web-chat-mini-app.png")))
            await page.click("#webapp-main")  # the app posts its initData home, then closes
            await page.wait_for_selector("#webapp", state="hidden")

            # The menu button opens it too; from a keyboard button it answers with sendData.
            await page.click("#menu-app >> text=Catalog")
            await frame.locator("#hello >> text=Hello, Anna").wait_for()
            await page.click("#webapp-close")
            await bot.send_message(
                anna["id"],
                "Your city?",
                reply_markup=ReplyKeyboardMarkup(
                    keyboard=[[KeyboardButton(text="Choose the city", web_app=WebAppInfo(url=url))]]
                ),
            )
            await page.click(".reply-btn[data-web-app]")
            await page.wait_for_selector("#webapp-main:not([hidden]) >> text=Send")
            await page.click("#webapp-main")
            await page.wait_for_selector("#webapp", state="hidden")
            await page.wait_for_selector(".service >> text=Choose the city")
            assert errors == []
        updates = await bot.get_updates()
    finally:
        await bot.session.close()

    [init_data] = received
    assert valid_init_data(init_data, TOKEN)  # what the Mini App got is signed with the token
    assert json.loads(dict(parse_qsl(init_data))["user"])["id"] == anna["id"]
    [sent] = [u.message for u in updates if u.message and u.message.web_app_data]
    assert sent.web_app_data is not None
    assert json.loads(sent.web_app_data.data) == {"city": "Tbilisi"}
    assert sent.web_app_data.button_text == "Choose the city"
