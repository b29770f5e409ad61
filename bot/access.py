"""Who may do what: roles and moderator scopes, decided on the server for every action.

Callback data is forgeable, so every privileged handler asks :class:`Access` again, and every
refusal is written to the audit log by :func:`audit`.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select, bindparam, literal, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import (
    ALL_COUNTRIES,
    AuditEntry,
    AuditOutcome,
    FsmRecord,
    Member,
    Role,
    RoleGrant,
)
from bot.errors import DomainError


@dataclass(frozen=True)
class Access:
    """The roles of one Telegram user, with the countries each role covers."""

    user_id: int
    is_admin: bool = False
    moderator_scopes: frozenset[str] = frozenset()
    organiser_scopes: frozenset[str] = frozenset()

    @property
    def is_moderator(self) -> bool:
        return self.is_admin or bool(self.moderator_scopes)

    @property
    def is_organiser(self) -> bool:
        return self.is_admin or bool(self.organiser_scopes)

    def has(self, role: Role) -> bool:
        if role is Role.ADMIN:
            return self.is_admin
        if role is Role.MODERATOR:
            return self.is_moderator
        return self.is_organiser

    def can_moderate(self, country: str | None) -> bool:
        """May moderate an item of ``country`` (``*`` or ``None``: transnational items)."""
        return self.is_admin or _covers(self.moderator_scopes, country)

    def can_organise(self, country: str | None) -> bool:
        return self.is_admin or _covers(self.organiser_scopes, country)

    def moderated_countries(self) -> frozenset[str] | None:
        """The countries whose queue this moderator sees; ``None`` means every country."""
        if self.is_admin or ALL_COUNTRIES in self.moderator_scopes:
            return None
        return self.moderator_scopes


def _covers(scopes: frozenset[str], country: str | None) -> bool:
    if ALL_COUNTRIES in scopes:
        return True
    # Transnational items ("*") need a moderator of every country (or an admin).
    return country is not None and country != ALL_COUNTRIES and country in scopes


Conversation = tuple[str | None, dict[str, Any]]
"""A conversation's FSM state and data, as the SQL storage keeps them."""


async def load_member(
    session: AsyncSession,
    user_id: int,
    admin_ids: Iterable[int],
    *,
    conversation: str | None = None,
) -> tuple[Member | None, Access]:
    """The member behind ``user_id`` (``None`` until they first start the bot) and what they
    may do, in one query, writing nothing. ``ADMIN_IDS`` are admins whatever the database says.

    The one loader: the member middleware calls it for every update (through
    :func:`load_member_and_conversation`), and tests call it too.
    """
    member, access, _ = await load_member_and_conversation(
        session, user_id, admin_ids, conversation=conversation
    )
    return member, access


@functools.cache
def _member_and_conversation_query(*, with_conversation: bool) -> Select[Any]:
    """The statement of :func:`load_member_and_conversation`, built once per process (it runs
    for every update: building it and its cache key each time was a tenth of the bot's CPU
    under load), with the member id and the record key as bound parameters."""
    columns: list[Any] = [Member, RoleGrant.role, RoleGrant.scope]
    if with_conversation:
        columns += [FsmRecord.key, FsmRecord.state, FsmRecord.data]
    # One row even without a member or a record: both are outer-joined to a constant.
    anchor = select(literal(1).label("one")).subquery()
    query = (
        select(*columns)
        .select_from(anchor)
        .outerjoin(Member, Member.id == bindparam("member_id"))
        .outerjoin(RoleGrant, RoleGrant.member_id == Member.id)
    )
    if with_conversation:
        query = query.outerjoin(FsmRecord, FsmRecord.key == bindparam("conversation"))
    return query


async def load_member_and_conversation(
    session: AsyncSession,
    user_id: int,
    admin_ids: Iterable[int],
    *,
    conversation: str | None,
) -> tuple[Member | None, Access, Conversation | None]:
    """:func:`load_member`, and in the same statement the FSM record keyed ``conversation``
    (``None``: not read) — so that a returning member's read-only update is one statement."""
    query = _member_and_conversation_query(with_conversation=conversation is not None)
    values: dict[str, Any] = {"member_id": user_id, "conversation": conversation}
    rows = (await session.execute(query, values)).all()
    member = rows[0][0]
    grants = [(row[1], row[2]) for row in rows if row[1] is not None]
    found: Conversation | None = None
    if conversation is not None:
        first = rows[0]
        found = (first[4], dict(first[5] or {})) if first[3] is not None else (None, {})
    access = Access(
        user_id=user_id,
        is_admin=user_id in set(admin_ids) or any(r == Role.ADMIN for r, _ in grants),
        moderator_scopes=frozenset(s for r, s in grants if r == Role.MODERATOR),
        organiser_scopes=frozenset(s for r, s in grants if r == Role.ORGANISER),
    )
    return member, access, found


async def audit(
    session: AsyncSession,
    *,
    actor_id: int | None,
    action: str,
    outcome: AuditOutcome = AuditOutcome.OK,
    subject_id: int | None = None,
    target_kind: str | None = None,
    target_id: str | None = None,
    scope: str | None = None,
    details: dict[str, Any] | None = None,
) -> AuditEntry:
    """Append one entry to the audit trail, in the caller's transaction.

    ``details`` must hold ids, slugs and codes only — never text a member typed.
    """
    entry = AuditEntry(
        actor_id=actor_id,
        action=action,
        outcome=outcome,
        subject_id=subject_id,
        target_kind=target_kind,
        target_id=target_id,
        scope=scope,
        details=details or {},
    )
    session.add(entry)
    return entry


async def refuse_unless(
    session: AsyncSession,
    allowed: bool,
    refusal: DomainError,
    *,
    actor_id: int | None,
    action: str,
    target_kind: str | None = None,
    target_id: str | None = None,
    scope: str | None = None,
) -> None:
    """The one guard of a privileged action: when not ``allowed``, audit the refusal (in the
    caller's transaction, which commits it: see :mod:`bot.errors`) and raise ``refusal``.

    Called after loading the target named by callback data (forgeable), with the check of the
    caller's role and scope on that target as ``allowed``.
    """
    if allowed:
        return
    await audit(
        session,
        actor_id=actor_id,
        action=action,
        outcome=AuditOutcome.DENIED,
        target_kind=target_kind,
        target_id=target_id,
        scope=scope,
    )
    raise refusal
