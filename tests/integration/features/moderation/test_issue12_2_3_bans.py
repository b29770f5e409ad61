"""Issue 12, attacks 2 and 3: bans that hold.

2. A ban was undone by /delete_me, which also deleted the reported conversations and withdrew
   the reports: a reported scammer erased the evidence and came back clean with /start.
3. A banned member kept receiving victims' messages: their listings stayed in Browse, and a
   responder who wrote a passport number and an address was told "Delivered".
"""

from __future__ import annotations

from sqlalchemy import select

from bot.db.models import (
    AuditOutcome,
    Ban,
    Job,
    ListingStatus,
    Member,
    MemberStatus,
    RelayMessage,
    RelayThread,
    Report,
    ReportStatus,
)
from bot.features import plugins
from bot.features.listings.conversation.service import responder_is
from bot.features.privacy.service import erase_when_decided
from tests.integration.features.listings.test_jobs import published_job
from tests.support.directory import audit_entries, staff
from tests.support.listings import newcomer
from tests.support.story import Harness, Person

SCAMMER, VICTIM, SECOND, NINO, ARMEN = 12201, 12202, 12203, 12290, 12291
EVIDENCE = "Pay a 50 USD deposit first and send me your card number."


async def scammer_reported(harness: Harness) -> tuple[Person, Person, int]:
    """A scammer's job; a newcomer writes, is asked for money and reports the conversation."""
    scammer = await newcomer(harness, SCAMMER)
    victim = await newcomer(harness, VICTIM)
    job = await published_job(harness, SCAMMER, title="Easy office job")
    await victim.press_data(f"ls:j:rs:{job.id}:")
    await victim.send("Hello, is it still open?")
    await scammer.press("Answer")
    await scammer.send(EVIDENCE)
    await victim.press("Report")
    await victim.press("A scam or a request for money")
    return scammer, victim, job.id


def all_text(person: Person) -> str:
    return "\n".join(sent.text for sent in person.transcript())


async def thread_messages(harness: Harness) -> list[str]:
    async with harness.services.sessions() as session:
        return [m.text for m in await session.scalars(select(RelayMessage))]


async def erase_due(harness: Harness) -> list[int]:
    async with harness.services.sessions() as session, session.begin():
        return await erase_when_decided(session, plugins().personal_data)


async def test_a_reported_member_cannot_erase_the_evidence_and_a_ban_outlives_erasure(
    harness: Harness,
) -> None:
    scammer, _, _ = await scammer_reported(harness)

    # The scammer tries to wipe everything before a moderator looks.
    await scammer.send("/delete_me")
    await scammer.press("Yes, erase everything")
    assert "A report about your conversation or listing is being reviewed" in scammer.last.text
    assert EVIDENCE in await thread_messages(harness)  # the evidence stays
    async with harness.services.sessions() as session:
        [report] = list(await session.scalars(select(Report)))
        assert report.status == ReportStatus.OPEN  # not withdrawn
    assert await erase_due(harness) == []  # nothing erased while the report is open

    # A moderator of Armenia cannot ban (the conversation is about a Georgian job).
    armen = await staff(harness, ARMEN, "moderator", "AM")
    await armen.send("/mod")
    nino = await staff(harness, NINO, "moderator", "GE")
    await nino.send("/mod")
    await nino.press("Review, oldest first")
    assert "Pay a 50 USD deposit" in nino.last.text
    ban_data = next(data for label, data in nino.last.buttons() if "Ban the member" in label)
    await armen.press_data(ban_data)
    assert [e.outcome for e in await audit_entries(harness, "member.ban")] == [AuditOutcome.DENIED]
    await nino.press("Ban the member")
    await nino.send("Asked a newcomer for a deposit and card details")
    assert "Banned" in nino.last.text

    # Decided: the erasure the scammer asked for happens now, as usual...
    assert await erase_due(harness) == [SCAMMER]
    async with harness.services.sessions() as session:
        assert await session.get(Member, SCAMMER) is None
        assert list(await session.scalars(select(RelayThread))) == []
        assert len(list(await session.scalars(select(Ban)))) == 1  # a keyed hash only
        [ban] = list(await session.scalars(select(Ban)))
        assert str(SCAMMER) not in ban.pseudonym

    # ... and coming back with /start does not lift the ban.
    await scammer.send("/start ge-tbilisi_it")
    assert "restricted by the moderators" in scammer.last.text
    async with harness.services.sessions() as session:
        member = await session.get(Member, SCAMMER)
        assert member is not None and member.status == MemberStatus.BANNED
    await scammer.send("/jobs")
    assert "restricted by the moderators" in scammer.last.text


async def test_a_ban_closes_listings_and_conversations_and_nothing_more_reaches_the_member(
    harness: Harness,
) -> None:
    scammer, victim, job_id = await scammer_reported(harness)
    second = await newcomer(harness, SECOND)
    other_job = await published_job(harness, SCAMMER, title="Second easy job")
    await second.press_data(f"ls:j:rs:{other_job.id}:")
    await second.send("Hi! Interested.")
    async with harness.services.sessions() as session:
        thread = await session.scalar(select(RelayThread).where(responder_is(SECOND)))
        assert thread is not None
    await second.press_data(f"rl:w:{thread.id}:")  # about to write more when the ban comes
    before = len(scammer.transcript())

    nino = await staff(harness, NINO, "moderator", "GE")
    await nino.send("/mod")
    await nino.press("Review, oldest first")
    await nino.press("Ban the member")
    await nino.send("Scam")

    # A responder writing a passport number and an address is not told "Delivered".
    await second.send("My passport is 75 1234567, I live at Rustaveli 12, flat 3.")
    assert "Delivered" not in second.last.text
    assert "no longer available: your message was not sent" in second.last.text

    # Listings out of Browse at once.
    async with harness.services.sessions() as session:
        statuses = {job.id: job.status for job in await session.scalars(select(Job))}
    assert statuses == {job_id: ListingStatus.REJECTED, other_job.id: ListingStatus.REJECTED}
    await second.send("/jobs")
    await second.press("Browse jobs")
    assert "Easy office job" not in second.last.text
    assert "Second easy job" not in second.last.text
    # Everyone who wrote to them is told.
    assert "“Second easy job” is no longer available" in all_text(second)
    assert "“Easy office job” is no longer available" in all_text(victim)

    await second.press_data(f"ls:j:rs:{other_job.id}:")  # nor through the listing again
    assert "no longer available" in (second.last_answer() or "")
    assert "75 1234567" not in " ".join(await thread_messages(harness))
    texts_to_scammer = [sent.text for sent in scammer.transcript()[before:]]
    assert not any("75 1234567" in text for text in texts_to_scammer)
