"""The mutual-aid wizard: (request or offer) → category → title → description → country →
city → urgency (requests) → preview → moderation. Runs on the shared engine."""

from __future__ import annotations

from aiogram.fsm.state import State
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import ListingStatus, Member, Offer, OfferKind, TaxonomyKind, Urgency
from bot.features.listings.aid import service
from bot.features.listings.aid.keyboards import BOARD, AidWizCb
from bot.features.listings.aid.render import offer_card
from bot.features.listings.aid.service import AidDraft
from bot.features.listings.aid.states import STEP_CODES, AidWizard
from bot.features.listings.notices import member_zone
from bot.features.listings.posting import Posting
from bot.features.listings.render import Texts, category_label
from bot.features.listings.wizard import ADVANCE, Draft, StepView, TextField
from bot.geo import country_name
from bot.taxonomy import active_slugs

TEXT_FIELDS = {
    AidWizard.title: TextField("title", *service.TITLE, one_line=True),
    AidWizard.description: TextField("description", *service.DESCRIPTION),
}


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


class AidPosting(Posting):
    """The aid wizard's own steps: category, title, description, urgency (requests only), and
    the preview. The draft's ``kind`` (request or offer) is set when the wizard opens."""

    def __init__(self) -> None:
        super().__init__("aid", BOARD, AidWizard, AidWizCb, TEXT_FIELDS, STEP_CODES)

    def skip(self, step: State, draft: Draft) -> bool:
        return step == AidWizard.urgency and _kind(draft) == OfferKind.OFFER

    async def choose(self, step: State, value: str, draft: Draft, session: AsyncSession) -> str:
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

    async def render(
        self, step: State, t: Texts, draft: Draft, session: AsyncSession, member: Member
    ) -> StepView:
        code = self.code(step)
        kind = _kind(draft)
        if step == AidWizard.category:
            view = StepView(t.get(f"aid-wizard-category-{kind}"))
            for slug in await active_slugs(session, TaxonomyKind.OFFER_CATEGORY):
                mark = "✅ " if draft.get("category") == slug else ""
                view.builder.button(
                    text=f"{mark}{category_label(t, slug)}",
                    callback_data=self.wizard.cb(code, slug),
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
                    text=t.get(f"aid-urgency-{urgency}"),
                    callback_data=self.wizard.cb(code, urgency),
                )
            view.builder.adjust(1)
            return view
        card = offer_card(t, preview_offer(draft), member_zone(member), for_author=False)
        return self.preview(t, card)

    async def submit(self, session: AsyncSession, member: Member, draft: Draft) -> None:
        await service.post_offer(session, member.id, AidDraft.from_data(draft))


POSTING = AidPosting()
