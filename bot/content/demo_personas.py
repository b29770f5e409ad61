"""The demo's people: a newcomer in each language, a moderator, an organiser and an admin.

Plain data in a lower layer (no feature imported), so a feature's demo loader may name them.
Their Telegram ids are above 2**52: Telegram promises user ids of at most 52 significant bits,
so a persona can never be somebody's real account, even when the demo runs on an existing
database.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.db.models import Role

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
