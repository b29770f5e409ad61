"""Each process keeps one search index and follows moderators' changes made anywhere."""

from __future__ import annotations

import asyncio

from sqlalchemy import select

from bot.access import Access
from bot.db.engine import create_engine, create_session_factory
from bot.db.models import FaqEntry
from bot.db.uow import unit_of_work
from bot.features.faq import editing, service
from bot.features.faq.service import FaqLibrary

ADMIN = Access(1, is_admin=True)


async def _entry_id(sessions, slug: str) -> int:  # type: ignore[no-untyped-def]
    async with sessions() as session:
        found = await session.scalar(select(FaqEntry.id).where(FaqEntry.slug == slug))
        assert found is not None
        return int(found)


async def test_an_edit_in_one_process_reaches_the_index_of_another(database_url: str) -> None:
    # Two processes: two engines and two libraries on one database.
    bot_engine, worker_engine = create_engine(database_url), create_engine(database_url)
    bot_sessions = create_session_factory(bot_engine)
    worker_sessions = create_session_factory(worker_engine)
    library = FaqLibrary()
    try:
        async with bot_sessions() as session:
            asked = await service.ask(session, library, "zlatibor", country="RS", lang="en")
            first = library.loaded
        assert not asked.good
        async with bot_sessions() as session:
            await service.ask(session, library, "bank account", country="RS", lang="en")
        assert library.loaded is first  # nothing changed: the same index, no rebuild

        entry_id = await _entry_id(worker_sessions, "rs/bank-account")
        async with unit_of_work(worker_sessions) as session:
            await editing.edit_field(session, ADMIN, entry_id, "k.en", "bank, zlatibor")

        async with bot_sessions() as session:
            asked = await service.ask(session, library, "zlatibor", country="RS", lang="en")
        assert asked.good and asked.matches[0].slug == "rs/bank-account"
        assert library.loaded is not first

        async with unit_of_work(worker_sessions) as session:
            await editing.set_status(session, ADMIN, entry_id, "archived")
        async with bot_sessions() as session:
            asked = await service.ask(session, library, "zlatibor", country="RS", lang="en")
        assert "rs/bank-account" not in [m.slug for m in asked.matches]
    finally:
        await bot_engine.dispose()
        await worker_engine.dispose()


async def test_verifying_does_not_rebuild_the_index(sqlite_url: str) -> None:
    engine = create_engine(sqlite_url)
    sessions = create_session_factory(engine)
    library = FaqLibrary()
    try:
        async with sessions() as session:
            await service.ask(session, library, "apostille", country=None, lang="en")
        first = library.loaded
        entry_id = await _entry_id(sessions, "global/apostille")
        async with unit_of_work(sessions) as session:
            await editing.mark_verified(session, ADMIN, entry_id)
        async with sessions() as session:
            await service.ask(session, library, "apostille", country=None, lang="en")
        assert library.loaded is first
    finally:
        await engine.dispose()


async def test_questions_during_a_long_rebuild_are_answered_from_the_previous_index(
    sqlite_url: str,
) -> None:
    engine = create_engine(sqlite_url)
    sessions = create_session_factory(engine)
    library = FaqLibrary(rebuild_wait=0.0)
    try:
        async with sessions() as session:
            await service.ask(session, library, "apostille", country=None, lang="en")
        first = library.loaded
        assert first is not None
        entry_id = await _entry_id(sessions, "global/apostille")
        async with unit_of_work(sessions) as session:
            await editing.edit_field(session, ADMIN, entry_id, "k.en", "apostille, kvakva")
        # Questions while the new index builds: old answers at once, and one build only.
        builds = library.builds
        async with sessions() as session:
            asked = await service.ask(session, library, "kvakva", country=None, lang="en")
        assert not asked.good  # answered at once, from the index before the edit
        async with sessions() as session:
            await service.ask(session, library, "kvakva", country=None, lang="en")
        assert library.builds == builds + 1  # the second question joined the same build
        for _ in range(200):  # the build finishes in the background
            if library.loaded is not first:
                break
            await asyncio.sleep(0.05)
        async with sessions() as session:
            asked = await service.ask(session, library, "kvakva", country=None, lang="en")
        assert asked.good and asked.matches[0].slug == "global/apostille"
    finally:
        await engine.dispose()
