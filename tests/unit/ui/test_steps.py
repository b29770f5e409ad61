"""The step engine's order: skipped steps, the previous step, the end of the wizard.

How a wizard's steps are shown and answered is told by the wizards' own stories (listings,
events, directory, onboarding, the FAQ editor, broadcasts); here only the order it computes.
"""

from __future__ import annotations

from aiogram.filters.callback_data import CallbackData
from aiogram.fsm.state import State, StatesGroup

from bot.ui.steps import Draft, StepContext, StepEngine, Steps, StepView, Turn, advance


class Trip(StatesGroup):
    where = State()
    city = State()
    when = State()
    confirm = State()


class TripCb(CallbackData, prefix="trip"):
    step: str
    v: str


async def _render(step: State, ctx: StepContext, draft: Draft) -> StepView:
    return StepView(str(step.state))


async def _choose(step: State, value: str, ctx: StepContext, draft: Draft) -> Turn:
    return advance()


async def _finish(target: object, ctx: StepContext, draft: Draft, note: str | None) -> None:
    return None


def _engine() -> StepEngine:
    return StepEngine(
        Steps(
            name="trip",
            states=Trip,
            order=(Trip.where, Trip.city, Trip.when, Trip.confirm),
            codes={"w": Trip.where, "c": Trip.city, "t": Trip.when, "ok": Trip.confirm},
            callback=TripCb,
            render=_render,
            choose=_choose,
            finish=_finish,
            cancelled=lambda ctx: ("cancelled", None),
            # An online trip has no city.
            skip=lambda step, draft: step == Trip.city and bool(draft.get("online")),
        )
    )


def test_the_following_step_skips_what_does_not_apply_to_the_draft() -> None:
    engine = _engine()
    assert engine.next_of(Trip.where, {}) == Trip.city
    assert engine.next_of(Trip.where, {"online": True}) == Trip.when
    assert engine.next_of(Trip.confirm, {}) is None  # past the last: the wizard's finish


def test_back_skips_the_same_steps_and_the_first_step_has_none() -> None:
    engine = _engine()
    assert engine.previous(Trip.when, {}) == Trip.city
    assert engine.previous(Trip.when, {"online": True}) == Trip.where
    assert engine.previous(Trip.where, {}) is None


def test_buttons_carry_the_step_code_and_the_value_in_the_features_own_format() -> None:
    engine = _engine()
    assert engine.cb("c", "tbilisi").pack() == "trip:c:tbilisi"
    assert engine.code(Trip.when) == "t"
