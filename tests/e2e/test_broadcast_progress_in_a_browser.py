"""An organiser watches their broadcast go out, in the demo's web chat at phone width.

David (the demo's organiser for Georgia) composes an announcement by typing and tapping; the
admin approves it in the queue (through the emulator's control API, as a second person); then
David's one status message edits itself with the live numbers until it is the final report,
which also arrives as a new message. The demo's Georgia gets an audience of opted-in members
first (people of the emulator and members of the demo's database), enough for the sending to
take several seconds at the bot's pace, so at least one live edit shows before the report.
"""

from __future__ import annotations

import asyncio
import re
import signal
import time
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest

from bot.content.demo_personas import ADMIN, DEMO_ID_BASE, ORGANISER
from bot.db.engine import create_engine, create_session_factory
from bot.db.models import Member
from bot.db.types import utcnow
from bot.emulator import EmulatorClient
from tests.e2e.demo_process import logged_problems, start_demo
from tests.support.browser import artifact, launch_chromium, require_chromium
from tests.support.processes import Child, free_port

pytestmark = [pytest.mark.e2e, pytest.mark.browser]

AUDIENCE = 240  # about 9 s at the bot's pace: a few of the status message's edits
FIRST_MEMBER = DEMO_ID_BASE + 5000  # above 2**52, as the demo's own people
PHONE = {"width": 390, "height": 844}
WAIT = 60.0  # the machine is shared: generous bounds, never tight timings
WAIT_MS = WAIT * 1000
TEXT = "Picnic in Vake park on Saturday at noon"
LIVE = re.compile(r"Sent: (\d+) of (\d+)")


@pytest.fixture
def demo(tmp_path: Path) -> Any:
    require_chromium()  # skip before paying for a demo start
    child, url = start_demo(tmp_path, "--port", str(free_port()), "--data-dir", str(tmp_path))
    yield child, url, tmp_path
    assert child.stop(signal.SIGINT) == 0, child.output()
    assert logged_problems(child.stderr()) == []


@pytest.fixture
async def browser() -> AsyncIterator[Any]:
    async for launched in launch_chromium():
        yield launched


async def an_audience_in_georgia(api: EmulatorClient, folder: Path) -> None:
    """People the emulator knows, who are members of the demo's database, opted in."""
    for index in range(AUDIENCE):
        await api.create_user(f"Member {index}", user_id=FIRST_MEMBER + index, language_code="en")
    engine = create_engine(f"sqlite+aiosqlite:///{folder / 'prichal.db'}")
    try:
        sessions = create_session_factory(engine)
        async with sessions() as session, session.begin():
            for index in range(AUDIENCE):
                session.add(
                    Member(
                        id=FIRST_MEMBER + index,
                        locale="en",
                        country="GE",
                        city="Tbilisi",
                        broadcasts_opt_in=True,
                        onboarded_at=utcnow(),
                    )
                )
    finally:
        await engine.dispose()


async def press_newest(api: EmulatorClient, user_id: int, label: str) -> None:
    """Press ``label`` on the newest bot message that has it, once it is there."""
    deadline = time.monotonic() + WAIT
    while time.monotonic() < deadline:
        for message in reversed(await api.chat(user_id)):
            rows = (message.get("reply_markup") or {}).get("inline_keyboard", [])
            if message["from_bot"] and any(label in b["text"] for row in rows for b in row):
                await api.press(user_id, message["message_id"], text=label)
                return
        await asyncio.sleep(0.3)
    raise AssertionError(f"no {label!r} button came to {user_id} in {WAIT:.0f} s")


def _labels(message: Any) -> list[str]:
    rows = (message.get("reply_markup") or {}).get("inline_keyboard", [])
    return [button["text"] for row in rows for button in row]


async def approve_the_announcement(api: EmulatorClient) -> None:
    """In the admin's queue (the demo's own items come first): Next until the announcement's
    card, then Approve."""
    deadline = time.monotonic() + WAIT
    passed: set[str] = set()
    while time.monotonic() < deadline:
        chat = await api.chat(ADMIN.user_id)
        cards = [m for m in chat if m["from_bot"] and any("Approve" in b for b in _labels(m))]
        if cards:
            card = cards[-1]
            if "broadcast" in card["text"].lower():
                await api.press(ADMIN.user_id, card["message_id"], text="Approve")
                return
            seen = f"{card['message_id']}:{card['text']}"
            if seen not in passed:
                passed.add(seen)
                await api.press(ADMIN.user_id, card["message_id"], text="Next")
        await asyncio.sleep(0.3)
    raise AssertionError(f"the announcement never came up in the queue in {WAIT:.0f} s")


