"""An in-process wake-up for the delivery loop: "outbox rows were just committed".

The embedded default runs the loop in the bot's own process, so a commit that wrote outbox
rows fires :data:`OUTBOX_WAKE` and the loop sends them at once instead of at its next poll; a
separate ``python -m bot worker`` process is not woken (it polls, see ``bot.outbox.job``).

A generation counter rather than an ``asyncio.Event``: a commit that lands while the loop is
busy sending is not lost (the loop compares the generation it saw before its round), and the
signal binds to no event loop, so one process-wide instance serves every loop and test.
Kept small and self-contained so it can give way to a shared worker signal.
"""

from __future__ import annotations

import asyncio
from typing import Any

from sqlalchemy import event
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Session


class WakeSignal:
    """Fired by writers, awaited by one or more loops."""

    def __init__(self) -> None:
        self.generation = 0
        self._waiters: set[asyncio.Future[None]] = set()

    def fire(self) -> None:
        """Wake every waiter (callable from any thread or event loop)."""
        self.generation += 1
        for waiter in list(self._waiters):
            if not waiter.done():
                waiter.get_loop().call_soon_threadsafe(_resolve, waiter)

    async def wait(self, seconds: float, seen: int) -> bool:
        """Until fired after generation ``seen`` (at once if it already was), or ``seconds``
        seconds; True when fired."""
        if self.generation != seen:
            return True
        waiter: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self._waiters.add(waiter)
        try:
            await asyncio.wait_for(waiter, seconds)
        except TimeoutError:
            return self.generation != seen
        finally:
            self._waiters.discard(waiter)
        return True


def _resolve(waiter: asyncio.Future[None]) -> None:
    if not waiter.done():
        waiter.set_result(None)


OUTBOX_WAKE = WakeSignal()

_WROTE = "outbox.wrote"
_WATCHED = "outbox.watched"


def fire_after_commit(session: AsyncSession) -> None:
    """Fire :data:`OUTBOX_WAKE` when ``session``'s transaction commits (not if it rolls back).

    Called by :func:`bot.outbox.enqueue`: the owner of the transaction (the db middleware, a
    job's unit of work) commits as always and knows nothing about the outbox.
    """
    sync = session.sync_session
    sync.info[_WROTE] = True
    if not sync.info.get(_WATCHED):
        sync.info[_WATCHED] = True
        event.listen(sync, "after_commit", _after_commit)
        event.listen(sync, "after_soft_rollback", _after_rollback)


def _after_commit(sync: Session) -> None:
    if sync.info.pop(_WROTE, False):
        OUTBOX_WAKE.fire()


def _after_rollback(sync: Session, previous: Any) -> None:
    # A rolled-back transaction wrote nothing: no wake-up owed for it.
    if not sync.in_transaction():
        sync.info.pop(_WROTE, None)
