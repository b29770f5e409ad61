"""The demo's data: personas with their roles, loaded once however often the demo starts."""

from __future__ import annotations

from sqlalchemy import select

from bot.access import load_member
from bot.content.demo_personas import (
    ADMIN,
    MODERATOR,
    NEWCOMER_EN,
    NEWCOMER_RU,
    ORGANISER,
    PERSONAS,
)
from bot.db.engine import create_engine, create_session_factory
from bot.db.models import AuditEntry, Member, RoleGrant
from bot.demo.personas import load_demo_personas
from bot.demo.seed import demo_loaders, load_demo_data
from bot.features.directory.demo import load_demo_groups


def test_persona_ids_can_never_be_real_telegram_accounts() -> None:
    # Telegram user ids have at most 52 significant bits; the web chat's JavaScript needs 53.
    assert all(2**52 <= p.user_id < 2**53 for p in PERSONAS)
    assert len({p.user_id for p in PERSONAS}) == len(PERSONAS)
    assert {p.kind for p in PERSONAS} == {"newcomer", "moderator", "organiser", "admin"}


def test_loaders_are_listed_and_reported_by_what_they_load() -> None:
    """The personas first (the features' demo data names them), then each feature's own."""
    loaders = demo_loaders()
    assert list(loaders) == ["personas", "groups", "events"]
    assert loaders["personas"] is load_demo_personas
    assert loaders["groups"] is load_demo_groups


async def test_staff_get_their_roles_once_and_newcomers_start_from_nothing(
    database_url: str,
) -> None:
    engine = create_engine(database_url)
    sessions = create_session_factory(engine)
    try:
        assert (await load_demo_data(sessions))["personas"] == 5
        again = await load_demo_data(sessions)
        assert set(again.values()) == {0}, again  # a second start adds nothing

        async with sessions() as session:
            grants = set(
                (
                    await session.execute(
                        select(RoleGrant.member_id, RoleGrant.role, RoleGrant.scope)
                    )
                ).all()
            )
            assert grants == {
                (MODERATOR.user_id, "moderator", "GE"),
                (ORGANISER.user_id, "organiser", "GE"),
            }
            _, moderator = await load_member(session, MODERATOR.user_id, admin_ids=())
            assert moderator.can_moderate("GE") and not moderator.can_moderate("AM")
            assert not moderator.is_admin
            for staff in (MODERATOR, ORGANISER, ADMIN):
                member = await session.get(Member, staff.user_id)
                assert member is not None and member.is_onboarded, staff
                assert (member.country, member.city, member.locale) == (
                    "GE",
                    "Tbilisi",
                    staff.language,
                )
            for newcomer in (NEWCOMER_RU, NEWCOMER_EN):
                assert await session.get(Member, newcomer.user_id) is None
            audited = set(
                await session.scalars(
                    select(AuditEntry.actor_id).where(AuditEntry.action == "role.grant")
                )
            )
            assert audited == {ADMIN.user_id}
    finally:
        await engine.dispose()