async def tap(page: Any, button: str, then: str) -> None:
    """Tap ``button`` under the bot's newest message that has it; wait for ``then``."""
    await page.locator(".msg.bot .inline-btn", has_text=button).last.click()
    await page.locator(".msg.bot", has_text=then).last.wait_for(timeout=WAIT_MS)


async def say(page: Any, text: str, then: str) -> None:
    await page.fill("#composer", text)
    await page.press("#composer", "Enter")
    await page.locator(".msg.bot", has_text=then).last.wait_for(timeout=WAIT_MS)


async def test_an_organiser_watches_the_status_message_progress_to_the_final_report(
    demo: tuple[Child, str, Path], browser: Any
) -> None:
    _, url, folder = demo
    async with EmulatorClient(url.rstrip("/")) as api:
        await an_audience_in_georgia(api, folder)

        context = await browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
        page = await context.new_page()
        await page.goto(f"{url}?user={ORGANISER.user_id}")
        await page.click("#start")
        await page.locator(".msg.bot").first.wait_for(timeout=WAIT_MS)

        await say(page, "/broadcast", "New broadcast")
        await say(page, TEXT, "link button")
        await tap(page, "Skip", "Who receives it")
        audience = await page.locator(".msg.bot", has_text="Who receives it").last.inner_text()
        assert "Countries: Georgia" in audience
        counted = re.search(r"Recipients now: (\d+)", audience)
        assert counted is not None and int(counted.group(1)) >= AUDIENCE  # the demo's own too
        await tap(page, "Preview", "This is how members will see it")
        preview = page.locator(".msg.bot", has_text=TEXT).last
        assert "Organisers of the Georgia community" in await preview.inner_text()
        await tap(page, "Submit for review", "Submitted")

        # The admin approves it in the queue, in a chat of their own.
        await api.send_text(ADMIN.user_id, "/mod")
        await press_newest(api, ADMIN.user_id, "Review, oldest first")
        await approve_the_announcement(api)

        await page.locator(".msg.bot", has_text="is being sent").first.wait_for(timeout=WAIT_MS)
        # The status message: its numbers go up in place, then it becomes the report.
        status = page.locator(".msg.bot", has_text=re.compile(r"being sent|has been sent")).filter(
            has_not_text="approved by a moderator"
        )
        seen: set[int] = set()
        deadline = time.monotonic() + WAIT
        while time.monotonic() < deadline:
            texts = await status.all_inner_texts()
            live = {
                int(sent) for text in texts for sent, all_ in LIVE.findall(text) if sent != all_
            }
            if live - seen and not seen:
                shot = artifact("broadcast-progress-phone-live.png")
                await page.screenshot(path=str(shot), full_page=True)
            seen |= live
            if (
                any("has been sent" in text for text in texts)
                and await page.locator(".msg.bot", has_text="has been sent").count() >= 2
            ):
                break
            await asyncio.sleep(0.2)
        await page.screenshot(path=str(artifact("broadcast-report-phone.png")), full_page=True)

        reports = await page.locator(".msg.bot", has_text="has been sent").all_inner_texts()
        assert len(reports) == 2, reports  # the status message's last edit, and a new message
        total = int(counted.group(1))
        assert all(f"Delivered: {total} of {total}" in report for report in reports)
        assert all("Unsubscribed since: 0" in report for report in reports)
        assert any(0 < sent < total for sent in seen), f"no live numbers seen: {seen}"
        # One status message, edited in place: no other message shows live numbers.
        assert await page.locator(".msg.bot", has_text="Sent:").count() == 0

        got = await api.last_bot_message(FIRST_MEMBER)
        assert got is not None
        assert got["text"] == f"📣 Organisers of the Georgia community\n\n{TEXT}"
        await context.close()
