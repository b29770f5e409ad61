"""Helpers for directory and moderation stories: members who finished onboarding, staff, and
groups that already exist (the "given" part of a story)."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select

from bot.db.models import AuditEntry, Group, GroupKind, GroupStatus, ReviewItem
from bot.db.types import utcnow
from bot.features.directory.links import link_key, normalise_link
from tests.support.story import Harness, Person

ADMIN = 1  # ADMIN_IDS of the default harness

_DONE = {"ru": "Готово", "en": "Done"}
_SKIP = {"ru": "Пропустить", "en": "Skip"}
_NOTIFY = {"ru": "Да, присылайте", "en": "Yes, send them"}


async def onboarded(
    harness: Harness, user_id: int, payload: str = "ge-tbilisi_it", language: str = "ru"
) -> Person:
    """A member who arrived by a deep link (country, city, profession) and finished setup."""
    person = harness.member(user_id, language_code=language)
    await person.send(f"/start {payload}")
    for _ in ("professions", "interests"):  # keep what the link chose, add nothing
        labels = [label for label, _ in person.last.buttons()]
        done = any(_DONE[language] in label for label in labels)
        await person.press(_DONE[language] if done else _SKIP[language])
    await person.press(_NOTIFY[language])
    return person


async def staff(
    harness: Harness, user_id: int, role: str, scope: str, language: str = "en"
) -> Person:
    """A member given ``role`` over ``scope`` by the bootstrap admin, through /grant."""
    admin = harness.member(ADMIN, language_code="en")
    await admin.send(f"/grant {user_id} {role} {scope}")
    return harness.member(user_id, language_code=language)


async def add_group(harness: Harness, **values: Any) -> Group:
    """A listed group, as an import or an earlier approval would have left it."""
    link = normalise_link(values.pop("link", f"@example_{values['slug'].replace('-', '_')}"))
    assert link is not None
    fields: dict[str, Any] = {
        "title": values["slug"],
        "kind": GroupKind.CHAT,
        "country": "GE",
        "city": None,
        "professions": [],
        "interests": [],
        "languages": ["ru"],
        "description": "A group for the story.",
        "status": GroupStatus.PUBLISHED,
        "verified_at": utcnow() - timedelta(days=10),
        **values,
    }
    async with harness.services.sessions() as session, session.begin():
        group = Group(link=link, link_key=link_key(link), **fields)
        session.add(group)
    return group


async def group_by_title(harness: Harness, title: str) -> Group | None:
    async with harness.services.sessions() as session:
        return await session.scalar(select(Group).where(Group.title == title))


async def review_items(harness: Harness) -> list[ReviewItem]:
    async with harness.services.sessions() as session:
        return list(await session.scalars(select(ReviewItem).order_by(ReviewItem.id)))


async def audit_entries(harness: Harness, action: str) -> list[AuditEntry]:
    async with harness.services.sessions() as session:
        return list(
            await session.scalars(
                select(AuditEntry).where(AuditEntry.action == action).order_by(AuditEntry.id)
            )
        )


async def age_item(harness: Harness, item_id: int, queued_at: datetime) -> None:
    """Pretend an item has been waiting since ``queued_at``."""
    async with harness.services.sessions() as session, session.begin():
        item = await session.get(ReviewItem, item_id)
        assert item is not None
        item.queued_at = item.created_at = queued_at


async def propose(
    person: Person,
    *,
    link: str,
    title: str,
    description: str = "Встречи, вакансии и взаимопомощь для тех, кто только приехал.",
    country: str = "Грузия",
    city: str | None = "Тбилиси",
    professions: tuple[str, ...] = ("IT",),
    languages: tuple[str, ...] = ("Русский",),
    send: bool = True,
) -> None:
    """A Russian-speaking member proposes a group through the whole wizard (``send=False``:
    up to the preview, not sent)."""
    await person.send("/communities")
    await person.press("Предложить группу")
    await person.send(link)
    await person.press(country)
    if city is not None:
        await person.press(city)
    await person.send(title)
    if "Похожие группы" in person.last.text:
        await person.press("Да, это другая группа")
    await person.send(description)
    await person.press("чат", exact=True)
    for profession in professions:
        await person.press(profession)
    await person.press("Готово" if professions else "Пропустить")
    await person.press("Пропустить")  # interests
    for language in languages:
        await person.press(language, exact=True)
    await person.press("Готово")
    assert "Проверьте заявку" in person.last.text
    if send:
        await person.press("Отправить на проверку")
