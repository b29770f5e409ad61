"""The catch-all router, registered last: whatever nobody else handled gets a way back."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message
from aiogram_i18n import I18nContext

from bot.db.models import Member
from bot.features.common.keyboards import main_menu


async def stale_button(query: CallbackQuery, i18n: I18nContext, member: Member | None) -> None:
    """A button from an old message, or forged data: answer politely, change nothing.

    Someone still setting up is pointed to /start, which resumes at the first step not saved
    (e.g. after a step whose reply was shown but whose save failed in an outage).
    """
    key = "stale-button" if member is not None and member.is_onboarded else "stale-button-setup"
    await query.answer(i18n.get(key), show_alert=False)


async def unknown_command(message: Message, i18n: I18nContext) -> None:
    await message.answer(i18n.get("unknown-command"), reply_markup=main_menu(i18n))


async def anything_else(
    message: Message, i18n: I18nContext, state: FSMContext, member: Member | None
) -> None:
    if member is None or not member.is_onboarded:
        await message.answer(i18n.get("not-started"))
        return
    if await state.get_state() is not None:
        # A wizard step that does not take this kind of input (a sticker, a photo...).
        await message.answer(i18n.get("wizard-unexpected-input"))
        return
    await message.answer(i18n.get("not-understood"), reply_markup=main_menu(i18n))


def create_router() -> Router:
    """A new router with this feature's handlers (one per Dispatcher)."""
    router = Router(name="fallback")
    router.callback_query.register(stale_button)
    router.message.register(unknown_command, F.chat.type == "private", F.text.startswith("/"))
    router.message.register(anything_else, F.chat.type == "private")
    return router
