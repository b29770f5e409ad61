"""Play people against the real bot process through the emulator's control API.

``tests/e2e/conftest.py`` starts the processes (:class:`Stack`) and hands each test an
:class:`E2E`; a test reads like the person's story::

    anna = await e2e.user("Anna", language="ru")
    reply = await anna.send("/start")
    assert "Выберите язык" in reply.text
    reply = await anna.press("Русский")

Every ``send``/``press`` waits (up to ``wait`` seconds) until the bot has reacted — a new
message, an edit in place or a callback answer — and then until it is quiet, and returns the
bot's newest message. With ``until=`` (a text the newest message must contain, or a test of
it) it waits for exactly that instead of for quiet: what many people acting at once need, as
the bot is never quiet then::

    reply = await anna.press("Русский", until="В какой стране")
"""

from __future__ import annotations

import itertools
import re
import time
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession

from bot.db.engine import create_engine, create_session_factory
from bot.db.models import Member
from bot.emulator import EmulatorClient
from bot.emulator.client import TranscriptMessage
from bot.features.profile.onboarding.keyboards import DONE, SetupCb

WAIT = 15.0  # seconds a reply may take on a loaded machine
ANSWER_GRACE = 2.0  # after a bare callback answer, how long an edit may take to follow
# Fresh ids for every person of a session, far from the emulator's own 1001, 1002...
_user_ids = itertools.count(700_000_001)


@dataclass(frozen=True)
class BotMessage:
    """One message of the bot as the person sees it."""

    message_id: int
    text: str
    html: str
    buttons: tuple[str, ...]  # the inline buttons' visible texts, row by row
    edited: bool
    document: dict[str, Any] | None
    raw: TranscriptMessage

    @classmethod
    def of(cls, message: TranscriptMessage) -> BotMessage:
        markup = message["reply_markup"] or {}
        buttons = tuple(b["text"] for row in markup.get("inline_keyboard", []) for b in row)
        return cls(
            message_id=message["message_id"],
            text=message["text"],
            html=message["html"],
            buttons=buttons,
            edited=message["edited"],
            document=dict(message["document"]) if "document" in message else None,
            raw=message,
        )

    def has_button(self, text: str) -> bool:
        return bool(_matching(self.buttons, text))

    def button(self, text: str) -> str | None:
        """The label of the one button a person means by ``text`` (see :func:`_matching`), or
        ``None`` if there is none; an ``AssertionError`` if it could mean several."""
        labels = _matching(self.buttons, text)
        if len(labels) > 1:
            raise AssertionError(f"{text!r} could mean any of {labels}")
        return labels[0] if labels else None


def _bare(label: str) -> str:
    """A label as a person reads it: without the emoji and ticks around the words."""
    return re.sub(r"^\W+|\W+$", "", label).casefold()


def _matching(buttons: tuple[str, ...], text: str) -> list[str]:
    """The buttons a person means by ``text``: the exact label; else the label that reads the
    same without its emoji ("IT" for "💻 IT"); else labels that begin with it as whole words
    ("Банки" for "🏦 Банки, карты, переводы"). Never a word inside another ("it" in "United")."""
    if text in buttons:
        return [text]
    wanted = _bare(text)
    same = [b for b in buttons if _bare(b) == wanted]
    if same:
        return same
    starts = re.compile(re.escape(wanted) + r"(?!\w)")
    return [b for b in buttons if starts.match(_bare(b))]


Expectation = str | Callable[[BotMessage], bool]
"""What the bot's newest message should show: a text it contains, or a test of it."""


def _callback_datas(message: BotMessage) -> list[str | None]:
    """The callback data of ``message``'s inline buttons."""
    markup = message.raw["reply_markup"] or {}
    return [b.get("callback_data") for row in markup.get("inline_keyboard", []) for b in row]


@dataclass(frozen=True)
class ExpectedRefusal:
    """A refused Bot API call a test caused on purpose (e.g. 403 after the person blocked)."""

    method: str
    status: int
    description: str = ""


@dataclass
class Stack:
    """The running processes of one test session: the emulator and the real bot."""

    url: str
    database_url: str
    admin_id: int
    bot_log: Path
    expected_refusals: list[ExpectedRefusal] = field(default_factory=list)


