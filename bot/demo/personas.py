"""The demo's people: a newcomer in each language, a moderator, an organiser and an admin.

They (:mod:`bot.content.demo_personas`) exist twice: as users of the emulator (so the web chat
can play them) and, for the staff, as members with their roles in the database
(:func:`load_demo_personas`).
"""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from bot.content.demo_personas import ADMIN, PERSONAS
from bot.db.models import Member
from bot.features.admin.service import grant
from bot.features.profile.onboarding.service import finish
from bot.features.profile.service import add_profession, set_city, set_country


async def load_demo_personas(session: AsyncSession) -> int:
    """Give the staff personas their roles and an onboarded profile; returns how many grants
    or profiles were new (0 when loaded before). Audited like any grant, by the demo admin."""
    changed = 0
    for persona in PERSONAS:
        if persona.role is not None and persona.scope is not None:
            added = await grant(
                session,
                actor_id=ADMIN.user_id,
                member_id=persona.user_id,
                role=persona.role,
                scopes=[persona.scope],
            )
            changed += len(added)
        if persona.country is None:
            continue
        member = await session.get(Member, persona.user_id)
        if member is None:
            member = Member(id=persona.user_id)
            session.add(member)
            await session.flush()
        if member.is_onboarded:
            continue
        member.locale = persona.language
        set_country(member, persona.country)
        set_city(member, persona.city)
        if persona.profession is not None:
            await add_profession(session, member.id, persona.profession)
        finish(member)
        changed += 1
    return changed
