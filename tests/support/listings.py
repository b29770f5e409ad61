"""Helpers for stories about listings: newcomers, posting through the wizards, decisions."""

from __future__ import annotations

import re
from datetime import datetime, timedelta

from aiogram import Bot
from sqlalchemy import select, update

from bot.access import Access
from bot.db.models import Job, Member, Offer, ReviewItem, ReviewKind, ReviewStatus
from bot.db.types import utcnow
from bot.features import plugins
from bot.features.listings import delivery
from bot.features.moderation import service as moderation
from bot.i18n import translator
from bot.outbox.delivery import deliver_all
from bot.outbox.kinds import kinds_of
from bot.plugins import Plugins
from bot.services import Services
from tests.support.story import Harness, Person

ADMIN = 1


async def newcomer(
    harness: Harness,
    user_id: int,
    *,
    language: str = "en",
    link: str = "ge-tbilisi_it",
    name: str = "Anna",
    username: str | None = None,
) -> Person:
    """A member who arrived by a deep link and finished onboarding (no interests, no news)."""
    person = harness.member(user_id, language_code=language, name=name, username=username)
    await person.send(f"/start {link}")
    ru = language == "ru"
    await person.press("Готово" if ru else "Done")
    await person.press("Пропустить" if ru else "Skip")
    await person.press("Нет, спасибо" if ru else "No, thanks")
    return person


async def post_job(
    person: Person,
    *,
    title: str = "Python developer",
    company: str | None = "Kvali Tech",
    country: str | None = "Georgia",
    city: str | None = "Tbilisi",
    professions: tuple[str, ...] = ("IT",),
    employment: str = "Full time",
    languages: tuple[str, ...] = ("English",),
    salary: str | None = "2500 USD",
    description: str = "Backend work on our booking service: Python, PostgreSQL, tests.",
    how_to_apply: str = "Tell us about your experience and send a link to your code.",
) -> None:
    """Walk the English job wizard to the end and send the job to moderation (the place is
    the member's own unless told otherwise: then "Change place" first)."""
    await person.send("/jobs")
    await person.press("Post a job")
    await choose_place(person, country, city)
    await person.send(title)
    if company is None:
        await person.press("Private employer")
    else:
        await person.send(company)
    for profession in professions:
        await person.press(profession)
    await person.press("Done")
    await person.press(employment)
    for language in languages:
        await person.press(language, exact=True)
    await person.press("Done")
    if salary is None:
        await person.press("Skip")
    else:
        await person.send(salary)
    await person.send(description)
    await person.send(how_to_apply)
    await person.press("Send to moderation")


async def choose_place(person: Person, country: str | None, city: str | None) -> None:
    """On a posting wizard's first step: keep the place it took from the profile when it is
    ``country``/``city`` (``None`` country: remote), or change it."""
    en = translator("en")
    if country is None:
        wanted = en("listing-place-remote")
    else:
        wanted = f"{country}, {city}" if city else country
    if re.sub("<[^>]+>", "", en("wizard-place-profile", place=wanted)) in person.last.text:
        return
    await person.press(en("wizard-change-place"))
    if country is None:
        await person.press("Remote, from anywhere")
    else:
        await person.press(country, exact=True)
        await person.press(city or "The whole country", exact=True)


async def post_aid(
    person: Person,
    *,
    kind: str = "request",
    category: str = "Temporary housing",
    title: str = "A bed for three nights",
    description: str = "We arrive on Friday with a small child and need a place until Monday.",
    country: str = "Georgia",
    city: str | None = "Tbilisi",
    urgency: str = "today",
) -> None:
    await person.send("/aid")
    await person.press("I need help" if kind == "request" else "I can help", exact=False)
    await choose_place(person, country, city)
    await person.press(category)
    await person.send(title)
    await person.send(description)
    if kind == "request":
        await person.press(urgency)
    await person.press("Send to moderation")


async def latest(harness: Harness, model: type[Job] | type[Offer]) -> Job | Offer:
    async with harness.services.sessions() as session:
        found = await session.scalar(select(model).order_by(model.id.desc()).limit(1))
    assert found is not None, f"no {model.__name__} was saved"
    return found


async def queued_item(harness: Harness, kind: ReviewKind, target_id: int) -> ReviewItem | None:
    async with harness.services.sessions() as session:
        return await session.scalar(
            select(ReviewItem).where(
                ReviewItem.kind == kind,
                ReviewItem.target_id == str(target_id),
                ReviewItem.status.in_([ReviewStatus.PENDING, ReviewStatus.APPEALED]),
            )
        )


async def decide(
    harness: Harness,
    kind: ReviewKind,
    target_id: int,
    *,
    approve: bool = True,
    access: Access | None = None,
    reason: str | None = None,
) -> None:
    """A moderator decides on the listing's queued item (an admin unless told otherwise).

    Like the queue's handlers, a refusal is committed (its audit entry stays) and re-raised.
    """
    item = await queued_item(harness, kind, target_id)
    assert item is not None, f"{kind}:{target_id} is not in the queue"
    refused: moderation.ModerationError | None = None
    async with harness.services.sessions() as session, session.begin():
        try:
            await moderation.decide(
                session,
                access or Access(user_id=ADMIN, is_admin=True),
                item.id,
                approve=approve,
                reason=reason or (None if approve else "Not for this board"),
                handler=plugins().review_handlers[kind],
            )
        except moderation.ModerationError as error:
            refused = error
    if refused is not None:
        raise refused


async def age_accounts(harness: Harness, *member_ids: int, days: int = 30) -> None:
    """Pretend these members joined ``days`` ago (reports of older accounts count towards
    hiding a listing; a ring of brand-new accounts does not)."""
    async with harness.services.sessions() as session, session.begin():
        await session.execute(
            update(Member)
            .where(Member.id.in_(member_ids))
            .values(created_at=utcnow() - timedelta(days=days))
        )


async def deliver_due(
    services: Services,
    bot: Bot,
    plugins: Plugins,
    now: datetime | None = None,
    limit: int = delivery.BATCH,
) -> int:
    """The listings' notices job (standing at ``now``), then the outbox's loop that sends what
    it owed, as the worker runs them; returns how many notice rows the job handled."""
    handled = await delivery.deliver_due(services, bot, plugins, now=now, limit=limit)
    await deliver_all(services, bot, kinds=kinds_of(plugins))
    return handled
