"""Demo groups for ``python -m bot demo`` (never loaded in production: ``migrate`` does not).

The groups come from ``bot/content/demo/groups.yaml`` (the import format) and go through the
same import engine as an admin's file, marked as demo data (``is_demo``: the link check skips
them, cards say "demo"). Loading is idempotent and never touches a demo group that already
exists, so a moderator's edits survive a second load.
"""

from __future__ import annotations

from datetime import date
from importlib import resources
from typing import Any

import yaml
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import Group
from bot.db.types import utcnow
from bot.features.directory.transfer import GroupSection
from bot.transfer.engine import import_document

# The day the file's verified_at dates were written for: they move with today, so the demo
# keeps one group unchecked for half a year and the rest freshly checked.
WRITTEN_ON = date(2026, 11, 25)


def demo_document() -> dict[str, Any]:
    text = resources.files("bot.content").joinpath("demo/groups.yaml").read_text("utf-8")
    data: dict[str, Any] = yaml.safe_load(text)
    return data


def _moved(row: dict[str, Any], today: date) -> dict[str, Any]:
    verified = row.get("verified_at")
    if isinstance(verified, date):
        row = {**row, "verified_at": min(today, verified + (today - WRITTEN_ON))}
    return row


async def load_demo_groups(session: AsyncSession) -> int:
    """Create the demo groups that do not exist yet; returns how many were created.

    Runs in the caller's transaction (never commits). A shipped file that does not validate
    is a bug, so it raises instead of loading part of it.
    """
    rows: list[dict[str, Any]] = demo_document()["groups"]
    existing = set(
        await session.scalars(select(Group.slug).where(Group.slug.in_([r["slug"] for r in rows])))
    )
    today = utcnow().date()
    fresh = [_moved(row, today) for row in rows if row["slug"] not in existing]
    if not fresh:
        return 0
    text = yaml.safe_dump({"groups": fresh}, allow_unicode=True, sort_keys=False)
    result = await import_document(session, text, actor_id=None, sections=[GroupSection(demo=True)])
    if not result.ok:
        raise ValueError("the demo groups do not validate: " + "; ".join(map(str, result.errors)))
    return result.reports["groups"].created
