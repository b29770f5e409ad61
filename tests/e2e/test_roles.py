"""An admin hands out a role through the real bot; the new moderator's tools appear at once."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from bot.db.models import AuditEntry, RoleGrant
from tests.support.e2e import E2E

pytestmark = pytest.mark.e2e


async def test_an_admin_makes_a_member_moderator_of_armenia(e2e: E2E) -> None:
    gor = await e2e.user("Гор", language="ru")
    await gor.onboard("am-yerevan")
    before = await gor.send("/help")
    assert "/mod" not in before.text

    await e2e.grant(gor, "moderator", "AM")

    after = await gor.send("/help")
    assert "Модератор" in after.text and "/mod" in after.text
    async with e2e.session() as session:
        grants = (
            await session.execute(
                select(RoleGrant.role, RoleGrant.scope).where(RoleGrant.member_id == gor.id)
            )
        ).all()
        actors = set(
            await session.scalars(
                select(AuditEntry.actor_id).where(
                    AuditEntry.action == "role.grant", AuditEntry.subject_id == gor.id
                )
            )
        )
    assert [tuple(row) for row in grants] == [("moderator", "AM")]
    assert actors == {e2e.stack.admin_id}


async def test_a_member_cannot_grant_roles(e2e: E2E) -> None:
    eve = await e2e.user("Eve", language="en")
    await eve.onboard("ge-tbilisi")
    reply = await eve.send(f"/grant {eve.id} admin")
    assert "admin role" in reply.text  # refused, and told why
    async with e2e.session() as session:
        assert (
            await session.scalars(select(RoleGrant).where(RoleGrant.member_id == eve.id))
        ).first() is None
