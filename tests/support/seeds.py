"""The "given" of hostile and authorization stories, written straight to the database through
the features' own services (fast: no wizard played): members in any role, pending and published
listings of any country, reports. Texts carry canaries (see :mod:`tests.support.hostile`), so
whoever is shown them later proves the bot escapes stored member text too."""

from __future__ import annotations

import itertools
from datetime import timedelta

from sqlalchemy import select

from bot.access import load_member
from bot.db.models import (
    Member,
    MemberProfession,
    MemberStatus,
    OfferKind,
    ReviewItem,
    ReviewKind,
    ReviewStatus,
    Role,
    RoleGrant,
    Urgency,
)
from bot.db.types import utcnow
from bot.features import plugins
from bot.features.directory import service as directory
from bot.features.events import service as events
from bot.features.listings.aid import service as offers
from bot.features.listings.job import service as jobs
from bot.features.moderation import service as moderation
from tests.support.story import Harness, Person

ADMIN = 1
_ids = itertools.count(1)


def stored_canary(label: str) -> str:
    """Markup an author typed that was stored as is (title, description...)."""
    return f"<b>zqxcanary{900_000 + next(_ids)}</b> {label} & <i>co"


async def member(
    harness: Harness,
    user_id: int,
    *,
    country: str = "GE",
    city: str | None = "Tbilisi",
    locale: str = "en",
    banned: bool = False,
    roles: tuple[tuple[Role, str], ...] = (),
) -> Person:
    """A member who finished onboarding (profession it), with ``roles`` as (role, scope)."""
    async with harness.services.sessions() as session, session.begin():
        session.add(
            Member(
                id=user_id,
                locale=locale,
                country=country,
                city=city,
                status=MemberStatus.BANNED if banned else MemberStatus.ACTIVE,
                onboarded_at=utcnow(),
            )
        )
        await session.flush()
        session.add(MemberProfession(member_id=user_id, slug="it"))
        for role, scope in roles:
            session.add(RoleGrant(member_id=user_id, role=role, scope=scope, granted_by=ADMIN))
    return harness.member(user_id, language_code=locale)


async def pending_group(harness: Harness, author_id: int, country: str = "GE") -> int:
    """A proposed group waiting in the queue; returns the review item's id."""
    number = next(_ids)
    async with harness.services.sessions() as session, session.begin():
        group = await directory.submit_group(
            session,
            author_id,
            directory.GroupDraft(
                title=stored_canary("group"),
                link=f"@example_hostile_{number}",
                country=country,
                city=None,
                professions=["it"],
                languages=["ru"],
                description=stored_canary("description"),
            ),
        )
        item = await moderation.queued_item(session, ReviewKind.GROUP, str(group.id))
        assert item is not None
        return item.id


async def pending_job(harness: Harness, author_id: int, country: str = "GE") -> int:
    """A job waiting in the queue; returns the job's id."""
    async with harness.services.sessions() as session, session.begin():
        job = await jobs.post_job(
            session,
            author_id,
            jobs.JobDraft(
                title=stored_canary("job")[:60],
                company=stored_canary("company")[:60],
                remote=False,
                country=country,
                city=None,
                professions=["it"],
                employment="full",
                languages=["en"],
                salary="2500 USD",
                description=stored_canary("Backend work on our booking service, with tests."),
                how_to_apply=stored_canary("Send a link to your code and a few words."),
            ),
        )
        return job.id


async def pending_offer(harness: Harness, author_id: int, country: str = "GE") -> int:
    async with harness.services.sessions() as session, session.begin():
        offer = await offers.post_offer(
            session,
            author_id,
            offers.AidDraft(
                kind=OfferKind.REQUEST,
                category="housing",
                title=stored_canary("bed")[:60],
                description=stored_canary("We arrive on Friday and need a place until Monday."),
                country=country,
                city=None,
                urgency=Urgency.WEEK,
            ),
        )
        return offer.id


async def pending_event(harness: Harness, organiser_id: int, country: str = "GE") -> int:
    async with harness.services.sessions() as session, session.begin():
        _, access = await load_member(session, organiser_id, harness.services.settings.admin_ids)
        event = await events.create_event(
            session,
            access,
            events.Draft(
                title=stored_canary("breakfast")[:60],
                description=stored_canary("Portfolio review; bring a laptop."),
                starts_at=utcnow() + timedelta(days=3),
                duration=timedelta(hours=2),
                timezone="Asia/Tbilisi" if country == "GE" else "Asia/Yerevan",
                country=country,
                city=None,
                venue=stored_canary("Cafe")[:60],
                online_url=None,
                professions=("it",),
                interests=("networking",),
                capacity=None,
            ),
        )
        return event.id


async def review_item_of(harness: Harness, kind: ReviewKind, target_id: int) -> ReviewItem:
    async with harness.services.sessions() as session:
        item = await session.scalar(
            select(ReviewItem)
            .where(ReviewItem.kind == kind, ReviewItem.target_id == str(target_id))
            .order_by(ReviewItem.id.desc())
            .limit(1)
        )
    assert item is not None
    return item


async def approve(harness: Harness, kind: ReviewKind, target_id: int) -> None:
    """The bootstrap admin approves the listing's queued item."""
    item = await review_item_of(harness, kind, target_id)
    assert item.status in (ReviewStatus.PENDING, ReviewStatus.APPEALED)
    async with harness.services.sessions() as session, session.begin():
        _, access = await load_member(session, ADMIN, harness.services.settings.admin_ids)
        await moderation.decide(
            session,
            access,
            item.id,
            approve=True,
            reason=None,
            handler=plugins().review_handlers[kind],
        )
