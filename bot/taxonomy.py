"""Taxonomy slugs in button order, and their labels through the Fluent catalogs."""

from __future__ import annotations

import html
import time
from collections.abc import Callable

from aiogram_i18n.exceptions import KeyNotFoundError
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import TaxonomyKind, TaxonomyTerm

# Terms change only when an admin edits them; a minute of staleness saves a query per button.
_CACHE_SECONDS = 60.0
_cache: dict[TaxonomyKind, tuple[float, tuple[str, ...]]] = {}


async def active_slugs(session: AsyncSession, kind: TaxonomyKind) -> tuple[str, ...]:
    """The offered slugs of ``kind``, in button order."""
    cached = _cache.get(kind)
    now = time.monotonic()
    if cached and now - cached[0] < _CACHE_SECONDS:
        return cached[1]
    rows = await session.scalars(
        select(TaxonomyTerm.slug)
        .where(TaxonomyTerm.kind == kind, TaxonomyTerm.is_active.is_(True))
        .order_by(TaxonomyTerm.position, TaxonomyTerm.slug)
    )
    slugs = tuple(rows)
    _cache[kind] = (now, slugs)
    return slugs


def forget_cache() -> None:
    """Drop cached slugs (after an admin edit, and between tests on fresh databases)."""
    _cache.clear()


def label(translate: Callable[..., str], kind: TaxonomyKind, slug: str) -> str:
    """The label of a term in the current language, e.g. ``profession-it``.

    A slug without a label (from forged callback data, or a term added before its label) is
    shown as the slug, escaped — never a failed update."""
    try:
        return translate(f"{kind.label_prefix}-{slug}")
    except KeyNotFoundError:
        return html.escape(slug, quote=False)
