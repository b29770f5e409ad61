"""Proposing a group: link → country → city → title → (similar titles) → description → kind →
professions → interests → languages → preview → the moderation queue.

Runs on the UI kit's step engine (:mod:`bot.ui.steps`): every step has ⬅️ Back and ✖ Cancel,
a refused answer shows the step again with the reason above it, and a typed answer given
earlier survives going back ("Keep"). The city step is skipped for a transnational group and
for a country without a city list; the "similar titles" step only when the title and country
name no listed group alike. The draft is validated once more by
:func:`bot.features.directory.service.submit_group`.
"""

from __future__ import annotations

from functools import cache
from typing import Any, NamedTuple

from aiogram.fsm.state import State
from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup

from bot.db.models import ALL_COUNTRIES, Group, GroupKind, GroupStatus, TaxonomyKind
from bot.errors import DomainError
from bot.features.common.keyboards import main_menu
from bot.features.directory import service as directory
from bot.features.directory.keyboards import DONE, OLD_ACTIONS, ProposeCb
from bot.features.directory.links import normalise_link
from bot.features.directory.render import language_names, member_card, place_name
from bot.features.directory.service import DESCRIPTION_MAX, GROUP_LANGUAGES, TITLE_MAX, GroupDraft
from bot.features.directory.states import Propose
from bot.geo import (
    MAIN_HOST_COUNTRIES,
    cities_of,
    country_name,
    find_city,
    is_country,
    match_country,
    timezone_for,
)
from bot.i18n import Markup
from bot.taxonomy import active_slugs, label
from bot.ui import steps
from bot.ui.keyboards import InlineKeyboardBuilder, multiselect, toggled
from bot.ui.screens import Target, show
from bot.ui.steps import SUBMIT, Draft, StepContext, StepEngine, Steps, StepView, Turn

TITLE_MIN = 3
DESCRIPTION_MIN = 10
SIMILAR_SHOWN = 3

# Step codes in callback data. The button steps keep the codes of the buttons sent before the
# wizard ran on the engine ("dp:c:GE", "dp:same:", "dp:l:_done" stay what they were).
STEP_CODES: dict[str, State] = {
    "ln": Propose.link,
    "c": Propose.country,
    "ci": Propose.city,
    "t": Propose.title,
    "same": Propose.similar,
    "d": Propose.description,
    "k": Propose.kind,
    "p": Propose.professions,
    "i": Propose.interests,
    "l": Propose.languages,
    # The preview's one button of its own is "start over": its code, so that it packs as before.
    "again": Propose.confirm,
}

# The draft's list of titles alike to the proposed one (for the "similar" step, skipped when
# empty): worked out when the title or the country is given, as the lookup needs the database.
SIMILAR = "similar"


class Multi(NamedTuple):
    """A multi-select step: its draft key, its question, the taxonomy it offers (``None``: the
    group languages), and whether one choice at least is needed."""

    key: str
    text: str
    taxonomy: TaxonomyKind | None
    need_one: bool = False


MULTI: dict[State, Multi] = {
    Propose.professions: Multi(
        "professions", "directory-propose-professions", TaxonomyKind.PROFESSION
    ),
    Propose.interests: Multi("interests", "directory-propose-interests", TaxonomyKind.INTEREST),
    Propose.languages: Multi("languages", "directory-propose-languages", None, need_one=True),
}
KINDS = (GroupKind.CHAT, GroupKind.CHANNEL, GroupKind.FORUM)


def group_draft(draft: Draft) -> GroupDraft:
    """The service's draft from the wizard's (what is missing, empty: see :func:`complete`)."""
    kind = draft.get("kind")
    chosen: dict[str, Any] = {multi.key: list(draft.get(multi.key, [])) for multi in MULTI.values()}
    return GroupDraft(
        title=draft.get("title") or "",
        link=draft.get("link") or "",
        country=draft.get("country") or "",
        city=draft.get("city"),
        description=draft.get("description") or "",
        kind=GroupKind(kind) if kind in KINDS else GroupKind.CHAT,
        **chosen,
    )


def complete(proposal: GroupDraft) -> bool:
    """Whether the answers every proposal needs are there. They are, unless the wizard was open
    while the bot moved its draft (once top-level FSM keys) under the wizard's own key: such a
    wizard starts over."""
    return bool(proposal.link and proposal.title and proposal.country)


