"""The line above every broadcast: who sends it and why the member got it.

"📣 Organisers of the Tbilisi community": the community is the broadcast's place (its cities,
else its countries, else its event's country) and the role is the sender's (organisers, or the
Prichal team for an admin). A personal name only when the author chose to sign. The header is
plain text (the copy goes with entities, no parse mode), set in bold, in each recipient's
language; the author's preview and the moderator's review get the very same request.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from dataclasses import dataclass, replace

from sqlalchemy.ext.asyncio import AsyncSession

from bot.cleaning import clean_line
from bot.db.models import ALL_COUNTRIES, Broadcast, Event
from bot.features.broadcast.render import city_label
from bot.features.broadcast.segment import Segment
from bot.features.broadcast.service import HEADER_ROOM as ROOM
from bot.features.broadcast.service import TEAM, Content
from bot.geo import country_name

Translate = Callable[..., str]

# The most characters a header line may take (with the blank line after it: the room the
# text limits keep, ``service.HEADER_ROOM``).
HEADER_ROOM = ROOM - 2
NAME_MAX = 64
# Places named in a header; more are summed up by "…".
PLACES_SHOWN = 3


@dataclass(frozen=True)
class Header:
    """Who a broadcast is from, before it is put in a recipient's words."""

    countries: tuple[str, ...] = ()
    cities: tuple[str, ...] = ()
    team: bool = False  # an admin's: "the Prichal team"
    name: str | None = None  # the author's name, only when they chose to sign

    def text(self, t: Translate, locale: str) -> str:
        """The header in ``locale``: plain text (no HTML), at most ``HEADER_ROOM`` long."""
        if self.cities:
            places = [city_label(self.countries, city, locale) for city in self.cities]
        else:
            places = [country_name(code, locale) for code in self.countries]
        community = ", ".join(places[:PLACES_SHOWN]) + ("…" if len(places) > PLACES_SHOWN else "")
        role = "team" if self.team else "organisers"
        key = f"bc-header-{role}" + ("-everyone" if not community else "")
        if self.name:
            key += "-signed"
        # The catalog escapes values for HTML; this line goes as plain text.
        line = html.unescape(t(key, community=community, name=self.name or ""))
        return line[: HEADER_ROOM - 1] + "…" if len(line) > HEADER_ROOM else line


def signature(full_name: str | None) -> str | None:
    """The name an author signs with (their Telegram name, cleaned and bounded)."""
    name = clean_line(full_name or "")[:NAME_MAX].strip()
    return name or None


def header_for(
    segment: Segment, event: Event | None, *, team: bool, name: str | None = None
) -> Header:
    """The header of a broadcast to ``segment`` (its event's country when it names none)."""
    countries = segment.countries
    if not countries and event is not None and event.country != ALL_COUNTRIES:
        countries = (event.country,)
    return Header(countries=countries, cities=segment.cities, team=team, name=name)


async def header_of(session: AsyncSession, broadcast: Broadcast) -> Header:
    """The header of a saved broadcast (the role as it was when it was written)."""
    team = broadcast.sender_role == TEAM
    event = await session.get(Event, broadcast.event_id) if broadcast.event_id else None
    segment = Segment.of(broadcast, "en")
    return header_for(segment, event, team=team, name=broadcast.signed_as)


def _utf16(text: str) -> int:
    """Telegram counts entity offsets in UTF-16 code units."""
    return len(text.encode("utf-16-le")) // 2


def headed(content: Content, header: str) -> Content:
    """The content as members get it: the header in bold, a blank line, then the text, its
    entities moved along."""
    prefix = f"{header}\n\n" if content.text else header
    shift = _utf16(prefix)
    entities = [{"type": "bold", "offset": 0, "length": _utf16(header)}]
    entities += [{**entity, "offset": int(entity["offset"]) + shift} for entity in content.entities]
    return replace(content, text=prefix + content.text, entities=tuple(entities))
