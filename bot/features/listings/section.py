"""A kind's section (the job board, mutual aid): its home screen, the presses on its buttons,
and its router.

The home screen is the kind's buttons (two a row), its safety tips and ⬅️ Main menu. A press
is answered only for an onboarded member (the others are told to start first) and runs the
action the kind names for it; a press the kind does not know (an old or forged button) gets
the stale-button answer. Each kind keeps its own callback prefix (``jobs``, ``aid``), so
buttons already sent keep working.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass

from aiogram import F, Router
from aiogram.filters.callback_data import CallbackData
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup
from aiogram_i18n import I18nContext
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import Member
from bot.features.listings.keyboards import menu_button
from bot.features.listings.render import Texts
from bot.features.safety.keyboards import SafetyCb
from bot.ui.keyboards import InlineKeyboardBuilder


class SectionCb(CallbackData, prefix="_sc"):
    """A button of a kind's section: ``a``, the action. Each kind subclasses it with its own
    prefix (``jobs``, ``aid``); this base is never registered."""

    a: str


async def onboarded_or_refused(
    query: CallbackQuery, i18n: I18nContext, member: Member | None
) -> Member | None:
    """The member when onboarded; otherwise ``None``, the "start first" alert shown."""
    if member is None or not member.is_onboarded:
        await query.answer(i18n.get("not-started"), show_alert=True)
        return None
    return member


@dataclass(frozen=True)
class Press:
    """A press on a section's button by an onboarded member: what every action works with."""

    query: CallbackQuery
    i18n: I18nContext
    session: AsyncSession
    member: Member
    state: FSMContext

    @property
    def t(self) -> Texts:
        return Texts.of(self.i18n)


Action = Callable[[Press], Awaitable[None]]


@dataclass(frozen=True)
class Section:
    """A kind's section: ``buttons`` (action → catalog label, in the order shown) under its
    callback data ``callback``, and the safety tips of ``safety``."""

    callback: type[SectionCb]
    buttons: Mapping[str, str]
    safety: str

    def cb(self, action: str) -> SectionCb:
        return self.callback(a=action)

    def button(self, t: Texts, action: str) -> InlineKeyboardButton:
        """One of the home screen's buttons, alone (under a list, in a notice)."""
        return InlineKeyboardButton(
            text=t.get(self.buttons[action]), callback_data=self.cb(action).pack()
        )

    def home(self, t: Texts) -> InlineKeyboardMarkup:
        builder = InlineKeyboardBuilder()
        for action, key in self.buttons.items():
            builder.button(text=t.get(key), callback_data=self.cb(action))
        builder.button(text=t.get("safety-button"), callback_data=SafetyCb(topic=self.safety))
        builder.adjust(2)
        builder.row(menu_button(t))
        return builder.as_markup()

    def router(self, name: str, actions: Mapping[str, Action]) -> Router:
        """A new router (one per Dispatcher) running ``actions`` on presses of this section's
        buttons, in private chats; the kind adds its list, its wizard and its own handlers."""

        async def pressed(
            query: CallbackQuery,
            callback_data: SectionCb,
            i18n: I18nContext,
            session: AsyncSession,
            member: Member | None,
            state: FSMContext,
        ) -> None:
            if (onboarded := await onboarded_or_refused(query, i18n, member)) is None:
                return
            action = actions.get(callback_data.a)
            if action is None:
                await query.answer(i18n.get("stale-button"))
                return
            await action(Press(query, i18n, session, onboarded, state))

        router = Router(name=name)
        router.message.filter(F.chat.type == "private")
        router.callback_query.filter(F.message.chat.type == "private")
        router.callback_query.register(pressed, self.callback.filter())
        return router