class ProposalWizard(StepEngine):
    """The proposal wizard: :class:`~bot.ui.steps.StepEngine` with the directory's steps."""

    def __init__(self) -> None:
        super().__init__(
            Steps(
                name="propose",
                states=Propose,
                order=Propose.__states__,  # as declared
                codes=STEP_CODES,
                callback=ProposeCb,
                render=self._render,
                read=self._read,
                choose=self._choose,
                finish=self._send,
                cancelled=self._cancelled,
                skip=self._skipped,
                renamed=OLD_ACTIONS,
            )
        )

    @staticmethod
    def _skipped(step: State, draft: Draft) -> bool:
        if step == Propose.city:
            return not cities_of(draft.get("country"))  # transnational, or no city list
        if step == Propose.similar:
            return not draft.get(SIMILAR)
        return False

    # ---- showing ----------------------------------------------------------------------------

    async def _render(self, step: State, ctx: StepContext, draft: Draft) -> StepView:
        code = self.code(step)
        if step == Propose.link:
            return StepView(ctx.get("directory-propose-link"), current=draft.get("link") or "")
        if step == Propose.country:
            return StepView(ctx.get("directory-propose-country"), self._countries(ctx, code))
        if step == Propose.city:
            country = draft.get("country") or ""
            builder = InlineKeyboardBuilder()
            for city in cities_of(country):
                name = city.name(ctx.i18n.locale)
                builder.button(text=name, callback_data=self.cb(code, city.slug))
            builder.adjust(2)
            builder.row(self._button(ctx.get("directory-propose-whole-country"), code, DONE))
            place = place_name(country, None, ctx.i18n.locale, ctx.get) if country else ""
            return StepView(ctx.get("directory-propose-city", country=place), builder)
        if step == Propose.title:
            text = ctx.get("directory-propose-title", limit=TITLE_MAX)
            return StepView(text, current=draft.get("title") or "")
        if step == Propose.similar:
            names = "\n".join(
                ctx.get("directory-propose-similar-line", title=title)
                for title in draft.get(SIMILAR, [])
            )
            # The lines come from the catalog, already escaped.
            view = StepView(ctx.get("directory-propose-similar", groups=Markup(names)))
            view.builder.row(self._button(ctx.get("directory-propose-different"), code, ""))
            return view
        if step == Propose.description:
            text = ctx.get("directory-propose-description", limit=DESCRIPTION_MAX)
            return StepView(text, current=draft.get("description") or "")
        if step == Propose.kind:
            view = StepView(ctx.get("directory-propose-kind"))
            for kind in KINDS:
                view.builder.button(
                    text=ctx.get(f"directory-kind-{kind}"), callback_data=self.cb(code, str(kind))
                )
            view.builder.adjust(3)
            return view
        if step in MULTI:
            return await self._render_multi(step, code, ctx, draft)
        return self._preview(ctx, draft)

    def _button(self, text: str, step: str, value: str) -> InlineKeyboardButton:
        return InlineKeyboardButton(text=text, callback_data=self.cb(step, value).pack())

    def _countries(self, ctx: StepContext, code: str) -> InlineKeyboardBuilder:
        """The main host countries (the member's own first when it is not one of them), then
        "transnational"."""
        codes = list(MAIN_HOST_COUNTRIES)
        if ctx.member.country and ctx.member.country not in codes:
            codes.insert(0, ctx.member.country)
        builder = InlineKeyboardBuilder()
        for country in codes:
            builder.button(
                text=country_name(country, ctx.i18n.locale), callback_data=self.cb(code, country)
            )
        builder.button(
            text=ctx.get("directory-filter-transnational"),
            callback_data=self.cb(code, ALL_COUNTRIES),
        )
        builder.adjust(2)
        return builder

    @staticmethod
    async def _options(step: State, ctx: StepContext) -> list[tuple[str, str]]:
        """What a multi-select step offers, as ``(value, label)``."""
        taxonomy = MULTI[step].taxonomy
        if taxonomy is None:
            return [(code, language_names([code], ctx.i18n.locale)) for code in GROUP_LANGUAGES]
        slugs = await active_slugs(ctx.session, taxonomy)
        return [(slug, label(ctx.get, taxonomy, slug)) for slug in slugs]

    async def _render_multi(
        self, step: State, code: str, ctx: StepContext, draft: Draft
    ) -> StepView:
        """Toggle buttons; "Done" — or "Skip" when nothing is chosen and none is needed."""
        multi = MULTI[step]
        picked = set(draft.get(multi.key, []))
        options = await self._options(step, ctx)
        builder = multiselect(options, picked, lambda value: self.cb(code, value))
        if picked or not multi.need_one:
            done = "directory-propose-done" if picked else "directory-propose-skip"
            builder.row(self._button(ctx.get(done), code, DONE))
        return StepView(ctx.get(multi.text), builder)

    def _preview(self, ctx: StepContext, draft: Draft) -> StepView:
        """The card members would see, built from the draft and never saved."""
        proposal = group_draft(draft)
        preview = Group(
            title=proposal.title,
            link=proposal.link,
            kind=proposal.kind,
            country=proposal.country,
            city=proposal.city,
            professions=proposal.professions,
            interests=proposal.interests,
            languages=proposal.languages,
            description=proposal.description,
            is_demo=False,
        )
        zone = timezone_for(ctx.member.country, ctx.member.city)
        card = member_card(ctx.get, preview, ctx.i18n.locale, zone, preview=True)
        text = ctx.get("directory-propose-confirm", link=proposal.link) + "\n\n" + card
        send = self._button(ctx.get("directory-propose-send"), SUBMIT, "")
        over = self._button(ctx.get("directory-propose-again"), self.code(Propose.confirm), "")
        return StepView(text, extra_rows=[[send], [over]])

    # ---- answers ----------------------------------------------------------------------------

    async def _read(self, step: State, text: str, ctx: StepContext, draft: Draft) -> Turn:
        if step == Propose.link:
            draft["link"] = await self._new_link(text, ctx)
            return steps.advance()
        if step == Propose.country:
            matches = match_country(text)
            if not (matches and matches[0].exact):
                raise DomainError("wizard-use-buttons")
            await self._set_country(matches[0].code, ctx, draft)
            return steps.advance()
        if step == Propose.title:
            title = directory.clean_title(text)
            if not TITLE_MIN <= len(title) <= TITLE_MAX:
                raise DomainError("directory-propose-title-length", min=TITLE_MIN, limit=TITLE_MAX)
            draft["title"] = title
            await self._note_similar(ctx, draft)
            return steps.advance()
        if step == Propose.description:
            description = directory.clean_text(text)
            if not DESCRIPTION_MIN <= len(description) <= DESCRIPTION_MAX:
                raise DomainError(
                    "directory-propose-description-length",
                    min=DESCRIPTION_MIN,
                    limit=DESCRIPTION_MAX,
                )
            draft["description"] = description
            return steps.advance()
        raise DomainError("wizard-use-buttons")

    @staticmethod
    async def _new_link(text: str, ctx: StepContext) -> str:
        """The typed link, normalised, when it is Telegram's and not listed or waiting yet."""
        link = normalise_link(text)
        if link is None:
            raise DomainError("directory-propose-link-invalid")
        existing = await directory.group_with_link(ctx.session, link)
        if existing is not None:
            key = (
                "directory-propose-already-listed"
                if existing.status == GroupStatus.PUBLISHED
                else "directory-propose-already-waiting"
            )
            raise DomainError(key, title=existing.title)
        return link

    async def _set_country(self, code: str, ctx: StepContext, draft: Draft) -> None:
        draft.update(country=code, city=None)
        await self._note_similar(ctx, draft)

    @staticmethod
    async def _note_similar(ctx: StepContext, draft: Draft) -> None:
        """Keep the titles of listed groups alike to the draft's (for the "similar" step: the
        member decides whether hers is another group)."""
        title, country = draft.get("title"), draft.get("country")
        if not isinstance(title, str) or not isinstance(country, str):
            draft[SIMILAR] = []
            return
        similar = await directory.similar_groups(ctx.session, title, country)
        draft[SIMILAR] = [group.title for group in similar[:SIMILAR_SHOWN]]

    async def _choose(self, step: State, value: str, ctx: StepContext, draft: Draft) -> Turn:
        if step == Propose.country and (value == ALL_COUNTRIES or is_country(value)):
            await self._set_country(value, ctx, draft)
            return steps.advance()
        if step == Propose.city:
            if value == DONE:
                draft["city"] = None
                return steps.advance()
            city = find_city(draft.get("country"), value)
            if city is not None:
                draft["city"] = city.name_en
                return steps.advance()
        if step == Propose.similar and value == "":
            return steps.advance()  # "yes, it is a different group"
        if step == Propose.kind and value in KINDS:
            draft["kind"] = value
            return steps.advance()
        if step in MULTI:
            return await self._toggle(step, value, ctx, draft)
        if step == Propose.confirm and value == "":
            draft.clear()  # "start over": an empty proposal at its first step
            return steps.goto(Propose.link)
        raise DomainError("stale-button")

    async def _toggle(self, step: State, value: str, ctx: StepContext, draft: Draft) -> Turn:
        multi = MULTI[step]
        chosen: list[str] = list(draft.get(multi.key, []))
        if value == DONE:
            if multi.need_one and not chosen:
                raise DomainError("directory-propose-need-language")
            return steps.advance()
        if value not in {option for option, _ in await self._options(step, ctx)}:
            raise DomainError("stale-button")
        draft[multi.key] = toggled(chosen, value)
        return steps.again()

    # ---- the end ----------------------------------------------------------------------------

    async def _send(self, target: Target, ctx: StepContext, draft: Draft, note: str | None) -> None:
        """📨 on the preview: the proposal goes to the moderation queue (refusals, e.g. too many
        waiting, come back as an alert and the preview stays)."""
        if not ctx.member.is_onboarded:
            raise DomainError("not-started")
        proposal = group_draft(draft)
        if not complete(proposal):
            await self.start(target, ctx)
            return
        await directory.submit_group(ctx.session, ctx.member.id, proposal)
        await ctx.state.clear()
        sent = ctx.get("directory-propose-sent", title=proposal.title)
        await show(target, sent, main_menu(ctx.i18n))

    @staticmethod
    def _cancelled(ctx: StepContext) -> tuple[str, InlineKeyboardMarkup | None]:
        return ctx.get("directory-propose-stopped"), main_menu(ctx.i18n)


@cache
def proposal_wizard() -> ProposalWizard:
    """The wizard (stateless: one per process is enough; routers are made per Dispatcher)."""
    return ProposalWizard()
