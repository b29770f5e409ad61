"""Import is all or nothing and updates by slug; export then import changes nothing."""

from __future__ import annotations

from datetime import date
from typing import Any

import yaml
from sqlalchemy import select

from bot.db.models import AuditEntry, Group, GroupStatus
from bot.db.uow import unit_of_work
from bot.features import plugins
from bot.transfer.engine import export_document, import_document
from tests.conftest import HarnessFactory
from tests.support.story import Harness

FILE = """\
groups:
  - slug: ge-tbilisi-designers
    title: Дизайнеры в Тбилиси
    link: https://t.me/example_designers_tbilisi
    kind: chat
    country: GE
    city: Tbilisi
    professions: [design]
    interests: [networking, jobs]
    languages: [ru, en]
    description: Портфолио-ревью, заказы, встречи раз в месяц.
    verified_at: 2026-01-10
  - slug: rs-belgrade-it
    title: Belgrade IT
    link: "@example_belgrade_it"
    kind: forum
    country: RS
    city: Belgrade
    professions: [it]
    languages: [ru, sr]
    description: "Вакансии, митапы: всё для айтишников в Белграде."
  - slug: global-relocation
    title: "Moving on: EU, US"
    link: https://t.me/+ExAmPlEinvite123
    kind: channel
    country: "*"
    interests: [relocation]
    languages: [ru]
"""


async def snapshot(harness: Harness) -> list[dict[str, Any]]:
    """Every group row, every column (to prove that nothing at all changed)."""
    async with harness.services.sessions() as session:
        rows = (await session.execute(select(Group.__table__).order_by(Group.slug))).mappings()
        return [dict(row) for row in rows]


async def run_import(harness: Harness, text: str, **options: Any) -> Any:
    async with unit_of_work(harness.services.sessions) as session:
        return await import_document(
            session, text, actor_id=None, sections=plugins().transfer_sections, **options
        )


async def run_export(harness: Harness) -> str:
    async with harness.services.sessions() as session:
        return await export_document(session, plugins().transfer_sections)


async def test_a_broken_import_reports_each_bad_row_and_writes_nothing(
    make_harness: HarnessFactory, database_url: str
) -> None:
    harness = await make_harness(database_url)
    await run_import(harness, FILE)
    before = await snapshot(harness)
    broken = (
        FILE.replace("city: Belgrade", "city: Novi Pazar").replace(
            "interests: [relocation]", "interests: [relocation, astrology]"
        )
        + "  - {slug: ge-new-one, title: A new group, link: '@example_new_one', country: GE}\n"
    )
    result = await run_import(harness, broken)
    assert [str(error) for error in result.errors] == [
        "groups[1].city (line 18): unknown city of RS; known: Belgrade, Novi Sad, Niš",
        "groups[2].interests (line 27): unknown: astrology; known: banking, events,"
        " faith-ethnic, health, housing, jobs, kids, language, legal, networking, psychology,"
        " relocation, volunteering",
    ]
    assert result.reports == {}
    assert await snapshot(harness) == before  # the valid new row was not written either


async def test_export_then_import_changes_nothing(
    make_harness: HarnessFactory, database_url: str
) -> None:
    harness = await make_harness(database_url)
    first = await run_import(harness, FILE)
    assert first.summary() == ["groups: 3 created, 0 updated, 0 unchanged"]
    exported = await run_export(harness)
    before = await snapshot(harness)

    again = await run_import(harness, exported)
    # The starter knowledge base travels in the same file, and comes back unchanged too.
    assert again.summary() == [
        "groups: 0 created, 0 updated, 3 unchanged",
        "faq: 0 created, 0 updated, 199 unchanged",
    ]
    assert await snapshot(harness) == before
    assert await run_export(harness) == exported
    assert yaml.safe_load(exported)["groups"][0] == {
        "slug": "ge-tbilisi-designers",
        "title": "Дизайнеры в Тбилиси",
        "link": "https://t.me/example_designers_tbilisi",
        "kind": "chat",
        "country": "GE",
        "city": "Tbilisi",
        "professions": ["design"],
        "interests": ["jobs", "networking"],
        "languages": ["ru", "en"],
        "description": "Портфолио-ревью, заказы, встречи раз в месяц.",
        "verified_at": date(2026, 1, 10),
    }


async def test_import_updates_by_slug_and_keeps_what_moderators_decided(harness: Harness) -> None:
    await run_import(harness, FILE)
    async with unit_of_work(harness.services.sessions) as session:
        hidden = await session.scalar(select(Group).where(Group.slug == "rs-belgrade-it"))
        assert hidden is not None
        hidden.status = GroupStatus.HIDDEN  # a moderator took it down
    changed = FILE.replace("title: Belgrade IT", "title: Belgrade IT people").replace(
        "verified_at: 2026-01-10", "verified_at: 2026-02-01"
    )
    result = await run_import(harness, changed)
    assert result.summary() == ["groups: 0 created, 2 updated, 1 unchanged"]
    async with harness.services.sessions() as session:
        groups = {g.slug: g for g in await session.scalars(select(Group))}
    assert groups["rs-belgrade-it"].title == "Belgrade IT people"
    assert groups["rs-belgrade-it"].status == GroupStatus.HIDDEN  # import does not undo it
    verified = groups["ge-tbilisi-designers"].verified_at
    assert verified is not None and verified.date().isoformat() == "2026-02-01"
    assert len(groups) == 3
    assert "rs-belgrade-it" not in await run_export(harness)  # hidden groups are not exported
    async with harness.services.sessions() as session:
        audits = list(
            await session.scalars(select(AuditEntry).where(AuditEntry.action == "transfer.import"))
        )
    assert [a.details["groups"] for a in audits][-1] == {"created": 0, "updated": 2, "unchanged": 1}


async def test_a_dry_run_reports_what_would_change_and_writes_nothing(
    make_harness: HarnessFactory, database_url: str
) -> None:
    harness = await make_harness(database_url)
    result = await run_import(harness, FILE, dry_run=True)
    assert result.ok and result.summary() == ["groups: 3 created, 0 updated, 0 unchanged"]
    assert await snapshot(harness) == []
