"""The staff app's chat side: the menu's staff entry opens it, and /stats draws the numbers."""

from __future__ import annotations

import itertools
import subprocess
import sys

from aiogram.methods import SendPhoto
from aiogram.types import BufferedInputFile

from bot.db.models import Role
from tests.conftest import HarnessFactory
from tests.support import seeds
from tests.support.story import Harness

_ids = itertools.count(7_400_000)
APP_URL = "https://staff.example.org/app"


def _web_apps(harness: Harness, user_id: int) -> list[str]:
    last = harness.telegram.transcript(user_id)[-1]
    if last.reply_markup is None:
        return []
    return [
        button.web_app.url
        for row in last.reply_markup.inline_keyboard
        for button in row
        if button.web_app is not None
    ]


async def test_the_menu_opens_the_app_for_staff_only(make_harness: HarnessFactory) -> None:
    harness = await make_harness(admin_ids="1", PRICHAL_APP_URL=APP_URL)
    moderator = await seeds.member(harness, next(_ids), roles=((Role.MODERATOR, "GE"),))
    organiser = await seeds.member(harness, next(_ids), roles=((Role.ORGANISER, "AM"),))
    member = await seeds.member(harness, next(_ids))
    for person in (moderator, organiser):
        await person.send("/menu")
        assert _web_apps(harness, person.user_id) == [APP_URL + "/"]
        assert "Staff app" in str(person.last.reply_markup)
    await member.send("/menu")
    assert _web_apps(harness, member.user_id) == []


async def test_no_app_no_button(harness: Harness) -> None:
    moderator = await seeds.member(harness, next(_ids), roles=((Role.MODERATOR, "GE"),))
    await moderator.send("/menu")
    assert _web_apps(harness, moderator.user_id) == []


async def test_stats_draws_a_png_for_organisers(harness: Harness) -> None:
    organiser = await seeds.member(
        harness, next(_ids), locale="ru", roles=((Role.ORGANISER, "GE"),)
    )
    await organiser.send("/stats")
    [photo] = [r for r in harness.telegram.requests if isinstance(r, SendPhoto)]
    assert photo.chat_id == organiser.user_id
    assert isinstance(photo.photo, BufferedInputFile)
    assert photo.photo.data.startswith(b"\x89PNG\r\n\x1a\n")
    assert "Цифры сообщества (Грузия)" in organiser.last.text


async def test_stats_is_refused_to_members(harness: Harness) -> None:
    member = await seeds.member(harness, next(_ids))
    await member.send("/stats")
    assert "organiser" in member.last.text
    assert not [r for r in harness.telegram.requests if isinstance(r, SendPhoto)]


def test_matplotlib_is_not_loaded_until_somebody_asks() -> None:
    code = (
        "import sys\n"
        "import bot.app, bot.features, bot.features.staffapp.router, bot.features.staffapp.api\n"
        "bot.features.build_routers()\n"
        "print('matplotlib' in sys.modules)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120
    )
    assert result.stdout.strip() == "False"
