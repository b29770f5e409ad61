"""The mutual-aid wizard: (request or offer) → category → title → description → country →
city → urgency (requests) → preview → moderation. Runs on the shared engine."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from aiogram.fsm.state import State
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import ListingStatus, Member, Offer, OfferKind, TaxonomyKind, Urgency
from bot.features.listings.aid import service
from bot.features.listings.aid.keyboards import BOARD, AidWizCb
from bot.features.listings.aid.render import offer_card
from bot.features.listings.aid.service import AidDraft
from bot.features.listings.aid.states import STEP_CODES, AidWizard
from bot.features.listings.posting import Posting
from bot.features.listings.render import Texts, category_label
from bot.features.listings.wizard import Draft, StepView, TextField
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
            categories = await active_slugs(session, TaxonomyKind.OFFER_CATEGORY)
            return self.chosen(draft, "category", value, categories)
        if step == AidWizard.urgency:
            return self.chosen(draft, "urgency", value, set(Urgency))
        return "stale-button"

    async def step(
        self, step: State, t: Texts, draft: Draft, session: AsyncSession, member: Member
    ) -> StepView:
        kind = _kind(draft)
        if step == AidWizard.category:
            options = [
                (slug, ("✅ " if draft.get("category") == slug else "") + category_label(t, slug))
                for slug in await active_slugs(session, TaxonomyKind.OFFER_CATEGORY)
            ]
            return self.choice(t.get(f"aid-wizard-category-{kind}"), step, options, columns=2)
        if step == AidWizard.title:
            return StepView(t.get(f"aid-wizard-title-{kind}", maximum=service.TITLE[1]))
        if step == AidWizard.description:
            maximum = service.DESCRIPTION[1]
            return StepView(t.get(f"aid-wizard-description-{kind}", maximum=maximum))
        options = [(urgency, t.get(f"aid-urgency-{urgency}")) for urgency in Urgency]
        return self.choice(t.get("aid-wizard-urgency"), step, options, columns=1)

    def preview_card(self, t: Texts, draft: Draft, zone: ZoneInfo) -> str:
        return offer_card(t, preview_offer(draft), zone, for_author=False)

    async def submit(self, session: AsyncSession, member: Member, draft: Draft) -> None:
        await service.post_offer(session, member.id, AidDraft.from_data(draft))


POSTING = AidPosting()
