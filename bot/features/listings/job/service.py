"""The job board: posting, browsing, subscriptions and who hears about a new job.

No aiogram here. A job's place is one of: remote (anywhere), a country, or a city of a
country; browsing and subscriptions share one filter (:class:`JobFilter`) with the same
meaning, so "subscribe to this search" delivers exactly what the search shows.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any

from sqlalchemy import and_, case, delete, exists, false, func, or_, select, true
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.sql import ColumnElement

from bot.access import audit
from bot.db.models import (
    JOB_LANGUAGES,
    AuditOutcome,
    DeliveryMode,
    EmploymentType,
    Job,
    JobProfession,
    JobSubscription,
    ListingStatus,
    Member,
    MemberStatus,
    NoticeReason,
    TaxonomyKind,
)
from bot.features.listings import notices
from bot.features.listings.kinds import ListingKind
from bot.features.listings.service import (
    FilterToken,
    ListingError,
    Page,
    check_can_submit,
    check_text,
    page_of,
    submit_for_review,
)
from bot.geo import find_city, is_country, timezone_for
from bot.taxonomy import active_slugs

TITLE = (3, 120)
COMPANY = (2, 120)
SALARY = (1, 80)
DESCRIPTION = (20, 1500)
HOW_TO_APPLY = (10, 500)
MAX_PROFESSIONS = 3
MAX_SUBSCRIPTIONS = 10
# Where "remote" stands in a filter token (``FilterToken``): third, as in buttons already sent.
_FLAG_AT = 2


# ---- the filter -------------------------------------------------------------------------


@dataclass(frozen=True)
class JobFilter:
    """Where and what: ``remote`` (remote jobs only), or a ``country`` (and ``city``, English
    name), or neither (anywhere); optionally one ``profession``."""

    country: str | None = None
    city: str | None = None
    remote: bool = False
    profession: str | None = None

    def pack(self) -> str:
        """A compact token for callback data: ``GE.tbilisi.0.it``."""
        remote = "1" if self.remote else "0"
        return FilterToken(remote, self.country, self.city, self.profession).pack(_FLAG_AT)

    @classmethod
    def parse(cls, token: str) -> JobFilter | None:
        """The filter a token stands for; ``None`` when it was forged or is malformed."""
        parsed = FilterToken.parse(token, _FLAG_AT)
        if parsed is None or parsed.flag not in ("0", "1"):
            return None
        if parsed.flag == "1":
            return cls(remote=True, profession=parsed.topic)
        return cls(country=parsed.country, city=parsed.city, profession=parsed.topic)

    # The copies the list's pickers open (bot.features.listings.board.BoardFilter).
    def anywhere(self) -> JobFilter:
        return JobFilter(profession=self.profession)

    def remote_only(self) -> JobFilter:
        return JobFilter(remote=True, profession=self.profession)

    def in_country(self, code: str) -> JobFilter:
        return JobFilter(country=code, profession=self.profession)

    def in_city(self, city: str | None) -> JobFilter:
        return JobFilter(country=self.country, city=city, profession=self.profession)

    def about(self, topic: str | None) -> JobFilter:
        return replace(self, profession=topic)

    def where(self) -> list[ColumnElement[bool]]:
        """Conditions on :class:`Job` (published jobs only)."""
        conditions: list[ColumnElement[bool]] = [Job.status == ListingStatus.PUBLISHED]
        if self.remote:
            conditions.append(Job.remote.is_(True))
        elif self.country:
            conditions.append(Job.country == self.country)
            conditions.append(Job.remote.is_(False))
            if self.city:
                # A city search also shows the country's jobs that name no city.
                conditions.append(or_(Job.city == self.city, Job.city.is_(None)))
        if self.profession:
            conditions.append(
                exists().where(
                    JobProfession.job_id == Job.id, JobProfession.slug == self.profession
                )
            )
        return conditions


def default_filter(member: Member | None) -> JobFilter:
    return JobFilter(country=member.country if member else None)


# ---- posting ----------------------------------------------------------------------------


@dataclass
class JobDraft:
    """What the wizard collected; :func:`validate_draft` checks it all again on submit."""

    title: str
    company: str | None
    remote: bool
    country: str | None
    city: str | None
    professions: list[str]
    employment: str
    languages: list[str]
    salary: str | None
    description: str
    how_to_apply: str

    @classmethod
    def from_data(cls, data: Mapping[str, Any]) -> JobDraft:
        try:
            return cls(
                title=str(data["title"]),
                company=data.get("company") or None,
                remote=bool(data.get("remote")),
                country=data.get("country"),
                city=data.get("city"),
                professions=list(data.get("professions") or []),
                employment=str(data["employment"]),
                languages=list(data.get("languages") or []),
                salary=data.get("salary") or None,
                description=str(data["description"]),
                how_to_apply=str(data["how_to_apply"]),
            )
        except (KeyError, TypeError) as error:
            raise ListingError("listing-draft-incomplete") from error


async def validate_draft(session: AsyncSession, draft: JobDraft) -> JobDraft:
    """The draft with every field cleaned, or :class:`ListingError` (wizard data is stored
    state, so it is checked again rather than trusted)."""
    professions = set(await active_slugs(session, TaxonomyKind.PROFESSION))
    if draft.remote:
        country = city = None
    else:
        if draft.country is None or not is_country(draft.country):
            raise ListingError("listing-draft-incomplete")
        country = draft.country
        found = find_city(country, draft.city) if draft.city else None
        city = found.name_en if found else None
    chosen = [slug for slug in draft.professions if slug in professions]
    languages = [code for code in JOB_LANGUAGES if code in draft.languages]
    if not chosen or len(chosen) > MAX_PROFESSIONS or not languages:
        raise ListingError("listing-draft-incomplete")
    if draft.employment not in set(EmploymentType):
        raise ListingError("listing-draft-incomplete")
    return JobDraft(
        title=check_text(draft.title, minimum=TITLE[0], maximum=TITLE[1], one_line=True),
        company=(
            check_text(draft.company, minimum=COMPANY[0], maximum=COMPANY[1], one_line=True)
            if draft.company
            else None
        ),
        remote=draft.remote,
        country=country,
        city=city,
        professions=chosen,
        employment=draft.employment,
        languages=languages,
        salary=(
            check_text(draft.salary, minimum=SALARY[0], maximum=SALARY[1], one_line=True)
            if draft.salary
            else None
        ),
        description=check_text(draft.description, minimum=DESCRIPTION[0], maximum=DESCRIPTION[1]),
        how_to_apply=check_text(
            draft.how_to_apply, minimum=HOW_TO_APPLY[0], maximum=HOW_TO_APPLY[1]
        ),
    )


async def post_job(session: AsyncSession, author_id: int, draft: JobDraft) -> Job:
    """Save the job as pending and put it in the moderation queue (scam-checked)."""
    await check_can_submit(session, ListingKind.JOB, author_id)
    clean = await validate_draft(session, draft)
    job = Job(
        author_id=author_id,
        title=clean.title,
        company=clean.company,
        remote=clean.remote,
        country=clean.country,
        city=clean.city,
        employment=EmploymentType(clean.employment),
        languages=clean.languages,
        salary=clean.salary,
        description=clean.description,
        how_to_apply=clean.how_to_apply,
        status=ListingStatus.PENDING,
    )
    session.add(job)
    await session.flush()
    for slug in clean.professions:
        session.add(JobProfession(job_id=job.id, slug=slug))
    typed = [job.title, job.company, job.salary, job.description, job.how_to_apply]
    await submit_for_review(session, job, typed)
    return job


async def professions_of(session: AsyncSession, job_id: int) -> list[str]:
    rows = await session.scalars(
        select(JobProfession.slug)
        .where(JobProfession.job_id == job_id)
        .order_by(JobProfession.slug)
    )
    return list(rows)


# ---- browsing ---------------------------------------------------------------------------


async def browse(session: AsyncSession, job_filter: JobFilter, page: int = 0) -> Page[Job]:
    """Published jobs matching the filter, newest first, one page."""
    order: list[ColumnElement[Any]] = [Job.published_at.desc(), Job.id.desc()]
    return await page_of(session, Job, job_filter.where(), order, page)


# ---- subscriptions ----------------------------------------------------------------------


async def subscriptions_of(session: AsyncSession, member_id: int) -> list[JobSubscription]:
    return list(
        await session.scalars(
            select(JobSubscription)
            .where(JobSubscription.member_id == member_id)
            .order_by(JobSubscription.created_at, JobSubscription.id)
        )
    )


def filter_of(subscription: JobSubscription) -> JobFilter:
    return JobFilter(
        country=subscription.country,
        city=subscription.city,
        remote=subscription.remote,
        profession=subscription.profession,
    )


async def subscribe(
    session: AsyncSession, member_id: int, job_filter: JobFilter, mode: DeliveryMode
) -> JobSubscription:
    """Save the filter (the same filter again only changes how it is delivered)."""
    for existing in await subscriptions_of(session, member_id):
        if filter_of(existing) == job_filter:
            existing.mode = mode
            return existing
    if len(await subscriptions_of(session, member_id)) >= MAX_SUBSCRIPTIONS:
        raise ListingError("jobs-too-many-subscriptions", count=MAX_SUBSCRIPTIONS)
    subscription = JobSubscription(
        member_id=member_id,
        country=job_filter.country,
        city=job_filter.city,
        remote=job_filter.remote,
        profession=job_filter.profession,
        mode=mode,
    )
    session.add(subscription)
    await session.flush()
    return subscription


async def unsubscribe(session: AsyncSession, member_id: int, subscription_id: int) -> None:
    subscription = await session.get(JobSubscription, subscription_id)
    if subscription is None:
        raise ListingError("listing-gone")
    if subscription.member_id != member_id:
        await audit(
            session,
            actor_id=member_id,
            action="jobs.unsubscribe",
            outcome=AuditOutcome.DENIED,
            target_kind="job_subscription",
            target_id=str(subscription_id),
        )
        raise ListingError("listing-not-yours")
    await session.execute(delete(JobSubscription).where(JobSubscription.id == subscription_id))


@dataclass
class Audience:
    """Who hears about a new job: member id → whether they asked for a daily digest, and
    where they live (their digest hour is theirs)."""

    digest: dict[int, bool] = field(default_factory=dict)
    places: dict[int, tuple[str | None, str | None]] = field(default_factory=dict)

    @property
    def members(self) -> list[int]:
        return sorted(self.digest)


async def audience(session: AsyncSession, job: Job, professions: list[str]) -> Audience:
    """Active members (not the author) with a subscription that takes this job; one who has
    both an instant and a digest subscription that match hears at once. One query."""
    sub = JobSubscription
    anywhere = and_(sub.country.is_(None), sub.remote.is_(False))
    if job.remote:
        place = or_(anywhere, sub.remote.is_(True))
    else:
        same_city = true() if job.city is None else or_(sub.city.is_(None), sub.city == job.city)
        place = or_(
            anywhere,
            and_(sub.remote.is_(False), sub.country == job.country, same_city),
        )
    profession = or_(
        sub.profession.is_(None),
        sub.profession.in_(professions) if professions else false(),
    )
    instant = func.max(case((sub.mode == DeliveryMode.INSTANT, 1), else_=0))
    rows = await session.execute(
        select(sub.member_id, instant, Member.country, Member.city)
        .join(Member, Member.id == sub.member_id)
        .where(
            place,
            profession,
            sub.member_id != job.author_id,
            Member.status == MemberStatus.ACTIVE,
        )
        .group_by(sub.member_id, Member.country, Member.city)
    )
    found = Audience()
    for member_id, is_instant, country, city in rows:
        found.digest[member_id] = not bool(is_instant)
        found.places[member_id] = (country, city)
    return found


async def notify_subscribers(session: AsyncSession, job: Job, now: datetime | None = None) -> int:
    """Queue one notice per matching member (at once, or in their next digest); once per job."""
    now = notices.announcing(job, now)
    if now is None:
        return 0
    found = await audience(session, job, await professions_of(session, job.id))
    due = {
        member_id: (
            notices.next_digest_at(now, timezone_for(*found.places[member_id])) if digest else now
        )
        for member_id, digest in found.digest.items()
    }
    return await notices.add_notices(
        session,
        reason=NoticeReason.JOB_MATCH,
        kind=ListingKind.JOB,
        listing_id=job.id,
        due=due,
        digest=[member_id for member_id, digest in found.digest.items() if digest],
    )
