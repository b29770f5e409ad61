"""The import/export protocol (YAML contract in DESIGN.md).

A *section* owns one top-level key of the YAML file (``groups``, ``faq``, ...). Import runs in two
phases: every section validates its rows first (pure, no database), and only when the whole file is
valid does each section apply its items, all in one transaction owned by the caller. Export asks
each section for its rows; exporting and importing again changes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Protocol

from sqlalchemy.ext.asyncio import AsyncSession


@dataclass(frozen=True)
class TransferError:
    """One problem in the file. ``position`` looks like ``faq[2].texts.ru.answer``."""

    position: str
    message: str

    def __str__(self) -> str:
        return f"{self.position}: {self.message}"


@dataclass
class SectionReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0


class TransferSection(Protocol):
    """One top-level key of the import/export YAML."""

    name: str  # the YAML key: "groups", "faq"

    def validate(self, rows: object) -> tuple[list[Any], list[TransferError]]:
        """Pure: check ``rows`` (whatever YAML gave under the key) and return the parsed items.

        The items are only applied when the whole file produced no errors."""
        ...

    async def apply(
        self, session: AsyncSession, items: list[Any], actor_id: int | None
    ) -> SectionReport:
        """Upsert the validated items by slug. Never commits."""
        ...

    async def export(self, session: AsyncSession) -> list[dict[str, Any]]:
        """Rows in the import format, in a stable order."""
        ...
