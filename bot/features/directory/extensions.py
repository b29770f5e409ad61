"""What other features plug into the directory, so that the directory imports none of them.

A feature that knows more about a listed group (the bot inside it: its presence and the live
member count) provides a :class:`CardLines` to :data:`CARD_LINES` in its descriptor
(``provides=[CARD_LINES.provide(live_lines)]``); the directory's card shows what each returns,
in feature order.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncSession

from bot.plugins import ExtensionPoint, Plugins


class CardLines(Protocol):
    """More lines under a group's directory card (safe HTML), or ``None`` when there is
    nothing to add about this group."""

    async def __call__(
        self,
        t: Callable[..., str],
        session: AsyncSession,
        group_id: int,
        locale: str,
        zone: ZoneInfo,
    ) -> str | None: ...


CARD_LINES = ExtensionPoint[CardLines]("directory.card_lines")


async def card_lines(
    plugins: Plugins,
    t: Callable[..., str],
    session: AsyncSession,
    group_id: int,
    locale: str,
    zone: ZoneInfo,
) -> list[str]:
    """What every provider adds under this group's card."""
    lines = [
        await lines_of(t, session, group_id, locale, zone)
        for lines_of in plugins.extensions(CARD_LINES)
    ]
    return [line for line in lines if line]
