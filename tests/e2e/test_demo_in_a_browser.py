"""A person opens the demo's web chat in Chromium and does everything by clicking.

The screenshots are kept under ``artifacts/`` (gitignored) for a person to look at.
"""

from __future__ import annotations

import re
import signal
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest

from bot.content.demo_personas import MODERATOR, NEWCOMER_RU
from tests.e2e.demo_process import logged_problems, start_demo
from tests.support.browser import artifact, launch_chromium, require_chromium, start_chat
from tests.support.processes import Child, free_port

pytestmark = [pytest.mark.e2e, pytest.mark.browser]


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


async def choose(page: Any, button: str, then: str) -> None:
    """Click ``button`` under the bot's newest message; wait until ``then`` is on screen."""
    newest = page.locator(".msg.bot").last
    await newest.locator(".inline-btn", has_text=button).first.click()
    await page.locator(".msg.bot").last.get_by_text(then).first.wait_for()


async def test_a_newcomer_completes_onboarding_by_clicking(
    demo: tuple[Child, str], browser: Any
) -> None:
    _, url = demo
    context = await browser.new_context(viewport={"width": 1100, "height": 800})
    page = await context.new_page()
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: dialogs.append(dialog.message))

    await page.goto(url)
    await page.get_by_text("Who are you today?").wait_for()
    persona = page.locator("#user-list a.person", has_text=NEWCOMER_RU.first_name)
    assert "demo newcomer" in await persona.inner_text()
    await persona.click()
    await page.wait_for_url(re.compile(rf"[?&]user={NEWCOMER_RU.user_id}"))

    await page.click("#start")
    await page.locator(".msg.bot").get_by_text("Выберите язык").wait_for()
    await choose(page, "Русский", "В какой стране")
    await choose(page, "Грузия", "В каком городе")
    await choose(page, "Тбилиси", "Чем вы занимаетесь")
    await choose(page, "Дизайн", "✅")
    await choose(page, "Готово", "Что вам нужно")
    await choose(page, "Пропустить", "Новости и события")
    await choose(page, "Да, присылайте", "Готово!")

    summary = page.locator(".msg.bot").last
    text = await summary.inner_text()
    assert "Грузия" in text and "Тбилиси" in text and "Дизайн" in text
    assert (await summary.locator("strong").first.inner_text()) == "Готово!"  # an entity, drawn
    assert await summary.locator(".inline-btn", has_text="Мой профиль").count() == 1
    await page.screenshot(path=str(artifact("demo-onboarding.png")), full_page=True)

    # A second tab is somebody else: the moderator, who has the role already.
    moderator = await context.new_page()
    await moderator.goto(f"{url}?user={MODERATOR.user_id}")
    await start_chat(moderator)
    await moderator.locator(".msg.bot").get_by_text("С возвращением").wait_for()
    await moderator.fill("#composer", "/help")
    await moderator.press("#composer", "Enter")
    await moderator.locator(".msg.bot").last.get_by_text("/mod").first.wait_for()
    assert "demo moderator · GE" in await moderator.inner_text("#status")
    await moderator.screenshot(path=str(artifact("demo-moderator-tab.png")))

    # And anybody can join: a person of one's own, with a name and a language.
    newcomer = await context.new_page()
    await newcomer.goto(url)
    await newcomer.fill("#new-user-name", "Marta")
    await newcomer.select_option("#new-user-lang", "en")
    await newcomer.click("#create-user")
    await newcomer.wait_for_url(re.compile(r"[?&]user=\d+"))
    await newcomer.click("#start")
    await newcomer.locator(".msg.bot").get_by_text("Welcome to").wait_for()

    # The first tab is still the newcomer, and nothing ran a script the bot sent.
    assert NEWCOMER_RU.first_name in await page.inner_text("#status")
    assert dialogs == []
    await context.close()
