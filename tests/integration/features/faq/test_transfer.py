"""The ``faq`` section of import/export: validated whole with positions, upserted by slug,
exported in the same format, stable over a round trip."""

from __future__ import annotations

import copy
from datetime import date
from typing import Any

import yaml
from sqlalchemy import select

from bot.db.engine import create_engine, create_session_factory
from bot.db.models import FaqEntry, FaqStatus
from bot.db.uow import unit_of_work
from bot.features import plugins
from bot.features.faq.service import index_version
from bot.features.faq.transfer import FaqSection
from bot.transfer.base import TransferError


def good_row(**changes: Any) -> dict[str, Any]:
    row: dict[str, Any] = {
        "slug": "kg/driving-licence",
        "country": "KG",
        "topic": "driving-licence",
        "volatility": "medium",
        "checked_on": date(2026, 11, 1),
        "review_by": date(2027, 5, 1),
        "sources": ["https://www.example.kg/licences"],
        "texts": {
            "ru": {
                "question": "Можно ли водить в Кыргызстане с российскими правами?",
                "answer": "Да, российские права действуют, пока вы не получили ВНЖ.",
                "keywords": ["права", "вождение"],
                "steps": ["Возьмите права и их перевод"],
                "cost": "Бесплатно",
            },
            "en": {
                "question": "Can I drive in Kyrgyzstan on a Russian licence?",
                "answer": "Yes, a Russian licence is valid until you get residence.",
                "keywords": ["licence", "driving"],
                "steps": ["Carry the licence and its translation"],
                "cost": "Free",
            },
        },
    }
    row.update(changes)
    return row


def test_the_faq_section_is_registered_for_import_and_export() -> None:
    assert [s.name for s in plugins().transfer_sections if s.name == "faq"] == ["faq"]


def test_every_bad_row_is_reported_by_position_and_nothing_is_parsed_from_it() -> None:
    bad_answer = good_row(slug="ge/housing", country="GE")
    bad_answer["texts"] = copy.deepcopy(bad_answer["texts"])
    bad_answer["texts"]["ru"]["answer"] = ""
    rows = [
        good_row(),
        bad_answer,
        good_row(slug="xx/housing", country="XX"),
        good_row(slug="global/apostille", country="*", topic="apostille", sources=["ftp://x"]),
        good_row(slug="am/apostille", country="AM", topic="apostille"),
        good_row(review_by=date(2026, 1, 1), colour="red"),
        "not a mapping",
    ]
    items, errors = FaqSection().validate(rows)
    assert [item.slug for item in items] == ["kg/driving-licence"]
    positions = {error.position for error in errors}
    assert {
        "faq[1].texts.ru.answer",
        "faq[2].country",
        "faq[3].sources[0]",
        "faq[4].topic",
        "faq[5].review_by",
        "faq[5].colour",
        "faq[6]",
    } <= positions
    assert "faq[0]" not in {p.split(".")[0] for p in positions}
    assert TransferError("faq[4].topic", "is a global topic: its entry needs country '*'") in errors
    _, duplicate = FaqSection().validate([good_row(), good_row()])
    assert duplicate == [TransferError("faq[1].slug", "duplicates faq[0]")]
    assert FaqSection().validate({"slug": "x"})[1] == [
        TransferError("faq", "must be a list of entries")
    ]


async def test_apply_upserts_by_slug_and_export_round_trips(database_url: str) -> None:
    engine = create_engine(database_url)
    sessions = create_session_factory(engine)
    section = FaqSection()
    try:
        async with unit_of_work(sessions) as session:
            exported = await section.export(session)
            before = await index_version(session)
        # The starter base carries when it was checked, never a confirmation nobody gave.
        assert len(exported) >= 190 and all("verified_by" not in row for row in exported)
        assert all(row["checked_on"] == date(2026, 12, 6) for row in exported)
        text = yaml.safe_dump({"faq": exported}, allow_unicode=True, sort_keys=False)
        items, errors = section.validate(yaml.safe_load(text)["faq"])
        assert errors == []
        async with unit_of_work(sessions) as session:
            report = await section.apply(session, items, actor_id=None)
            assert (report.created, report.updated) == (0, 0)
            assert report.unchanged == len(exported)
            assert await index_version(session) == before  # nothing to re-index

        changed = copy.deepcopy(next(r for r in exported if r["slug"] == "rs/bank-account"))
        changed["texts"]["en"]["keywords"] = ["dinar account"]
        changed["status"] = "draft"
        items, errors = section.validate([good_row(), changed])
        assert errors == []
        async with unit_of_work(sessions) as session:
            report = await section.apply(session, items, actor_id=None)
            assert (report.created, report.updated, report.unchanged) == (1, 1, 0)
            assert await index_version(session) > before
        async with sessions() as session:
            licence = await session.scalar(
                select(FaqEntry).where(FaqEntry.slug == "kg/driving-licence")
            )
            assert licence is not None and licence.status == FaqStatus.PUBLISHED
            assert licence.text("en").details == {  # type: ignore[union-attr]
                "steps": ["Carry the licence and its translation"],
                "cost": "Free",
            }
            bank = await session.scalar(select(FaqEntry).where(FaqEntry.slug == "rs/bank-account"))
            assert bank is not None and bank.status == FaqStatus.DRAFT
            assert bank.text("en").keywords == ["dinar account"]  # type: ignore[union-attr]
            again = await section.export(session)
        assert next(r for r in again if r["slug"] == "rs/bank-account")["status"] == "draft"
        items, _ = section.validate(again)
        async with unit_of_work(sessions) as session:
            report = await section.apply(session, items, actor_id=None)
            assert report.unchanged == len(again)
    finally:
        await engine.dispose()


async def test_review_by_follows_the_volatility_when_a_file_leaves_it_out(
    sqlite_url: str,
) -> None:
    engine = create_engine(sqlite_url)
    sessions = create_session_factory(engine)
    row = good_row(volatility="high")
    del row["review_by"]
    confirmed = good_row(
        slug="il/sim-card",
        country="IL",
        topic="sim-card",
        verified_at=date(2026, 11, 20),
        verified_by=555,
    )
    items, errors = FaqSection().validate([row, confirmed])
    assert errors == []
    try:
        async with unit_of_work(sessions) as session:
            await FaqSection().apply(session, items, actor_id=42)
        async with sessions() as session:
            entry = await session.scalar(
                select(FaqEntry).where(FaqEntry.slug == "kg/driving-licence")
            )
            assert entry is not None
            assert entry.review_by == date(2027, 1, 30)  # checked_on + 90 days
            assert (entry.verified_at, entry.verified_by) == (None, None)  # nobody confirmed
            sim = await session.scalar(select(FaqEntry).where(FaqEntry.slug == "il/sim-card"))
            assert sim is not None and (sim.verified_at, sim.verified_by) == (
                date(2026, 11, 20),
                555,
            )
            exported = [r for r in await FaqSection().export(session) if r["slug"] == "il/sim-card"]
        # A moderator's confirmation survives export and import (contract).
        assert (exported[0]["verified_at"], exported[0]["verified_by"]) == (date(2026, 11, 20), 555)
    finally:
        await engine.dispose()
