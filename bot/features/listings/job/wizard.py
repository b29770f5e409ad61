"""The job posting wizard: title → company → place → city → professions → employment →
languages → salary → description → how to apply → preview → moderation.

Runs on the shared engine (``bot.features.listings.wizard``): every step explains a refused
answer, has ⬅️ Back and ✖ Cancel, and keeps what was typed before.
"""

from __future__ import annotations

from zoneinfo import ZoneInfo

from aiogram.fsm.state import State
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import (
    JOB_LANGUAGES,
    EmploymentType,
    Job,
    ListingStatus,
    Member,
    TaxonomyKind,
)
from bot.features.listings.job import service
from bot.features.listings.job.keyboards import BOARD, JobWizCb
from bot.features.listings.job.render import job_card
from bot.features.listings.job.service import JobDraft
from bot.features.listings.job.states import STEP_CODES, JobWizard
from bot.features.listings.keyboards import SKIP
from bot.features.listings.posting import Posting
from bot.features.listings.render import Texts
from bot.features.listings.wizard import ADVANCE, Draft, StepView, TextField
from bot.taxonomy import active_slugs, label

TEXT_FIELDS = {
    JobWizard.title: TextField("title", *service.TITLE, one_line=True),
    JobWizard.company: TextField("company", *service.COMPANY, one_line=True),
    JobWizard.salary: TextField("salary", *service.SALARY, one_line=True),
    JobWizard.description: TextField("description", *service.DESCRIPTION),
    JobWizard.how_to_apply: TextField("how_to_apply", *service.HOW_TO_APPLY),
}


def preview_job(draft: Draft) -> Job:
    """A job built from the draft, never saved: the preview shows the real card."""
    return Job(
        title=draft.get("title", ""),
        company=draft.get("company"),
        remote=bool(draft.get("remote")),
        country=draft.get("country"),
        city=draft.get("city"),
        employment=draft.get("employment", EmploymentType.FULL),
        languages=list(draft.get("languages", [])),
        salary=draft.get("salary"),
        description=draft.get("description", ""),
        how_to_apply=draft.get("how_to_apply", ""),
        status=ListingStatus.PENDING,
        scam_flags=[],
    )


class JobPosting(Posting):
    """The job wizard's own steps: title, company, professions, employment, languages, salary,
    description, how to apply, and the preview."""

    def __init__(self) -> None:
        super().__init__("job", BOARD, JobWizard, JobWizCb, TEXT_FIELDS, STEP_CODES)

    async def step(
        self, step: State, t: Texts, draft: Draft, session: AsyncSession, member: Member
    ) -> StepView:
        if step == JobWizard.title:
            return StepView(t.get("job-wizard-title", maximum=service.TITLE[1]))
        if step == JobWizard.company:
            return self.optional(t.get("job-wizard-company"), step, t.get("job-private-employer"))
        if step == JobWizard.professions:
            options = [
                (slug, label(t.get, TaxonomyKind.PROFESSION, slug))
                for slug in await active_slugs(session, TaxonomyKind.PROFESSION)
            ]
            text = t.get("job-wizard-professions", maximum=service.MAX_PROFESSIONS)
            return self.choices(t, text, step, options, draft.get("professions", []))
        if step == JobWizard.employment:
            options = [(kind, t.get(f"job-employment-{kind}")) for kind in EmploymentType]
            return self.choice(t.get("job-wizard-employment"), step, options, columns=2)
        if step == JobWizard.languages:
            options = [(language, t.get(f"job-language-{language}")) for language in JOB_LANGUAGES]
            text = t.get("job-wizard-languages")
            return self.choices(t, text, step, options, draft.get("languages", []))
        if step == JobWizard.salary:
            return self.optional(t.get("job-wizard-salary"), step, t.get("job-wizard-salary-skip"))
        if step == JobWizard.description:
            return StepView(t.get("job-wizard-description", maximum=service.DESCRIPTION[1]))
        return StepView(t.get("job-wizard-how-to-apply", maximum=service.HOW_TO_APPLY[1]))

    def preview_card(self, t: Texts, draft: Draft, zone: ZoneInfo) -> str:
        professions = list(draft.get("professions", []))
        return job_card(t, preview_job(draft), professions, zone, for_author=False)

    async def choose(self, step: State, value: str, draft: Draft, session: AsyncSession) -> str:
        """A button of a job step: "advance", "again" (redraw), or a catalog key to show."""
        if step == JobWizard.company and value == SKIP:
            draft["company"] = None
            return ADVANCE
        if step == JobWizard.salary and value == SKIP:
            draft["salary"] = None
            return ADVANCE
        if step == JobWizard.employment:
            return self.chosen(draft, "employment", value, set(EmploymentType))
        if step == JobWizard.professions:
            return self.toggle(
                draft,
                "professions",
                value,
                await active_slugs(session, TaxonomyKind.PROFESSION),
                needed="job-wizard-professions-needed",
                most=service.MAX_PROFESSIONS,
                too_many="job-wizard-professions-too-many",
            )
        if step == JobWizard.languages:
            return self.toggle(
                draft, "languages", value, JOB_LANGUAGES, needed="job-wizard-languages-needed"
            )
        return "stale-button"

    async def submit(self, session: AsyncSession, member: Member, draft: Draft) -> None:
        await service.post_job(session, member.id, JobDraft.from_data(draft))


POSTING = JobPosting()
