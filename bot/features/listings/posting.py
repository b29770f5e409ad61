"""A kind's posting wizard on the shared engine (``listings.wizard``): what every kind's wizard
has in common, so that a kind writes only its own steps.

A kind subclasses :class:`Posting` with its name (the FSM data key of the draft and the
catalog prefix: ``<name>-wizard-cancelled``, ``-submitted``, ``-preview``, ``-submit``), its
board (the kind, the section's home where Cancel and Submit lead, and whether a listing may be
remote), its states (with ``place``, ``city`` and, last, the preview), its callback data, its
typed fields and its step codes; and it draws and answers its own steps (:meth:`Posting.step`,
:meth:`Posting.choose`, :meth:`Posting.skip`), builds the preview's card
(:meth:`Posting.preview_card`) and saves the draft (:meth:`Posting.submit`). The place, the
city, the preview, a typed field's current value and the common kinds of step (one choice,
several, an optional typed one) are drawn here.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Container, Iterable
from dataclasses import dataclass
from functools import cached_property
from typing import Any
from zoneinfo import ZoneInfo

from aiogram.filters.callback_data import CallbackData
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import InlineKeyboardButton
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import Member
from bot.features.listings.board import Board
from bot.features.listings.keyboards import DONE, SKIP, multi_builder
from bot.features.listings.notices import member_zone
from bot.features.listings.render import Texts
from bot.features.listings.section import Press
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
from bot.ui.keyboards import toggled


class StepCb(CallbackData, prefix="_ws"):
    """A button of a posting wizard: ``step`` (a step code, or back, cancel, submit, chp) and
    its ``v``alue. Each kind subclasses it with its own prefix (``jw``, ``aw``)."""

    step: str
    v: str = ""


def step_codes(states: type[StatesGroup], codes: str) -> dict[str, State]:
    """The short names of the steps in callback data (``"ti co pl"``: title, company, place),
    given in the order the states are declared."""
    names = codes.split()
    if len(names) != len(states.__states__):
        raise ValueError(f"{states.__name__}: {len(names)} codes for {len(states.__states__)}")
    return dict(zip(names, states.__states__, strict=True))


@dataclass(eq=False)
class Posting(ABC):
    """One kind's posting wizard (stateless: one per process; routers are made per
    Dispatcher by ``wizard.create_router()``)."""

    name: str
    board: Board[Any]
    states: type[StatesGroup]
    callback: type[CallbackData]
    text_fields: dict[State, TextField]
    codes: dict[str, State]

    # The engine's place steps, when the kind has them (every kind so far does).
    @property
    def place(self) -> State | None:
        return getattr(self.states, "place", None)

    @property
    def city(self) -> State | None:
        return getattr(self.states, "city", None)

    @cached_property
    def wizard(self) -> Wizard:
        return Wizard(
            WizardSpec(
                name=self.name,
                states=self.states,
                order=self.states.__states__,
                codes=self.codes,
                callback=self.callback,
                text_fields=self.text_fields,
                render=self.render,
                choose=self.choose,
                submit=self.submit,
                home=self.board.home,
                cancelled_key=f"{self.name}-wizard-cancelled",
                submitted_key=f"{self.name}-wizard-submitted",
                place=self.place,
                city=self.city,
                remote_allowed=self.board.remote is not None,
                skip=self.skip,
            )
        )

    # ---- what a kind writes -------------------------------------------------------------

    @abstractmethod
    async def step(
        self, step: State, t: Texts, draft: Draft, session: AsyncSession, member: Member
    ) -> StepView:
        """One of the kind's own steps (not the place, the city or the preview). A typed
        field's current value is shown by :meth:`render`."""

    @abstractmethod
    def preview_card(self, t: Texts, draft: Draft, zone: ZoneInfo) -> str:
        """The card the listing will have, built from the draft (never saved)."""

    async def choose(self, step: State, value: str, draft: Draft, session: AsyncSession) -> str:
        """A button of the kind's own step: ``ADVANCE``, ``AGAIN`` (draw it again) or a catalog
        key to show. None by default: the press is stale."""
        return "stale-button"

    @abstractmethod
    async def submit(self, session: AsyncSession, member: Member, draft: Draft) -> None:
        """Save the draft (validated once more) and send it to review."""

    def skip(self, step: State, draft: Draft) -> bool:
        """Whether a step does not apply to this draft (besides the place's own rules)."""
        return False

    # ---- what every kind shares ---------------------------------------------------------

    async def render(
        self, step: State, t: Texts, draft: Draft, session: AsyncSession, member: Member
    ) -> StepView:
        """A step's text and the kind's buttons (the engine draws the place's and the city's
        buttons, and adds Keep, Back and Cancel)."""
        if step == self.place:
            return StepView(t.get(f"{self.name}-wizard-place"))
        if step == self.city:
            country = country_name(draft.get("country") or "", t.locale)
            return StepView(t.get(f"{self.name}-wizard-city", country=country))
        if step == self.states.__states__[-1]:
            return self.preview(t, self.preview_card(t, draft, member_zone(member)))
        view = await self.step(step, t, draft, session, member)
        text_field = self.text_fields.get(step)
        if text_field is not None:
            view.current = draft.get(text_field.key) or ""
        return view

    def choice(
        self, text: str, step: State, options: Iterable[tuple[str, str]], *, columns: int
    ) -> StepView:
        """A step answered by one button of ``options`` (value, label)."""
        view = StepView(text)
        code = self.code(step)
        for value, label in options:
            view.builder.button(text=label, callback_data=self.wizard.cb(code, value))
        view.builder.adjust(columns)
        return view

    def choices(
        self,
        t: Texts,
        text: str,
        step: State,
        options: Iterable[tuple[str, str]],
        chosen: Iterable[str],
    ) -> StepView:
        """A step answered by several buttons of ``options`` (value, label; the chosen ones
        marked), then "Done"."""
        builder = multi_builder(
            self.wizard.cb, self.code(step), options, chosen, t.get("wizard-done")
        )
        return StepView(text, builder)

    def optional(self, text: str, step: State, skip_label: str) -> StepView:
        """A typed step that may be left out, with the button that leaves it out (``SKIP``)."""
        view = StepView(text)
        view.builder.button(text=skip_label, callback_data=self.wizard.cb(self.code(step), SKIP))
        return view

    @staticmethod
    def toggle(
        draft: Draft,
        key: str,
        value: str,
        allowed: Container[str],
        *,
        needed: str,
        most: int | None = None,
        too_many: str = "",
    ) -> str:
        """A press on a :meth:`choices`: "Done" (on, when one at least is chosen, else the
        catalog key ``needed``), or ``value`` chosen or let go (but not past ``most``: the
        key ``too_many``); stale when it is not (or no longer) one of ``allowed``."""
        chosen: list[str] = list(draft.get(key, []))
        if value == DONE:
            return ADVANCE if chosen else needed
        if value not in allowed:
            return "stale-button"
        if most is not None and value not in chosen and len(chosen) >= most:
            return too_many
        draft[key] = toggled(chosen, value)
        return AGAIN

    @staticmethod
    def chosen(draft: Draft, key: str, value: str, allowed: Container[str]) -> str:
        """A press on a :meth:`choice`: ``value`` saved under ``key`` and on to the next step,
        or stale when it is not (or no longer) one of ``allowed``."""
        if value not in allowed:
            return "stale-button"
        draft[key] = value
        return ADVANCE

    def code(self, step: State) -> str:
        """The step's short name in callback data."""
        return self.wizard.code_of[step.state or ""]

    def preview(self, t: Texts, card: str) -> StepView:
        """The last step: the listing's real card (never saved) and "Submit"."""
        submit = InlineKeyboardButton(
            text=t.get(f"{self.name}-wizard-submit"),
            callback_data=self.wizard.cb("submit", "").pack(),
        )
        return StepView(
            t.get(f"{self.name}-wizard-preview", card=Markup(card)), extra_rows=[[submit]]
        )

    async def start(self, press: Press, draft: Draft, intro: str) -> None:
        """Open the wizard on ``draft`` with the catalog key ``intro`` above its first step
        (or refuse, as an alert, when the member may not post now)."""
        await self.wizard.start_posting(
            press.query,
            self.board.kind,
            draft,
            intro=intro,
            i18n=press.i18n,
            session=press.session,
            member=press.member,
            state=press.state,
        )
