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

DemoLoader = Callable[[AsyncSession], Awaitable[int]]


def demo_loaders() -> list[DemoLoader]:
    """Every demo loader, in the order they run (features add theirs here)."""
    from bot.demo.personas import load_demo_personas

    return [
        load_demo_personas,
    ]


def loader_name(loader: DemoLoader) -> str:
    """``load_demo_groups`` → ``groups``: how the demo reports what it loaded."""
    name = getattr(loader, "__name__", type(loader).__name__)
    return name.removeprefix("load_demo_").removeprefix("load_")


async def load_demo_data(sessions: async_sessionmaker[AsyncSession]) -> dict[str, int]:
    """Run every loader, each in its own unit of work; returns the new items per loader."""
    loaded: dict[str, int] = {}
    for loader in demo_loaders():
        async with unit_of_work(sessions) as session:
            loaded[loader_name(loader)] = await loader(session)
    return loaded
