"""Inline mode end to end: the production bot polls the local Bot API emulator, a person types
``@prichal_bot question`` and gets answers to send into any chat."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any

import pytest

from bot import taxonomy
from bot.access import Access
from bot.db.uow import unit_of_work
from bot.emulator import EmulatorClient, EmulatorConfig, EmulatorServer
from bot.factory import create_bot, create_dispatcher, create_services
from bot.features.faq import editing
from bot.services import Services
from tests import conftest


@dataclass
class World:
    tg: EmulatorClient
    services: Services


@pytest.fixture
async def world(sqlite_url: str) -> AsyncIterator[World]:
    async with EmulatorServer(EmulatorConfig(port=0)) as emulator:
        settings = conftest.test_settings(
            sqlite_url, telegram_api_url=emulator.url, bot_token="123456:TEST", admin_ids="1"
        )
        taxonomy.forget_cache()
        services = create_services(settings)
        bot = create_bot(settings)
        dispatcher = create_dispatcher(settings, services)
        polling = asyncio.create_task(
            dispatcher.start_polling(
                bot,
                handle_signals=False,
                allowed_updates=dispatcher.resolve_used_update_types(),
                polling_timeout=1,
            )
        )
        try:
            async with EmulatorClient(emulator.url) as tg:
                yield World(tg, services)
                stats = await tg.stats()
                assert stats["refusals"] == [], stats["refusals"]
        finally:
            with contextlib.suppress(RuntimeError):
                await dispatcher.stop_polling()
            await asyncio.wait_for(polling, 10)
            await bot.session.close()
            await services.close()


async def press(tg: EmulatorClient, user_id: int, text: str) -> None:
    message = await tg.last_bot_message(user_id)
    assert message is not None
    await tg.press(user_id, message["message_id"], text=text)
    assert await tg.wait_idle(10)


async def settle(tg: EmulatorClient, user_id: int, place: str) -> None:
    """/start with a deep link and the three questions that follow, through the emulator."""
    sent = await tg.send_text(user_id, f"/start {place}")
    await tg.wait_bot_message(user_id, after=sent["message_id"])
    assert await tg.wait_idle(10)
    for button in ("Done", "Skip", "Yes"):
        await press(tg, user_id, button)


def article(results: list[dict[str, Any]], title_start: str) -> dict[str, Any]:
    for result in results:
        if result["title"].split(" ", 1)[1].startswith(title_start):
            return result
    raise AssertionError(f"no result titled {title_start!r}: {[r['title'] for r in results]}")


async def test_inline_answers_use_the_profile_country_unless_the_question_names_one(
    world: World,
) -> None:
    tg = world.tg
    user = await tg.create_user("Anna", user_id=7301, language_code="en")
    await settle(tg, user["id"], "rs-belgrade_it")

    results = await tg.inline(user["id"], "bank account")
    assert results, "the bot answered the inline query"
    best = results[0]
    assert best["type"] == "article"
    assert best["title"].startswith("🇷🇸 ") and "bank account in Serbia" in best["title"]
    assert best["description"]
    content = best["input_message_content"]
    assert content["parse_mode"] == "HTML"
    text = content["message_text"]
    assert text.startswith("<b>") and "bank account in Serbia" in text.split("\n")[0]
    assert "🔗 Sources: <a href=" in text and "Checked against the sources on" in text
    assert "This is not legal advice" in text
    assert "Did this help?" not in text  # no buttons follow the message into another chat

    named = await tg.inline(user["id"], "bank account in georgia")
    assert named[0]["title"].startswith("🇬🇪 ")


async def test_inline_answers_escape_what_moderators_wrote(world: World) -> None:
    tg = world.tg
    async with unit_of_work(world.services.sessions) as session:
        entry = await editing.find_entry(session, "global/apostille")
        assert entry is not None
        await editing.edit_field(
            session,
            Access(1, is_admin=True),
            entry.id,
            "a.en",
            "Fees < 50 EUR & <b>no</b> agents needed: apostille at the Ministry of Justice.",
        )
    user = await tg.create_user("Tom", user_id=7302, language_code="en")  # never started
    results = await tg.inline(user["id"], "apostille <b>diploma</b>")
    found = article(results, "How do I get an apostille")
    text = found["input_message_content"]["message_text"]
    assert "Fees &lt; 50 EUR &amp; &lt;b&gt;no&lt;/b&gt; agents needed" in text
    assert "<b>no</b>" not in text


async def test_an_empty_or_meaningless_inline_query_gets_no_results(world: World) -> None:
    tg = world.tg
    user = await tg.create_user("Ivan", user_id=7303, language_code="ru")
    assert await tg.inline(user["id"], "") == []
    assert await tg.inline(user["id"], "👍👍") == []
