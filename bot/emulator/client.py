"""A small typed client for the emulator's control API (EMULATOR.md §2).

For end-to-end tests, the demo and benchmarks::

    async with EmulatorClient(emulator.url) as tg:
        user = await tg.create_user("Anna", language_code="ru")
        await tg.send_text(user["id"], "/start")
        reply = await tg.wait_bot_message(user["id"])
        await tg.press(user["id"], reply["message_id"], text="Georgia")
"""

from __future__ import annotations

import base64
import time
from types import TracebackType
from typing import Any, NotRequired, Self, TypedDict, cast

import aiohttp


class TranscriptDocument(TypedDict):
    """A document attached to a transcript message."""

    file_name: str
    mime_type: str
    size: int


class TranscriptMessage(TypedDict):
    """One message of a chat as the control API shows it."""

    message_id: int
    from_bot: bool
    date: int
    text: str
    html: str
    entities: list[dict[str, Any]]
    reply_markup: dict[str, Any] | None
    edited: bool
    deleted: bool
    document: NotRequired[TranscriptDocument]
    # For a service message (someone joined, left, a pin...): its kind. In a group the message
    # also has "from" (the sender's User; not declarable here, "from" being a keyword).
    # Additions to the contract's shape, absent in private chats and ordinary messages.
    service: NotRequired[str]


class SentRef(TypedDict):
    """What a user's send returns (``update_id`` is ``None`` if the bot excluded the kind)."""

    message_id: int
    update_id: int | None


class WebAppLaunch(TypedDict, total=False):
    """What a Telegram client opens for a Mini App (``POST /_emulator/users/{id}/webapp``)."""

    url: str  # the Mini App's URL with the launch parameters in its fragment
    init_data: str  # the signed initData
    theme_params: dict[str, str]
    button_text: str  # opened from this reply keyboard button (no query_id then)


class PressRef(TypedDict, total=False):
    """What a press returns: a callback query, or for a reply keyboard a message; a URL button
    its ``url``, a Mini App button also how it opens (``web_app``)."""

    callback_query_id: str | None
    update_id: int | None
    message_id: int | None
    url: str
    web_app: WebAppLaunch


class JoinRef(TypedDict, total=False):
    """What ``…/join`` returns: the message's (or the join request's) update, the message
    and the ``chat_member`` update (``None`` unless the bot asked for ``chat_member``)."""

    update_id: int | None
    message_id: int
    chat_member_update_id: int | None


class Stats(TypedDict):
    """``GET /_emulator/stats``."""

    calls: dict[str, int]
    errors: dict[str, int]
    updates_pending: int
    sent_per_second_max: float
    refusals: list[dict[str, Any]]


class EmulatorError(Exception):
    """The control API refused a call; ``status`` and ``body`` say why."""

    def __init__(self, status: int, body: Any) -> None:
        message = body.get("error") if isinstance(body, dict) else body
        super().__init__(f"{status}: {message}")
        self.status = status
        self.body = body


