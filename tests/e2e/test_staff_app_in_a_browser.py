"""A moderator opens the staff app from the demo's web chat (the emulator's Mini App panel, at
a phone's width) in Chromium, approves an item and confirms a knowledge-base entry there, then
sees both in the chat: the author is told, the queue is empty, the answer says "confirmed"."""

from __future__ import annotations

import re
import signal
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
from babel.dates import format_date

from bot.content.demo_personas import MODERATOR, ORGANISER
from bot.db.types import utcnow
from tests.e2e.demo_process import logged_problems, start_demo
from tests.support.browser import artifact, launch_chromium, require_chromium, start_chat
from tests.support.processes import Child, free_port

pytestmark = [pytest.mark.e2e, pytest.mark.browser]

PENDING_EVENT = "Вечер настольных игр"  # the demo's event waiting for a moderator
WAIT = 30_000  # ms: generous, the machine is shared


@pytest.fixture
def demo(tmp_path: Path) -> Any:
    require_chromium()
    child, url = start_demo(tmp_path, "--port", str(free_port()), "--data-dir", str(tmp_path))
    yield child, url
    assert child.stop(signal.SIGINT) == 0, child.output()
    assert logged_problems(child.stderr()) == []


@pytest.fixture
async def browser() -> AsyncIterator[Any]:
    async for launched in launch_chromium():
        yield launched


async def _say(page: Any, text: str) -> None:
    await page.fill("#composer", text)
    await page.press("#composer", "Enter")


async def test_a_moderator_works_the_queue_and_the_knowledge_base_in_the_app(
    demo: tuple[Child, str], browser: Any
) -> None:
    child, url = demo
    assert re.search(r"Staff app: http://\S+/app/", child.output())
    context = await browser.new_context(viewport={"width": 1280, "height": 900}, locale="ru-RU")
    page = await context.new_page()
    page.set_default_timeout(WAIT)
    await page.goto(f"{url}?user={MODERATOR.user_id}")
    await start_chat(page)
    await page.locator(".msg.bot").get_by_text("С возвращением").wait_for()

    # The menu's staff entry opens the app beside the chat.
    await _say(page, "/menu")
    staff = page.locator(".msg.bot").last.locator(".inline-btn", has_text="Приложение команды")
    await staff.click()
    await page.locator("#webapp").wait_for(state="visible")
    frame_box = await page.locator("#webapp-frame").bounding_box()
    assert frame_box is not None and frame_box["width"] <= 420  # a phone's width
    app = page.frame_locator("#webapp-frame")

    # Telegram's theme: light at first, dark when the client switches (theme_changed).
    background = "el => getComputedStyle(el).backgroundColor"
    await app.locator("#tab-queue").wait_for()
    assert await app.locator("body").evaluate(background) == "rgb(244, 244, 245)"
    await page.click("#webapp-theme")
    frame = page.frame(url=re.compile(r"/app/"))
    assert frame is not None
    await frame.wait_for_function(
        "() => getComputedStyle(document.body).backgroundColor === 'rgb(15, 15, 15)'"
    )

    # The queue: the pending event, as members will see it; approve.
    card = app.locator(".queue-item", has_text=PENDING_EVENT)
    await card.wait_for()
    await app.locator("#tab-queue[aria-selected='true']").wait_for()
    await card.locator("button.approve").click()
    await app.locator("#queue-empty").wait_for()
    await page.screenshot(path=str(artifact("staff-app-queue.png")))

    # The knowledge base: the coverage heat-map, Georgia's bank-account cell, its entry.
    await app.locator("#tab-kb").click()
    await app.locator("#kb-map").click()
    await app.locator("button.cell[aria-label^='GE bank-account']").click()
    await app.locator(".kb-entry").first.click()
    await app.locator(".source").first.wait_for()  # sources and their notes beside the text
    await app.locator("#confirm-entry").click()
    await app.locator("#toast", has_text="Подтверждено").wait_for()
    await page.screenshot(path=str(artifact("staff-app-kb.png")))

    # Back in the chat: the queue is empty...
    await _say(page, "/mod")
    await page.locator(".msg.bot").last.get_by_text("Ждут проверки: 0").wait_for()
    # ... and the answer members read says a moderator confirmed it today.
    today = format_date(utcnow().date(), format="long", locale="ru")
    await _say(page, "/menu")
    await page.locator(".msg.bot").last.locator(".inline-btn", has_text="Документы и банки").click()
    await page.locator(".msg.bot").last.locator(".inline-btn", has_text="Банковский счёт").click()
    await page.locator(".msg.bot").last.get_by_text(f"Подтверждено модератором {today}").wait_for()

    # The organiser who proposed the event heard it was approved, in the chat (in English,
    # David's language).
    organiser = await context.new_page()
    organiser.set_default_timeout(WAIT)
    await organiser.goto(f"{url}?user={ORGANISER.user_id}")
    await (
        organiser.locator(".msg.bot", has_text=PENDING_EVENT).get_by_text("was approved").wait_for()
    )
    await page.screenshot(path=str(artifact("staff-app-chat.png")), full_page=True)
    await context.close()
