"""Admins grant and revoke roles; nobody else can, whatever they send."""

from __future__ import annotations

from sqlalchemy import func, select

from bot.db.models import AuditEntry, AuditOutcome, Member, MemberStatus, Role, RoleGrant
from tests.support.story import Harness

ADMIN = 1  # from ADMIN_IDS in the harness


async def grants(harness: Harness, member_id: int) -> set[tuple[str, str]]:
    async with harness.services.sessions() as session:
        rows = await session.execute(
            select(RoleGrant.role, RoleGrant.scope).where(RoleGrant.member_id == member_id)
        )
        return {(str(role), scope) for role, scope in rows}


async def audit_entries(harness: Harness, action: str) -> list[AuditEntry]:
    async with harness.services.sessions() as session:
        return list(await session.scalars(select(AuditEntry).where(AuditEntry.action == action)))


async def test_an_admin_grants_a_moderator_for_serbia_with_buttons(harness: Harness) -> None:
    admin = harness.member(ADMIN, language_code="en")
    await admin.send("/grant 5001")
    assert "Which role for 5001?" in admin.last.text
    await admin.press("moderator")
    assert "which countries?" in admin.last.text
    await admin.press("Serbia")
    assert "5001 is now moderator (Serbia)" in admin.last.text
    assert await grants(harness, 5001) == {("moderator", "RS")}
    [entry] = await audit_entries(harness, "role.grant")
    assert (entry.actor_id, entry.subject_id, entry.outcome) == (ADMIN, 5001, AuditOutcome.OK)


async def test_an_admin_grants_and_revokes_by_command(harness: Harness) -> None:
    admin = harness.member(ADMIN, language_code="en")
    await admin.send("/grant 5002 organiser GE,AM")
    assert await grants(harness, 5002) == {("organiser", "GE"), ("organiser", "AM")}
    await admin.send("/staff")
    assert "5002 — organiser · Armenia" in admin.last.text
    await admin.send("/revoke 5002 organiser AM")
    assert await grants(harness, 5002) == {("organiser", "GE")}
    await admin.send("/revoke 5002")
    await admin.press("organiser")
    assert await grants(harness, 5002) == set()


async def test_grant_by_replying_to_a_forwarded_message(harness: Harness) -> None:
    admin = harness.member(ADMIN, language_code="en")
    forwarded = {
        "message_id": 77,
        "date": 1,
        "chat": admin.chat,
        "text": "hi",
        "forward_origin": {
            "type": "user",
            "date": 1,
            "sender_user": {"id": 5003, "is_bot": False, "first_name": "Ola"},
        },
    }
    await admin.send("/grant moderator *", reply_to_message=forwarded)
    assert await grants(harness, 5003) == {("moderator", "*")}


async def test_bad_grant_arguments_explain_themselves(harness: Harness) -> None:
    admin = harness.member(ADMIN, language_code="en")
    await admin.send("/grant")
    assert "Usage" in admin.last.text
    await admin.send("/grant 5004 emperor")
    assert "Unknown role" in admin.last.text
    await admin.send("/grant 5004 moderator Atlantis")
    assert "two-letter codes" in admin.last.text
    assert await grants(harness, 5004) == set()


async def test_a_member_cannot_grant_and_is_audited(harness: Harness) -> None:
    mallory = harness.member(5005, language_code="en")
    await mallory.send("/start")
    await mallory.send("/grant 5005 admin")
    assert "This needs the admin role" in mallory.last.text
    assert await grants(harness, 5005) == set()
    denied = list(await audit_entries(harness, "admin.grant_command"))
    assert [(e.actor_id, e.outcome) for e in denied] == [(5005, AuditOutcome.DENIED)]


async def test_a_forged_grant_button_from_a_member_changes_nothing(harness: Harness) -> None:
    mallory = harness.member(5006, language_code="en")
    await mallory.send("/start")
    # Callback data of the admin's scope button, forged by a member.
    await mallory.press_data("role:g:5006:admin:*")
    await mallory.press_data("role:g:5006:moderator:GE")
    assert await grants(harness, 5006) == set()
    denied = await audit_entries(harness, "admin.grant_button")
    assert [(e.actor_id, e.outcome) for e in denied] == [(5006, AuditOutcome.DENIED)] * 2
    assert "This needs the admin role" in (mallory.last_answer() or "")


async def test_a_moderator_is_not_an_admin(harness: Harness) -> None:
    admin = harness.member(ADMIN, language_code="en")
    await admin.send("/grant 5007 moderator GE")
    moderator = harness.member(5007, language_code="en")
    await moderator.send("/start")
    await moderator.send("/grant 5007 admin")
    assert await grants(harness, 5007) == {(str(Role.MODERATOR), "GE")}


async def test_a_long_staff_list_comes_in_several_messages(harness: Harness) -> None:
    async with harness.services.sessions() as session, session.begin():
        for number in range(150):
            member_id = 7_000_000_000 + number
            session.add(Member(id=member_id, locale="en"))
            await session.flush()
            for scope in ("GE", "AM"):
                session.add(RoleGrant(member_id=member_id, role=Role.MODERATOR, scope=scope))
    admin = harness.member(ADMIN, language_code="en")
    sent = await admin.send("/staff")  # the fake refuses any message over 4096 characters
    assert len(sent) > 1
    assert "Staff" in sent[0].text
    shown = "\n".join(message.text for message in sent)
    assert all(f"{7_000_000_000 + number} —" in shown for number in range(150))


async def test_a_banned_moderator_is_refused_and_the_refusal_audited(harness: Harness) -> None:
    async with harness.services.sessions() as session, session.begin():
        session.add(Member(id=5008, locale="en", status=MemberStatus.BANNED))
        await session.flush()
        session.add(RoleGrant(member_id=5008, role=Role.MODERATOR, scope="GE"))
    banned = harness.member(5008, language_code="en")
    await banned.send("/mod")
    assert "restricted by the moderators" in banned.last.text
    await banned.press_data("mq:ok:1:0:")
    await banned.send("/menu")  # not privileged: refused by the ban, but nothing to audit
    entries = await audit_entries(harness, "moderation.mod_command") + await audit_entries(
        harness, "moderation.approve"
    )
    assert [(e.actor_id, e.outcome, e.details) for e in entries] == [
        (5008, AuditOutcome.DENIED, {"required": "moderator", "why": "banned"})
    ] * 2
    async with harness.services.sessions() as session:
        assert await session.scalar(select(func.count()).select_from(AuditEntry)) == 2
