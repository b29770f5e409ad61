"""Moderators keep the knowledge base true: verify, edit, write new entries, see what is stale
and what is missing — only in their own countries, every decision audited."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from bot.db.models import AuditEntry, AuditOutcome, FaqStatus
from bot.db.types import utcnow
from bot.features.faq.keyboards import FaqModCb
from bot.features.faq.topics import next_review
from tests.conftest import HarnessFactory
from tests.integration.features.faq.stories import (
    change_entry,
    entry,
    long_date,
    moderator,
    settle,
)
from tests.support.story import Harness


async def audit_of(harness: Harness, action: str) -> list[tuple[int | None, str, str | None]]:
    async with harness.services.sessions() as session:
        rows = await session.scalars(
            select(AuditEntry).where(AuditEntry.action == action).order_by(AuditEntry.id)
        )
        return [(row.actor_id, str(row.outcome), row.target_id) for row in rows]


async def test_a_moderator_verifies_an_overdue_entry_and_members_see_the_new_date(
    make_harness: HarnessFactory, database_url: str
) -> None:
    harness = await make_harness(database_url, admin_ids="1")
    today = utcnow().date()
    await change_entry(harness, "rs/bank-account", review_by=today - timedelta(days=3))
    olga = await moderator(harness, 7201, "RS")
    await olga.send("/faq_admin")
    await olga.press("To review")
    assert "To review" in olga.last.text
    await olga.press("🇷🇸 Bank account")
    assert "rs/bank-account" in olga.last.text
    await olga.press("Checked against the sources today")
    rs_bank = await entry(harness, "rs/bank-account")
    assert rs_bank.verified_at == today
    assert rs_bank.verified_by == 7201
    assert rs_bank.review_by == next_review(today, rs_bank.volatility)
    assert "Marked verified" in (olga.last_answer() or "")
    assert "by you" in olga.last.text
    assert await audit_of(harness, "faq.verify") == [(7201, "ok", "rs/bank-account")]

    anna = await settle(harness, 7202, "RS")
    await anna.send("how do I open a bank account?")
    assert f"Checked by volunteers on {long_date(today, 'en')}" in anna.last.text
    assert "Due for a re-check" not in anna.last.text


async def test_a_moderator_of_serbia_cannot_touch_georgian_entries(harness: Harness) -> None:
    ge_bank = await entry(harness, "ge/bank-account")
    olga = await moderator(harness, 7211, "RS")
    await olga.send("/faq_admin ge/bank-account")
    assert "not among the countries you moderate" in olga.last.text
    for forged in (
        FaqModCb(action="ver", entry=ge_bank.id),
        FaqModCb(action="st", entry=ge_bank.id, value="archived"),
        FaqModCb(action="fld", entry=ge_bank.id, value="a.en"),
        FaqModCb(action="new", value="GE/housing"),
    ):
        await olga.press_data(forged.pack())
        assert "not among the countries you moderate" in (olga.last_answer() or "")
    after = await entry(harness, "ge/bank-account")
    assert (after.verified_at, after.verified_by, after.status) == (
        ge_bank.verified_at,
        ge_bank.verified_by,
        ge_bank.status,
    )
    denied = [row for row in await audit_of(harness, "faq.verify") if row[1] == "denied"]
    assert denied == [(7211, "denied", "ge/bank-account")]

    # Georgian answers do not offer her the moderation button; Serbian ones do.
    await olga.send("как открыть счёт в Грузии")
    assert "🛠 Moderate this answer" not in [label for label, _ in olga.last.buttons()]
    await olga.send("как открыть счёт в Сербии")
    assert "🛠 Moderate this answer" in [label for label, _ in olga.last.buttons()]


async def test_members_cannot_open_the_moderators_screens(harness: Harness) -> None:
    anna = await settle(harness, 7221, "RS")
    await anna.send("/faq_admin")
    assert "This needs the moderator role" in anna.last.text
    await anna.press_data(FaqModCb(action="home").pack())
    assert "This needs the moderator role" in (anna.last_answer() or "")
    async with harness.services.sessions() as session:
        outcomes = await session.scalars(
            select(AuditEntry.outcome).where(AuditEntry.actor_id == 7221)
        )
        assert list(outcomes) == [AuditOutcome.DENIED, AuditOutcome.DENIED]


async def test_editing_an_answer_in_chat_is_searchable_at_once(harness: Harness) -> None:
    olga = await moderator(harness, 7231, "RS")
    await olga.send("/faq_admin rs/bank-account")
    await olga.press("Edit text or sources")
    await olga.press("EN keywords")
    assert "Send the new text" in olga.last.text
    await olga.send("x" * 70)  # one keyword over the limit
    assert "Too long: at most 64 characters" in olga.last.text
    await olga.send("bank account, Raiffeisen, dinar account, zlatibor")
    assert "Saved" in olga.transcript()[-2].text
    rs_bank = await entry(harness, "rs/bank-account")
    assert rs_bank.text("en").keywords[-1] == "zlatibor"  # type: ignore[union-attr]

    anna = await settle(harness, 7232, "RS")
    await anna.send("zlatibor")
    assert anna.last.text.startswith("How do I open a bank account in Serbia")

    await olga.send("/faq_admin rs/bank-account")
    await olga.press("Edit text or sources")
    await olga.press("Sources (links)")
    await olga.send("not a link")
    assert "full link starting with https://" in olga.last.text
    await olga.send("https://www.nbs.rs/en/")
    assert (await entry(harness, "rs/bank-account")).sources == ["https://www.nbs.rs/en/"]
    assert [row[2] for row in await audit_of(harness, "faq.edit")] == ["rs/bank-account"] * 2


async def test_archiving_hides_an_entry_and_publishing_brings_it_back(harness: Harness) -> None:
    olga = await moderator(harness, 7241, "RS")
    anna = await settle(harness, 7242, "RS")
    await olga.send("/faq_admin rs/driving-licence")
    await olga.press("Archive")
    assert (await entry(harness, "rs/driving-licence")).status == FaqStatus.ARCHIVED
    await anna.send("russian driving licence in serbia")
    assert "Serbia · Driving licence" not in anna.last.text
    await olga.press("Publish")
    await anna.send("russian driving licence in serbia")
    assert "Serbia · Driving licence" in anna.last.text


async def test_a_moderator_writes_a_new_entry_step_by_step(harness: Harness) -> None:
    olga = await moderator(harness, 7251, "RS")
    await olga.send("/faq_admin")
    await olga.press("New entry")
    await olga.press("Serbia")
    assert "Only topics without an entry" in olga.last.text
    assert "Bank account" not in [label for label, _ in olga.last.buttons()]
    await olga.press("Housing")
    await olga.press("medium")
    await olga.send("rental contracts are important")
    assert "full link starting with https://" in olga.last.text
    await olga.send("https://www.paragraf.rs/propisi/zakon-o-stanovanju.html")
    await olga.send("Как снять квартиру в Сербии?")
    await olga.send("Договор аренды лучше заключать письменно и регистрировать адрес. " * 3)
    await olga.send("аренда, квартира, жильё")
    await olga.send("How do I rent a flat in Serbia?")
    await olga.send("Sign a written lease and register the address with the police. " * 3)
    await olga.send("-")
    assert "Check the new entry" in olga.last.text
    await olga.press("Publish — I checked it today")
    housing = await entry(harness, "rs/housing")
    assert housing.status == FaqStatus.PUBLISHED
    assert (housing.verified_at, housing.verified_by) == (utcnow().date(), 7251)
    assert housing.text("en").keywords == []  # type: ignore[union-attr]
    assert await audit_of(harness, "faq.create") == [(7251, "ok", "rs/housing")]

    anna = await settle(harness, 7252, "RS")
    await anna.send("снять квартиру")
    assert anna.last.text.startswith("How do I rent a flat in Serbia?")


async def test_the_coverage_table_shows_the_topics_without_an_entry(harness: Harness) -> None:
    olga = await moderator(harness, 7261, "RS")
    await olga.send("/faq_admin")
    await olga.press("Coverage")
    table = olga.last.text
    assert "🇷🇸 Serbia: 8/14" in table
    assert "missing: Local ID number, Cards and transfers" in table
    assert "Georgia" not in table  # her countries only

    admin = harness.member(1, language_code="en")
    await admin.send("/faq_admin")
    await admin.press("Coverage")
    assert "🇬🇪 Georgia: 8/14" in admin.last.text
    assert "🌍 Every country: 9/9" in admin.last.text


async def test_the_review_list_has_never_verified_entries_first(harness: Harness) -> None:
    today = utcnow().date()
    await change_entry(harness, "rs/visa-free-stay", verified_at=None, review_by=None)
    await change_entry(harness, "rs/registration", review_by=today + timedelta(days=100))
    olga = await moderator(harness, 7271, "RS")
    await olga.send("/faq_admin")
    await olga.press("To review")
    labels = [label for label, _ in olga.last.buttons()]
    assert labels[0] == "🇷🇸 Visa-free stay — never verified"
    assert not any("Registration" in label for label in labels)
