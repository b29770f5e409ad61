"""The starter knowledge base is parsed only when its files are new to the database.

Every start of the embedded default and every ``faq search`` loads the starter content; when
these very files were loaded before, every entry in them is already seeded, so the files are
not parsed and validated again (most of a second each time).
"""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import delete, func, select

from bot.db.models import FaqEntry, SeededContent
from bot.features.faq import starter
from bot.features.faq.starter import FILES_LOADED, load_faq
from tests.support.story import Harness


def parsing_counted(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    parsed: list[int] = []
    real = starter.safe_yaml

    def counting(text: str) -> Any:
        parsed.append(1)
        return real(text)

    monkeypatch.setattr(starter, "safe_yaml", counting)
    return parsed


async def test_files_loaded_before_are_not_parsed_again(
    harness: Harness, monkeypatch: pytest.MonkeyPatch
) -> None:
    parsed = parsing_counted(monkeypatch)
    async with harness.services.sessions() as session:
        assert await load_faq(session) == 0
    assert parsed == []


async def test_without_the_files_version_they_are_read_and_nothing_is_loaded_twice(
    harness: Harness, monkeypatch: pytest.MonkeyPatch
) -> None:
    async with harness.services.sessions() as session:
        await session.execute(delete(SeededContent).where(SeededContent.kind == FILES_LOADED))
        entries = await session.scalar(select(func.count()).select_from(FaqEntry))
        await session.commit()
    parsed = parsing_counted(monkeypatch)

    async with harness.services.sessions() as session:
        assert await load_faq(session) == 0  # every entry was seeded already
        await session.commit()
        assert await session.scalar(select(func.count()).select_from(FaqEntry)) == entries
    assert parsed  # the files were read this time, and their version remembered
    async with harness.services.sessions() as session:
        versions = await session.scalars(
            select(SeededContent.key).where(SeededContent.kind == FILES_LOADED)
        )
        assert len(list(versions)) == 1
