"""/privacy, /my_data and /delete_me (with confirmation). Banned members may use them too."""

from __future__ import annotations

import json
from contextlib import suppress

from aiogram import Bot, F, Router
from aiogram.exceptions import TelegramAPIError
from aiogram.filters import Command
from aiogram.filters.callback_data import CallbackData
from aiogram.fsm.context import FSMContext
from aiogram.types import BotCommandScopeChat, BufferedInputFile, CallbackQuery, Message
from aiogram_i18n import I18nContext
from sqlalchemy.ext.asyncio import AsyncSession

from bot.access import Access
from bot.config import Settings
from bot.db.models import Member, Role
from bot.db.types import utcnow
from bot.features.common.keyboards import MenuCb, back_to_menu
from bot.features.privacy.service import collect_member_data, request_erasure
from bot.plugins import Plugins
from bot.services import Services
from bot.ui.keyboards import InlineKeyboardBuilder
from bot.ui.screens import edit_or_answer


class PrivacyCb(CallbackData, prefix="privacy"):
    """``action``: ask (show the confirmation), erase, keep."""

    action: str


def _privacy_keyboard(i18n: I18nContext) -> InlineKeyboardBuilder:
    builder = InlineKeyboardBuilder()
    builder.button(text=i18n.get("privacy-button-my-data"), callback_data=PrivacyCb(action="data"))
    builder.button(text=i18n.get("privacy-button-delete"), callback_data=PrivacyCb(action="ask"))
    builder.button(text=i18n.get("menu-back"), callback_data=MenuCb(section="home"))
    builder.adjust(1)
    return builder


def _privacy_text(i18n: I18nContext, settings: Settings) -> str:
    return i18n.get(
        "privacy-text",
        inactive_days=settings.inactive_days,
        grace_days=settings.inactive_grace_days,
    )


async def privacy(message: Message, i18n: I18nContext, settings: Settings) -> None:
    await message.answer(
        _privacy_text(i18n, settings), reply_markup=_privacy_keyboard(i18n).as_markup()
    )


async def privacy_from_menu(query: CallbackQuery, i18n: I18nContext, settings: Settings) -> None:
    await edit_or_answer(query, _privacy_text(i18n, settings), _privacy_keyboard(i18n).as_markup())


async def _send_my_data(
    bot: Bot,
    chat_id: int,
    user_id: int,
    i18n: I18nContext,
    session: AsyncSession,
    plugins: Plugins,
) -> None:
    data = await collect_member_data(session, user_id, plugins.personal_data)
    payload = json.dumps(
        {"exported_at": utcnow().isoformat(), **data}, ensure_ascii=False, indent=2
    ).encode("utf-8")
    await bot.send_document(
        chat_id,
        BufferedInputFile(payload, filename="prichal-my-data.json"),
        caption=i18n.get("privacy-my-data-caption"),
    )


async def my_data(
    message: Message, bot: Bot, i18n: I18nContext, session: AsyncSession, plugins: Plugins
) -> None:
    assert message.from_user is not None
    await _send_my_data(bot, message.chat.id, message.from_user.id, i18n, session, plugins)


async def my_data_from_button(
    query: CallbackQuery, bot: Bot, i18n: I18nContext, session: AsyncSession, plugins: Plugins
) -> None:
    await query.answer()
    await _send_my_data(bot, query.from_user.id, query.from_user.id, i18n, session, plugins)


def _confirm_keyboard(i18n: I18nContext) -> InlineKeyboardBuilder:
    builder = InlineKeyboardBuilder()
    builder.button(text=i18n.get("privacy-delete-yes"), callback_data=PrivacyCb(action="erase"))
    builder.button(text=i18n.get("privacy-delete-no"), callback_data=PrivacyCb(action="keep"))
    builder.adjust(1)
    return builder


async def delete_me(message: Message, i18n: I18nContext, state: FSMContext) -> None:
    await state.clear()
    await message.answer(
        i18n.get("privacy-delete-confirm"), reply_markup=_confirm_keyboard(i18n).as_markup()
    )


async def delete_me_from_button(query: CallbackQuery, i18n: I18nContext) -> None:
    await edit_or_answer(
        query, i18n.get("privacy-delete-confirm"), _confirm_keyboard(i18n).as_markup()
    )


async def keep_me(query: CallbackQuery, i18n: I18nContext) -> None:
    await edit_or_answer(query, i18n.get("privacy-delete-kept"), back_to_menu(i18n))


async def erase_me(
    query: CallbackQuery,
    bot: Bot,
    i18n: I18nContext,
    session: AsyncSession,
    member: Member | None,
    access: Access,
    services: Services,
    state: FSMContext,
    plugins: Plugins,
) -> None:
    user_id = query.from_user.id
    # The reply is rendered before the erasure: afterwards there is no member and no locale.
    farewell = i18n.get("privacy-deleted")
    if not await request_erasure(session, user_id, plugins.personal_data):
        # Under an open report: said plainly, erased once a moderator has decided.
        await edit_or_answer(query, i18n.get("privacy-delete-deferred"))
        return
    await session.flush()
    await state.clear()
    await services.forget_member_state(bot.id, user_id)
    if member is not None:
        session.expunge(member)
    await edit_or_answer(query, farewell)  # commits the erasure (CommitBeforeSpeaking)
    if any(access.has(role) for role in Role):
        # A staff member's own "/" menu goes too: back to the members' one. Best effort, after
        # the commit; the erasure stands whatever Telegram answers.
        with suppress(TelegramAPIError):
            await bot.delete_my_commands(scope=BotCommandScopeChat(chat_id=user_id))


def create_router() -> Router:
    """A new router with this feature's handlers (one per Dispatcher)."""
    router = Router(name="privacy")
    router.message.filter(F.chat.type == "private")
    router.callback_query.filter(F.message.chat.type == "private")
    router.message.register(privacy, Command("privacy"))
    router.callback_query.register(privacy_from_menu, MenuCb.filter(F.section == "privacy"))
    router.message.register(my_data, Command("my_data"))
    router.callback_query.register(my_data_from_button, PrivacyCb.filter(F.action == "data"))
    router.message.register(delete_me, Command("delete_me"))
    router.callback_query.register(delete_me_from_button, PrivacyCb.filter(F.action == "ask"))
    router.callback_query.register(keep_me, PrivacyCb.filter(F.action == "keep"))
    router.callback_query.register(erase_me, PrivacyCb.filter(F.action == "erase"))
    return router
