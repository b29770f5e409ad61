"""Headless Chromium (Debian's ``/usr/bin/chromium``) through Playwright, for web chat tests.

Skips with the reason where Chromium or Playwright is missing — except under ``CI=true``, where
``.ci/run`` installs Chromium and a missing one is a failure.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest

from tests.support.processes import ROOT

CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
# Screenshots worth keeping (gitignored): what the browser tests saw, for a person to look at.
ARTIFACTS = ROOT / "artifacts"


def require_chromium() -> Any:
    """Playwright's async API, once Chromium is known to be there (else skip or fail)."""
    if not Path(CHROMIUM).exists():
        if os.environ.get("CI") == "true":
            pytest.fail(f"Chromium is required under CI but {CHROMIUM} does not exist")
        pytest.skip(f"no Chromium at {CHROMIUM} (apt-get install chromium)")
    if os.environ.get("CI") == "true":
        from playwright import async_api

        return async_api
    return pytest.importorskip("playwright.async_api")


async def launch_chromium() -> AsyncIterator[Any]:
    """A headless Chromium browser, closed afterwards; skips (or fails under CI) without it."""
    playwright_api = require_chromium()
    async with playwright_api.async_playwright() as playwright:
        browser = await playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        try:
            yield browser
        finally:
            await browser.close()


def artifact(name: str) -> Path:
    """Where to keep a screenshot called ``name``."""
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS / name


async def start_chat(page: Any) -> None:
    """Send ``/start`` as the chat's Start button does, typed into the composer: a staff
    persona may already have a message from the bot (a queue notice at the demo's start),
    and then the web chat, like Telegram, shows no Start button."""
    await page.fill("#composer", "/start")
    await page.press("#composer", "Enter")


# The demo's flood control notice (locales/ru/common.ftl, ``throttled``), shown as a toast.
SLOW_DOWN_RU = "Слишком быстро"


async def press_until(page: Any, button: Any, shown: Any, *, slow_down: str = SLOW_DOWN_RU) -> None:
    """Click ``button`` (a locator) until ``shown`` (a locator) is on screen.

    The demo's flood control lets 8 updates through at once, then 3 a second. A test clicks as
    soon as the bot answered, so a story of a dozen presses can run into it in a second, and the
    press is dropped with a "slow down" notice (a toast in the web chat). Told to slow down, the
    test does what a person would: it waits until the notice is gone, then presses again.
    """
    notice = page.locator("#toast", has_text=slow_down)
    for _ in range(3):
        await button.click()
        await shown.or_(notice).first.wait_for()
        if not await notice.is_visible():
            return
        await notice.wait_for(state="hidden")  # the bucket has refilled by then (3.5 s)
    await shown.wait_for()
