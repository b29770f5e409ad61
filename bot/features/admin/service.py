"""Granting and revoking roles. The caller has checked that the actor is an admin."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.access import audit
from bot.db.models import ALL_COUNTRIES, Member, Role, RoleGrant
from bot.errors import DomainError
from bot.features.admin.menus import owe_menu
from bot.geo import is_country


class GrantError(DomainError):
    """A grant that makes no sense (unknown role or country); the message key explains it."""


@dataclass(frozen=True)
class StaffEntry:
    member_id: int
    role: Role
    scope: str


def parse_role(value: str) -> Role:
    aliases = {
        "organiser": Role.ORGANISER, "organizer": Role.ORGANISER, "org": Role.ORGANISER,
        "moderator": Role.MODERATOR, "mod": Role.MODERATOR,
        "admin": Role.ADMIN,
    }  # fmt: skip
    role = aliases.get(value.strip().lower())
    if role is None:
        raise GrantError("grant-error-role")
    return role


def parse_scopes(role: Role, value: str | None) -> list[str]:
    """Country codes from ``"GE,RS"``; ``*`` or nothing means every country."""
    if role is Role.ADMIN or not value or value.strip() == ALL_COUNTRIES:
        return [ALL_COUNTRIES]
    scopes = [part.strip().upper() for part in value.replace(" ", ",").split(",") if part.strip()]
    if not scopes or not all(is_country(code) for code in scopes):
        raise GrantError("grant-error-country")
    return sorted(set(scopes))


async def grant(
    session: AsyncSession, *, actor_id: int, member_id: int, role: Role, scopes: list[str]
) -> list[str]:
    """Give ``role`` over ``scopes``; returns the scopes that were new. Audited."""
    if await session.get(Member, member_id) is None:
        # Roles may be given before someone first starts the bot; only the id is stored.
        session.add(Member(id=member_id))
        await session.flush()
    added: list[str] = []
    for scope in scopes:
        if await session.get(RoleGrant, (member_id, role, scope)) is None:
            session.add(RoleGrant(member_id=member_id, role=role, scope=scope, granted_by=actor_id))
            added.append(scope)
    if added:
        await owe_menu(session, member_id)  # their "/" menu gains the role's commands
    await audit(
        session,
        actor_id=actor_id,
        action="role.grant",
        subject_id=member_id,
        target_kind="role",
        target_id=str(role),
        details={"scopes": scopes, "added": added},
    )
    return added


async def revoke(
    session: AsyncSession, *, actor_id: int, member_id: int, role: Role, scopes: list[str] | None
) -> int:
    """Take ``role`` away (over ``scopes``, or entirely); returns how many grants went. Audited."""
    statement = delete(RoleGrant).where(RoleGrant.member_id == member_id, RoleGrant.role == role)
    if scopes is not None and scopes != [ALL_COUNTRIES]:
        statement = statement.where(RoleGrant.scope.in_(scopes))
    result = await session.execute(statement)
    removed = int(getattr(result, "rowcount", 0) or 0)
    if removed:
        await owe_menu(session, member_id)  # reduced, or back to the members' menu
    await audit(
        session,
        actor_id=actor_id,
        action="role.revoke",
        subject_id=member_id,
        target_kind="role",
        target_id=str(role),
        details={"scopes": scopes, "removed": removed},
    )
    return removed


async def grants_of(session: AsyncSession, member_id: int) -> list[StaffEntry]:
    rows = await session.execute(
        select(RoleGrant.role, RoleGrant.scope)
        .where(RoleGrant.member_id == member_id)
        .order_by(RoleGrant.role, RoleGrant.scope)
    )
    return [StaffEntry(member_id, Role(role), scope) for role, scope in rows]


async def staff(session: AsyncSession) -> list[StaffEntry]:
    rows = await session.execute(
        select(RoleGrant.member_id, RoleGrant.role, RoleGrant.scope).order_by(
            RoleGrant.role, RoleGrant.member_id, RoleGrant.scope
        )
    )
    return [StaffEntry(member_id, Role(role), scope) for member_id, role, scope in rows]
