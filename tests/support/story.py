"""Play members through the real Dispatcher: ``await anna.send("/start")``, ``anna.press(...)``.

Updates are built as Telegram would send them and fed to the Dispatcher from ``bot.factory``;
what the bot answers is read from :class:`FakeTelegram`.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from aiogram import Bot, Dispatcher
from aiogram.types import Update

from bot.outbox.delivery import deliver_all
from bot.outbox.kinds import kinds_of
from bot.services import Services
from tests.support.fake_telegram import BOT_USER, FakeTelegram, Sent

_update_ids = itertools.count(1)
_message_ids = itertools.count(1)


@dataclass
class Harness:
    """One bot, one Dispatcher, one database: the world a test plays in."""

    bot: Bot
    dispatcher: Dispatcher
    telegram: FakeTelegram
    services: Services
    # The id of each member's latest callback query, to find the bot's answer to it.
    last_query: dict[int, str] = field(default_factory=dict)
    # Deliver what an update left in the outbox right after it, as the embedded worker does
    # when the commit wakes it (off: the messages wait, as with no worker running).
    deliver_outbox: bool = True

    def member(
        self,
        user_id: int,
        language_code: str | None = "ru",
        name: str = "Anna",
        username: str | None = None,
    ) -> Person:
        return Person(self, user_id, language_code, name, username)

    async def feed(self, update: dict[str, Any]) -> None:
        update = {"update_id": next(_update_ids), **update}
        await self.dispatcher.feed_update(
            self.bot, Update.model_validate(update, context={"bot": self.bot})
        )
        if self.deliver_outbox:
            await self.deliver()

    async def deliver(self) -> int:
        """Run the outbox's delivery loop until nothing is due (what the worker would do)."""
        plugins = self.dispatcher.workflow_data.get("plugins")
        return await deliver_all(self.services, self.bot, kinds=kinds_of(plugins))


@dataclass
class Person:
    """A Telegram user chatting with the bot in private."""

    harness: Harness
    user_id: int
    language_code: str | None
    name: str
    username: str | None = None
    _seen: int = field(default=0)

    @property
    def user(self) -> dict[str, Any]:
        user: dict[str, Any] = {"id": self.user_id, "is_bot": False, "first_name": self.name}
        if self.username:
            user["username"] = self.username
        if self.language_code:
            user["language_code"] = self.language_code
        return user

    @property
    def chat(self) -> dict[str, Any]:
        chat: dict[str, Any] = {"id": self.user_id, "type": "private", "first_name": self.name}
        if self.username:
            chat["username"] = self.username
        return chat

    # ---- acting -------------------------------------------------------------------------

    async def send(self, text: str, **extra: Any) -> list[Sent]:
        """Type ``text``; returns the bot messages that appeared or changed."""
        before = self._snapshot()
        message = {
            "message_id": next(_message_ids),
            "date": _now(),
            "chat": self.chat,
            "from": self.user,
            "text": text,
            **extra,
        }
        if text.startswith("/"):
            command = text.split()[0]
            message["entities"] = [{"type": "bot_command", "offset": 0, "length": len(command)}]
        await self.harness.feed({"message": message})
        return self._changes(before)

    async def send_sticker(self) -> list[Sent]:
        """Send a sticker (where the bot waits for text or a button)."""
        sticker = {
            "file_id": "s1",
            "file_unique_id": "u1",
            "type": "regular",
            "width": 512,
            "height": 512,
            "is_animated": False,
            "is_video": False,
        }
        return await self.send_message(sticker=sticker)

    async def send_message(self, **message: Any) -> list[Sent]:
        """Send any kind of message (a sticker, a document...)."""
        before = self._snapshot()
        await self.harness.feed(
            {
                "message": {
                    "message_id": next(_message_ids),
                    "date": _now(),
                    "chat": self.chat,
                    "from": self.user,
                    **message,
                }
            }
        )
        return self._changes(before)

    async def send_document(
        self, content: bytes, file_name: str, mime_type: str = "application/x-yaml", **extra: Any
    ) -> list[Sent]:
        """Send a file (the bot may download it through getFile)."""
        file_id = self.harness.telegram.upload(content)
        document = {
            "file_id": file_id,
            "file_unique_id": f"u-{file_id}",
            "file_name": file_name,
            "mime_type": mime_type,
            "file_size": len(content),
        }
        return await self.send_message(document=document, **extra)

    async def press(self, text: str, *, exact: bool = False) -> list[Sent]:
        """Press the button whose label contains ``text`` on the newest message that has it."""
        for sent in reversed(self.transcript()):
            for label, data in sent.buttons():
                if (label == text) if exact else (text in label):
                    return await self.press_data(data, sent)
        labels = [label for sent in self.transcript() for label, _ in sent.buttons()]
        raise AssertionError(f"no button {text!r}; buttons on screen: {labels}")

    async def press_on(self, sent: Sent, text: str) -> list[Sent]:
        """Press the button whose label contains ``text`` on this very message."""
        for label, data in sent.buttons():
            if text in label:
                return await self.press_data(data, sent)
        raise AssertionError(f"no button {text!r} on {sent.text[:40]!r}: {sent.buttons()}")

    async def press_data(self, data: str, on: Sent | None = None) -> list[Sent]:
        """Send a callback query with any data — a real button's or a forged one."""
        target = on or (self.transcript()[-1] if self.transcript() else None)
        before = self._snapshot()
        query_id = str(next(_update_ids))
        self.harness.last_query[self.user_id] = query_id
        query: dict[str, Any] = {
            "id": query_id,
            "from": self.user,
            "chat_instance": "ci",
            "data": data,
        }
        if target is not None:
            message: dict[str, Any] = {
                "message_id": target.message_id,
                "date": _now(),
                "chat": self.chat,
                "from": BOT_USER,
                "text": target.text or "…",
            }
            if target.reply_markup is not None:
                message["reply_markup"] = target.reply_markup.model_dump(
                    mode="json", exclude_none=True
                )
            query["message"] = message
        await self.harness.feed({"callback_query": query})
        return self._changes(before)

    # ---- seeing -------------------------------------------------------------------------

    def transcript(self) -> list[Sent]:
        return self.harness.telegram.transcript(self.user_id)

    @property
    def last(self) -> Sent:
        """The newest bot message in the chat (as it looks now)."""
        messages = self.transcript()
        assert messages, "the bot has not written anything yet"
        return messages[-1]

    def last_answer(self) -> str | None:
        """The toast or alert that answered this member's latest button press (``None`` when
        it got no text, or no answer at all)."""
        query_id = self.harness.last_query.get(self.user_id)
        for answer in reversed(self.harness.telegram.callback_answers):
            if answer["id"] == query_id:
                return answer["text"]  # type: ignore[no-any-return]
        return None

    def _snapshot(self) -> dict[int, tuple[str, Any]]:
        return {m.message_id: (m.text, m.reply_markup) for m in self.transcript()}

    def _changes(self, before: dict[int, tuple[str, Any]]) -> list[Sent]:
        return [
            m for m in self.transcript() if before.get(m.message_id) != (m.text, m.reply_markup)
        ]


def _now() -> int:
    return int(datetime.now(UTC).timestamp())
