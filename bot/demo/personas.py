"""The demo's people: a newcomer in each language, a moderator, an organiser and an admin.

They exist twice: as users of the emulator (so the web chat can play them) and, for the staff,
as members with their roles in the database (:func:`load_demo_personas`). Their Telegram ids
are above 2**52: Telegram promises user ids of at most 52 significant bits, so a persona can
never be somebody's real account, even when the demo runs on an existing database.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import Member, Role
from bot.features.admin.service import grant
from bot.features.onboarding.service import finish
from bot.features.profile.service import add_profession, set_city, set_country

# The first id Telegram never gives a real user (ids have at most 52 significant bits).
DEMO_ID_BASE = 2**52


@dataclass(frozen=True)
class Persona:
    """One demo person. Staff (``role`` set) start onboarded, so their tools are one tap away;
    newcomers start from nothing and meet the onboarding."""

    user_id: int
    first_name: str
    language: str  # the Telegram client's language_code
    kind: str  # newcomer | moderator | organiser | admin (for people, not for the bot)
    role: Role | None = None
    scope: str | None = None  # a country code, or "*"
    country: str | None = None
    city: str | None = None
    profession: str | None = None

    @property
    def note(self) -> str:
        """The emulator's label for the web chat's people list."""
        where = f" · {self.scope}" if self.scope and self.scope != "*" else ""
        return f"demo {self.kind}{where}"


NEWCOMER_RU = Persona(DEMO_ID_BASE + 1, "Аня", "ru", "newcomer")
NEWCOMER_EN = Persona(DEMO_ID_BASE + 2, "Tom", "en", "newcomer")
MODERATOR = Persona(
    DEMO_ID_BASE + 11,
    "Нино",
    "ru",
    "moderator",
    role=Role.MODERATOR,
    scope="GE",
    country="GE",
    city="tbilisi",
    profession="law",
)
ORGANISER = Persona(
    DEMO_ID_BASE + 21,
    "David",
    "en",
    "organiser",
    role=Role.ORGANISER,
    scope="GE",
    country="GE",
    city="tbilisi",
    profession="ngo",
)
# The admin is an admin through ADMIN_IDS, as a real deployment's first admin is.
ADMIN = Persona(DEMO_ID_BASE + 91, "Admin", "en", "admin", country="GE", city="tbilisi")

PERSONAS: tuple[Persona, ...] = (NEWCOMER_RU, NEWCOMER_EN, MODERATOR, ORGANISER, ADMIN)


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
