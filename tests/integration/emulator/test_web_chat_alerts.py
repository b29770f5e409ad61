"""A callback alert reaches the web chat once: a page that loads again (``since=0``) does not
get the alerts an earlier poll delivered, while a poll going on from its version still sees
what is newer than it."""

from __future__ import annotations

from typing import Any

from bot.emulator import EmulatorClient
from tests.integration.emulator.conftest import RawBotApi

KEYBOARD = {"inline_keyboard": [[{"text": "Like", "callback_data": "like:1"}]]}


async def _alert(botapi: RawBotApi, tg: EmulatorClient, user_id: int, text: str) -> str:
    """The person presses the button; the bot answers with an alert. Returns the query id."""
    sent = await botapi.ok("sendMessage", chat_id=user_id, text="Like it?", reply_markup=KEYBOARD)
    await tg.press(user_id, sent["message_id"], text="Like")
    updates = await botapi.ok("getUpdates", offset=-1)
    query_id = str(updates[-1]["callback_query"]["id"])
    await botapi.ok("answerCallbackQuery", callback_query_id=query_id, text=text, show_alert=True)
    await botapi.ok("getUpdates", offset=updates[-1]["update_id"] + 1)
    return query_id


def _alerts(view: dict[str, Any]) -> list[str]:
    return [a["text"] for a in view["callback_answers"] if a["show_alert"]]


async def test_an_alert_is_delivered_once_and_not_again_on_reload(
    botapi: RawBotApi, tg: EmulatorClient, user: dict[str, Any]
) -> None:
    user_id = user["id"]
    await botapi.ok("sendMessage", chat_id=user_id, text="Hello")
    before = (await tg.changes(user_id))["version"]
    assert before > 0
    await _alert(botapi, tg, user_id, "Saved!")

    first = await tg.changes(user_id, since=0)  # the page loads: the alert, once
    assert _alerts(first) == ["Saved!"]
    reload = await tg.changes(user_id, since=0)  # the page loads again: not again
    assert _alerts(reload) == []
    assert reload["messages"]  # the chat itself is all there
    # A poll that goes on from its own version still gets what is newer than it.
    assert _alerts(await tg.changes(user_id, since=before)) == ["Saved!"]
    assert _alerts(await tg.changes(user_id, since=first["version"])) == []

    await _alert(botapi, tg, user_id, "Saved again!")
    assert _alerts(await tg.changes(user_id, since=first["version"])) == ["Saved again!"]
    assert _alerts(await tg.changes(user_id, since=0)) == []  # delivered by that poll
