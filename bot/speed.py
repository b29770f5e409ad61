"""CPU the bot spends outside its own work, taken back at start-up (measured by
``bench/updates.py``; each step is kept because the bench showed it).

* :func:`run_sync_filters_inline` — aiogram runs every filter that is not a coroutine function
  (magic filters such as ``F.text``, plain functions) through ``asyncio.to_thread``: a thread
  hop, ~12 per update, for work of a microsecond. Such filters do no I/O (they cannot await),
  so they run inline on the event loop instead.
* :func:`hold_response_classes` — aiogram builds ``Response[T]`` for each answer it parses;
  pydantic caches parametrised classes only weakly, so they were rebuilt again and again.
  Holding one of each for the process keeps them cached.
* :func:`bind_bot_in_one_step` — every aiogram object (an update, a message, a button, a Bot
  API method) carries one private attribute, the bot it came from. pydantic initialises private
  attributes through a wrapper per class level (``init_private_attributes`` four times for a
  message, each resolving the attribute's default; pydantic#13420), then aiogram's own
  ``model_post_init`` sets the bot through ``__setattr__``: half the time of parsing an update
  with a keyboard. One function now sets the same dictionary in one step.
* :func:`freeze_after_start_up` — everything built at start-up (routers, catalogs, the
  knowledge base's index, pydantic's classes) is moved out of the garbage collector's sight
  (``gc.freeze``), so its full passes no longer walk it: they made the p99 tail.
"""

from __future__ import annotations

import gc
import inspect
from collections.abc import Callable, Iterator
from typing import Any

from aiogram import Router
from aiogram.dispatcher.event.handler import FilterObject

# The Response[T] classes held for the process (filled by hold_response_classes).
_HELD: list[type] = []


def _filters(router: Router) -> Iterator[FilterObject]:
    for each in router.chain_tail:
        for observer in each.observers.values():
            yield from observer._handler.filters or []  # the observer's own filters
            for handler in observer.handlers:
                yield from handler.filters or []


def _inline(callback: Callable[..., Any]) -> Callable[..., Any]:
    async def inline(*args: Any, **kwargs: Any) -> Any:
        return callback(*args, **kwargs)

    return inline


def run_sync_filters_inline(router: Router) -> int:
    """Make every synchronous filter of ``router`` and its sub-routers run on the event loop
    (aiogram would send each call to a thread). Returns how many filters were changed.

    aiogram decides per :class:`~aiogram.dispatcher.event.handler.CallableObject` whether to
    await its callback or call it in a thread (``awaitable``, set once when the handler is
    registered); the signature it matched arguments against (``params``) stays the original's.
    """
    changed = 0
    for each in _filters(router):
        if each.awaitable or inspect.iscoroutinefunction(each.callback):
            continue
        each.callback = _inline(each.callback)
        each.awaitable = True
        changed += 1
    return changed


def hold_response_classes() -> int:
    """Build ``Response[T]`` once for every Bot API method's result type and keep them."""
    if _HELD:
        return len(_HELD)
    from aiogram import methods
    from aiogram.methods import Response, TelegramMethod

    for name in methods.__all__:
        method = getattr(methods, name)
        if inspect.isclass(method) and issubclass(method, TelegramMethod):
            returning = method.__dict__.get("__returning__")
            if returning is None or isinstance(returning, property):
                continue  # the abstract base classes
            _HELD.append(Response[returning])  # type: ignore[valid-type]
    return len(_HELD)


def _bind_bot(self: Any, context: Any, /) -> None:
    """What pydantic's wrappers and ``BotContextController.model_post_init`` leave behind, in
    one step: the private attributes ``{"_bot": <the context's bot or None>}``."""
    bot = context.get("bot") if context else None
    private = getattr(self, "__pydantic_private__", None)
    if private is None:
        object.__setattr__(self, "__pydantic_private__", {"_bot": bot})
    else:  # pydantic keeps what was set before post-init; so does this
        private["_bot"] = bot


def bind_bot_in_one_step() -> int:
    """Give every aiogram class whose only private attribute is the bot, and whose only
    ``model_post_init`` is aiogram's (under pydantic's wrappers), :func:`_bind_bot` instead.
    Returns how many classes use it.

    A class that adds a private attribute or a ``model_post_init`` of its own is left as it is,
    so nothing it sets is lost. Idempotent. A class made later still works (pydantic wraps this
    function as it wrapped aiogram's) and takes the one step at the next call.
    """
    from aiogram.client.context_controller import BotContextController

    # Under pydantic's wrappers: aiogram's own, or this one (a class made after the first call).
    replaceable = (inspect.unwrap(BotContextController.model_post_init), _bind_bot)
    seen: set[type[BotContextController]] = set()
    pending: list[type[BotContextController]] = [BotContextController]
    while pending:
        cls = pending.pop()
        if cls in seen:
            continue
        seen.add(cls)
        pending.extend(cls.__subclasses__())
        if (
            set(getattr(cls, "__private_attributes__", {})) == {"_bot"}
            and inspect.unwrap(cls.model_post_init) in replaceable
        ):
            cls.model_post_init = _bind_bot  # type: ignore[method-assign,assignment]
    return sum(cls.__dict__.get("model_post_init") is _bind_bot for cls in seen)


def freeze_after_start_up() -> None:
    """Collect once, then freeze what survived: start-up's objects live as long as the process,
    and the full collections no longer walk them."""
    gc.collect()
    gc.freeze()
