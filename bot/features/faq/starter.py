"""The starter knowledge base (``bot/content/faq/*.yaml``), loaded once into a database."""

from __future__ import annotations

import hashlib
from importlib import resources

from sqlalchemy.ext.asyncio import AsyncSession

from bot.content.loader import already_seeded, mark_seeded, safe_yaml
from bot.db.models import SeededContent
from bot.features.faq.editing import create_items
from bot.features.faq.validation import FaqItem, validate_rows

# ``seeded_content`` kind of the starter files' versions (a SHA-256 of their names and texts).
FILES_LOADED = "faq-files"


async def load_faq(session: AsyncSession) -> int:
    """Insert the starter knowledge base (``faq/*.yaml``) entries never loaded; returns how many.

    An entry a moderator deleted is not re-created, one they edited is not overwritten, and an
    entry that already exists under the slug (imported before the first start) is kept.
    """
    folder = resources.files("bot.content").joinpath("faq")
    paths = sorted((p for p in folder.iterdir() if p.name.endswith(".yaml")), key=str)
    files = [(path.name, path.read_text("utf-8")) for path in paths]
    # These very files were loaded into this database before: every entry in them was seeded
    # then, so parsing and validating them again (most of a second, at every start and every
    # `faq search`) would find nothing new.
    version = hashlib.sha256("\0".join(f"{n}\0{t}" for n, t in files).encode()).hexdigest()
    if await session.get(SeededContent, (FILES_LOADED, version)) is not None:
        return 0
    seeded = await already_seeded(session, "faq")
    fresh: list[FaqItem] = []
    for name, text in files:
        raw = safe_yaml(text) or {}
        items, errors = validate_rows(raw.get("faq"), f"{name}: faq")
        if errors:
            problems = "; ".join(f"{position} {message}" for position, message in errors[:5])
            raise ValueError(f"the starter knowledge base is invalid: {problems}")
        fresh.extend(item for item in items if item.slug not in seeded)
    loaded = await create_items(session, fresh, actor_id=None)
    for item in fresh:
        mark_seeded(session, "faq", item.slug)
    mark_seeded(session, FILES_LOADED, version)
    return loaded


#: The knowledge base's starter content, as its descriptor declares it (``faq.feature``) and
#: as ``faq search`` loads it without importing every feature (bot.cli.faq_commands).
STARTER_CONTENT = {"faq": load_faq}