class Player:
    """A person in a private chat with the bot."""

    def __init__(self, e2e: E2E, user: dict[str, Any]) -> None:
        self.e2e = e2e
        self.user = user
        self.id: int = user["id"]
        self.answers: list[str] = []  # callback answers (toasts and alerts) the bot gave

    @property
    def client(self) -> EmulatorClient:
        return self.e2e.client

    # ---- acting -------------------------------------------------------------------------

    async def send(
        self, text: str, *, wait: float = WAIT, until: Expectation | None = None
    ) -> BotMessage:
        """Type ``text``; returns the bot's newest message once it has answered (or, with
        ``until``, once the newest message shows that)."""
        version = await self._version()
        await self.client.send_text(self.id, text)
        return await self._settle(version, wait, f"send {text!r}", until)

    async def send_document(
        self,
        file_name: str,
        content: bytes,
        mime_type: str,
        *,
        caption: str | None = None,
        wait: float = WAIT,
    ) -> BotMessage:
        """Send a file (with a caption); returns the bot's newest message once it answered."""
        version = await self._version()
        await self.client.send_document(self.id, file_name, content, mime_type, caption)
        return await self._settle(version, wait, f"send {file_name}")

    async def press(
        self, button: str, *, wait: float = WAIT, until: Expectation | None = None
    ) -> BotMessage:
        """Press the inline button labelled ``button`` (see :func:`_matching`) on the newest bot
        message that has it; returns the bot's newest message (see :meth:`send` for
        ``until``)."""
        for message in reversed(await self.messages()):
            labels = _matching(message.buttons, button)
            if len(labels) > 1:
                raise AssertionError(f"{button!r} could mean any of {labels}")
            if labels:
                label = labels[0]
                version = await self._version()
                ref = await self.client.press(self.id, message.message_id, text=label)
                queries = [ref["callback_query_id"]] if ref.get("callback_query_id") else []
                return await self._settle(version, wait, f"press {label!r}", until, queries)
        shown = [m.buttons for m in (await self.messages())[-3:]]
        raise AssertionError(f"no button {button!r} in the chat; the last buttons: {shown}")

    async def press_data(
        self,
        callback_data: str,
        *,
        times: int = 1,
        wait: float = WAIT,
        until: Expectation | None = None,
    ) -> BotMessage:
        """Press the button carrying ``callback_data`` on the newest message that has it;
        ``times=2`` taps it twice in a row without waiting in between (a double tap)."""
        for message in reversed(await self.messages()):
            if callback_data in _callback_datas(message):
                version = await self._version()
                queries = [
                    (
                        await self.client.press(
                            self.id, message.message_id, callback_data=callback_data
                        )
                    )["callback_query_id"]
                    for _ in range(times)
                ]
                action = f"press {callback_data!r} ×{times}"
                return await self._settle(version, wait, action, until, queries)
        raise AssertionError(f"no button with callback_data {callback_data!r} in the chat")

    async def onboard(self, link: str = "ge-tbilisi", *, announcements: bool = False) -> BotMessage:
        """Finish onboarding the quick way: a deep link, then "done" on every remaining step
        (pressed by callback data, so it works in any language). Returns the profile card."""
        professions_done = SetupCb(step="p", v=DONE).pack()
        # The welcome comes first, as its own message; the step with its buttons after it.
        await self.send(
            f"/start {link}",
            until=lambda message: professions_done in _callback_datas(message),
        )
        for step in ("p", "i"):
            await self.press_data(SetupCb(step=step, v=DONE).pack())
        value = "yes" if announcements else "no"
        return await self.press_data(SetupCb(step="n", v=value).pack())

    async def block(self) -> None:
        """The person blocks the bot."""
        await self.client.block(self.id)
        await self.client.wait_idle(WAIT)

    async def _until(
        self,
        version: int,
        wait: float,
        action: str,
        until: Expectation,
        queries: list[str | None],
    ) -> BotMessage:
        """Wait for changes after chat ``version`` until every pressed button's callback
        query was answered and the newest bot message shows ``until``; the emulator's global
        quiet is never needed."""
        shows = until if callable(until) else (lambda message: until in message.text)
        unanswered = {query for query in queries if query is not None}
        deadline = time.monotonic() + wait
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                newest = (await self.messages())[-1:]
                shown = newest[0].text[:300] if newest else None
                raise AssertionError(
                    f"after {action} the bot's newest message never showed {until!r} in "
                    f"{wait} s ({len(unanswered)} press(es) unanswered); it shows {shown!r}"
                )
            data = await self.client.changes(self.id, since=version, wait=remaining)
            version = int(data["version"])
            answers = data["callback_answers"]
            self.answers += [a["text"] for a in answers if a["text"]]
            unanswered -= {a["callback_query_id"] for a in answers}
            newest = (await self.messages())[-1:]
            if not unanswered and newest and shows(newest[0]):
                return newest[0]

    # ---- reading ------------------------------------------------------------------------

    async def messages(self) -> list[BotMessage]:
        """The bot's messages in this chat, oldest first (deleted ones left out)."""
        return [
            BotMessage.of(m)
            for m in await self.client.chat(self.id)
            if m["from_bot"] and not m["deleted"]
        ]

    async def last(self) -> BotMessage:
        """The bot's newest message."""
        messages = await self.messages()
        assert messages, f"the bot never wrote to {self.user['first_name']}"
        return messages[-1]

    async def _version(self) -> int:
        return int((await self.client.changes(self.id))["version"])

    async def _settle(
        self,
        version: int,
        wait: float,
        action: str,
        until: Expectation | None = None,
        queries: list[str | None] | None = None,
    ) -> BotMessage:
        """Wait for the bot's reaction after chat ``version``, then for it to go quiet."""
        if until is not None:
            return await self._until(version, wait, action, until, queries or [])
        deadline = time.monotonic() + wait
        answered_at: float | None = None
        while True:
            now = time.monotonic()
            remaining = deadline - now
            if answered_at is not None:
                # It answered the callback; an edit usually follows at once — or never (a toast).
                remaining = min(remaining, answered_at + ANSWER_GRACE - now)
                if remaining <= 0:
                    break
            elif remaining <= 0:
                chat = await self.client.chat(self.id)
                transcript = [(m["from_bot"], m["text"][:80]) for m in chat]
                raise AssertionError(f"the bot did not react to {action} in {wait} s: {transcript}")
            data = await self.client.changes(self.id, since=version, wait=remaining)
            version = int(data["version"])
            self.answers += [a["text"] for a in data["callback_answers"] if a["text"]]
            if any(m["from_bot"] for m in data["messages"]):
                break
            if data["callback_answers"] and answered_at is None:
                answered_at = time.monotonic()
        # Let it finish (a second message, a document) before looking.
        await self.client.wait_idle(max(1.0, deadline - time.monotonic()))
        return await self.last()


