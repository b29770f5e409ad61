"""Commands that work from anywhere, even mid-wizard: /menu, /help, /cancel."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.filters import Command
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message
from aiogram_i18n import I18nContext

from bot.access import Access
from bot.config import Settings
from bot.db.models import Member
from bot.features.common.keyboards import (
    FEATURE_HELP,
    MenuCb,
    back_to_menu,
    main_menu,
    staff_app_url,
)
from bot.features.common.staff import is_staff
from bot.ui.screens import edit_or_answer


async def show_menu(
    message: Message, i18n: I18nContext, state: FSMContext, access: Access, settings: Settings
) -> None:
    menu = main_menu(i18n, staff_app_url(access, settings), staff=is_staff(access))
    await state.clear()  # the write last, right before the reply (see bot.db.engine)
    await message.answer(i18n.get("menu-title"), reply_markup=menu)


async def show_menu_again(
    query: CallbackQuery, i18n: I18nContext, state: FSMContext, access: Access, settings: Settings
) -> None:
    menu = main_menu(i18n, staff_app_url(access, settings), staff=is_staff(access))
    await state.clear()
    await edit_or_answer(query, i18n.get("menu-title"), menu)


async def show_help(message: Message, i18n: I18nContext, access: Access) -> None:
    await message.answer(_help_text(i18n, access), reply_markup=back_to_menu(i18n))


async def show_help_from_menu(query: CallbackQuery, i18n: I18nContext, access: Access) -> None:
    await edit_or_answer(query, _help_text(i18n, access), back_to_menu(i18n))


async def cancel(
    message: Message, i18n: I18nContext, state: FSMContext, member: Member | None
) -> None:
    had_state = await state.get_state() is not None
    await state.clear()
    if member is None or not member.is_onboarded:
        await message.answer(i18n.get("cancel-onboarding-paused"))
        return
    key = "cancel-done" if had_state else "cancel-nothing"
    await message.answer(i18n.get(key), reply_markup=main_menu(i18n))


def _help_text(i18n: I18nContext, access: Access) -> str:
    parts = [i18n.get("help-text"), *(i18n.get(key) for key in FEATURE_HELP)]
    if access.is_organiser:
        parts.append(i18n.get("help-organiser"))
    if access.is_moderator:
        parts.append(i18n.get("help-moderator"))
    if access.is_admin:
        parts.append(i18n.get("help-admin"))
    return "\n\n".join(parts)


def create_router() -> Router:
    """A new router with this feature's handlers (one per Dispatcher)."""
    router = Router(name="common")
    router.message.filter(F.chat.type == "private")
    router.callback_query.filter(F.message.chat.type == "private")
    router.message.register(show_menu, Command("menu"))
    router.callback_query.register(show_menu_again, MenuCb.filter(F.section == "home"))
    router.message.register(show_help, Command("help"))
    router.callback_query.register(show_help_from_menu, MenuCb.filter(F.section == "help"))
    router.message.register(cancel, Command("cancel"))
    return router
