"""When a member may be written to unasked: their quiet hours and their daytime.

Quiet hours are the member's own (``Member.quiet_start``/``quiet_end``, local hours); the zone
comes from their city, else their country (``bot.geo.timezone_for``). Shared by the features
that owe notices (listings, the knowledge base's digests, the moderators' queue notices).
"""

from __future__ import annotations

from datetime import datetime

from bot.db.models import Member
from bot.geo import timezone_for


def in_quiet_hours(local_hour: int, start: int | None, end: int | None) -> bool:
    """Whether ``local_hour`` falls in the window ``start`` → ``end`` (which may wrap midnight)."""
    if start is None or end is None or start == end:
        return False
    if start < end:
        return start <= local_hour < end
    return local_hour >= start or local_hour < end


def in_daytime(now: datetime, member: Member, hours: tuple[int, int]) -> bool:
    """Whether it is between ``hours`` (from, before) where the member lives, and not in
    their quiet hours."""
    local = now.astimezone(timezone_for(member.country, member.city))
    if not hours[0] <= local.hour < hours[1]:
        return False
    return not in_quiet_hours(local.hour, member.quiet_start, member.quiet_end)
