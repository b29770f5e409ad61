"""Shared steps of the knowledge base stories: members settled in a country, moderators, and
looking at what the database holds."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select

from bot.db.models import FaqEntry, FaqFeedback, FaqGap, FaqGapQuestion, GapStatus
from tests.support.story import Harness, Person

ADMIN = 1  # from ADMIN_IDS in the harness

PLACES = {
    "GE": "ge-tbilisi_it",
    "RS": "rs-belgrade_it",
    "AM": "am-yerevan_it",
    "KG": "kg-bishkek_it",
}


async def settle(harness: Harness, user_id: int, country: str, language: str = "en") -> Person:
    """A member who went through /start with a deep link to a city in ``country``."""
    person = harness.member(user_id, language_code=language)
    await person.send(f"/start {PLACES[country]}")
    await person.press("Done" if language == "en" else "Готово")
    await person.press("Skip" if language == "en" else "Пропустить")
    await person.press("Yes" if language == "en" else "Да")
    return person


async def moderator(harness: Harness, user_id: int, scope: str, language: str = "en") -> Person:
    """A member the admin made a moderator of ``scope`` (a country code, or ``*``)."""
    person = await settle(harness, user_id, "RS" if scope in ("RS", "*") else scope, language)
    await harness.member(ADMIN, language_code="en").send(f"/grant {user_id} moderator {scope}")
    return person


async def entry(harness: Harness, slug: str) -> FaqEntry:
    async with harness.services.sessions() as session:
        found = await session.scalar(select(FaqEntry).where(FaqEntry.slug == slug))
        assert found is not None, slug
        return found


async def change_entry(harness: Harness, slug: str, **values: object) -> None:
    """Set columns of an entry directly (dates, status) — what time or another tool did."""
    async with harness.services.sessions() as session, session.begin():
        found = await session.scalar(select(FaqEntry).where(FaqEntry.slug == slug))
        assert found is not None, slug
        for name, value in values.items():
            setattr(found, name, value)


async def feedback(harness: Harness, slug: str) -> tuple[int, int, int]:
    """(shown, helpful, unhelpful) of an entry."""
    found = await entry(harness, slug)
    async with harness.services.sessions() as session:
        row = await session.get(FaqFeedback, found.id)
        assert row is not None
        return row.shown, row.helpful, row.unhelpful


@dataclass(frozen=True)
class Gap:
    kind: str
    country: str
    count: int
    entry_slug: str | None
    questions: tuple[str, ...]


async def open_gaps(harness: Harness) -> list[Gap]:
    async with harness.services.sessions() as session:
        gaps = await session.scalars(
            select(FaqGap).where(FaqGap.status == GapStatus.OPEN).order_by(FaqGap.id)
        )
        found = []
        for gap in gaps:
            texts = await session.scalars(
                select(FaqGapQuestion.text)
                .where(FaqGapQuestion.gap_id == gap.id)
                .order_by(FaqGapQuestion.id)
            )
            found.append(Gap(str(gap.kind), gap.country, gap.count, gap.entry_slug, tuple(texts)))
        return found


def sent_html(harness: Harness, chat_id: int) -> str:
    """The raw HTML of the newest message sent to ``chat_id`` (links included)."""
    for method in reversed(harness.telegram.requests):
        if (
            type(method).__name__ in ("SendMessage", "EditMessageText")
            and int(method.chat_id) == chat_id
        ):
            return str(method.text)
    raise AssertionError("nothing was sent")


def long_date(day: date, locale: str) -> str:
    from babel.dates import format_date

    return format_date(day, format="long", locale=locale)
