"""The job posting wizard: title → company → place → city → professions → employment →
languages → salary → description → how to apply → preview → moderation.

Runs on the shared engine (``bot.features.listings.wizard``): every step explains a refused
answer, has ⬅️ Back and ✖ Cancel, and keeps what was typed before.
"""

from __future__ import annotations

from functools import cache

from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State
from aiogram.types import CallbackQuery, InlineKeyboardButton
from aiogram_i18n import I18nContext
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
from bot.features.listings.job.keyboards import JobWizCb, home_keyboard
from bot.features.listings.job.render import job_card
from bot.features.listings.job.service import JobDraft
from bot.features.listings.job.states import ORDER, STEP_CODES, JobWizard
from bot.features.listings.keyboards import DONE, SKIP, multi_builder
from bot.features.listings.kinds import ListingKind
from bot.features.listings.notices import member_zone
from bot.features.listings.render import Texts
from bot.features.listings.wizard import (
    ADVANCE,
    AGAIN,
    Draft,
    StepView,
    TextField,
    Wizard,
    WizardSpec,
)
from bot.geo import country_name
from bot.i18n import Markup
from bot.taxonomy import active_slugs, label
from bot.ui.keyboards import toggled

TEXT_FIELDS = {
    JobWizard.title: TextField("title", *service.TITLE, one_line=True),
    JobWizard.company: TextField("company", *service.COMPANY, one_line=True),
    JobWizard.salary: TextField("salary", *service.SALARY, one_line=True),
    JobWizard.description: TextField("description", *service.DESCRIPTION),
    JobWizard.how_to_apply: TextField("how_to_apply", *service.HOW_TO_APPLY),
}


def _cb(step: str, value: str) -> JobWizCb:
    return JobWizCb(step=step, v=value)


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


async def render(
    step: State, t: Texts, draft: Draft, session: AsyncSession, member: Member
) -> StepView:
    code = next(code for code, state in STEP_CODES.items() if state == step)
    if step == JobWizard.title:
        return StepView(
            t.get("job-wizard-title", maximum=service.TITLE[1]), current=draft.get("title") or ""
        )
    if step == JobWizard.company:
        view = StepView(t.get("job-wizard-company"), current=draft.get("company") or "")
        view.builder.button(text=t.get("job-private-employer"), callback_data=_cb(code, SKIP))
        return view
    if step == JobWizard.place:
        return StepView(t.get("job-wizard-place"))
    if step == JobWizard.city:
        country = draft.get("country") or ""
        return StepView(t.get("job-wizard-city", country=country_name(country, t.locale)))
    if step == JobWizard.professions:
        options = [
            (slug, label(t.get, TaxonomyKind.PROFESSION, slug))
            for slug in await active_slugs(session, TaxonomyKind.PROFESSION)
        ]
        return StepView(
            t.get("job-wizard-professions", maximum=service.MAX_PROFESSIONS),
            multi_builder(_cb, code, options, draft.get("professions", []), t.get("wizard-done")),
        )
    if step == JobWizard.employment:
        view = StepView(t.get("job-wizard-employment"))
        for employment in EmploymentType:
            view.builder.button(
                text=t.get(f"job-employment-{employment}"), callback_data=_cb(code, employment)
            )
        view.builder.adjust(2)
        return view
    if step == JobWizard.languages:
        options = [(language, t.get(f"job-language-{language}")) for language in JOB_LANGUAGES]
        return StepView(
            t.get("job-wizard-languages"),
            multi_builder(_cb, code, options, draft.get("languages", []), t.get("wizard-done")),
        )
    if step == JobWizard.salary:
        view = StepView(t.get("job-wizard-salary"), current=draft.get("salary") or "")
        view.builder.button(text=t.get("job-wizard-salary-skip"), callback_data=_cb(code, SKIP))
        return view
    if step == JobWizard.description:
        return StepView(
            t.get("job-wizard-description", maximum=service.DESCRIPTION[1]),
            current=draft.get("description") or "",
        )
    if step == JobWizard.how_to_apply:
        return StepView(
            t.get("job-wizard-how-to-apply", maximum=service.HOW_TO_APPLY[1]),
            current=draft.get("how_to_apply") or "",
        )
    card = job_card(
        t,
        preview_job(draft),
        list(draft.get("professions", [])),
        member_zone(member),
        for_author=False,
    )
    submit = InlineKeyboardButton(
        text=t.get("job-wizard-submit"), callback_data=_cb("submit", "").pack()
    )
    return StepView(t.get("job-wizard-preview", card=Markup(card)), extra_rows=[[submit]])


async def choose(step: State, value: str, draft: Draft, session: AsyncSession) -> str:
    """A button of a job step: "advance", "again" (redraw), or a catalog key to show."""
    if step == JobWizard.company and value == SKIP:
        draft["company"] = None
        return ADVANCE
    if step == JobWizard.salary and value == SKIP:
        draft["salary"] = None
        return ADVANCE
    if step == JobWizard.employment:
        if value not in set(EmploymentType):
            return "stale-button"
        draft["employment"] = value
        return ADVANCE
    if step == JobWizard.professions:
        chosen: list[str] = list(draft.get("professions", []))
        if value == DONE:
            return ADVANCE if chosen else "job-wizard-professions-needed"
        if value not in await active_slugs(session, TaxonomyKind.PROFESSION):
            return "stale-button"
        if value not in chosen and len(chosen) >= service.MAX_PROFESSIONS:
            return "job-wizard-professions-too-many"
        draft["professions"] = toggled(chosen, value)
        return AGAIN
    if step == JobWizard.languages:
        languages: list[str] = list(draft.get("languages", []))
        if value == DONE:
            return ADVANCE if languages else "job-wizard-languages-needed"
        if value not in JOB_LANGUAGES:
            return "stale-button"
        draft["languages"] = toggled(languages, value)
        return AGAIN
    return "stale-button"


async def submit(session: AsyncSession, member: Member, draft: Draft) -> None:
    await service.post_job(session, member.id, JobDraft.from_data(draft))


@cache
def job_wizard() -> Wizard:
    """The wizard (stateless: one per process is enough; routers are made per Dispatcher)."""
    return Wizard(
        WizardSpec(
            name="job",
            states=JobWizard,
            order=ORDER,
            codes=STEP_CODES,
            callback=JobWizCb,
            text_fields=TEXT_FIELDS,
            render=render,
            choose=choose,
            submit=submit,
            home=home_keyboard,
            cancelled_key="job-wizard-cancelled",
            submitted_key="job-wizard-submitted",
            place=JobWizard.place,
            city=JobWizard.city,
            remote_allowed=True,
        )
    )


async def start_posting(
    query: CallbackQuery,
    *,
    i18n: I18nContext,
    session: AsyncSession,
    member: Member,
    state: FSMContext,
) -> None:
    await job_wizard().start_posting(
        query,
        ListingKind.JOB,
        {},
        intro="job-wizard-intro",
        i18n=i18n,
        session=session,
        member=member,
        state=state,
    )
