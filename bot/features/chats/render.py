"""The live line of a directory card, for a group the bot is in (safe HTML)."""

from __future__ import annotations

from collections.abc import Callable
from zoneinfo import ZoneInfo

from babel.dates import format_date
from sqlalchemy.ext.asyncio import AsyncSession

from bot.features.chats import service


async def live_lines(
    t: Callable[..., str], session: AsyncSession, group_id: int, locale: str, zone: ZoneInfo
) -> str | None:
    """ "Bot present — checked <date>" and the member count, or that the bot left; ``None``
    when the bot was never confirmed in this group."""
    live = await service.live_status(session, group_id)
    if live is None:
        return None
    if not live.present or live.checked_at is None:
        return t("chats-live-gone")
    date = format_date(live.checked_at.astimezone(zone).date(), format="medium", locale=locale)
    lines = [t("chats-live-present", date=date)]
    if live.members is not None:
        lines.append(t("chats-live-members", count=live.members))
    return "\n".join(lines)
