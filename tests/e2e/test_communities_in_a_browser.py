"""Issue 16: a newcomer in the demo's web chat, in Chromium at a phone's width, opens
Communities and sees several groups on ONE screen — a button each — then opens one.

The screenshots are kept under ``artifacts/`` (gitignored) for a person to look at.
"""

from __future__ import annotations

import re
import signal
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest

from bot.content.demo_personas import NEWCOMER_RU
from tests.e2e.demo_process import logged_problems, start_demo
from tests.support.browser import artifact, launch_chromium, press_until, require_chromium
from tests.support.processes import Child, free_port

pytestmark = [pytest.mark.e2e, pytest.mark.browser]

PHONE = {"width": 390, "height": 844}
# Generous: the demo runs the emulator, the bot and its worker on a shared machine.
WAIT_MS = 45_000
# A group's button in the list: its number, then its short title ("1. Демо · IT в Тбилиси").
GROUP_BUTTON = re.compile(r"^\s*\d+\.\s")


@pytest.fixture
def demo(tmp_path: Path) -> Any:
    require_chromium()  # skip before paying for a demo start
    child, url = start_demo(tmp_path, "--port", str(free_port()), "--data-dir", str(tmp_path))
    yield child, url
    assert child.stop(signal.SIGINT) == 0, child.output()
    assert logged_problems(child.stderr()) == []


@pytest.fixture
async def browser() -> AsyncIterator[Any]:
    async for launched in launch_chromium():
        yield launched


async def choose(page: Any, button: str | re.Pattern[str], then: str) -> None:
    """Click ``button`` under the bot's newest message; wait until ``then`` is on screen."""
    newest = page.locator(".msg.bot").last
    await press_until(
        page,
        newest.locator(".inline-btn", has_text=button).first,
        page.locator(".msg.bot").last.get_by_text(then).first,
    )


async def test_a_newcomer_sees_several_communities_on_one_screen_and_opens_one(
    demo: tuple[Child, str], browser: Any
) -> None:
    _, url = demo
    context = await browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    page = await context.new_page()
    page.set_default_timeout(WAIT_MS)
    await page.goto(f"{url}?user={NEWCOMER_RU.user_id}")

    # An IT newcomer in Tbilisi, the example, set up by clicking.
    await page.click("#start")
    await page.locator(".msg.bot").get_by_text("Выберите язык").wait_for()
    await choose(page, "Русский", "В какой стране")
    await choose(page, "Грузия", "В каком городе")
    await choose(page, "Тбилиси", "Чем вы занимаетесь")
    await choose(page, re.compile(r"(^|\s)IT$"), "✅")
    await choose(page, "Готово", "Что вам нужно")
    await choose(page, "Пропустить", "Новости и события")
    await choose(page, "Да, присылайте", "Готово!")

    await page.fill("#composer", "/communities")
    await page.press("#composer", "Enter")
    # The list: found by what it says, not by its position in the chat.
    listing = page.locator(".msg.bot", has_text="Нажмите на группу").last
    await listing.wait_for()
    buttons = listing.locator(".inline-btn", has_text=GROUP_BUTTON)
    await buttons.nth(2).wait_for()
    labels = [label.strip() for label in await buttons.all_inner_texts()]
    assert 3 <= len(labels) <= 5, labels
    # The Tbilisi IT chat first, for an IT newcomer in Tbilisi.
    assert labels[0] == "1. Демо · IT в Тбилиси", labels
    assert not any("Батуми" in label for label in labels), labels  # one press away, not here
    # Several group buttons visible at once, on a phone's screen, in this one message.
    for index in range(3):
        assert await buttons.nth(index).is_visible()
    more = listing.locator(".inline-btn", has_text="Ещё в стране: Грузия")
    assert await more.count() == 1
    await page.screenshot(path=str(artifact("communities-list-phone.png")))

    card = page.locator(".msg.bot", has_text="Проверено модератором").last
    await press_until(page, buttons.first, card)
    assert "Демо · IT в Тбилиси" in await card.inner_text()
    assert await card.locator(".inline-btn", has_text="Открыть группу").count() == 1
    await page.screenshot(path=str(artifact("communities-card-phone.png")))

    # And back to the same list.
    # The eleventh update of the story, a second or so after the first: the one the demo's flood
    # control stopped when the bot answered fast (press_until presses again, as a person would).
    listing = page.locator(".msg.bot", has_text="Нажмите на группу").last
    relisted = listing.locator(".inline-btn", has_text="1. Демо · IT в Тбилиси")
    await press_until(page, card.locator(".inline-btn", has_text="К списку"), relisted)
    await context.close()