class EmulatorClient:
    """Async client of one emulator's control API. Use as ``async with`` or call :meth:`close`."""

    def __init__(self, base_url: str, session: aiohttp.ClientSession | None = None) -> None:
        self.base_url = base_url.rstrip("/")
        self._session = session
        self._owns_session = session is None

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.close()

    async def close(self) -> None:
        """Close the HTTP session if this client opened it."""
        if self._session is not None and self._owns_session:
            await self._session.close()
        self._session = None

    async def _request(
        self,
        method: str,
        path: str,
        body: dict[str, Any] | None = None,
        params: dict[str, Any] | None = None,
        seconds: float = 60.0,
    ) -> Any:
        if self._session is None:
            self._session = aiohttp.ClientSession()
            self._owns_session = True
        query = {k: str(v) for k, v in (params or {}).items() if v is not None}
        async with self._session.request(
            method,
            self.base_url + path,
            json=body,
            params=query,
            timeout=aiohttp.ClientTimeout(total=seconds),
        ) as resp:
            data = await resp.json(content_type=None)
            if resp.status >= 400:
                raise EmulatorError(resp.status, data)
            return data

    # --- setup --------------------------------------------------------------------------------

    async def reset(self) -> None:
        """Forget every user, chat and pending update."""
        await self._request("POST", "/_emulator/reset")

    async def config(self, **changes: Any) -> dict[str, Any]:
        """Change limits (``rate_limits``, ``global_rate``, ``latency_ms``...); returns all."""
        return cast(dict[str, Any], await self._request("POST", "/_emulator/config", changes))

    async def create_user(
        self,
        first_name: str,
        *,
        user_id: int | None = None,
        username: str | None = None,
        language_code: str | None = None,
        note: str | None = None,
        is_bot: bool = False,
    ) -> dict[str, Any]:
        """Create (or update) a user; returns the Telegram ``User`` (``is_bot``: another bot's
        account, as a spam bot somebody adds to a group).

        ``note`` is the emulator's label for the person (shown in the web chat, never sent
        to the bot).
        """
        body: dict[str, Any] = {"first_name": first_name}
        if is_bot:
            body["is_bot"] = True
        if note is not None:
            body["note"] = note
        if user_id is not None:
            body["id"] = user_id
        if username is not None:
            body["username"] = username
        if language_code is not None:
            body["language_code"] = language_code
        return cast(dict[str, Any], await self._request("POST", "/_emulator/users", body))

    async def create_group(
        self,
        title: str,
        members: list[int],
        *,
        bot_is_admin: bool = False,
        username: str | None = None,
        kind: str = "supergroup",
        add_bot: bool = True,
        bot_rights: dict[str, bool] | None = None,
    ) -> dict[str, Any]:
        """Create a group (``kind="group"`` for a basic one); returns the Telegram ``Chat``.

        The first member is its creator and adds the bot (``add_bot=False``: not yet), as an
        administrator with ``bot_rights`` when ``bot_is_admin``.
        """
        body: dict[str, Any] = {"title": title, "members": members, "bot_is_admin": bot_is_admin}
        if username is not None:
            body["username"] = username
        if kind != "supergroup":
            body["type"] = kind
        if not add_bot:
            body["add_bot"] = False
        if bot_rights is not None:
            body["bot_rights"] = bot_rights
        return cast(dict[str, Any], await self._request("POST", "/_emulator/groups", body))

    # --- acting as a user ---------------------------------------------------------------------

    async def send_text(self, user_id: int, text: str) -> SentRef:
        """The user writes ``text`` to the bot."""
        return cast(
            SentRef, await self._request("POST", f"/_emulator/users/{user_id}/send", {"text": text})
        )

    async def send_document(
        self,
        user_id: int,
        file_name: str,
        content: bytes,
        mime_type: str = "application/octet-stream",
        caption: str | None = None,
    ) -> SentRef:
        """The user sends a file (with a caption, if given)."""
        document = {
            "file_name": file_name,
            "mime_type": mime_type,
            "content_base64": base64.b64encode(content).decode(),
        }
        body: dict[str, Any] = {"document": document}
        if caption is not None:
            body["caption"] = caption
        return cast(SentRef, await self._request("POST", f"/_emulator/users/{user_id}/send", body))

    async def press(
        self,
        user_id: int,
        message_id: int,
        *,
        text: str | None = None,
        callback_data: str | None = None,
        force: bool = False,
        chat_id: int | None = None,
    ) -> PressRef:
        """Press a button of a message by its visible ``text`` or its ``callback_data``.

        ``force`` sends ``callback_data`` even if the message has no such button (forgery).
        ``chat_id`` presses in a group the user is a member of instead of the private chat.
        """
        if (text is None) == (callback_data is None):
            raise ValueError("give exactly one of text= and callback_data=")
        body: dict[str, Any] = {"message_id": message_id}
        if chat_id is not None:
            body["chat_id"] = chat_id
        if text is not None:
            body["text"] = text
        else:
            body["callback_data"] = callback_data
            if force:
                body["force"] = True
        return cast(
            PressRef, await self._request("POST", f"/_emulator/users/{user_id}/press", body)
        )

    async def inline(self, user_id: int, query: str) -> list[dict[str, Any]]:
        """An inline query; the bot's results (raises ``EmulatorError`` 504 if it never answers)."""
        data = await self._request(
            "POST", f"/_emulator/users/{user_id}/inline", {"query": query}, seconds=30
        )
        return cast(list[dict[str, Any]], data["results"])

    async def block(self, user_id: int) -> None:
        """The user blocks the bot (the bot gets ``my_chat_member``)."""
        await self._request("POST", f"/_emulator/users/{user_id}/block")

    async def unblock(self, user_id: int) -> None:
        """The user unblocks the bot."""
        await self._request("POST", f"/_emulator/users/{user_id}/unblock")

    async def group_send(
        self, chat_id: int, from_user: int, text: str, *, reply_to: int | None = None
    ) -> SentRef:
        """A member writes in a group (403 when their restrictions forbid it), as a reply to
        message ``reply_to`` when given."""
        body: dict[str, Any] = {"from": from_user, "text": text}
        if reply_to is not None:
            body["reply_to_message_id"] = reply_to
        return cast(SentRef, await self._request("POST", f"/_emulator/groups/{chat_id}/send", body))

    async def group_press(
        self,
        chat_id: int,
        from_user: int,
        message_id: int,
        *,
        text: str | None = None,
        callback_data: str | None = None,
        force: bool = False,
    ) -> PressRef:
        """A member presses a button of a group message (by its text or ``callback_data``)."""
        if (text is None) == (callback_data is None):
            raise ValueError("give exactly one of text= and callback_data=")
        body: dict[str, Any] = {"from": from_user, "message_id": message_id}
        if text is not None:
            body["text"] = text
        else:
            body["callback_data"] = callback_data
            if force:
                body["force"] = True
        return cast(
            PressRef, await self._request("POST", f"/_emulator/groups/{chat_id}/press", body)
        )

    async def set_bot_status(
        self,
        chat_id: int,
        status: str,
        *,
        by: int,
        rights: dict[str, bool] | None = None,
    ) -> None:
        """Member ``by`` adds (``member``), promotes (``administrator``) or removes (``left``)
        the bot; the bot gets ``my_chat_member``."""
        body: dict[str, Any] = {"status": status, "by": by}
        if rights is not None:
            body["rights"] = rights
        await self._request("POST", f"/_emulator/groups/{chat_id}/bot", body)

    async def make_admin(
        self, chat_id: int, user_id: int, *, rights: dict[str, bool] | None = None
    ) -> None:
        """A member becomes an administrator (promoted by the creator)."""
        body: dict[str, Any] = {"user_id": user_id}
        if rights is not None:
            body["rights"] = rights
        await self._request("POST", f"/_emulator/groups/{chat_id}/admins", body)

    async def join_group(
        self, chat_id: int, user_id: int, *, request: bool = False, invite_link: str | None = None
    ) -> JoinRef:
        """A person joins (or, with ``request``, asks to join) a group."""
        body: dict[str, Any] = {"user_id": user_id}
        if request:
            body["request"] = True
        if invite_link is not None:
            body["invite_link"] = invite_link
        return cast(JoinRef, await self._request("POST", f"/_emulator/groups/{chat_id}/join", body))

    async def leave_group(self, chat_id: int, user_id: int) -> None:
        """A member leaves a group."""
        await self._request("POST", f"/_emulator/groups/{chat_id}/leave", {"user_id": user_id})

    async def chat_member(self, chat_id: int, user_id: int) -> dict[str, Any]:
        """The ``ChatMember`` of ``user_id`` as the bot would see it."""
        return cast(
            dict[str, Any],
            await self._request("GET", f"/_emulator/groups/{chat_id}/members/{user_id}"),
        )

    async def open_web_app(
        self,
        user_id: int,
        url: str,
        *,
        theme: str = "light",
        button_text: str | None = None,
    ) -> WebAppLaunch:
        """The URL a Telegram client opens for a Mini App, with signed initData in its fragment.

        ``button_text``: opened from that reply keyboard button (no ``query_id``; the Mini App
        answers with :meth:`web_app_data` instead of ``answerWebAppQuery``).
        """
        body: dict[str, Any] = {"url": url, "theme": theme}
        if button_text is not None:
            body["button_text"] = button_text
        return cast(
            WebAppLaunch, await self._request("POST", f"/_emulator/users/{user_id}/webapp", body)
        )

    async def web_app_data(self, user_id: int, data: str, button_text: str) -> SentRef:
        """``Telegram.WebApp.sendData`` of a Mini App opened from a reply keyboard button."""
        return cast(
            SentRef,
            await self._request(
                "POST",
                f"/_emulator/users/{user_id}/webapp_data",
                {"data": data, "button_text": button_text},
            ),
        )

    # --- reading ------------------------------------------------------------------------------

    async def chat(
        self, user_id: int, after: int = 0, wait: float | None = None
    ) -> list[TranscriptMessage]:
        """The private chat after message ``after``; ``wait`` holds for a new bot message."""
        data = await self._request(
            "GET",
            f"/_emulator/users/{user_id}/chat",
            params={"after": after, "wait": wait},
            seconds=(wait or 0) + 30,
        )
        return cast(list[TranscriptMessage], data["messages"])

    async def group_chat(
        self, chat_id: int, after: int = 0, wait: float | None = None
    ) -> list[TranscriptMessage]:
        """A group's messages after ``after``; ``wait`` holds for a new bot message."""
        data = await self._request(
            "GET",
            f"/_emulator/groups/{chat_id}/chat",
            params={"after": after, "wait": wait},
            seconds=(wait or 0) + 30,
        )
        return cast(list[TranscriptMessage], data["messages"])

    async def changes(
        self, user_id: int, since: int = 0, wait: float | None = None
    ) -> dict[str, Any]:
        """What changed in the private chat after chat version ``since`` (the web chat's view).

        Returns ``{"messages", "version", "reply_keyboard", "callback_answers", "action"}``:
        new *and edited or deleted* messages, with the callback answers the bot gave; ``wait``
        holds until something changes. Unlike :meth:`chat`, edits in place are seen too.
        """
        return cast(
            dict[str, Any],
            await self._request(
                "GET",
                f"/_emulator/users/{user_id}/chat",
                params={"since": since, "wait": wait},
                seconds=(wait or 0) + 30,
            ),
        )

    async def last_bot_message(self, user_id: int) -> TranscriptMessage | None:
        """The newest message the bot sent the user (deleted ones skipped)."""
        messages = await self.chat(user_id)
        found = [m for m in messages if m["from_bot"] and not m["deleted"]]
        return found[-1] if found else None

    async def wait_bot_message(
        self,
        user_id: int,
        after: int = 0,
        timeout: float = 10.0,  # noqa: ASYNC109 - passed to the server's own wait
    ) -> TranscriptMessage:
        """The first bot message after ``after``; raises ``TimeoutError`` if none comes."""
        deadline = time.monotonic() + timeout
        while True:
            remaining = deadline - time.monotonic()
            messages = await self.chat(user_id, after=after, wait=max(0.0, remaining))
            for message in messages:
                if message["from_bot"]:
                    return message
            if messages:
                after = messages[-1]["message_id"]
            if time.monotonic() >= deadline:
                raise TimeoutError(f"no bot message for user {user_id} within {timeout} s")

    async def wait_idle(self, timeout: float = 10.0) -> bool:  # noqa: ASYNC109 - the server waits
        """True once the bot fetched every update and went quiet; False at the timeout."""
        data = await self._request(
            "GET", "/_emulator/idle", params={"timeout": timeout}, seconds=timeout + 30
        )
        return bool(data["idle"])

    async def stats(self) -> Stats:
        """Call and error counters, pending updates, the peak send rate, recent refusals."""
        return cast(Stats, await self._request("GET", "/_emulator/stats"))
