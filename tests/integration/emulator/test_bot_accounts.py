"""Other bots' accounts in the emulator: a spam bot somebody adds to a group is a ``User``
with ``is_bot`` true, as Telegram shows it in joins and member lists."""

from __future__ import annotations

from typing import Any

from bot.emulator import EmulatorClient
from tests.integration.emulator.conftest import RawBotApi, shaped


async def test_a_bot_account_joins_a_group_as_a_bot(botapi: RawBotApi, tg: EmulatorClient) -> None:
    owner = await tg.create_user("Anna", user_id=3001, language_code="ru")
    spam = await tg.create_user("Crypto Signals", user_id=3002, is_bot=True)
    assert spam["is_bot"] is True and owner["is_bot"] is False
    group = await tg.create_group("Almaty", [owner["id"]], bot_is_admin=True)
    await botapi.ok("getUpdates", offset=-1, allowed_updates=["message", "chat_member"])

    await tg.join_group(group["id"], spam["id"])

    updates: list[dict[str, Any]] = await botapi.ok("getUpdates", offset=0)
    joined = [u for u in updates if "chat_member" in u]
    assert joined and joined[-1]["chat_member"]["new_chat_member"]["user"]["is_bot"] is True
    member = shaped(
        await botapi.ok("getChatMember", chat_id=group["id"], user_id=spam["id"]), "ChatMember"
    )
    assert member["user"] == spam
