"""The posting wizard both listing kinds (jobs, mutual aid) run on: the UI kit's step engine
(:mod:`bot.ui.steps`) with the steps every listing shares.

A wizard is an ordered list of FSM states. Each step takes typed text (validated, with the
reason when refused) or a button; every step shows ⬅️ Back and ✖ Cancel, and a value given
earlier survives going back ("Keep"). The place step takes a country button or a typed
country name (typos tolerated), the city step a city button, a typed city, or "whole
country". A member whose profile names a country starts with the place taken from it: the
place steps are skipped, the first step and the preview say where, and "📍 Change place"
(on those two) runs the place steps and comes back to where it was pressed. The draft lives
in the FSM data and is validated once more by the feature's service on submit. A feature
provides a :class:`WizardSpec`: how to draw its own steps, how its own buttons change the
draft, and what submitting does.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from aiogram.filters.callback_data import CallbackData
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup
from aiogram_i18n import I18nContext
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import Member
from bot.features.listings.keyboards import REMOTE, WHOLE_COUNTRY, city_builder, place_builder
from bot.features.listings.kinds import ListingKind
from bot.features.listings.render import Texts
from bot.features.listings.service import ListingError, check_can_submit, check_text
from bot.geo import cities_of, country_name, find_city, is_country, match_city, match_country
from bot.ui import steps
from bot.ui.keyboards import InlineKeyboardBuilder
from bot.ui.screens import Target, edit_or_answer
from bot.ui.steps import Draft, Press, StepContext, StepEngine, Steps, StepView, Turn

# The draft's place bookkeeping: the place is settled (its steps are skipped), it came from
# the member's profile, and the step to come back to after "change place".
PLACE_SETTLED = "place_settled"
PLACE_FROM_PROFILE = "place_from_profile"
RETURN_TO = "return_to"
# The "change place" button's step code in callback data.
CHANGE_PLACE = "chp"

# What a feature's ``choose`` returns: move on, draw the step again, or a catalog key to show.
ADVANCE = "advance"
AGAIN = "again"


@dataclass(frozen=True)
class TextField:
    """A step answered by typing: the draft key, length bounds, single line or not."""

    key: str
    minimum: int
    maximum: int
    one_line: bool = False


Render = Callable[[State, Texts, Draft, AsyncSession, Member], Awaitable[StepView]]
Choose = Callable[[State, str, Draft, AsyncSession], Awaitable[str]]
Submit = Callable[[AsyncSession, Member, Draft], Awaitable[None]]


@dataclass(frozen=True)
class WizardSpec:
    name: str  # the router's name and the FSM data key of the draft
    states: type[StatesGroup]
    order: tuple[State, ...]
    codes: dict[str, State]  # short step codes (callback data) → states
    callback: type[CallbackData]  # with fields ``step`` and ``v``
    text_fields: dict[State, TextField]
    render: Render
    choose: Choose
    submit: Submit
    home: Callable[[Texts], InlineKeyboardMarkup]  # where Cancel and Submit lead
    cancelled_key: str
    submitted_key: str
    place: State | None = None
    city: State | None = None
    remote_allowed: bool = False
    # Steps that do not apply to a draft (urgency for an offer...), besides the city.
    skip: Callable[[State, Draft], bool] = lambda step, draft: False


class Wizard(StepEngine):
    """The listings' wizard: :class:`bot.ui.steps.StepEngine` with the place steps, the typed
    text fields and "📍 Change place" every listing kind shares."""

    def __init__(self, spec: WizardSpec) -> None:
        self.listing = spec
        super().__init__(
            Steps(
                name=spec.name,
                states=spec.states,
                order=spec.order,
                codes=spec.codes,
                callback=spec.callback,
                render=self._render_step,
                read=self._read,
                choose=self._choose,
                finish=self._submit,
                cancelled=self._cancelled,
                skip=self._skipped,
            )
        )

    # ---- the order of steps -------------------------------------------------------------------

    def _skipped(self, step: State, draft: Draft) -> bool:
        listing = self.listing
        if step in (listing.place, listing.city) and draft.get(PLACE_SETTLED):
            return True
        if step == listing.city:
            return bool(draft.get("remote")) or not cities_of(draft.get("country"))
        return listing.skip(step, draft)

    def next_of(self, step: State, draft: Draft) -> State | None:
        """The following step; the preview (the last) is never skipped, and after the place
        steps the wizard goes back to where "change place" was pressed, if it was."""
        order = self.listing.order
        index = order.index(step) + 1
        while index < len(order) - 1 and self._skipped(order[index], draft):
            index += 1
        following = order[min(index, len(order) - 1)]
        if step in (self.listing.place, self.listing.city) and following != self.listing.city:
            back = draft.pop(RETURN_TO, None)
            if isinstance(back, str) and back in self.listing.codes:
                draft[PLACE_SETTLED] = True
                following = self.listing.codes[back]
        return following

    # ---- showing ----------------------------------------------------------------------------

    async def _render_step(self, step: State, ctx: StepContext, draft: Draft) -> StepView:
        t, listing = Texts.of(ctx.i18n), self.listing
        code = self.code(step)
        if step == listing.place:
            text = (await listing.render(step, t, draft, ctx.session, ctx.member)).text
            builder = place_builder(
                t, self.cb, code, ctx.member.country, remote=listing.remote_allowed
            )
            return StepView(text, builder)
        if step == listing.city:
            text = (await listing.render(step, t, draft, ctx.session, ctx.member)).text
            return StepView(text, city_builder(t, self.cb, code, draft.get("country") or ""))
        return await listing.render(step, t, draft, ctx.session, ctx.member)

    def decorate(self, step: State, ctx: StepContext, draft: Draft, view: StepView) -> StepView:
        if self._offers_change_place(step, draft):
            if step == self.listing.order[0]:
                # Where the listing is for, said once at the start (the preview's card says it).
                key = "wizard-place-profile" if draft.get(PLACE_FROM_PROFILE) else "wizard-place"
                place = self.place_label(Texts.of(ctx.i18n), draft)
                view.text = ctx.get(key, place=place) + "\n\n" + view.text
            view.extra_rows.append(
                [
                    InlineKeyboardButton(
                        text=ctx.get("wizard-change-place"),
                        callback_data=self.cb(CHANGE_PLACE, "").pack(),
                    )
                ]
            )
        return view

    def _offers_change_place(self, step: State, draft: Draft) -> bool:
        """ "Change place" stands on the first step and the preview once the place is settled."""
        return (
            self.listing.place is not None
            and bool(draft.get(PLACE_SETTLED))
            and step in (self.listing.order[0], self.listing.order[-1])
        )

    @staticmethod
    def place_label(t: Texts, draft: Draft) -> str:
        """The draft's place in words: "Georgia, Tbilisi", "Georgia", or remote."""
        if draft.get("remote"):
            return t.get("listing-place-remote")
        country = draft.get("country") or ""
        city_name = draft.get("city")
        city = find_city(country, city_name) if isinstance(city_name, str) and city_name else None
        name = country_name(country, t.locale)
        return f"{name}, {city.name(t.locale)}" if city else name

    @staticmethod
    def from_profile(member: Member, draft: Draft) -> Draft:
        """``draft`` with the member's country and city as its place (settled), when the
        profile names a country the wizard knows; otherwise unchanged (the steps ask)."""
        if not member.country or not is_country(member.country):
            return draft
        city = find_city(member.country, member.city) if member.city else None
        return {
            **draft,
            "country": member.country,
            "city": city.name_en if city else None,
            "remote": False,
            PLACE_SETTLED: True,
            PLACE_FROM_PROFILE: True,
        }

    async def start_posting(
        self,
        query: CallbackQuery,
        kind: ListingKind,
        draft: Draft,
        *,
        intro: str,
        i18n: I18nContext,
        session: AsyncSession,
        member: Member,
        state: FSMContext,
    ) -> None:
        """Open the wizard for a new listing of ``kind`` with the catalog key ``intro`` above its
        first step — unless the member may not post one now (too many pending, banned): then
        the refusal, as an alert."""
        try:
            await check_can_submit(session, kind, member.id)
        except ListingError as error:
            await query.answer(i18n.get(error.key, **error.values), show_alert=True)
            return
        ctx = StepContext(i18n, session, member, state)
        await self.start(query, ctx, self.from_profile(member, draft), prefix=i18n.get(intro))

    # ---- answers ----------------------------------------------------------------------------

    async def _read(self, step: State, text: str, ctx: StepContext, draft: Draft) -> Turn:
        text_field = self.listing.text_fields.get(step)
        if text_field is not None:
            draft[text_field.key] = check_text(
                text,
                minimum=text_field.minimum,
                maximum=text_field.maximum,
                one_line=text_field.one_line,
            )
            return steps.advance()
        if step == self.listing.place:
            return await self._typed_country(step, text, ctx, draft)
        if step == self.listing.city:
            city = match_city(draft.get("country"), text)
            if city is None:
                raise ListingError("listing-city-not-found")
            draft["city"] = city.name_en
            understood = ctx.get("listing-city-understood", city=city.name(ctx.i18n.locale))
            return steps.advance(understood)
        raise ListingError("wizard-use-buttons")

    async def _typed_country(self, step: State, text: str, ctx: StepContext, draft: Draft) -> Turn:
        matches = match_country(text)
        if matches and (matches[0].exact or len(matches) == 1):
            self._set_country(draft, matches[0].code)
            country = country_name(matches[0].code, ctx.i18n.locale)
            return steps.advance(ctx.get("listing-country-understood", country=country))
        if not matches:
            raise ListingError("listing-country-not-found")
        builder = InlineKeyboardBuilder()
        code = self.code(step)
        for match in matches:
            builder.button(
                text=country_name(match.code, ctx.i18n.locale),
                callback_data=self.cb(code, match.code),
            )
        builder.adjust(2)
        builder.row(*self.nav_row(ctx, back=True))
        return steps.screen(ctx.get("listing-country-did-you-mean"), builder.as_markup())

    @staticmethod
    def _set_country(draft: Draft, code: str) -> None:
        if draft.get("country") != code:
            draft["city"] = None
        draft.update(country=code, remote=False)

    async def press(self, press: Press, ctx: StepContext, draft: Draft) -> None:
        step, action, value, query = press.step, press.action, press.value, press.query
        if action == CHANGE_PLACE and self._offers_change_place(step, draft):
            # "Change place": the place steps, then back to ``step``.
            assert self.listing.place is not None
            draft[RETURN_TO] = self.code(step)
            draft[PLACE_SETTLED] = False
            draft[PLACE_FROM_PROFILE] = False
            await self.save(ctx.state, draft)
            await self.show(self.listing.place, query, ctx)
            return
        if action == steps.BACK and step == self.listing.place and draft.get(RETURN_TO):
            # Changing the place, thought better of it: the place stays, back where they were.
            back = self.listing.codes.get(str(draft.pop(RETURN_TO)), self.listing.order[0])
            draft[PLACE_SETTLED] = True
            await self.save(ctx.state, draft)
            await self.show(back, query, ctx)
            return
        if value == steps.KEEP and self.listing.text_fields.get(step) is None:
            raise ListingError("stale-button")
        await super().press(press, ctx, draft)

    async def _choose(self, step: State, value: str, ctx: StepContext, draft: Draft) -> Turn:
        if step == self.listing.place:
            if value == REMOTE and self.listing.remote_allowed:
                draft.update(remote=True, country=None, city=None)
                return steps.advance()
            if is_country(value):
                self._set_country(draft, value)
                return steps.advance()
            raise ListingError("stale-button")
        if step == self.listing.city:
            if value == WHOLE_COUNTRY:
                draft["city"] = None
                return steps.advance()
            city = find_city(draft.get("country"), value)
            if city is None:
                raise ListingError("stale-button")
            draft["city"] = city.name_en
            return steps.advance()
        result = await self.listing.choose(step, value, draft, ctx.session)
        if result == ADVANCE:
            return steps.advance()
        if result == AGAIN:
            return steps.again()
        raise ListingError(result)

    async def _submit(
        self, target: Target, ctx: StepContext, draft: Draft, note: str | None
    ) -> None:
        assert isinstance(target, CallbackQuery)
        home = self.listing.home(Texts.of(ctx.i18n))
        try:
            await self.listing.submit(ctx.session, ctx.member, draft)
        except ListingError as error:
            text = ctx.get(error.key, **error.values)
            if error.key == "listing-too-many-pending":
                await ctx.state.clear()
                await edit_or_answer(target, text, home)
                return
            await self.show(self.listing.order[-1], target, ctx, prefix=text)
            return
        await ctx.state.clear()
        await edit_or_answer(target, ctx.get(self.listing.submitted_key), home)

    def _cancelled(self, ctx: StepContext) -> tuple[str, InlineKeyboardMarkup | None]:
        return ctx.get(self.listing.cancelled_key), self.listing.home(Texts.of(ctx.i18n))


__all__ = [
    "ADVANCE",
    "AGAIN",
    "Draft",
    "StepView",
    "TextField",
    "Wizard",
    "WizardSpec",
]
