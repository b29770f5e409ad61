"""One group's switches and limits, as its admins set them through ``/groups``.

Stored as JSON on :class:`~bot.db.models.GroupChat`; unknown keys are ignored and values out
of bounds fall back to the default, so a forged or stale value can never break a group.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields, replace
from typing import Any

#: The anti-spam layers, each switchable per group (catalog keys ``chats-layer-<name>``).
LAYERS: tuple[str, ...] = (
    "scam",
    "links",
    "forwards",
    "contacts",
    "promo",
    "lookalike",
    "flood",
)

#: The numbers an admin may choose from (one tap each, no typing): seconds, messages, days.
DOOR_SECONDS = (60, 180, 600)
WELCOME_SECONDS = (60, 300, 1800)
NEWCOMER_MESSAGES = (3, 5, 10)
NEWCOMER_DAYS = (1, 3, 7)
CHOICES: dict[str, tuple[int, ...]] = {
    "door_seconds": DOOR_SECONDS,
    "welcome_seconds": WELCOME_SECONDS,
    "newcomer_messages": NEWCOMER_MESSAGES,
    "newcomer_days": NEWCOMER_DAYS,
}


@dataclass(frozen=True)
class ChatSettings:
    door_check: bool = True
    door_seconds: int = 180
    welcome: bool = True
    welcome_seconds: int = 300
    # A member is a newcomer for their first N messages *and* first N days (whichever ends
    # last): the link, forward and contact layers apply to newcomers only.
    newcomer_messages: int = 5
    newcomer_days: int = 3
    scam: bool = True
    links: bool = True
    forwards: bool = True
    contacts: bool = True
    promo: bool = True
    lookalike: bool = True
    flood: bool = True

    @classmethod
    def of(cls, stored: dict[str, Any] | None) -> ChatSettings:
        """The settings from their stored JSON, every value checked."""
        default = cls()
        values: dict[str, Any] = {}
        for item in fields(cls):
            value = (stored or {}).get(item.name, getattr(default, item.name))
            if item.name in CHOICES:
                ok = isinstance(value, int) and not isinstance(value, bool)
                ok = ok and value in CHOICES[item.name]
            else:
                ok = isinstance(value, bool)
            values[item.name] = value if ok else getattr(default, item.name)
        return cls(**values)

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    def toggled(self, name: str) -> ChatSettings:
        """With the switch ``name`` flipped (``ValueError`` if it is not a switch)."""
        if not isinstance(getattr(self, name, None), bool):
            raise ValueError(name)
        changes: dict[str, Any] = {name: not getattr(self, name)}
        return replace(self, **changes)

    def cycled(self, name: str) -> ChatSettings:
        """With the number ``name`` moved to its next choice (wrapping round)."""
        choices = CHOICES.get(name)
        if choices is None:
            raise ValueError(name)
        current = getattr(self, name)
        at = choices.index(current) if current in choices else -1
        changes: dict[str, Any] = {name: choices[(at + 1) % len(choices)]}
        return replace(self, **changes)


SWITCHES: tuple[str, ...] = ("door_check", "welcome", *LAYERS)
NUMBERS: tuple[str, ...] = tuple(CHOICES)
