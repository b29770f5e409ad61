"""Texts of the job board: the card, list lines, filters, the moderator's card, notices."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from bot.db.models import Job, JobSubscription, TaxonomyKind
from bot.features.listings.job.service import JobFilter, filter_of
from bot.features.listings.render import (
    Texts,
    card_footer,
    filter_place_text,
    place_text,
    profession_labels,
    short_title,
)
from bot.i18n import Markup
from bot.taxonomy import label


def employment_text(t: Texts, job: Job) -> str:
    return t.get(f"job-employment-{job.employment}")


def languages_text(t: Texts, codes: list[str]) -> str:
    return ", ".join(t.get(f"job-language-{code}") for code in codes) or "—"


def job_card(
    t: Texts, job: Job, professions: list[str], zone: ZoneInfo, *, for_author: bool
) -> str:
    """The job as members see it (the author also sees its state)."""
    parts = [
        t.get(
            "job-card",
            title=job.title,
            company=job.company or t.get("job-private-employer"),
            place=place_text(t, job.country, job.city, remote=job.remote),
            professions=profession_labels(t, professions),
            employment=employment_text(t, job),
            languages=languages_text(t, job.languages),
            salary=job.salary or t.get("job-salary-none"),
            description=job.description,
            how_to_apply=job.how_to_apply,
        )
    ]
    parts += card_footer(t, job, zone, for_author=for_author)
    return "\n\n".join(parts)


def job_line(t: Texts, job: Job) -> str:
    """One button label in a list: title · company · place."""
    place = place_text(t, job.country, job.city, remote=job.remote)
    warn = "⚠️ " if job.scam_flags else ""
    return f"{warn}{short_title(job, 40)} · {place}"


def filter_text(t: Texts, job_filter: JobFilter) -> str:
    """The filter in words, as plain text (for a button, or a value the core escapes)."""
    if job_filter.remote:
        place = t.get("listing-place-remote")
    else:
        place = filter_place_text(t, job_filter.country, job_filter.city)
    profession = (
        label(t.get, TaxonomyKind.PROFESSION, job_filter.profession)
        if job_filter.profession
        else t.get("jobs-any-profession")
    )
    return t.get("jobs-filter", place=Markup(place), profession=Markup(profession))


def subscription_text(t: Texts, subscription: JobSubscription) -> str:
    mode = t.get(f"jobs-mode-{subscription.mode}")
    return f"{filter_text(t, filter_of(subscription))} · {mode}"


def moderator_card(t: Texts, job: Job, professions: list[str], zone: ZoneInfo) -> str:
    """The queue's card: the member's card (with its scam warning) and the job's state."""
    header = t.get("job-moderator-header", id=str(job.id))
    return f"{header}\n\n{job_card(t, job, professions, zone, for_author=True)}"


def notice_line(t: Texts, job: Job) -> str:
    return t.get(
        "job-notice-line",
        title=job.title,
        company=job.company or t.get("job-private-employer"),
        place=place_text(t, job.country, job.city, remote=job.remote),
    )
