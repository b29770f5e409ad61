"""/safety and the safety-tips pages (one per scam category, and general ones)."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.filters import Command
from aiogram.types import CallbackQuery, Message
from aiogram_i18n import I18nContext

from bot.features.safety.keyboards import INDEX, TOPICS, SafetyCb, index_keyboard, page_keyboard
from bot.ui.screens import edit_or_answer


async def safety_index(message: Message, i18n: I18nContext) -> None:
    await message.answer(i18n.get("safety-index"), reply_markup=index_keyboard(i18n))


async def safety_page(query: CallbackQuery, callback_data: SafetyCb, i18n: I18nContext) -> None:
    if callback_data.topic == INDEX:
        await edit_or_answer(query, i18n.get("safety-index"), index_keyboard(i18n))
        return
    if callback_data.topic not in TOPICS:
        await query.answer(i18n.get("stale-button"))
        return
    # A new message rather than an edit: the card the member came from stays on screen.
    await query.answer()
    assert query.bot is not None
    await query.bot.send_message(
        query.from_user.id,
        i18n.get(f"safety-tips-{callback_data.topic}"),
        reply_markup=page_keyboard(i18n),
    )


def create_router() -> Router:
    """A new router with this feature's handlers (one per Dispatcher)."""
    router = Router(name="safety")
    router.message.filter(F.chat.type == "private")
    router.callback_query.filter(F.message.chat.type == "private")
    router.message.register(safety_index, Command("safety"))
    router.callback_query.register(safety_page, SafetyCb.filter())
    return router