class E2E:
    """What one end-to-end test gets: people, the emulator, the bot's database."""

    def __init__(self, stack: Stack, client: EmulatorClient) -> None:
        self.stack = stack
        self.client = client
        self._engine: AsyncEngine | None = None
        self._admin: Player | None = None

    @property
    def url(self) -> str:
        """The emulator's base URL (Bot API, control API and web chat)."""
        return self.stack.url

    async def user(self, name: str = "Anna", *, language: str | None = "ru") -> Player:
        """A new person, never seen by the bot before."""
        user = await self.client.create_user(name, user_id=next(_user_ids), language_code=language)
        return Player(self, user)

    async def admin(self) -> Player:
        """The bootstrap admin (in the bot's ``ADMIN_IDS``), onboarded in Georgia."""
        if self._admin is None:
            user = await self.client.create_user(
                "Admin", user_id=self.stack.admin_id, language_code="en"
            )
            self._admin = Player(self, user)
            async with self.session() as session:
                member = await session.get(Member, user["id"])
                onboarded = member is not None and member.is_onboarded
            if not onboarded:
                await self._admin.onboard("ge-tbilisi")
        return self._admin

    async def grant(self, player: Player, role: str, scope: str = "GE") -> None:
        """The admin gives ``player`` a role the way a real admin does: ``/grant``."""
        admin = await self.admin()
        reply = await admin.send(f"/grant {player.id} {role} {scope}")
        assert "✅" in reply.text, reply.text

    def expect_refusal(self, method: str, status: int, description: str = "") -> None:
        """Allow one refused call of the bot that the test causes on purpose."""
        self.stack.expected_refusals.append(ExpectedRefusal(method, status, description))

    @asynccontextmanager
    async def session(self) -> AsyncIterator[AsyncSession]:
        """A session on the bot's own database, to check what it stored."""
        if self._engine is None:
            self._engine = create_engine(self.stack.database_url)
        async with create_session_factory(self._engine)() as session:
            yield session

    async def close(self) -> None:
        if self._engine is not None:
            await self._engine.dispose()


def unexpected_refusals(
    refusals: list[dict[str, Any]], expected: list[ExpectedRefusal]
) -> list[dict[str, Any]]:
    """The refused calls no test asked for; each expectation excuses one matching call.

    The directory's link checker asks getChat about every listed group's @username on purpose:
    "chat not found" for a group that exists nowhere in the emulator is the checker at work.
    """
    allowance = list(expected)
    left: list[dict[str, Any]] = []
    for refusal in refusals:
        if refusal["method"] == "getChat" and "chat not found" in refusal["description"]:
            continue
        match = next(
            (
                e
                for e in allowance
                if e.method == refusal["method"]
                and e.status == refusal["status"]
                and e.description in refusal["description"]
            ),
            None,
        )
        if match is None:
            left.append(refusal)
        else:
            allowance.remove(match)
    return left
