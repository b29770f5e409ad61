"""Members report a bad group; three different reporters hide it until a moderator decides.
Moderators see what was reported and why — never who reported it."""

from __future__ import annotations

from sqlalchemy import select

from bot.db.models import AuditOutcome, GroupStatus, Report, ReportStatus, ReviewStatus
from tests.support.directory import (
    add_group,
    audit_entries,
    group_by_title,
    onboarded,
    propose,
    review_items,
    staff,
)
from tests.support.listings import age_accounts
from tests.support.story import Harness, Person

MEMBERS = (4101, 4102, 4103, 4104)
GEORGIAN_MOD, SERBIAN_MOD = 4201, 4202


async def report(person: Person, reason: str, comment: str | None = None) -> None:
    await person.send("/communities")
    await person.press("1. ")  # the first group's card
    await person.press("Пожаловаться")
    await person.press(reason)
    if comment is not None:
        await person.send(comment)


async def open_reports(harness: Harness) -> list[Report]:
    async with harness.services.sessions() as session:
        return list(await session.scalars(select(Report).where(Report.status == ReportStatus.OPEN)))


async def test_three_reporters_hide_a_group_until_a_moderator_keeps_it(harness: Harness) -> None:
    await add_group(harness, slug="ge-all", title="Georgia everyone")
    first, second, third, fourth = [await onboarded(harness, m) for m in MEMBERS]
    await age_accounts(harness, *MEMBERS)  # new accounts' reports hide nothing

    await report(first, "Ссылка не работает")
    assert "Спасибо — модератор посмотрит" in first.last.text
    await report(first, "Мошенничество")  # the same member again: still one reporter
    assert "уже пожаловались" in first.last.text
    await report(second, "Другое", comment="Там продают <b>карты</b> в аренду")
    assert "Спасибо" in second.last.text
    await fourth.send("/communities")
    assert "Georgia everyone" in fourth.last.text  # two reporters: still listed
    await report(third, "Мошенничество")
    assert "скрыта до решения модератора" in third.last.text

    await fourth.send("/communities")
    assert "Georgia everyone" not in fourth.last.text
    group = await group_by_title(harness, "Georgia everyone")
    assert group is not None and group.status == GroupStatus.HIDDEN
    [item] = await review_items(harness)
    assert item.flags == ["reported"] and item.author_id is None

    moderator = await staff(harness, GEORGIAN_MOD, "moderator", "GE")
    await moderator.send("/mod")
    assert "Listings with open reports: 1" in moderator.last.text
    assert "Waiting for review: 1" in moderator.last.text
    await moderator.press("Reports (1)")
    assert "🚩 3 · community group: Georgia everyone" in [
        label for label, _ in moderator.last.buttons()
    ]
    await moderator.press("Georgia everyone")
    screen = moderator.last.text
    assert "reported by 3 members" in screen
    assert "scam or fraud × 1" in screen and "dead link × 1" in screen
    assert "something else × 1" in screen
    assert "Там продают <b>карты</b> в аренду" in screen  # the comment, escaped
    assert not any(str(member) in screen for member in MEMBERS)  # never who reported
    await moderator.press("Keep it listed")
    assert "Kept: “Georgia everyone”" in moderator.last.text

    await fourth.send("/communities")
    assert "Georgia everyone" in fourth.last.text
    assert await open_reports(harness) == []
    [item] = await review_items(harness)
    assert item.status == ReviewStatus.APPROVED


async def test_a_moderator_takes_a_reported_group_down_and_its_author_hears_why(
    harness: Harness,
) -> None:
    anna = await onboarded(harness, MEMBERS[0])
    await propose(anna, link="@tbilisi_rent", title="Аренда в Тбилиси")
    moderator = await staff(harness, GEORGIAN_MOD, "moderator", "GE")
    await moderator.send("/mod")
    await moderator.press("Review, oldest first")
    await moderator.press("Approve")

    olga = await onboarded(harness, MEMBERS[1])
    await report(olga, "Мошенничество")
    await moderator.send("/mod")
    await moderator.press("Reports (1)")
    await moderator.press("Аренда в Тбилиси")
    await moderator.press("Take it down")
    await moderator.send("Members report deposits taken for flats that do not exist")
    assert "Taken down: “Аренда в Тбилиси”" in moderator.last.text
    assert "No open reports" in moderator.last.text

    notice = anna.last.text
    assert "не одобрена" in notice
    assert "Members report deposits taken for flats that do not exist" in notice
    group = await group_by_title(harness, "Аренда в Тбилиси")
    assert group is not None and group.status == GroupStatus.HIDDEN
    await olga.send("/communities")
    assert "Аренда в Тбилиси" not in olga.last.text
    assert await open_reports(harness) == []


async def test_reports_of_another_country_are_out_of_reach(harness: Harness) -> None:
    await add_group(harness, slug="ge-all", title="Georgia everyone")
    olga = await onboarded(harness, MEMBERS[1])
    await report(olga, "Мошенничество")
    [open_report] = await open_reports(harness)

    serbian = await staff(harness, SERBIAN_MOD, "moderator", "RS")
    await serbian.send("/mod")
    assert "Listings with open reports: 0" in serbian.last.text
    await serbian.press_data(f"mr:show:{open_report.id}:0")
    assert "outside the countries you moderate" in (serbian.last_answer() or "")
    await serbian.press_data(f"mr:keep:{open_report.id}:0")
    assert len(await open_reports(harness)) == 1
    denied = await audit_entries(harness, "report.view") + await audit_entries(
        harness, "report.keep"
    )
    assert [(e.actor_id, e.outcome, e.scope) for e in denied] == [
        (SERBIAN_MOD, AuditOutcome.DENIED, "GE"),
        (SERBIAN_MOD, AuditOutcome.DENIED, "GE"),
    ]
