"""Loads the starter content of ``bot/content`` into a database, once per item.

``python -m bot migrate`` and the embedded default's first start call :func:`load_starter_content`.
Every item loaded is remembered in ``seeded_content``: loading again never re-creates an item a
moderator deleted and never overwrites one they edited.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from importlib import resources
from typing import Any

import yaml
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import SeededContent, TaxonomyKind, TaxonomyTerm

# libyaml's safe parser when the wheel has it (ten times faster on the starter base).
_SAFE_LOADER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def safe_yaml(text: str) -> Any:
    """Parse trusted YAML shipped with the package, fast."""
    return yaml.load(text, Loader=_SAFE_LOADER)  # noqa: S506 - a SafeLoader, in C when possible


def read_yaml(name: str) -> Any:
    """A YAML file shipped in ``bot/content``."""
    return yaml.safe_load(resources.files("bot.content").joinpath(name).read_text("utf-8"))


async def already_seeded(session: AsyncSession, kind: str) -> set[str]:
    rows = await session.scalars(select(SeededContent.key).where(SeededContent.kind == kind))
    return set(rows)


def mark_seeded(session: AsyncSession, kind: str, key: str) -> None:
    session.add(SeededContent(kind=kind, key=key))


async def load_taxonomy(session: AsyncSession) -> int:
    """Insert the contract's taxonomy slugs that were never loaded; returns how many."""
    loaded = 0
    raw: dict[str, list[str]] = read_yaml("taxonomy.yaml")
    for kind_name, slugs in raw.items():
        kind = TaxonomyKind(kind_name)
        seeded = await already_seeded(session, f"taxonomy:{kind}")
        existing = set(
            await session.scalars(select(TaxonomyTerm.slug).where(TaxonomyTerm.kind == kind))
        )
        for position, slug in enumerate(slugs):
            if slug in seeded:
                continue
            if slug not in existing:
                session.add(TaxonomyTerm(kind=kind, slug=slug, position=position))
                loaded += 1
            mark_seeded(session, f"taxonomy:{kind}", slug)
    return loaded


async def load_starter_content(
    session: AsyncSession, loaders: Mapping[str, Callable[[AsyncSession], Awaitable[int]]]
) -> dict[str, int]:
    """Load every kind of starter content; returns the number of new items per kind.

    The taxonomies are this layer's own; ``loaders`` are the features' (their descriptors'
    ``starter_content``, handed down by the composition root). Runs in the caller's
    transaction (the unit of work of ``migrate`` or of the start-up).
    """
    loaded = {"taxonomy": await load_taxonomy(session)}
    for name, load in loaders.items():
        loaded[name] = await load(session)
    return loaded
