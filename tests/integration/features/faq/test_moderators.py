"""Moderators keep the knowledge base true: verify, edit, write new entries, see what is stale
and what is missing — only in their own countries, every decision audited."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from bot.db.models import AuditEntry, AuditOutcome, FaqStatus
from bot.db.types import utcnow
from bot.features.faq.editing import find_entry
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


async def test_a_moderator_confirms_a_due_entry_and_members_then_see_her_confirmation(
    make_harness: HarnessFactory, database_url: str
) -> None:
    harness = await make_harness(database_url, admin_ids="1")
    today = utcnow().date()
    await change_entry(harness, "rs/bank-account", review_by=today - timedelta(days=3))
    anna = await settle(harness, 7202, "RS")
    await anna.send("how do I open a bank account?")
    assert "Confirmed by a moderator" not in anna.last.text  # nobody has yet
    assert "Due for a re-check" in anna.last.text

    olga = await moderator(harness, 7201, "RS")
    await olga.send("/faq_admin")
    await olga.press("To review")
    assert "Due for review" in olga.last.text
    await olga.press("🇷🇸 Bank account")
    review = olga.last.text
    assert "rs/bank-account" in review
    # The answer beside its sources, their dates and what was noted when they were checked.
    assert "Sources and the notes made when checking them" in review
    assert "not confirmed by a moderator yet" in review
    await olga.press("Confirm: checked against the sources")
    rs_bank = await entry(harness, "rs/bank-account")
    assert (rs_bank.verified_at, rs_bank.verified_by, rs_bank.checked_on) == (today, 7201, today)
    assert rs_bank.review_by == next_review(today, rs_bank.volatility)
    assert "Confirmed. Members see" in (olga.last_answer() or "")
    assert "by you" in olga.last.text
    assert await audit_of(harness, "faq.verify") == [(7201, "ok", "rs/bank-account")]

    await anna.send("how do I open a bank account?")
    assert f"Confirmed by a moderator on {long_date(today, 'en')}" in anna.last.text
    assert "Due for a re-check" not in anna.last.text


async def test_the_facts_behind_an_entry_show_each_source_and_its_notes(harness: Harness) -> None:
    olga = await moderator(harness, 7203, "RS", language="ru")
    await olga.send("/faq_admin rs/bank-account")
    await olga.press("Факты и заметки")
    facts = olga.last.text
    assert facts.startswith("📚 Факты за статьёй rs/bank-account")
    rs_bank = await entry(harness, "rs/bank-account")
    from bot.features.faq.sources import facts_of

    first = facts_of(rs_bank.sources[0])
    assert first and first[0].fact_ru[:40] in facts
    await olga.press("Назад")
    assert "rs/bank-account" in olga.last.text


async def test_a_moderator_corrects_a_step_then_confirms(harness: Harness) -> None:
    olga = await moderator(harness, 7204, "RS")
    await olga.send("/faq_admin rs/residence-permit")
    await olga.press("Correct")
    await olga.press("Caveats EN")
    assert "one per line" in olga.last.text
    await olga.send("Bring the original and a copy\nQueues are long in summer")
    saved = (await entry(harness, "rs/residence-permit")).text("en")
    assert saved is not None
    assert saved.details["caveats"] == [
        "Bring the original and a copy",
        "Queues are long in summer",
    ]
    await olga.press("Confirm: checked against the sources")
    assert (await entry(harness, "rs/residence-permit")).verified_by == 7204
    assert [row[2] for row in await audit_of(harness, "faq.edit")] == ["rs/residence-permit"]
    anna = await settle(harness, 7205, "RS")
    await anna.send("how to get a residence permit in serbia")
    await anna.press("More")
    assert "• Queues are long in summer" in anna.last.text


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
    denied = [row for row in await audit_of(harness, "faq.verify") if row[1] == "denied"]
    assert denied == [(7211, "denied", "ge/bank-account")]  # and no line for members
    assert (await entry(harness, "ge/bank-account")).verified_at is None


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
    await olga.press("Correct")
    await olga.press("Keywords EN")
    assert "Send the new text" in olga.last.text
    await olga.send("x" * 70)  # one keyword over the limit
    assert "Too long: at most 64 characters" in olga.last.text
    await olga.send("bank account, Raiffeisen, dinar account, zlatibor")
    assert "Saved" in olga.transcript()[-2].text
    rs_bank = await entry(harness, "rs/bank-account")
    assert rs_bank.text("en").keywords[-1] == "zlatibor"  # type: ignore[union-attr]

    anna = await settle(harness, 7232, "RS")
    await anna.send("zlatibor")
    assert anna.last.text.startswith(rs_bank.text("en").question)  # type: ignore[union-attr]

    await olga.send("/faq_admin rs/bank-account")
    await olga.press("Correct")
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
    await olga.press("Retire")
    assert (await entry(harness, "rs/driving-licence")).status == FaqStatus.ARCHIVED
    await anna.send("russian driving licence in serbia")
    assert "Serbia · Driving licence" not in anna.last.text
    await olga.press("Publish")
    await anna.send("russian driving licence in serbia")
    assert "Serbia · Driving licence" in anna.last.text


async def test_a_moderator_writes_a_new_entry_step_by_step(harness: Harness) -> None:
    aida = await moderator(harness, 7251, "KG")
    await aida.send("/faq_admin")
    await aida.press("New entry")
    await aida.press("Kyrgyzstan")
    assert "Only topics without an entry" in aida.last.text
    assert "Bank account" not in [label for label, _ in aida.last.buttons()]
    await aida.press("Driving licence")
    await aida.press("medium")
    await aida.send("licences are important")
    assert "full link starting with https://" in aida.last.text
    await aida.send("https://www.example.kg/driving-licence")
    await aida.send("Можно ли водить в Кыргызстане с российскими правами?")
    await aida.send("Российские права действуют в Кыргызстане, пока вы не получили ВНЖ. " * 3)
    await aida.send("права, водительское удостоверение, вождение")
    await aida.send("Can I drive in Kyrgyzstan on a Russian licence?")
    await aida.send("A Russian licence is valid in Kyrgyzstan until you get residence. " * 3)
    await aida.send("-")
    assert "Check the new entry" in aida.last.text
    await aida.press("Publish — I checked it today")
    licence = await entry(harness, "kg/driving-licence")
    assert licence.status == FaqStatus.PUBLISHED
    assert (licence.verified_at, licence.verified_by) == (utcnow().date(), 7251)
    assert licence.checked_on == utcnow().date()
    assert licence.text("en").keywords == []  # type: ignore[union-attr]
    assert await audit_of(harness, "faq.create") == [(7251, "ok", "kg/driving-licence")]

    anna = await settle(harness, 7252, "KG")
    await anna.send("водительские права в кыргызстане")
    assert anna.last.text.startswith("Can I drive in Kyrgyzstan on a Russian licence?")


async def test_a_moderator_goes_back_in_a_new_entry_keeps_what_she_wrote_then_cancels(
    harness: Harness,
) -> None:
    aida = await moderator(harness, 7253, "KG")
    await aida.send("/faq_admin")
    await aida.press("New entry")
    await aida.press("Kyrgyzstan")
    await aida.press("Driving licence")
    await aida.press("medium")
    await aida.send("https://www.example.kg/driving-licence")
    assert "The question (RU)" in aida.last.text
    await aida.send_sticker()
    assert "I need text here" in aida.last.text
    assert "The question (RU)" in aida.last.text
    await aida.press("Back")
    assert "https://www.example.kg/driving-licence" in aida.last.text  # what she sent
    await aida.press("Keep this")
    assert "The question (RU)" in aida.last.text
    await aida.press("Cancel")
    assert "The new entry was not saved" in aida.last.text
    async with harness.services.sessions() as session:
        assert await find_entry(session, "kg/driving-licence") is None
    await aida.send("права в кыргызстане")  # a question again, no step waits for it
    assert "The question (RU)" not in aida.last.text


async def test_the_coverage_table_shows_entries_due_overdue_and_gaps_per_topic(
    harness: Harness,
) -> None:
    today = utcnow().date()
    await change_entry(harness, "kg/housing", review_by=today - timedelta(days=2))
    await change_entry(harness, "kg/sim-card", review_by=today + timedelta(days=5))
    anna = await settle(harness, 7262, "KG")
    await anna.send("where to find a vet for my cat in Kyrgyzstan")
    await anna.press("Pass my question to the volunteers")
    aida = await moderator(harness, 7261, "KG")
    await aida.send("/faq_admin")
    await aida.press("Coverage")
    table = aida.last.text
    assert "🇰🇬 Kyrgyzstan: 15/16 · 🕒 1 · ⏳ 1 · ❔ 1" in table
    assert "Georgia" not in table  # her countries only
    await aida.press("Kyrgyzstan")
    topics = aida.last.text
    assert "⏳ Housing · overdue since" in topics
    assert "🕒 SIM card · review by" in topics
    assert "➖ Driving licence" in topics
    assert "Questions without a good answer: 1" in topics
    assert "➕ Driving licence" in [label for label, _ in aida.last.buttons()]

    admin = harness.member(1, language_code="en")
    await admin.send("/faq_admin")
    await admin.press("Coverage")
    assert "🇬🇪 Georgia: 16/16" in admin.last.text
    assert "🌍 Every country: 10/10" in admin.last.text


async def test_the_review_list_has_entries_without_a_date_then_the_longest_overdue(
    harness: Harness,
) -> None:
    today = utcnow().date()
    await change_entry(harness, "rs/visa-free-stay", review_by=None)
    await change_entry(harness, "rs/housing", review_by=today - timedelta(days=5))
    await change_entry(harness, "rs/sim-card", review_by=today + timedelta(days=7))
    await change_entry(harness, "rs/registration", review_by=today + timedelta(days=100))
    olga = await moderator(harness, 7271, "RS")
    await olga.send("/faq_admin")
    await olga.press("To review")
    labels = [label for label, _ in olga.last.buttons()]
    assert labels[0] == "🇷🇸 Visa-free stay — no review date"
    assert labels[1].startswith("🇷🇸 Housing — overdue since")
    assert labels[2].startswith("🇷🇸 SIM card — review by")
    assert not any("Registration" in label for label in labels)
