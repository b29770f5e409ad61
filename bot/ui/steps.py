"""The one step engine every wizard runs on.

A wizard is an ordered list of FSM states of one :class:`~aiogram.fsm.state.StatesGroup`; its
draft (plain JSON values) lives in the FSM data under the wizard's name and is validated once
more by the feature's service when it is submitted. The engine owns what every wizard repeats:

- **showing a step** — the feature draws it (:class:`StepView`), the engine adds "✔️ Keep this"
  when a value was given earlier, the feature's extra rows, and ⬅️ Back / ✖ Cancel; the screen
  replaces the pressed message, or comes as a new one after typed text (the previous step's
  buttons are then taken away: only the open step offers any);
- **a typed answer** — the open step's reader (``read``) takes it; a refusal
  (:class:`~bot.errors.DomainError`) shows the same step again with the reason above it; a step
  without a reader asks for its buttons;
- **a press** — the callback data names the step it belongs to (``step``) and a value (``v``):
  Cancel, Back, Keep and Submit (on the last step, the preview: :attr:`Steps.finish`) are the
  engine's; a button of another step (an older message)
  shows where the wizard really is; the rest goes to the step's ``choose``, which must check that
  the value is one the step offers (callback data is forgeable; the keyboard only draws). A
  refusal from ``choose`` is an alert;
- **anything else** (a sticker, a photo) — the step again, with "I need text here";
- **lost** — a press or a message in a state the wizard no longer has (the FSM row expired, the
  member erased): the stale-button notice, never a crash.

A feature describes its wizard in one :class:`Steps` and hands it to :class:`StepEngine` (or a
subclass that adds its own bookkeeping, like the listings' place steps). What an answer does
next is a :class:`Turn`: :func:`advance` (to the following step, or :attr:`Steps.finish` past the
last), :func:`again` (the same step, redrawn), :func:`goto` (a named step), :func:`screen` (a
screen of the hook's own while the step stays open) or :data:`HANDLED` (the hook answered).
Callback data formats are the feature's own, so buttons already sent keep working when a wizard
moves onto the engine.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from aiogram import F, Router
from aiogram.filters import StateFilter
from aiogram.filters.callback_data import CallbackData
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup, Message
from aiogram_i18n import I18nContext
from sqlalchemy.ext.asyncio import AsyncSession

from bot.access import Access
from bot.db.models import Member, Role
from bot.errors import DomainError
from bot.i18n import Markup
from bot.middlewares.roles import RequireRole, audited
from bot.ui.keyboards import InlineKeyboardBuilder
from bot.ui.screens import Target, edit_or_answer, show_step_screen

Draft = dict[str, Any]

# The engine's own step codes and values in callback data (``step`` / ``v``).
BACK = "back"
CANCEL = "cancel"
SUBMIT = "submit"
KEEP = "_keep"


@dataclass(frozen=True)
class Turn:
    """What an answer does next (see :func:`advance`, :func:`again`, :func:`goto`, HANDLED)."""

    kind: Literal["advance", "again", "goto", "screen", "handled"]
    note: str | None = None  # shown above the next screen ("Saved", "I understood: …")
    to: State | None = None
    markup: InlineKeyboardMarkup | None = None  # a "screen" turn's own buttons


def advance(note: str | None = None) -> Turn:
    """The answer is taken: on to the following step (or the wizard's finish)."""
    return Turn("advance", note)


def again(note: str | None = None) -> Turn:
    """Draw the same step again (a toggle of a multi-select, a hint)."""
    return Turn("again", note)


def goto(step: State, note: str | None = None) -> Turn:
    """Show ``step`` next, whatever the order says."""
    return Turn("goto", note, step)


def screen(text: str, markup: InlineKeyboardMarkup) -> Turn:
    """Stay on the step but show this screen instead of it (a "did you mean…?" list)."""
    return Turn("screen", text, markup=markup)


HANDLED = Turn("handled")
"""The hook showed its own screen (a "did you mean" list, a sub-menu): nothing more to do."""


@dataclass(frozen=True)
class StepContext:
    """What every hook needs from the update."""

    i18n: I18nContext
    session: AsyncSession
    member: Member
    state: FSMContext
    access: Access | None = None

    def get(self, key: str, **values: object) -> str:
        """The catalog text ``key`` in the member's language."""
        return self.i18n.get(key, **values)


@dataclass(frozen=True)
class Press:
    """A button of the wizard pressed: the open step, the button's step code and value."""

    step: State  # the step the wizard is at (not necessarily the button's)
    action: str  # the step code in the callback data, or BACK, CANCEL, SUBMIT
    value: str
    query: CallbackQuery


@dataclass
class StepView:
    """A step as the feature draws it; the engine adds Keep, the extra rows, Back and Cancel."""

    text: str
    builder: InlineKeyboardBuilder = field(default_factory=InlineKeyboardBuilder)
    current: str = ""  # the value given earlier: shown, with "✔️ Keep this"
    extra_rows: list[list[InlineKeyboardButton]] = field(default_factory=list)
    navigation: bool = True  # False: the step draws its own way out (a confirmation)


Render = Callable[[State, StepContext, Draft], Awaitable[StepView]]
Read = Callable[[State, str, StepContext, Draft], Awaitable[Turn]]
Choose = Callable[[State, str, StepContext, Draft], Awaitable[Turn]]
Finish = Callable[[Target, StepContext, Draft, str | None], Awaitable[None]]
Screen = Callable[[StepContext], tuple[str, InlineKeyboardMarkup | None]]


@dataclass(frozen=True)
class Gate:
    """A wizard for staff only: every press, answer and sticker of it passes
    :class:`~bot.middlewares.roles.RequireRole` (``role`` in ``area``: others are refused and
    the refusal audited), and each of the engine's three handlers declares how the audit log
    names it (every gated handler must, :func:`~bot.middlewares.roles.audited`)."""

    role: Role
    area: str
    pressed: str  # the audit action of a button
    typed: str  # of a typed answer
    not_text: str  # of a sticker, a photo, a file


def _never(step: State, draft: Draft) -> bool:
    return False


async def _no_reader(step: State, text: str, ctx: StepContext, draft: Draft) -> Turn:
    raise DomainError("wizard-use-buttons")


@dataclass(frozen=True)
class Steps:
    """One wizard, described: its states in order, how each is drawn and answered."""

    name: str  # the router's name and the FSM data key of the draft
    states: type[StatesGroup]
    order: tuple[State, ...]
    codes: dict[str, State]  # short step codes (callback data) → states
    callback: type[CallbackData]  # with the fields ``step`` and ``v``
    render: Render
    choose: Choose
    finish: Finish  # past the last step (a submitted draft, a finished profile)
    cancelled: Screen  # the screen after ✖ Cancel
    read: Read = _no_reader  # a typed answer; the default asks for the buttons
    skip: Callable[[State, Draft], bool] = _never  # steps that do not apply to this draft
    # The order's default successor, unless this says otherwise (``None``: finish).
    following: Callable[[State, Draft], State | None] | None = None
    back: bool = True  # offer ⬅️ Back where there is a previous step
    lost_key: str = "not-started"  # a typed message in a state the wizard no longer knows
    # Step codes of buttons sent before the wizard ran on the engine → the codes they mean now
    # (an old "stop" → CANCEL): messages already in chats keep working.
    renamed: Mapping[str, str] = field(default_factory=dict)
    gate: Gate | None = None  # staff only (organisers, moderators): see Gate


class StepEngine:
    """Runs a :class:`Steps`: the handlers, the order, the draft. Subclass to add bookkeeping
    that several steps share (override :meth:`decorate`, :meth:`press`, :meth:`next_of`)."""

    def __init__(self, spec: Steps) -> None:
        self.spec = spec
        self.code_of = {state.state or "": code for code, state in spec.codes.items()}

    # ---- the draft and the order -------------------------------------------------------------

    def cb(self, step: str, value: str) -> CallbackData:
        """The callback data of a button of step ``step`` (a code) with ``value``."""
        return self.spec.callback(step=step, v=value)

    def code(self, step: State) -> str:
        return self.code_of[step.state or ""]

    async def draft(self, state: FSMContext) -> Draft:
        value = (await state.get_data()).get(self.spec.name)
        return dict(value) if isinstance(value, dict) else {}

    async def save(self, state: FSMContext, draft: Draft) -> None:
        await state.update_data({self.spec.name: draft})

    def skipped(self, step: State, draft: Draft) -> bool:
        return self.spec.skip(step, draft)

    def next_of(self, step: State, draft: Draft) -> State | None:
        """The step after ``step`` for this draft; ``None`` past the last."""
        if self.spec.following is not None:
            return self.spec.following(step, draft)
        order = self.spec.order
        index = order.index(step) + 1
        while index < len(order) and self.skipped(order[index], draft):
            index += 1
        return order[index] if index < len(order) else None

    def previous(self, step: State, draft: Draft) -> State | None:
        order = self.spec.order
        if step not in order:
            return None
        index = order.index(step) - 1
        while index >= 0 and self.skipped(order[index], draft):
            index -= 1
        return order[index] if index >= 0 else None

    async def current(self, state: FSMContext) -> State | None:
        name = await state.get_state()
        return next((step for step in self.spec.states.__states__ if step.state == name), None)

    # ---- showing -----------------------------------------------------------------------------

    def decorate(self, step: State, ctx: StepContext, draft: Draft, view: StepView) -> StepView:
        """A subclass's chance to add to every step's view (a note, a row)."""
        return view

    def nav_row(self, ctx: StepContext, *, back: bool) -> list[InlineKeyboardButton]:
        """⬅️ Back (to the previous step) and ✖ Cancel — under every step."""
        row = []
        if back:
            row.append(
                InlineKeyboardButton(
                    text=ctx.get("wizard-back"), callback_data=self.cb(BACK, "").pack()
                )
            )
        row.append(
            InlineKeyboardButton(
                text=ctx.get("wizard-cancel"), callback_data=self.cb(CANCEL, "").pack()
            )
        )
        return row

    async def render(
        self, step: State, ctx: StepContext, draft: Draft
    ) -> tuple[str, InlineKeyboardMarkup]:
        view = self.decorate(step, ctx, draft, await self.spec.render(step, ctx, draft))
        text = view.text
        if view.current:
            text = ctx.get("wizard-current-value", text=Markup(text), value=view.current)
            view.extra_rows.append(
                [
                    InlineKeyboardButton(
                        text=ctx.get("wizard-keep"),
                        callback_data=self.cb(self.code(step), KEEP).pack(),
                    )
                ]
            )
        for row in view.extra_rows:
            view.builder.row(*row)
        if view.navigation:
            back = self.spec.back and self.previous(step, draft) is not None
            view.builder.row(*self.nav_row(ctx, back=back))
        return text, view.builder.as_markup()

    async def show(
        self, step: State, target: Target, ctx: StepContext, *, prefix: str | None = None
    ) -> None:
        """Enter ``step`` and show it (in place of the pressed message, or as a new one)."""
        await ctx.state.set_state(step)
        text, markup = await self.render(step, ctx, await self.draft(ctx.state))
        await show_step_screen(target, text, markup, state=ctx.state, prefix=prefix)

    async def start(
        self,
        target: Target,
        ctx: StepContext,
        draft: Draft | None = None,
        *,
        first: State | None = None,
        prefix: str | None = None,
    ) -> None:
        """Open the wizard with ``draft`` (empty by default) at ``first`` (the order's first)."""
        await ctx.state.set_data({self.spec.name: dict(draft or {})})
        await self.show(first or self.spec.order[0], target, ctx, prefix=prefix)

    async def advance(
        self,
        step: State,
        target: Target,
        ctx: StepContext,
        draft: Draft,
        *,
        prefix: str | None = None,
    ) -> None:
        """``step`` is answered: save the draft, show the following step or finish."""
        following = self.next_of(step, draft)
        await self.save(ctx.state, draft)
        if following is None:
            await self.spec.finish(target, ctx, draft, prefix)
            return
        await self.show(following, target, ctx, prefix=prefix)

    async def apply(
        self, turn: Turn, step: State, target: Target, ctx: StepContext, draft: Draft
    ) -> None:
        """Carry out what an answer to ``step`` said to do next."""
        if turn.kind == "advance":
            await self.advance(step, target, ctx, draft, prefix=turn.note)
        elif turn.kind == "goto":
            assert turn.to is not None
            await self.save(ctx.state, draft)
            await self.show(turn.to, target, ctx, prefix=turn.note)
        elif turn.kind == "again":
            await self.save(ctx.state, draft)
            await self.show(step, target, ctx, prefix=turn.note)
        elif turn.kind == "screen":
            assert turn.note is not None
            await self.save(ctx.state, draft)
            await show_step_screen(target, turn.note, turn.markup, state=ctx.state)

    # ---- handlers ----------------------------------------------------------------------------

    async def _open(self, data: dict[str, Any]) -> tuple[State, StepContext] | None:
        """The open step and what the hooks need, from the handler's data; ``None`` when the
        conversation is gone (the FSM row expired, the member erased or never started)."""
        state: FSMContext = data["state"]
        member: Member | None = data.get("member")
        step = await self.current(state)
        if member is None or step is None:
            return None
        return step, StepContext(data["i18n"], data["session"], member, state, data.get("access"))

    async def _lost(self, message: Message, data: dict[str, Any]) -> None:
        await data["state"].clear()
        await message.answer(data["i18n"].get(self.spec.lost_key))

    # The handlers take aiogram's data whole (``**data``): i18n, session, member, state, access.

    async def typed(self, message: Message, **data: Any) -> None:
        """Typed text: the open step's reader takes it."""
        opened = await self._open(data)
        if opened is None:
            await self._lost(message, data)
            return
        step, ctx = opened
        assert message.text is not None
        draft = await self.draft(ctx.state)
        try:
            turn = await self.spec.read(step, message.text.strip(), ctx, draft)
        except DomainError as refusal:
            await self.show(step, message, ctx, prefix=ctx.get(refusal.key, **refusal.values))
            return
        await self.apply(turn, step, message, ctx, draft)

    async def not_text(self, message: Message, **data: Any) -> None:
        """A sticker, a photo, a file... where the step waits for text or a button."""
        opened = await self._open(data)
        if opened is None:
            await self._lost(message, data)
            return
        step, ctx = opened
        await self.show(step, message, ctx, prefix=ctx.get("wizard-text-only"))

    async def pressed(self, query: CallbackQuery, callback_data: Any, **data: Any) -> None:
        """A button of the wizard (``callback_data``: the spec's class, ``step`` and ``v``)."""
        opened = await self._open(data)
        if opened is None:
            await query.answer(data["i18n"].get("stale-button"))
            return
        step, ctx = opened
        draft = await self.draft(ctx.state)
        action = str(callback_data.step)
        press = Press(step, self.spec.renamed.get(action, action), str(callback_data.v), query)
        try:
            await self.press(press, ctx, draft)
        except DomainError as refusal:
            text = ctx.get(refusal.key, **refusal.values)
            await query.answer(text, show_alert=refusal.key != "stale-button")

    async def press(self, press: Press, ctx: StepContext, draft: Draft) -> None:
        """Cancel, Back, Keep and the step's own buttons (override for more actions)."""
        step, action, value, query = press.step, press.action, press.value, press.query
        if action == CANCEL:
            await ctx.state.clear()
            text, markup = self.spec.cancelled(ctx)
            await edit_or_answer(query, text, markup)
            return
        if action == BACK:
            previous = self.previous(step, draft) if self.spec.back else None
            if previous is None:
                await query.answer()
                return
            await self.show(previous, query, ctx)
            return
        if action == SUBMIT and step == self.spec.order[-1]:
            # The last step is the preview: its ✅ Submit hands the draft to the feature.
            await self.spec.finish(query, ctx, draft, None)
            return
        if self.spec.codes.get(action) != step:
            # A button of another step (an older message): show where the wizard really is.
            await self.show(step, query, ctx, prefix=ctx.get("wizard-old-button"))
            return
        if value == KEEP:
            view = await self.spec.render(step, ctx, draft)
            if not view.current:
                raise DomainError("stale-button")
            await self.advance(step, query, ctx, draft)
            return
        turn = await self.spec.choose(step, value, ctx, draft)
        await self.apply(turn, step, query, ctx, draft)

    def create_router(self) -> Router:
        """The wizard's handlers; every one of them waits in one of its states. Commands fall
        through to their own routers (/menu and /cancel leave the wizard)."""
        router = Router(name=f"{self.spec.name}-wizard")
        router.message.filter(F.chat.type == "private", StateFilter(self.spec.states))
        router.callback_query.filter(
            F.message.chat.type == "private", StateFilter(self.spec.states)
        )
        gate = self.spec.gate
        router.callback_query.register(
            self.pressed,
            self.spec.callback.filter(),
            flags=audited(gate.pressed) if gate else None,
        )
        router.message.register(
            self.typed,
            F.text,
            ~F.text.startswith("/"),
            flags=audited(gate.typed) if gate else None,
        )
        router.message.register(
            self.not_text, ~F.text, flags=audited(gate.not_text) if gate else None
        )
        if gate is not None:
            role_gate = RequireRole(gate.role, gate.area)
            router.message.middleware(role_gate)
            router.callback_query.middleware(role_gate)
        return router


__all__ = [
    "BACK",
    "CANCEL",
    "HANDLED",
    "KEEP",
    "SUBMIT",
    "Draft",
    "Gate",
    "Press",
    "StepContext",
    "StepEngine",
    "StepView",
    "Steps",
    "Turn",
    "advance",
    "again",
    "goto",
    "screen",
]
