"""Play community groups against the real bot through the emulator (see tests/e2e/test_groups.py).

A :class:`Community` is a directory entry and the Telegram supergroup it names: its owner
creates it and adds the bot as an administrator, exactly as an admin would.
"""

from __future__ import annotations

import asyncio
import itertools
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from sqlalchemy import select

from bot.db.models import Group, GroupChat, GroupStatus
from bot.emulator.client import TranscriptMessage
from bot.features.directory.links import link_key
from tests.support.e2e import E2E, WAIT, Player

T = TypeVar("T")
_names = itertools.count(1)


async def wait_for(
    check: Callable[[], Awaitable[T | None]], what: str, wait: float = 3 * WAIT
) -> T:
    """Ask ``check`` until it gives a value (the worker acts on its own time)."""
    deadline = time.monotonic() + wait
    while True:
        value = await check()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"gave up waiting for {what}")
        await asyncio.sleep(0.2)


@dataclass
class Community:
    e2e: E2E
    owner: Player
    chat_id: int
    group_id: int
    username: str

    async def messages(self) -> list[TranscriptMessage]:
        return await self.e2e.client.group_chat(self.chat_id)

    async def bot_messages(self) -> list[TranscriptMessage]:
        return [m for m in await self.messages() if m["from_bot"] and not m["deleted"]]

    async def last_bot_message(self, containing: str) -> TranscriptMessage:
        """The newest bot message holding ``containing`` (waits for it)."""

        async def found() -> TranscriptMessage | None:
            mine = [m for m in await self.bot_messages() if containing in m["text"]]
            return mine[-1] if mine else None

        return await wait_for(found, f"a bot message with {containing!r}")

    async def status(self, user_id: int) -> str:
        return str((await self.e2e.client.chat_member(self.chat_id, user_id))["status"])

    async def join(self, player: Player | dict[str, Any]) -> None:
        user_id = player.id if isinstance(player, Player) else int(player["id"])
        await self.e2e.client.join_group(self.chat_id, user_id)
        await self.e2e.client.wait_idle(WAIT)

    async def let_in(self, player: Player) -> None:
        """The person joins and passes the door check with its one tap."""
        await self.join(player)
        welcome = await self.last_bot_message(player.user["first_name"])
        await self.e2e.client.group_press(
            self.chat_id, player.id, welcome["message_id"], text=door_button(welcome)
        )
        await wait_for(lambda: self._is(player.id, "member"), "the door to open")

    async def _is(self, user_id: int, status: str) -> bool:
        return await self.status(user_id) == status

    async def say(self, player: Player, text: str, *, reply_to: int | None = None) -> int:
        sent = await self.e2e.client.group_send(self.chat_id, player.id, text, reply_to=reply_to)
        await self.e2e.client.wait_idle(WAIT)
        return int(sent["message_id"])

    async def message(self, message_id: int) -> TranscriptMessage:
        return next(m for m in await self.messages() if m["message_id"] == message_id)


def door_button(message: TranscriptMessage) -> str:
    markup = message["reply_markup"] or {}
    return str(markup["inline_keyboard"][0][0]["text"])


def button_url(message: TranscriptMessage) -> str | None:
    markup = message["reply_markup"] or {}
    for row in markup.get("inline_keyboard", []):
        for button in row:
            if "url" in button:
                return str(button["url"])
    return None


async def community(
    e2e: E2E,
    *,
    country: str = "KZ",
    city: str = "Almaty",
    languages: tuple[str, ...] = ("en",),
    owner: Player | None = None,
) -> Community:
    """A published directory entry and its supergroup, with the bot added as an admin by the
    group's owner."""
    number = next(_names)
    username = f"e2e_{country.lower()}_group_{number}"
    if owner is None:
        owner = await e2e.user(f"Owner{number}", language="en")
    async with e2e.session() as session:
        link = f"https://t.me/{username}"
        group = Group(
            slug=f"e2e-{country.lower()}-{number}",
            title=f"{city} newcomers {number}",
            link=link,
            link_key=link_key(link),
            country=country,
            city=city,
            professions=[],
            interests=["networking"],
            languages=list(languages),
            description="",
            status=GroupStatus.PUBLISHED,
        )
        session.add(group)
        await session.commit()
        group_id = group.id
    chat = await e2e.client.create_group(
        f"{city} newcomers {number}", [owner.id], bot_is_admin=True, username=username
    )
    await e2e.client.wait_idle(WAIT)
    return Community(e2e, owner, int(chat["id"]), group_id, username)


async def linked(e2e: E2E, group_id: int) -> bool:
    async with e2e.session() as session:
        found = await session.scalar(
            select(GroupChat.link_confirmed).where(GroupChat.group_id == group_id)
        )
    return bool(found)
