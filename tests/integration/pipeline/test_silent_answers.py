"""A pressed button's screen does not wait behind the silent callback answer: the answer (which
only stops the spinner) goes out beside the handler's work, one Telegram round trip less before
the member sees anything (``bot.middlewares.answers``)."""

from __future__ import annotations

import asyncio
import contextlib
import json
from typing import Any

from aiogram import Bot
from aiogram.methods import AnswerCallbackQuery, EditMessageText, SendMessage, TelegramMethod

from tests.conftest import HarnessFactory
from tests.support.directory import onboarded
from tests.support.fake_telegram import FakeTelegram
from tests.support.story import Harness, Person

ANNA = 2301
SCREEN_BOUND = 10.0  # generous: the screen comes at once unless it waits behind the answer


class SlowToAnswer(FakeTelegram):
    """A Telegram that holds each silent callback answer until the bot showed a screen (or
    ``SCREEN_BOUND`` passed) — as if that answer's round trip were the slow one. Optionally
    refuses the held answers as too old."""

    def __post_init__(self) -> None:
        super().__post_init__()
        self.screen = asyncio.Event()
        self.holding = False
        self.refuse_answers = False
        self.screen_before_answer: list[bool] = []

    def hold_answers(self, *, refuse: bool = False) -> None:
        """From now on, hold each silent answer until a screen is shown after this call."""
        self.holding, self.refuse_answers = True, refuse
        self.screen.clear()

    async def make_request(
        self, bot: Bot, method: TelegramMethod[Any], timeout: int | None = None
    ) -> Any:
        silent = isinstance(method, AnswerCallbackQuery) and not method.text
        if self.holding and silent:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self.screen.wait(), SCREEN_BOUND)
            self.screen_before_answer.append(self.screen.is_set())
            if self.refuse_answers:
                self.requests.append(method)
                body = {
                    "ok": False,
                    "error_code": 400,
                    "description": "Bad Request: query is too old and response timeout "
                    "expired or query ID is invalid",
                }
                self.check_response(
                    bot=bot, method=method, status_code=400, content=json.dumps(body)
                )
        result = await super().make_request(bot, method, timeout)
        if isinstance(method, EditMessageText | SendMessage):
            self.screen.set()
        return result


async def anna_at_the_menu(
    make_harness: HarnessFactory, database_url: str | None = None
) -> tuple[Harness, SlowToAnswer, Person]:
    """Anna, onboarded, looking at the main menu, on a Telegram that can hold answers."""
    telegram = SlowToAnswer()
    harness = await make_harness(database_url, telegram=telegram)
    anna = await onboarded(harness, ANNA, language="en")
    await anna.send("/menu")
    return harness, telegram, anna


async def test_the_screen_of_a_press_does_not_wait_for_the_spinner_to_stop(
    make_harness: HarnessFactory, database_url: str
) -> None:
    harness, telegram, anna = await anna_at_the_menu(make_harness, database_url)
    telegram.hold_answers()

    await anna.press("Help")

    assert telegram.screen_before_answer == [True], "the help screen waited behind the answer"
    # The update counted as handled only once the answer went out too.
    answered = [answer["id"] for answer in telegram.callback_answers]
    assert harness.last_query[ANNA] in answered
    assert "/privacy" in anna.last.text


async def test_a_silent_answer_that_fails_leaves_the_screen_and_no_error_message(
    make_harness: HarnessFactory,
) -> None:
    _, telegram, anna = await anna_at_the_menu(make_harness)
    telegram.hold_answers(refuse=True)

    told = await anna.press("Help")

    assert telegram.screen_before_answer == [True]
    assert [sent.text for sent in told if "went wrong" in sent.text] == []
    assert "/privacy" in anna.last.text


async def test_an_answer_that_says_something_still_waits_for_the_commit_and_goes_in_line(
    make_harness: HarnessFactory,
) -> None:
    """A toast or an alert may announce a decision: it is not sent aside."""
    _, telegram, anna = await anna_at_the_menu(make_harness)
    telegram.hold_answers()
    await anna.press_data("m:nonsense-that-no-handler-knows")

    answers = [m for m in telegram.requests if isinstance(m, AnswerCallbackQuery)]
    assert answers and answers[-1].text, "a stale or forged button is answered with words"
    assert telegram.screen_before_answer == [], "an answer with words was held as a silent one"
