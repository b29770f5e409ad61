"""Demo data: every loader the demo runs after migrating, in one explicit list.

A loader takes a session (the demo owns the transaction: one unit of work per loader) and
returns how many items it added. Loaders must be idempotent — ``--data-dir`` and
``--database-url`` run them again on a database that already has their data — and everything
they add must be recognisable as demo content (example links only, never a real chat's link).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.db.uow import unit_of_work
from bot.demo.personas import load_demo_personas
from bot.features import plugins

DemoLoader = Callable[[AsyncSession], Awaitable[int]]


def demo_loaders() -> dict[str, DemoLoader]:
    """Every demo loader by name, in the order they run: the personas, then each feature's
    (its descriptor's ``demo``)."""
    return {"personas": load_demo_personas, **plugins().demo_loaders}


async def load_demo_data(sessions: async_sessionmaker[AsyncSession]) -> dict[str, int]:
    """Run every loader, each in its own unit of work; returns the new items per loader."""
    loaded: dict[str, int] = {}
    for name, loader in demo_loaders().items():
        async with unit_of_work(sessions) as session:
            loaded[name] = await loader(session)
    return loaded
