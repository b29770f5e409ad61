"""A silent callback answer goes out beside the handler's work instead of before it.

A pressed button waits for ``answerCallbackQuery`` (the client's spinner) and for the screen
the press leads to (usually ``editMessageText``). Handlers answer first, so each press cost two
round trips to Telegram one after the other (~50 ms each) before the member saw anything. An
answer with no text and no URL tells the member nothing — it only stops the spinner — so it
need not wait for anything, nor hold anything up: :class:`SilentAnswersAside` (a request
middleware of the bot's session) sends it as a task of its own and lets the handler go on at
once; the screen then arrives one round trip sooner, and the spinner stops no later.
:class:`AwaitAnswersAside` (the outermost of our update middlewares) waits for those tasks
before the update counts as handled, so a webhook is answered, and a test looks, only after
every call of the update was made.

An answer that *says* something (a toast, an alert, a URL) still goes in line, after the
update's writes commit (:class:`bot.middlewares.database.CommitBeforeSpeaking`, which runs
before this middleware for every call): it may announce a decision. Outside an update (the
worker, the CLI) every call goes in line as before.

A silent answer that fails (the query is too old, Telegram is briefly down after the retries)
is logged and dropped: the client stops the spinner on its own, and the member already has the
screen they asked for — the failure must not turn a shown screen into an error message.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from contextvars import ContextVar
from typing import Any, cast

from aiogram import BaseMiddleware, Bot
from aiogram.client.session.middlewares.base import (
    BaseRequestMiddleware,
    NextRequestMiddlewareType,
)
from aiogram.exceptions import TelegramAPIError
from aiogram.methods import AnswerCallbackQuery, Response, TelegramMethod
from aiogram.methods.base import TelegramType
from aiogram.types import TelegramObject

log = logging.getLogger(__name__)


class _Aside:
    """The silent answers one update sent aside; ``open`` until the update waits for them."""

    def __init__(self) -> None:
        self.tasks: set[asyncio.Task[None]] = set()
        self.open = True


_current: ContextVar[_Aside | None] = ContextVar("prichal_answers_aside", default=None)


class AwaitAnswersAside(BaseMiddleware):
    """Lets the update's silent answers go aside, and waits for them when it is handled."""

    async def __call__(
        self,
        handler: Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]],
        event: TelegramObject,
        data: dict[str, Any],
    ) -> Any:
        aside = _Aside()
        token = _current.set(aside)
        try:
            return await handler(event, data)
        finally:
            _current.reset(token)
            aside.open = False
            if aside.tasks:
                await asyncio.gather(*aside.tasks, return_exceptions=True)


class SilentAnswersAside(BaseRequestMiddleware):
    """Sends a silent ``answerCallbackQuery`` made while handling an update as a task of its
    own (see the module's docstring); every other call goes on in line."""

    async def __call__(
        self,
        make_request: NextRequestMiddlewareType[TelegramType],
        bot: Bot,
        method: TelegramMethod[TelegramType],
    ) -> Response[TelegramType]:
        aside = _current.get()
        if aside is None or not aside.open or not _silent(method):
            return await make_request(bot, method)
        task = asyncio.create_task(_answer(make_request, bot, method))
        aside.tasks.add(task)
        # answerCallbackQuery returns True; what follows in the chain returns the result.
        return cast(Response[TelegramType], True)


def _silent(method: TelegramMethod[Any]) -> bool:
    return isinstance(method, AnswerCallbackQuery) and not method.text and not method.url


async def _answer(
    make_request: NextRequestMiddlewareType[TelegramType],
    bot: Bot,
    method: TelegramMethod[TelegramType],
) -> None:
    try:
        await make_request(bot, method)
    except TelegramAPIError as error:
        # No personal data: the kind of failure only (the query id says nothing about anyone).
        log.warning("a silent callback answer failed: %s", type(error).__name__)
    except Exception:
        # Not Telegram's refusal but a fault of ours: the update's wait gathers these tasks
        # without raising (the member has their screen), so it is logged here or nowhere.
        log.exception("a silent callback answer failed unexpectedly")
