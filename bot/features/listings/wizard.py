"""The step-by-step engine both posting wizards (jobs, mutual aid) run on.

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
from dataclasses import dataclass, field
from typing import Any

from aiogram import F, Router
from aiogram.filters import StateFilter
from aiogram.filters.callback_data import CallbackData
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup, Message
from aiogram_i18n import I18nContext
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import Member
from bot.features.listings.keyboards import (
    KEEP,
    REMOTE,
    WHOLE_COUNTRY,
    city_builder,
    keep_button,
    nav_buttons,
    place_builder,
)
from bot.features.listings.kinds import ListingKind
from bot.features.listings.render import Texts
from bot.features.listings.service import ListingError, check_can_submit, check_text
from bot.geo import cities_of, country_name, find_city, is_country, match_city, match_country
from bot.i18n import Markup
from bot.ui.keyboards import InlineKeyboardBuilder
from bot.ui.screens import Target, edit_or_answer, show_step_screen

Draft = dict[str, Any]

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


@dataclass
class StepView:
    """A step as the feature draws it; the engine adds Keep, Back and Cancel."""

    text: str
    builder: InlineKeyboardBuilder = field(default_factory=InlineKeyboardBuilder)
    current: str = ""
    extra_rows: list[list[InlineKeyboardButton]] = field(default_factory=list)


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


class Wizard:
    def __init__(self, spec: WizardSpec) -> None:
        self.spec = spec
        self.code_of = {state.state or "": code for code, state in spec.codes.items()}

    # ---- the draft and the order of steps -------------------------------------------------

    def cb(self, step: str, value: str) -> CallbackData:
        return self.spec.callback(step=step, v=value)

    async def draft(self, state: FSMContext) -> Draft:
        value = (await state.get_data()).get(self.spec.name)
        return dict(value) if isinstance(value, dict) else {}

    async def save(self, state: FSMContext, draft: Draft) -> None:
        await state.update_data({self.spec.name: draft})

    def _skipped(self, step: State, draft: Draft) -> bool:
        if step in (self.spec.place, self.spec.city) and draft.get(PLACE_SETTLED):
            return True
        if step == self.spec.city:
            return bool(draft.get("remote")) or not cities_of(draft.get("country"))
        return self.spec.skip(step, draft)

    def following(self, step: State, draft: Draft) -> State:
        order = self.spec.order
        index = order.index(step) + 1
        while index < len(order) - 1 and self._skipped(order[index], draft):
            index += 1
        return order[min(index, len(order) - 1)]

    def previous(self, step: State, draft: Draft) -> State | None:
        order = self.spec.order
        index = order.index(step) - 1
        while index > 0 and self._skipped(order[index], draft):
            index -= 1
        return order[index] if index >= 0 else None

    async def current(self, state: FSMContext) -> State | None:
        name = await state.get_state()
        return next((step for step in self.spec.order if step.state == name), None)

    # ---- showing ----------------------------------------------------------------------------

    async def render(
        self, step: State, t: Texts, draft: Draft, session: AsyncSession, member: Member
    ) -> tuple[str, InlineKeyboardMarkup]:
        code = self.code_of[step.state or ""]
        if step == self.spec.place:
            view = StepView(
                await self._text(step, t, draft, session, member),
                place_builder(t, self.cb, code, member.country, remote=self.spec.remote_allowed),
            )
        elif step == self.spec.city:
            view = StepView(
                await self._text(step, t, draft, session, member),
                city_builder(t, self.cb, code, draft.get("country") or ""),
            )
        else:
            view = await self.spec.render(step, t, draft, session, member)
        text = view.text
        if self._offers_change_place(step, draft):
            if step == self.spec.order[0]:
                # Where the listing is for, said once at the start (the preview's card says it).
                key = "wizard-place-profile" if draft.get(PLACE_FROM_PROFILE) else "wizard-place"
                text = t.get(key, place=self.place_label(t, draft)) + "\n\n" + text
            view.extra_rows.append(
                [
                    InlineKeyboardButton(
                        text=t.get("wizard-change-place"),
                        callback_data=self.cb(CHANGE_PLACE, "").pack(),
                    )
                ]
            )
        if view.current:
            text = t.get("wizard-current-value", text=Markup(text), value=view.current)
            view.extra_rows.append([keep_button(t, self.cb, code)])
        for row in view.extra_rows:
            view.builder.row(*row)
        view.builder.row(*nav_buttons(t, self.cb, back=self.previous(step, draft) is not None))
        return text, view.builder.as_markup()

    def _offers_change_place(self, step: State, draft: Draft) -> bool:
        """ "Change place" stands on the first step and the preview once the place is settled."""
        return (
            self.spec.place is not None
            and bool(draft.get(PLACE_SETTLED))
            and step in (self.spec.order[0], self.spec.order[-1])
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

    async def _text(
        self, step: State, t: Texts, draft: Draft, session: AsyncSession, member: Member
    ) -> str:
        return (await self.spec.render(step, t, draft, session, member)).text

    async def show(
        self,
        step: State,
        target: Target,
        *,
        i18n: I18nContext,
        session: AsyncSession,
        member: Member,
        state: FSMContext,
        prefix: str | None = None,
    ) -> None:
        await state.set_state(step)
        text, markup = await self.render(
            step, Texts.of(i18n), await self.draft(state), session, member
        )
        await show_step_screen(target, text, markup, state=state, prefix=prefix)

    async def advance(
        self,
        step: State,
        target: Target,
        draft: Draft,
        *,
        i18n: I18nContext,
        session: AsyncSession,
        member: Member,
        state: FSMContext,
        prefix: str | None = None,
    ) -> None:
        following = self.following(step, draft)
        if step in (self.spec.place, self.spec.city) and following != self.spec.city:
            # The place is chosen: back to where "change place" was pressed, if it was.
            back = draft.pop(RETURN_TO, None)
            if isinstance(back, str) and back in self.spec.codes:
                draft[PLACE_SETTLED] = True
                following = self.spec.codes[back]
        await self.save(state, draft)
        await self.show(
            following,
            target,
            i18n=i18n,
            session=session,
            member=member,
            state=state,
            prefix=prefix,
        )

    async def start(
        self,
        target: Target,
        draft: Draft,
        *,
        i18n: I18nContext,
        session: AsyncSession,
        member: Member,
        state: FSMContext,
        prefix: str | None = None,
    ) -> None:
        await state.set_data({self.spec.name: draft})
        await self.show(
            self.spec.order[0],
            target,
            i18n=i18n,
            session=session,
            member=member,
            state=state,
            prefix=prefix,
        )

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
        await self.start(
            query,
            self.from_profile(member, draft),
            i18n=i18n,
            session=session,
            member=member,
            state=state,
            prefix=i18n.get(intro),
        )

    # ---- handlers ---------------------------------------------------------------------------

    async def typed(
        self,
        message: Message,
        i18n: I18nContext,
        session: AsyncSession,
        member: Member | None,
        state: FSMContext,
    ) -> None:
        step = await self.current(state)
        if member is None or step is None:
            await state.clear()
            await message.answer(i18n.get("not-started"))
            return
        assert message.text is not None
        draft = await self.draft(state)
        context: dict[str, Any] = {
            "i18n": i18n,
            "session": session,
            "member": member,
            "state": state,
        }
        text_field = self.spec.text_fields.get(step)
        if text_field is not None:
            try:
                draft[text_field.key] = check_text(
                    message.text,
                    minimum=text_field.minimum,
                    maximum=text_field.maximum,
                    one_line=text_field.one_line,
                )
            except ListingError as error:
                await self.show(
                    step, message, prefix=i18n.get(error.key, **error.values), **context
                )
                return
            await self.advance(step, message, draft, **context)
        elif step == self.spec.place:
            await self._typed_country(step, message, draft, context)
        elif step == self.spec.city:
            city = match_city(draft.get("country"), message.text)
            if city is None:
                await self.show(step, message, prefix=i18n.get("listing-city-not-found"), **context)
                return
            draft["city"] = city.name_en
            note = i18n.get("listing-city-understood", city=city.name(i18n.locale))
            await self.advance(step, message, draft, prefix=note, **context)
        else:
            await self.show(step, message, prefix=i18n.get("wizard-use-buttons"), **context)

    async def _typed_country(
        self, step: State, message: Message, draft: Draft, context: dict[str, Any]
    ) -> None:
        assert message.text is not None
        i18n: I18nContext = context["i18n"]
        matches = match_country(message.text)
        if matches and (matches[0].exact or len(matches) == 1):
            self._set_country(draft, matches[0].code)
            note = i18n.get(
                "listing-country-understood", country=country_name(matches[0].code, i18n.locale)
            )
            await self.advance(step, message, draft, prefix=note, **context)
            return
        if not matches:
            await self.show(step, message, prefix=i18n.get("listing-country-not-found"), **context)
            return
        t = Texts.of(i18n)
        builder = InlineKeyboardBuilder()
        code = self.code_of[step.state or ""]
        for match in matches:
            builder.button(
                text=country_name(match.code, t.locale), callback_data=self.cb(code, match.code)
            )
        builder.adjust(2)
        builder.row(*nav_buttons(t, self.cb, back=True))
        await show_step_screen(
            message,
            i18n.get("listing-country-did-you-mean"),
            builder.as_markup(),
            state=context["state"],
        )

    @staticmethod
    def _set_country(draft: Draft, code: str) -> None:
        if draft.get("country") != code:
            draft["city"] = None
        draft.update(country=code, remote=False)

    async def not_text(
        self,
        message: Message,
        i18n: I18nContext,
        session: AsyncSession,
        member: Member | None,
        state: FSMContext,
    ) -> None:
        """A sticker, a photo, a file... where the step waits for text or a button."""
        step = await self.current(state)
        if member is None or step is None:
            await state.clear()
            await message.answer(i18n.get("not-started"))
            return
        await self.show(
            step,
            message,
            i18n=i18n,
            session=session,
            member=member,
            state=state,
            prefix=i18n.get("wizard-text-only"),
        )

    async def pressed(
        self,
        query: CallbackQuery,
        callback_data: Any,  # the spec's callback class: ``step`` and ``v``
        i18n: I18nContext,
        session: AsyncSession,
        member: Member | None,
        state: FSMContext,
    ) -> None:
        step = await self.current(state)
        if member is None or step is None:
            await query.answer(i18n.get("stale-button"))
            return
        context: dict[str, Any] = {
            "i18n": i18n,
            "session": session,
            "member": member,
            "state": state,
        }
        draft = await self.draft(state)
        action: str = callback_data.step
        value: str = callback_data.v
        if action == "cancel":
            await state.clear()
            await edit_or_answer(
                query, i18n.get(self.spec.cancelled_key), self.spec.home(Texts.of(i18n))
            )
            return
        if action == CHANGE_PLACE and self._offers_change_place(step, draft):
            await self._change_place(step, query, draft, context)
            return
        if action == "back" and step == self.spec.place and draft.get(RETURN_TO):
            # Changing the place, thought better of it: the place stays, back where they were.
            back = self.spec.codes.get(str(draft.pop(RETURN_TO)), self.spec.order[0])
            draft[PLACE_SETTLED] = True
            await self.save(state, draft)
            await self.show(back, query, **context)
            return
        if action == "back":
            previous = self.previous(step, draft)
            if previous is None:
                await query.answer()
                return
            await self.show(previous, query, **context)
            return
        if action == "submit" and step == self.spec.order[-1]:
            await self._submit(query, draft, context)
            return
        if self.spec.codes.get(action) != step:
            # A button of another step (an older message): show where the wizard really is.
            await self.show(step, query, prefix=i18n.get("wizard-old-button"), **context)
            return
        text_field = self.spec.text_fields.get(step)
        if value == KEEP and text_field is not None and draft.get(text_field.key):
            await self.advance(step, query, draft, **context)
            return
        result = await self._choose(step, value, draft, session)
        if result == ADVANCE:
            await self.advance(step, query, draft, **context)
        elif result == AGAIN:
            await self.save(state, draft)
            await self.show(step, query, **context)
        else:
            await query.answer(i18n.get(result), show_alert=result != "stale-button")

    async def _change_place(
        self, step: State, query: CallbackQuery, draft: Draft, context: dict[str, Any]
    ) -> None:
        """ "Change place": the place steps, then back to ``step``."""
        assert self.spec.place is not None
        draft[RETURN_TO] = self.code_of[step.state or ""]
        draft[PLACE_SETTLED] = False
        draft[PLACE_FROM_PROFILE] = False
        await self.save(context["state"], draft)
        await self.show(self.spec.place, query, **context)

    async def _choose(self, step: State, value: str, draft: Draft, session: AsyncSession) -> str:
        if step == self.spec.place:
            if value == REMOTE and self.spec.remote_allowed:
                draft.update(remote=True, country=None, city=None)
                return ADVANCE
            if is_country(value):
                self._set_country(draft, value)
                return ADVANCE
            return "stale-button"
        if step == self.spec.city:
            if value == WHOLE_COUNTRY:
                draft["city"] = None
                return ADVANCE
            city = find_city(draft.get("country"), value)
            if city is None:
                return "stale-button"
            draft["city"] = city.name_en
            return ADVANCE
        return await self.spec.choose(step, value, draft, session)

    async def _submit(self, query: CallbackQuery, draft: Draft, context: dict[str, Any]) -> None:
        i18n: I18nContext = context["i18n"]
        state: FSMContext = context["state"]
        try:
            await self.spec.submit(context["session"], context["member"], draft)
        except ListingError as error:
            text = i18n.get(error.key, **error.values)
            if error.key == "listing-too-many-pending":
                await state.clear()
                await edit_or_answer(query, text, self.spec.home(Texts.of(i18n)))
                return
            await self.show(self.spec.order[-1], query, prefix=text, **context)
            return
        await state.clear()
        await edit_or_answer(
            query, i18n.get(self.spec.submitted_key), self.spec.home(Texts.of(i18n))
        )

    def create_router(self) -> Router:
        """The wizard's handlers; every one of them waits in one of its states. Commands fall
        through to their own routers (/menu and /cancel leave the wizard)."""
        router = Router(name=f"{self.spec.name}-wizard")
        router.message.filter(F.chat.type == "private", StateFilter(self.spec.states))
        router.callback_query.filter(
            F.message.chat.type == "private", StateFilter(self.spec.states)
        )
        router.callback_query.register(self.pressed, self.spec.callback.filter())
        router.message.register(self.typed, F.text, ~F.text.startswith("/"))
        router.message.register(self.not_text, ~F.text)
        return router
