"""CPU the bot spends outside its own work, taken back at start-up (measured by
``bench/updates.py``; each step is kept because the bench showed it).

* :func:`run_sync_filters_inline` — aiogram runs every filter that is not a coroutine function
  (magic filters such as ``F.text``, plain functions) through ``asyncio.to_thread``: a thread
  hop, ~12 per update, for work of a microsecond. Such filters do no I/O (they cannot await),
  so they run inline on the event loop instead.
* :func:`hold_response_classes` — aiogram builds ``Response[T]`` for each answer it parses;
  pydantic caches parametrised classes only weakly, so they were rebuilt again and again.
  Holding one of each for the process keeps them cached.
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


def freeze_after_start_up() -> None:
    """Collect once, then freeze what survived: start-up's objects live as long as the process,
    and the full collections no longer walk them."""
    gc.collect()
    gc.freeze()
