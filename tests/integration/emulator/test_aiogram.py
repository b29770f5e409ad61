"""A plain aiogram 3 bot, unchanged, works against the emulator: proof it is shaped like Telegram.

Nothing here knows about Prichal. Every result goes through aiogram's own pydantic models, so a
wrongly shaped answer fails here.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from typing import Any

import pytest
from aiogram import Bot, Dispatcher
from aiogram.enums import ParseMode
from aiogram.exceptions import (
    TelegramBadRequest,
    TelegramConflictError,
    TelegramForbiddenError,
    TelegramRetryAfter,
    TelegramUnauthorizedError,
)
from aiogram.types import (
    BotCommand,
    BotCommandScopeChat,
    BufferedInputFile,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    InputMediaDocument,
    KeyboardButton,
    Message,
    ReplyKeyboardMarkup,
    Update,
)
from aiogram.utils.formatting import Bold, Text, TextLink

from bot.emulator import EmulatorClient, EmulatorServer
from tests.integration.emulator.echo_bot import echo_router, make_bot, polling

# A 1x1 PNG.
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082"
)


@pytest.fixture
async def polling_bot(emulator: EmulatorServer) -> AsyncIterator[Bot]:
    async with polling(emulator.url) as bot:
        yield bot


async def test_echo_bot_with_start_polling(
    polling_bot: Bot, tg: EmulatorClient, user: dict[str, Any]
) -> None:
    sent = await tg.send_text(user["id"], "привет <b>world</b> 😀")
    reply = await tg.wait_bot_message(user["id"], after=sent["message_id"])
    assert reply["text"] == "echo: привет <b>world</b> 😀"
    assert reply["html"] == "<b>echo: </b>привет &lt;b&gt;world&lt;/b&gt; 😀"

    sent = await tg.send_text(user["id"], "/start ge-tbilisi_it")
    reply = await tg.wait_bot_message(user["id"], after=sent["message_id"])
    assert reply["text"] == "deep link: ge-tbilisi_it"

    sent = await tg.send_text(user["id"], "/menu")
    menu = await tg.wait_bot_message(user["id"], after=sent["message_id"])
    await tg.press(user["id"], menu["message_id"], text="Like")
    assert await tg.wait_idle(5)
    [edited] = [m for m in await tg.chat(user["id"]) if m["message_id"] == menu["message_id"]]
    assert (edited["text"], edited["edited"], edited["reply_markup"]) == ("Liked ✅", True, None)

    results = await tg.inline(user["id"], "hello")
    assert results[0]["title"] == "Echo hello"

    await tg.block(user["id"])
    assert await tg.wait_idle(5)
    stats = await tg.stats()
    assert stats["refusals"] == [], stats["refusals"]
    assert stats["updates_pending"] == 0
    assert stats["calls"]["answerCallbackQuery"] == 1
    assert stats["calls"]["editMessageText"] == 1


async def test_echo_bot_with_feed_update(
    emulator: EmulatorServer, tg: EmulatorClient, user: dict[str, Any]
) -> None:
    """Updates taken from getUpdates parse as aiogram ``Update`` and drive ``feed_update``."""
    bot = make_bot(emulator.url)
    dispatcher = Dispatcher()
    dispatcher.include_router(echo_router())
    try:
        sent = await tg.send_text(user["id"], "fed")
        updates = await bot.get_updates(timeout=1)
        assert all(isinstance(u, Update) for u in updates)
        for update in updates:
            await dispatcher.feed_update(bot, update)
        [reply] = await tg.chat(user["id"], after=sent["message_id"])
        assert reply["text"] == "echo: fed"
    finally:
        await bot.session.close()


async def test_aiogram_methods_and_errors(
    emulator: EmulatorServer, tg: EmulatorClient, user: dict[str, Any]
) -> None:
    """Every implemented method through aiogram: results validate, errors map to its exceptions."""
    bot = make_bot(emulator.url, parse_mode=ParseMode.HTML)
    chat_id = user["id"]
    try:
        me = await bot.get_me()
        assert (me.id, me.username, me.is_bot) == (123456, "prichal_bot", True)

        text = Text("Bank: ", TextLink("TBC", url="https://www.tbcbank.ge/"), " — ", Bold("ok"))
        message = await bot.send_message(chat_id, **text.as_kwargs())
        assert message.text == "Bank: TBC — ok"
        assert [e.type for e in message.entities or []] == ["text_link", "bold"]
        html = await bot.send_message(chat_id, "<i>default parse mode</i>")
        assert html.entities is not None and html.entities[0].type == "italic"

        reply_kb = ReplyKeyboardMarkup(keyboard=[[KeyboardButton(text="A")]], resize_keyboard=True)
        await bot.send_message(chat_id, "keyboard", reply_markup=reply_kb)

        photo = await bot.send_photo(chat_id, BufferedInputFile(PNG, "dot.png"), caption="a dot")
        assert photo.photo is not None and (photo.photo[0].width, photo.photo[0].height) == (1, 1)
        document = await bot.send_document(
            chat_id, BufferedInputFile(b"col1,col2\n", "table.csv"), caption="<b>csv</b>"
        )
        assert document.document is not None
        assert document.document.file_name == "table.csv"
        again = await bot.send_document(chat_id, document.document.file_id)
        assert again.document is not None
        assert again.document.file_unique_id == document.document.file_unique_id
        file = await bot.get_file(document.document.file_id)
        assert file.file_path is not None
        downloaded = await bot.download_file(file.file_path)
        assert downloaded is not None and downloaded.read() == b"col1,col2\n"

        album = await bot.send_media_group(
            chat_id,
            [
                InputMediaDocument(media=BufferedInputFile(b"1", "one.txt")),
                InputMediaDocument(media=BufferedInputFile(b"2", "two.txt"), caption="two"),
            ],
        )
        assert len({m.media_group_id for m in album}) == 1

        copied = await bot.copy_message(chat_id, chat_id, message.message_id)
        assert copied.message_id > album[-1].message_id
        forwarded = await bot.forward_message(chat_id, chat_id, message.message_id)
        assert forwarded.forward_origin is not None

        edited = await bot.edit_message_text(
            "edited", chat_id=chat_id, message_id=message.message_id
        )
        assert isinstance(edited, Message) and edited.edit_date is not None
        captioned = await bot.edit_message_caption(
            chat_id=chat_id, message_id=document.message_id, caption="new caption"
        )
        assert isinstance(captioned, Message) and captioned.caption == "new caption"
        with pytest.raises(TelegramBadRequest, match="message is not modified"):
            await bot.edit_message_text("edited", chat_id=chat_id, message_id=message.message_id)
        assert await bot.delete_message(chat_id, copied.message_id)

        assert await bot.send_chat_action(chat_id, "typing")
        chat = await bot.get_chat(chat_id)
        assert (chat.id, chat.type, chat.first_name) == (chat_id, "private", "Anna")
        member = await bot.get_chat_member(chat_id, chat_id)
        assert member.status == "member"

        commands = [BotCommand(command="start", description="Начать")]
        scope = BotCommandScopeChat(chat_id=chat_id)
        assert await bot.set_my_commands(commands, scope=scope, language_code="ru")
        got = await bot.get_my_commands(scope=scope, language_code="ru")
        assert [(c.command, c.description) for c in got] == [("start", "Начать")]
        assert await bot.get_my_commands() == []
        assert await bot.delete_my_commands(scope=scope, language_code="ru")
        assert await bot.set_my_description("Helps newcomers")
        assert (await bot.get_my_description()).description == "Helps newcomers"
        assert await bot.set_my_short_description("Newcomers' pier")
        assert (await bot.get_my_name()).name == "Prichal"
        assert (await bot.get_chat_menu_button()).type == "commands"
        assert await bot.set_webhook("http://127.0.0.1:9/hook", secret_token="abc")
        info = await bot.get_webhook_info()
        assert info.url == "http://127.0.0.1:9/hook"
        assert await bot.delete_webhook(drop_pending_updates=True)

        member_user = await tg.create_user("Boris")
        group = await tg.create_group("Tbilisi", [chat_id, member_user["id"]], bot_is_admin=True)
        link = await bot.create_chat_invite_link(group["id"], name="newcomers", member_limit=5)
        assert link.invite_link.startswith("https://t.me/+") and link.member_limit == 5
        admin = await bot.get_chat_member(group["id"], me.id)
        assert admin.status == "administrator"
        assert (await bot.get_chat(group["id"])).title == "Tbilisi"

        with pytest.raises(TelegramBadRequest, match="chat not found"):
            await bot.send_message(424242, "nobody")
        with pytest.raises(TelegramBadRequest, match="BUTTON_DATA_INVALID"):
            await bot.send_message(
                chat_id,
                "x",
                reply_markup=InlineKeyboardMarkup(
                    inline_keyboard=[[InlineKeyboardButton(text="b", callback_data="x" * 65)]]
                ),
            )
        await tg.block(chat_id)
        with pytest.raises(TelegramForbiddenError, match="bot was blocked by the user"):
            await bot.send_message(chat_id, "hello?")
        await tg.unblock(chat_id)
        await tg.config(rate_limits=True)
        for _ in range(3):  # the burst a private chat may take
            await bot.send_message(chat_id, "flood")
        with pytest.raises(TelegramRetryAfter) as flood:
            await bot.send_message(chat_id, "flood")
        assert flood.value.retry_after >= 1
    finally:
        await bot.session.close()

    wrong = make_bot(emulator.url, token="123456:WRONG")
    try:
        with pytest.raises(TelegramUnauthorizedError):
            await wrong.get_me()
    finally:
        await wrong.session.close()


async def test_aiogram_sees_409_for_a_second_poller(emulator: EmulatorServer) -> None:
    first, second = make_bot(emulator.url), make_bot(emulator.url)
    try:
        poll = asyncio.create_task(first.get_updates(timeout=1))
        await asyncio.sleep(0.1)
        with pytest.raises(TelegramConflictError, match="terminated by other getUpdates request"):
            await second.get_updates(timeout=1)
        assert await poll == []
    finally:
        await first.session.close()
        await second.session.close()
