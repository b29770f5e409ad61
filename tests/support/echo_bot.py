"""A bare aiogram bot in webhook mode: the baseline of ``bench/updates.py``'s latency mode.

    python -m tests.support.echo_bot API_URL TOKEN PORT SECRET

It does per update what Prichal's cheapest handlers do, and nothing else: a message is answered
with one message carrying one inline button; a pressed button is answered
(``answerCallbackQuery``) and its message edited — the same Bot API calls, so under the
emulator's latency both bots wait as long for Telegram, and the ratio shows only our own cost.
Like Prichal's replicas it answers each webhook POST once the update was handled.
"""

from __future__ import annotations

import asyncio
import logging
import signal
import sys

from aiogram import Bot, Dispatcher, Router
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer
from aiogram.types import CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup, Message
from aiogram.webhook.aiohttp_server import SimpleRequestHandler
from aiohttp import web


def echo_dispatcher() -> Dispatcher:
    router = Router(name="echo")

    @router.message()
    async def echo(message: Message) -> None:
        button = InlineKeyboardButton(text="Again", callback_data="again")
        await message.answer(
            message.text or "…", reply_markup=InlineKeyboardMarkup(inline_keyboard=[[button]])
        )

    @router.callback_query()
    async def pressed(query: CallbackQuery) -> None:
        await query.answer()
        if isinstance(query.message, Message):
            button = InlineKeyboardButton(text="Again", callback_data="again")
            await query.message.edit_text(
                f"pressed {query.id}",  # a new text each time
                reply_markup=InlineKeyboardMarkup(inline_keyboard=[[button]]),
            )

    dispatcher = Dispatcher()
    dispatcher.include_router(router)
    return dispatcher


async def serve(api_url: str, token: str, port: int, secret: str) -> None:
    bot = Bot(token, session=AiohttpSession(api=TelegramAPIServer.from_base(api_url)))
    dispatcher = echo_dispatcher()
    app = web.Application()
    SimpleRequestHandler(
        dispatcher=dispatcher, bot=bot, secret_token=secret, handle_in_background=False
    ).register(app, path="/webhook")
    runner = web.AppRunner(app, handle_signals=False, access_log=None)
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", port).start()
    await bot.set_webhook(f"http://127.0.0.1:{port}/webhook", secret_token=secret)
    print(f"echo bot: listening on {port}", flush=True)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for number in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(number, stop.set)
    await stop.wait()
    await runner.cleanup()
    await bot.session.close()


if __name__ == "__main__":
    logging.basicConfig(level=logging.WARNING)
    api, token, port, secret = sys.argv[1:5]
    asyncio.run(serve(api, token, int(port), secret))
