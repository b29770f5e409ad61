"""The starter knowledge base (``bot/content/faq/*.yaml``), loaded once into a database."""

from __future__ import annotations

from importlib import resources

from sqlalchemy.ext.asyncio import AsyncSession

from bot.content.loader import already_seeded, mark_seeded, safe_yaml
from bot.features.faq.editing import create_items
from bot.features.faq.validation import FaqItem, validate_rows


async def load_faq(session: AsyncSession) -> int:
    """Insert the starter knowledge base (``faq/*.yaml``) entries never loaded; returns how many.

    An entry a moderator deleted is not re-created, one they edited is not overwritten, and an
    entry that already exists under the slug (imported before the first start) is kept.
    """
    seeded = await already_seeded(session, "faq")
    fresh: list[FaqItem] = []
    folder = resources.files("bot.content").joinpath("faq")
    for path in sorted((p for p in folder.iterdir() if p.name.endswith(".yaml")), key=str):
        raw = safe_yaml(path.read_text("utf-8")) or {}
        items, errors = validate_rows(raw.get("faq"), f"{path.name}: faq")
        if errors:
            problems = "; ".join(f"{position} {message}" for position, message in errors[:5])
            raise ValueError(f"the starter knowledge base is invalid: {problems}")
        fresh.extend(item for item in items if item.slug not in seeded)
    loaded = await create_items(session, fresh, actor_id=None)
    for item in fresh:
        mark_seeded(session, "faq", item.slug)
    return loaded


#: The knowledge base's starter content, as its descriptor declares it (``faq.feature``) and
#: as ``faq search`` loads it without importing every feature (bot.cli.faq_commands).
STARTER_CONTENT = {"faq": load_faq}
