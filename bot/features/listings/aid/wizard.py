"""The mutual-aid wizard: (request or offer) → category → title → description → country →
city → urgency (requests) → preview → moderation. Runs on the shared engine."""

from __future__ import annotations

from functools import cache

from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State
from aiogram.types import CallbackQuery, InlineKeyboardButton
from aiogram_i18n import I18nContext
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import ListingStatus, Member, Offer, OfferKind, TaxonomyKind, Urgency
from bot.features.listings.aid import service
from bot.features.listings.aid.keyboards import AidWizCb, home_keyboard
from bot.features.listings.aid.render import offer_card
from bot.features.listings.aid.service import AidDraft
from bot.features.listings.aid.states import ORDER, STEP_CODES, AidWizard
from bot.features.listings.kinds import ListingKind
from bot.features.listings.notices import member_zone
from bot.features.listings.render import Texts, category_label
from bot.features.listings.wizard import (
    ADVANCE,
    Draft,
    StepView,
    TextField,
    Wizard,
    WizardSpec,
)
from bot.geo import country_name
from bot.i18n import Markup
from bot.taxonomy import active_slugs

TEXT_FIELDS = {
    AidWizard.title: TextField("title", *service.TITLE, one_line=True),
    AidWizard.description: TextField("description", *service.DESCRIPTION),
}


def _cb(step: str, value: str) -> AidWizCb:
    return AidWizCb(step=step, v=value)


def _kind(draft: Draft) -> OfferKind:
    return OfferKind.REQUEST if draft.get("kind") == OfferKind.REQUEST else OfferKind.OFFER


def preview_offer(draft: Draft) -> Offer:
    return Offer(
        kind=_kind(draft),
        category=draft.get("category", "other"),
        title=draft.get("title", ""),
        description=draft.get("description", ""),
        country=draft.get("country"),
        city=draft.get("city"),
        urgency=draft.get("urgency"),
        status=ListingStatus.PENDING,
        scam_flags=[],
    )


async def render(
    step: State, t: Texts, draft: Draft, session: AsyncSession, member: Member
) -> StepView:
    code = next(code for code, state in STEP_CODES.items() if state == step)
    kind = _kind(draft)
    if step == AidWizard.category:
        view = StepView(t.get(f"aid-wizard-category-{kind}"))
        for slug in await active_slugs(session, TaxonomyKind.OFFER_CATEGORY):
            mark = "✅ " if draft.get("category") == slug else ""
            view.builder.button(
                text=f"{mark}{category_label(t, slug)}", callback_data=_cb(code, slug)
            )
        view.builder.adjust(2)
        return view
    if step == AidWizard.title:
        return StepView(
            t.get(f"aid-wizard-title-{kind}", maximum=service.TITLE[1]),
            current=draft.get("title") or "",
        )
    if step == AidWizard.description:
        return StepView(
            t.get(f"aid-wizard-description-{kind}", maximum=service.DESCRIPTION[1]),
            current=draft.get("description") or "",
        )
    if step == AidWizard.place:
        return StepView(t.get("aid-wizard-place"))
    if step == AidWizard.city:
        country = draft.get("country") or ""
        return StepView(t.get("aid-wizard-city", country=country_name(country, t.locale)))
    if step == AidWizard.urgency:
        view = StepView(t.get("aid-wizard-urgency"))
        for urgency in Urgency:
            view.builder.button(
                text=t.get(f"aid-urgency-{urgency}"), callback_data=_cb(code, urgency)
            )
        view.builder.adjust(1)
        return view
    card = offer_card(t, preview_offer(draft), member_zone(member), for_author=False)
    submit = InlineKeyboardButton(
        text=t.get("aid-wizard-submit"), callback_data=_cb("submit", "").pack()
    )
    return StepView(t.get("aid-wizard-preview", card=Markup(card)), extra_rows=[[submit]])


async def choose(step: State, value: str, draft: Draft, session: AsyncSession) -> str:
    if step == AidWizard.category:
        if value not in await active_slugs(session, TaxonomyKind.OFFER_CATEGORY):
            return "stale-button"
        draft["category"] = value
        return ADVANCE
    if step == AidWizard.urgency:
        if value not in set(Urgency):
            return "stale-button"
        draft["urgency"] = value
        return ADVANCE
    return "stale-button"


def skip(step: State, draft: Draft) -> bool:
    return step == AidWizard.urgency and _kind(draft) == OfferKind.OFFER


async def submit(session: AsyncSession, member: Member, draft: Draft) -> None:
    await service.post_offer(session, member.id, AidDraft.from_data(draft))


@cache
def aid_wizard() -> Wizard:
    return Wizard(
        WizardSpec(
            name="aid",
            states=AidWizard,
            order=ORDER,
            codes=STEP_CODES,
            callback=AidWizCb,
            text_fields=TEXT_FIELDS,
            render=render,
            choose=choose,
            submit=submit,
            home=home_keyboard,
            cancelled_key="aid-wizard-cancelled",
            submitted_key="aid-wizard-submitted",
            place=AidWizard.place,
            city=AidWizard.city,
            skip=skip,
        )
    )


async def start_posting(
    query: CallbackQuery,
    kind: OfferKind,
    *,
    i18n: I18nContext,
    session: AsyncSession,
    member: Member,
    state: FSMContext,
) -> None:
    await aid_wizard().start_posting(
        query,
        ListingKind.OFFER,
        {"kind": str(kind)},
        intro=f"aid-wizard-intro-{kind}",
        i18n=i18n,
        session=session,
        member=member,
        state=state,
    )
