"""End to end through the emulator: the production Dispatcher long-polls a local Bot API over
HTTP; an employer posts a job, an admin approves it, a candidate finds it and writes through
the bot — and what the employer receives (text, entities, buttons) names nobody.

(The shared ``tests/e2e`` fixture that runs ``python -m bot run`` as a process had not landed
when this was written; this runs the same wiring in-process, as
``tests/integration/emulator/test_aiogram.py`` does for a plain aiogram bot.)
"""

from __future__ import annotations

import asyncio
import contextlib
import json
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any

import pytest

from bot.db.models import Job, ReviewKind
from bot.emulator import EmulatorClient, EmulatorConfig, EmulatorServer
from bot.factory import create_bot, create_dispatcher, create_services
from bot.services import Services
from tests.conftest import test_settings as settings_for
from tests.support.listings import decide, latest

CANDIDATE = 739_876_543
EMPLOYER = 861_234_567


@dataclass
class Chatter:
    """A user of the emulator: types, presses visible buttons, reads the bot's answers."""

    tg: EmulatorClient
    user_id: int

    async def say(self, text: str) -> dict[str, Any]:
        await self.tg.send_text(self.user_id, text)
        return await self.settled()

    async def press(self, label: str) -> dict[str, Any]:
        for message in reversed(await self.tg.chat(self.user_id)):
            for row in (message.get("reply_markup") or {}).get("inline_keyboard", []):
                for button in row:
                    if label in button["text"]:
                        await self.tg.press(
                            self.user_id, message["message_id"], text=button["text"]
                        )
                        return await self.settled()
        raise AssertionError(f"no button {label!r} in the chat of {self.user_id}")

    async def settled(self) -> dict[str, Any]:
        assert await self.tg.wait_idle(15)
        last = await self.tg.last_bot_message(self.user_id)
        assert last is not None
        return last

    async def onboard(self) -> None:
        await self.say("/start ge-tbilisi_it")
        await self.press("Done")
        await self.press("Skip")
        await self.press("No, thanks")


@pytest.fixture
async def emulator() -> AsyncIterator[EmulatorServer]:
    async with EmulatorServer(EmulatorConfig(port=0)) as server:
        yield server


@dataclass
class PollingBot:
    services: Services


@pytest.fixture
async def polling_bot(emulator: EmulatorServer, sqlite_url: str) -> AsyncIterator[PollingBot]:
    """The production bot (``bot.factory``) long-polling the emulator."""
    settings = settings_for(
        sqlite_url,
        bot_token=EmulatorConfig().bot_token,
        telegram_api_url=emulator.url,
        admin_ids="1",
    )
    services = create_services(settings)
    bot = create_bot(settings)
    dispatcher = create_dispatcher(settings, services)
    task = asyncio.create_task(
        dispatcher.start_polling(bot, handle_signals=False, polling_timeout=1)
    )
    try:
        yield PollingBot(services)
    finally:
        await dispatcher.stop_polling()
        with contextlib.suppress(asyncio.CancelledError):
            await asyncio.wait_for(task, 10)
        await bot.session.close()
        await services.close()


async def test_a_job_is_posted_approved_and_answered_through_the_bot(
    emulator: EmulatorServer, polling_bot: PollingBot
) -> None:
    async with EmulatorClient(emulator.url) as tg:
        await tg.create_user(
            "Anastasia", user_id=EMPLOYER, username="anastasia_secret", language_code="en"
        )
        await tg.create_user(
            "Borislav", user_id=CANDIDATE, username="borislav_secret", language_code="en"
        )
        employer, candidate = Chatter(tg, EMPLOYER), Chatter(tg, CANDIDATE)
        await employer.onboard()
        await candidate.onboard()

        await employer.say("/jobs")
        await employer.press("Post a job")
        await employer.say("Python developer")
        await employer.say("Kvali Tech")
        await employer.press("Georgia")
        await employer.press("Tbilisi")
        await employer.press("IT")
        await employer.press("Done")
        await employer.press("Full time")
        await employer.press("English")
        await employer.press("Done")
        await employer.say("2500 USD")
        await employer.say("Backend work on our booking service: Python, PostgreSQL, tests.")
        preview = await employer.say("Tell us about your experience and a link to your code.")
        assert "This is how members will see it" in preview["text"]
        sent = await employer.press("Send to moderation")
        assert "Sent to a moderator" in sent["text"]

        job = await latest(polling_bot, Job)
        await decide(polling_bot, ReviewKind.JOB, job.id)

        await candidate.say("/jobs")
        found = await candidate.press("Browse jobs")
        assert "Found: 1" in found["text"]
        card = await candidate.press("Python developer")
        assert "Kvali Tech" in card["text"] and "How to apply" in card["text"]
        await candidate.press("Apply through the bot")
        delivered = await candidate.say("Hello, five years of Python here. When can we talk?")
        assert "Delivered" in delivered["text"]

        incoming = await tg.last_bot_message(EMPLOYER)
        assert incoming is not None
        assert "A reply to your listing «Python developer»" in incoming["text"]
        assert "five years of Python" in incoming["text"]
        everything = json.dumps(await tg.chat(EMPLOYER), ensure_ascii=False)
        for secret in (str(CANDIDATE), "Borislav", "borislav_secret", "tg://user"):
            assert secret not in everything, secret
        assert "text_mention" not in everything

        await employer.press("Answer")
        await employer.say("Tomorrow at 11?")
        answer = await tg.last_bot_message(CANDIDATE)
        assert answer is not None and "Tomorrow at 11?" in answer["text"]
        everything = json.dumps(await tg.chat(CANDIDATE), ensure_ascii=False)
        for secret in (str(EMPLOYER), "Anastasia", "anastasia_secret"):
            assert secret not in everything, secret

        stats = await tg.stats()
        assert stats["refusals"] == [], stats["refusals"]
