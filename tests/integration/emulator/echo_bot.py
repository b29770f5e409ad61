"""A plain aiogram 3 echo bot, built from scratch (not Prichal), to run against the emulator."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from typing import Any

from aiogram import Bot, Dispatcher, F, Router
from aiogram.client.default import DefaultBotProperties
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer
from aiogram.filters import Command, CommandObject, CommandStart
from aiogram.types import (
    CallbackQuery,
    ChatMemberUpdated,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    InlineQuery,
    InlineQueryResultArticle,
    InputTextMessageContent,
    Message,
)
from aiogram.utils.formatting import Bold, Text

from tests.integration.emulator.conftest import TOKEN


def make_bot(url: str, token: str = TOKEN, **defaults: Any) -> Bot:
    session = AiohttpSession(api=TelegramAPIServer.from_base(url))
    return Bot(token, session=session, default=DefaultBotProperties(**defaults))


def echo_router() -> Router:
    """One echo handler, one callback handler, and a few Telegram habits."""
    router = Router(name="echo")

    @router.message(CommandStart(deep_link=True))
    async def start(message: Message, command: CommandObject) -> None:
        await message.answer(f"deep link: {command.args}")

    @router.message(Command("menu"))
    async def menu(message: Message) -> None:
        keyboard = InlineKeyboardMarkup(
            inline_keyboard=[[InlineKeyboardButton(text="Like", callback_data="like:1")]]
        )
        await message.answer("Menu", reply_markup=keyboard)

    @router.message(F.text)
    async def echo(message: Message) -> None:
        assert message.text is not None
        await message.answer(**Text(Bold("echo: "), message.text).as_kwargs())

    @router.callback_query(F.data.startswith("like:"))
    async def like(query: CallbackQuery) -> None:
        await query.answer("Liked!", show_alert=True)
        assert isinstance(query.message, Message)
        await query.message.edit_text("Liked ✅")

    @router.inline_query()
    async def inline(query: InlineQuery) -> None:
        await query.answer(
            [
                InlineQueryResultArticle(
                    id="1",
                    title=f"Echo {query.query}",
                    input_message_content=InputTextMessageContent(message_text=query.query),
                )
            ],
            cache_time=1,
        )

    @router.my_chat_member()
    async def member(event: ChatMemberUpdated) -> None:
        pass

    return router


@contextlib.asynccontextmanager
async def polling(url: str) -> AsyncIterator[Bot]:
    """The echo bot long-polling ``url`` until the block ends."""
    bot = make_bot(url)
    dispatcher = Dispatcher()
    dispatcher.include_router(echo_router())
    task = asyncio.create_task(
        dispatcher.start_polling(bot, handle_signals=False, polling_timeout=5)
    )
    try:
        yield bot
    finally:
        await dispatcher.stop_polling()
        with contextlib.suppress(asyncio.CancelledError):
            await asyncio.wait_for(task, 10)
        await bot.session.close()
