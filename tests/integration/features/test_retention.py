"""Members who went silent for a long time are warned once, then erased from everywhere unless
they come back; old audit entries are trimmed. The worker's jobs run here on a real database."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select, update

from bot.access import audit
from bot.db.models import AuditEntry, Member
from bot.db.types import utcnow
from bot.features import plugins
from bot.features.privacy.jobs import purge_old_audit_entries, warn_and_erase_silent_members
from bot.plugins import JobContext
from tests.conftest import HarnessFactory
from tests.integration.test_erasure import ADMIN, LEAVE_TRACES, VICTIM, traces_of
from tests.support.copy import t
from tests.support.story import Harness, Person


def job_context(harness: Harness) -> JobContext:
    return JobContext(
        services=harness.services, bot=harness.bot, worker_id="test", plugins=plugins()
    )


async def retention_round(harness: Harness) -> None:
    """The job's round, then the outbox's (which sends the warnings it owed)."""
    await warn_and_erase_silent_members(job_context(harness))
    await harness.deliver()


async def onboard(harness: Harness, user_id: int, language: str) -> Person:
    person = harness.member(user_id, language_code=language)
    await person.send("/start ge-tbilisi_it")
    await person.press("Готово" if language == "ru" else "Done")
    await person.press("Пропустить" if language == "ru" else "Skip")
    await person.press("Нет, спасибо" if language == "ru" else "No, thanks")
    return person


async def go_silent(harness: Harness, user_id: int, days: int) -> None:
    async with harness.services.sessions() as session, session.begin():
        await session.execute(
            update(Member)
            .where(Member.id == user_id)
            .values(last_seen_at=utcnow() - timedelta(days=days))
        )


async def warned_days_ago(harness: Harness, user_id: int, days: int) -> None:
    async with harness.services.sessions() as session, session.begin():
        await session.execute(
            update(Member)
            .where(Member.id == user_id)
            .values(retention_notice_at=utcnow() - timedelta(days=days))
        )


async def member(harness: Harness, user_id: int) -> Member | None:
    async with harness.services.sessions() as session:
        return await session.get(Member, user_id)


async def test_a_silent_member_is_warned_once_in_their_language(harness: Harness) -> None:
    olga = await onboard(harness, 7001, "ru")
    tom = await onboard(harness, 7002, "en")
    active = await onboard(harness, 7003, "en")
    await go_silent(harness, 7001, days=400)
    await go_silent(harness, 7002, days=400)
    await go_silent(harness, 7003, days=20)

    await retention_round(harness)
    await retention_round(harness)  # the next round: no second notice

    assert olga.last.text == t("privacy-retention-warning", "ru", days=30)
    assert tom.last.text == t("privacy-retention-warning", days=30)
    assert sum("erased in" in m.text for m in tom.transcript()) == 1
    assert "erased in" not in active.last.text
    warned = await member(harness, 7002)
    assert warned is not None and warned.retention_notice_at is not None


async def test_coming_back_keeps_everything(harness: Harness) -> None:
    tom = await onboard(harness, 7010, "en")
    await go_silent(harness, 7010, days=400)
    await retention_round(harness)
    await warned_days_ago(harness, 7010, days=3)

    await tom.send("/menu")  # he is back: the warning is void
    back = await member(harness, 7010)
    assert back is not None and back.retention_notice_at is None

    # Even a warning left over from before he came back never erases him.
    await warned_days_ago(harness, 7010, days=40)
    await go_silent(harness, 7010, days=2)
    await retention_round(harness)
    assert await member(harness, 7010) is not None


async def test_a_member_who_stays_away_is_erased_from_everywhere(
    make_harness: HarnessFactory, database_url: str
) -> None:
    harness = await make_harness(database_url, admin_ids=str(ADMIN))
    for leave in LEAVE_TRACES:
        await leave(harness)
    assert "members" in await traces_of(harness, VICTIM)
    await go_silent(harness, VICTIM, days=400)
    await retention_round(harness)
    await warned_days_ago(harness, VICTIM, days=29)
    await retention_round(harness)
    assert await member(harness, VICTIM) is not None  # still inside the grace period

    await warned_days_ago(harness, VICTIM, days=31)
    await retention_round(harness)

    assert await traces_of(harness, VICTIM) == {}


async def test_old_audit_entries_are_trimmed(harness: Harness) -> None:
    async with harness.services.sessions() as session, session.begin():
        old = await audit(session, actor_id=1, action="test.old")
        await audit(session, actor_id=1, action="test.recent")
        await session.flush()
        old.at = utcnow() - timedelta(days=800)

    assert await purge_old_audit_entries(job_context(harness)) == 1
    async with harness.services.sessions() as session:
        actions = set(await session.scalars(select(AuditEntry.action)))
    assert "test.recent" in actions and "test.old" not in actions
