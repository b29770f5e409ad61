"""The control API (EMULATOR.md §2): people, tests and benchmarks play the users through it.

Besides the contract's calls there are a few read-only ones the web chat needs (listing users
and groups, one user's view of the bot, the configuration, a file's bytes); they add to the
contract and change none of its shapes. ``POST /_emulator/users`` also takes an optional
``"note"`` (who the person is in a demo, e.g. "moderator · Georgia"): the emulator's own label,
listed by the web chat and never part of the Telegram ``User``. ``since=VERSION`` on the chat
calls is the web chat's mode: it also returns edits, callback answers, the reply keyboard and
the bot's chat action.
"""

from __future__ import annotations

import asyncio
import base64
import binascii
import json
import time
from collections.abc import Awaitable, Callable
from typing import Any

from aiohttp import web

from bot.emulator.botapi import BotApi
from bot.emulator.entities import finish
from bot.emulator.errors import ControlError
from bot.emulator.media import guess_mime
from bot.emulator.state import JSON, Chat, EmulatorState, StoredMessage, User, now_ts

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]

_MAX_WAIT = 120.0
_ACTION_SHOWN_FOR = 5.0  # Telegram clients show "typing…" for about five seconds


def _json(data: Any, status: int = 200) -> web.Response:
    return web.Response(
        status=status,
        body=json.dumps(data, ensure_ascii=False).encode(),
        content_type="application/json",
    )


def _guard(handler: Handler) -> Handler:
    async def wrapped(request: web.Request) -> web.StreamResponse:
        try:
            return await handler(request)
        except ControlError as e:
            return _json({"error": e.message}, e.status)

    return wrapped


async def _body(request: web.Request) -> JSON:
    if not request.body_exists:
        return {}
    try:
        body = await request.json()
    except ValueError:
        raise ControlError(400, "the body must be a JSON object") from None
    if not isinstance(body, dict):
        raise ControlError(400, "the body must be a JSON object")
    return body


def _int(value: Any, name: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        if isinstance(value, str) and value.lstrip("-").isdigit():
            return int(value)
        raise ControlError(400, f"{name} must be an integer")
    return value


def _str(body: JSON, name: str, *, required: bool = False) -> str | None:
    value = body.get(name)
    if value is None:
        if required:
            raise ControlError(400, f"{name} is required")
        return None
    if not isinstance(value, str):
        raise ControlError(400, f"{name} must be a string")
    return value


def _seconds(request: web.Request, name: str, default: float) -> float:
    raw = request.query.get(name)
    if raw is None or raw == "":
        return default
    try:
        value = float(raw)
    except ValueError:
        raise ControlError(400, f"{name} must be a number of seconds") from None
    return max(0.0, min(_MAX_WAIT, value))


class ControlApi:
    """Handlers of ``/_emulator/*``."""

    def __init__(self, state: EmulatorState, api: BotApi) -> None:
        self.state = state
        self.api = api

    def routes(self) -> list[web.RouteDef]:
        """Every route of the control API."""
        g = _guard
        return [
            web.post("/_emulator/reset", g(self.reset)),
            web.get("/_emulator/config", g(self.get_config)),
            web.post("/_emulator/config", g(self.set_config)),
            web.get("/_emulator/users", g(self.list_users)),
            web.post("/_emulator/users", g(self.create_user)),
            web.get("/_emulator/users/{user_id}", g(self.get_user)),
            web.post("/_emulator/users/{user_id}/send", g(self.user_send)),
            web.post("/_emulator/users/{user_id}/press", g(self.press)),
            web.post("/_emulator/users/{user_id}/inline", g(self.inline)),
            web.post("/_emulator/users/{user_id}/block", g(self.block)),
            web.post("/_emulator/users/{user_id}/unblock", g(self.unblock)),
            web.get("/_emulator/users/{user_id}/chat", g(self.user_chat)),
            web.get("/_emulator/groups", g(self.list_groups)),
            web.post("/_emulator/groups", g(self.create_group)),
            web.post("/_emulator/groups/{chat_id}/send", g(self.group_send)),
            web.get("/_emulator/groups/{chat_id}/chat", g(self.group_chat)),
            web.get("/_emulator/files/{file_id}", g(self.file)),
            web.get("/_emulator/idle", g(self.idle)),
            web.get("/_emulator/stats", g(self.stats)),
        ]

    # --- helpers ------------------------------------------------------------------------------

    def _user(self, request: web.Request) -> User:
        user_id = _int(request.match_info["user_id"], "user id")
        user = self.state.users.get(user_id)
        if user is None:
            raise ControlError(404, f"no user {user_id}; create it with POST /_emulator/users")
        return user

    def _group(self, request: web.Request) -> Chat:
        chat_id = _int(request.match_info["chat_id"], "chat id")
        chat = self.state.chats.get(chat_id)
        if chat is None or not chat.is_group:
            raise ControlError(404, f"no group {chat_id}")
        return chat

    def _push_message(self, chat: Chat, user: User, content: JSON, file: Any = None) -> JSON:
        """A message from ``user`` in ``chat``: stored, and queued for the bot."""
        data: JSON = {
            "message_id": chat.take_message_id(),
            "from": user.to_api(),
            "chat": chat.to_api(),
            "date": now_ts(),
            **content,
        }
        chat.add(StoredMessage(data, from_bot=False, file=file))
        update_id = self.state.updates.push("message", data)
        return {"message_id": data["message_id"], "update_id": update_id}

    def _member_update(self, user: User, chat: Chat, old: str, new: str) -> None:
        bot = self.state.bot_user

        def member(status: str) -> JSON:
            out: JSON = {"status": status, "user": bot}
            if status == "kicked":
                out["until_date"] = 0
            return out

        self.state.updates.push(
            "my_chat_member",
            {
                "chat": chat.to_api(),
                "from": user.to_api(),
                "date": now_ts(),
                "old_chat_member": member(old),
                "new_chat_member": member(new),
            },
        )

    def _set_blocked(self, user: User, blocked: bool) -> None:
        if user.blocked == blocked:
            return
        user.blocked = blocked
        chat = self.state.chats[user.id]
        if blocked:
            self._member_update(user, chat, "member", "kicked")
        else:
            self._member_update(user, chat, "kicked", "member")

    def _content(self, body: JSON) -> tuple[JSON, Any]:
        """A user's message content from a send body: text, or a document with a caption."""
        text = body.get("text")
        document = body.get("document")
        if (text is None) == (document is None):
            raise ControlError(400, 'send either "text" or "document"')
        content: JSON = {}
        file = None
        if text is not None:
            if not isinstance(text, str):
                raise ControlError(400, "text must be a string")
            plain, entities = finish(text, [])
            if not plain:
                raise ControlError(400, "text is empty")
            if len(plain) > 4096:
                raise ControlError(400, "text is longer than 4096 characters")
            content["text"] = plain
            if entities:
                content["entities"] = entities
        else:
            if not isinstance(document, dict):
                raise ControlError(400, "document must be an object")
            name = _str(document, "file_name", required=True)
            mime = _str(document, "mime_type") or guess_mime(name) or "application/octet-stream"
            try:
                data = base64.b64decode(
                    _str(document, "content_base64", required=True) or "", validate=True
                )
            except (binascii.Error, ValueError):
                raise ControlError(400, "content_base64 is not valid base64") from None
            if not data:
                raise ControlError(400, "the document is empty")
            file = self.state.files.add(data, name, mime, "document")
            content["document"] = file.document()
            caption = _str(body, "caption")
            if caption:
                plain, entities = finish(caption, [])
                content["caption"] = plain
                if entities:
                    content["caption_entities"] = entities
        return content, file

    def _reply(self, chat: Chat, body: JSON, content: JSON) -> None:
        if body.get("reply_to_message_id") is None:
            return
        target = chat.messages.get(_int(body["reply_to_message_id"], "reply_to_message_id"))
        if target is None or target.deleted:
            raise ControlError(400, "the message to reply to is not in this chat")
        reply = dict(target.data)
        reply.pop("reply_to_message", None)
        content["reply_to_message"] = reply

    # --- contract calls -----------------------------------------------------------------------

    async def reset(self, request: web.Request) -> web.Response:
        """``POST /_emulator/reset``."""
        self.state.reset()
        return _json({})

    async def get_config(self, request: web.Request) -> web.Response:
        """``GET /_emulator/config``: the limits in force."""
        return _json(self.state.limits.to_dict())

    async def set_config(self, request: web.Request) -> web.Response:
        """``POST /_emulator/config``."""
        self.state.limits.update(await _body(request))
        return _json(self.state.limits.to_dict())

    async def list_users(self, request: web.Request) -> web.Response:
        """Every user, for the web chat's picker."""
        users = [
            {**u.to_api(), "blocked": u.blocked, "note": u.note} for u in self.state.users.values()
        ]
        return _json({"users": users, "bot": self.state.bot_user})

    async def create_user(self, request: web.Request) -> web.Response:
        """``POST /_emulator/users``: creates (or updates) a user; returns the ``User``."""
        body = await _body(request)
        first_name = _str(body, "first_name", required=True) or ""
        if not first_name.strip():
            raise ControlError(400, "first_name must not be empty")
        user_id = None if body.get("id") is None else _int(body["id"], "id")
        if user_id is not None and user_id <= 0:
            raise ControlError(400, "id must be positive")
        note = _str(body, "note")
        if note is not None and len(note) > 120:
            raise ControlError(400, "note must be at most 120 characters")
        user = self.state.upsert_user(
            first_name,
            user_id,
            username=_str(body, "username"),
            language_code=_str(body, "language_code"),
            last_name=_str(body, "last_name"),
            note=note,
        )
        return _json(user.to_api())

    async def get_user(self, request: web.Request) -> web.Response:
        """One user's view of the bot: its commands and descriptions, in the user's language."""
        user = self._user(request)
        profile = self.state.profile
        lang = user.language_code or ""

        def localized(store: dict[str, str]) -> str:
            return store.get(lang) or store.get("", "")

        return _json(
            {
                "user": user.to_api(),
                "note": user.note,
                "blocked": user.blocked,
                "bot": self.state.bot_user,
                "commands": self._commands_for(user),
                "description": localized(profile.descriptions),
                "short_description": localized(profile.short_descriptions),
            }
        )

    def _commands_for(self, user: User) -> list[JSON]:
        """The command menu a Telegram client shows this user in the private chat."""
        commands = self.state.profile.commands
        langs = [user.language_code or "", ""] if user.language_code else [""]
        for scope in (
            ("chat", user.id, None),
            ("all_private_chats", None, None),
            ("default", None, None),
        ):
            for lang in langs:
                found = commands.get((*scope, lang))
                if found:
                    return found
        return []

    async def user_send(self, request: web.Request) -> web.Response:
        """``POST /_emulator/users/{id}/send``: text or a document from the user."""
        user = self._user(request)
        body = await _body(request)
        content, file = self._content(body)
        chat = self.state.chats[user.id]
        self._reply(chat, body, content)
        # Writing to a bot one blocked restarts it, as Telegram clients do.
        self._set_blocked(user, False)
        return _json(self._push_message(chat, user, content, file))

    async def press(self, request: web.Request) -> web.Response:
        """``POST /_emulator/users/{id}/press``: a button by visible text or ``callback_data``."""
        user = self._user(request)
        body = await _body(request)
        chat = self.state.chats[user.id]
        if body.get("chat_id") is not None:
            target = self.state.chats.get(_int(body["chat_id"], "chat_id"))
            if target is None:
                raise ControlError(404, "no such chat")
            if target.id != user.id and user.id not in target.members:
                raise ControlError(400, "the user is not a member of that chat")
            chat = target
        if body.get("message_id") is None:
            raise ControlError(400, "message_id is required")
        message_id = _int(body["message_id"], "message_id")
        message = chat.messages.get(message_id)
        if message is None or message.deleted:
            raise ControlError(400, f"message {message_id} is not in the chat")
        if "callback_data" in body:
            data = _str(body, "callback_data", required=True) or ""
            known = any(b.get("callback_data") == data for b in _inline_buttons(message))
            if not known and not body.get("force"):
                raise ControlError(
                    400, f"message {message_id} has no button with that callback_data"
                )
            return _json(self._callback(user, chat, message, data))
        text = _str(body, "text")
        if text is None:
            raise ControlError(400, 'press needs "text" or "callback_data"')
        button = _find_button(_inline_buttons(message), text)
        if button is not None:
            if "callback_data" in button:
                return _json(self._callback(user, chat, message, button["callback_data"]))
            for key in ("url", "login_url", "web_app"):
                if key in button:
                    target = button[key]
                    url = target if isinstance(target, str) else target.get("url")
                    return _json({"callback_query_id": None, "update_id": None, "url": url})
            raise ControlError(400, "the emulator cannot press this kind of inline button")
        keyboard = message.markup if message.markup and "keyboard" in message.markup else None
        reply_button = _find_button(_keyboard_buttons(keyboard), text) if keyboard else None
        if reply_button is None and chat.reply_keyboard is not None:
            keyboard = chat.reply_keyboard
            reply_button = _find_button(_keyboard_buttons(keyboard), text)
        if reply_button is None or keyboard is None:
            raise ControlError(400, f"message {message_id} has no button {text!r}")
        if keyboard.get("one_time_keyboard") and chat.reply_keyboard is keyboard:
            chat.reply_keyboard = None
        return _json(self._push_message(chat, user, self._reply_button_content(user, reply_button)))

    @staticmethod
    def _reply_button_content(user: User, button: JSON) -> JSON:
        if button.get("request_contact"):
            return {
                "contact": {
                    "phone_number": f"+99550{user.id % 10_000_000:07d}",
                    "first_name": user.first_name,
                    "user_id": user.id,
                }
            }
        if button.get("request_location"):
            return {"location": {"latitude": 41.7151, "longitude": 44.8271}}  # Tbilisi
        plain, entities = finish(button["text"], [])
        content: JSON = {"text": plain}
        if entities:
            content["entities"] = entities
        return content

    def _callback(self, user: User, chat: Chat, message: StoredMessage, data: str) -> JSON:
        state = self.state
        query_id = state.next_query_id()
        state.add_callback(query_id, user.id, chat.id)
        update_id = state.updates.push(
            "callback_query",
            {
                "id": query_id,
                "from": user.to_api(),
                "message": dict(message.data),
                "chat_instance": state.chat_instance(chat),
                "data": data,
            },
        )
        return {"callback_query_id": query_id, "update_id": update_id}

    async def inline(self, request: web.Request) -> web.Response:
        """``POST /_emulator/users/{id}/inline``: waits for answerInlineQuery (504 after 10 s)."""
        user = self._user(request)
        body = await _body(request)
        query = _str(body, "query") or ""
        state = self.state
        query_id = state.next_query_id()
        waiter: asyncio.Future[JSON] = asyncio.get_running_loop().create_future()
        state.inline_waiters[query_id] = waiter
        try:
            pushed = state.updates.push(
                "inline_query",
                {
                    "id": query_id,
                    "from": user.to_api(),
                    "query": query,
                    "offset": _str(body, "offset") or "",
                    "chat_type": "sender",
                },
            )
            if pushed is None:
                raise ControlError(504, "the bot does not take inline_query updates")
            try:
                answer = await asyncio.wait_for(
                    asyncio.shield(waiter), state.config.inline_answer_timeout
                )
            except TimeoutError:
                raise ControlError(504, "the bot did not answer the inline query in time") from None
        finally:
            state.inline_waiters.pop(query_id, None)
            waiter.cancel()  # a late answerInlineQuery now gets "query is too old"
        return _json({"results": answer["results"]})

    async def block(self, request: web.Request) -> web.Response:
        """``POST /_emulator/users/{id}/block``."""
        self._set_blocked(self._user(request), True)
        return _json({})

    async def unblock(self, request: web.Request) -> web.Response:
        """``POST /_emulator/users/{id}/unblock``."""
        self._set_blocked(self._user(request), False)
        return _json({})

    async def user_chat(self, request: web.Request) -> web.Response:
        """``GET /_emulator/users/{id}/chat?after=&wait=``."""
        user = self._user(request)
        return await self._transcript(request, self.state.chats[user.id])

    async def list_groups(self, request: web.Request) -> web.Response:
        """Every group with its members."""
        groups = [
            {**c.to_api(), "members": sorted(c.members), "bot_status": c.bot_status}
            for c in self.state.chats.values()
            if c.is_group
        ]
        return _json({"groups": groups})

    async def create_group(self, request: web.Request) -> web.Response:
        """``POST /_emulator/groups``: returns the ``Chat``; the bot gets ``my_chat_member``."""
        body = await _body(request)
        title = _str(body, "title", required=True) or ""
        members_raw = body.get("members", [])
        if not isinstance(members_raw, list):
            raise ControlError(400, "members must be a list of user ids")
        members = [_int(m, "member id") for m in members_raw]
        unknown = [m for m in members if m not in self.state.users]
        if unknown:
            raise ControlError(400, f"unknown users: {unknown}")
        username = _str(body, "username")
        if username is not None:
            username = username.lstrip("@")
            if self.state.find_chat("@" + username) is not None:
                raise ControlError(400, f"@{username} is taken")
        bot_is_admin = body.get("bot_is_admin", False)
        if not isinstance(bot_is_admin, bool):
            raise ControlError(400, "bot_is_admin must be a boolean")
        chat = self.state.create_group(title, username, members, bot_is_admin)
        if members:
            # The first member added the bot, as a person would.
            self._member_update(self.state.users[members[0]], chat, "left", chat.bot_status)
        return _json(chat.to_api())

    async def group_send(self, request: web.Request) -> web.Response:
        """``POST /_emulator/groups/{chat_id}/send``: ``{"from": user_id, "text"}``."""
        chat = self._group(request)
        body = await _body(request)
        if body.get("from") is None:
            raise ControlError(400, '"from" (a user id) is required')
        user = self.state.users.get(_int(body["from"], "from"))
        if user is None or user.id not in chat.members:
            raise ControlError(400, "the sender is not a member of this group")
        content, file = self._content(body)
        self._reply(chat, body, content)
        return _json(self._push_message(chat, user, content, file))

    async def group_chat(self, request: web.Request) -> web.Response:
        """``GET /_emulator/groups/{chat_id}/chat?after=&wait=``."""
        return await self._transcript(request, self._group(request))

    async def file(self, request: web.Request) -> web.StreamResponse:
        """A stored file's bytes, for the web chat's download links."""
        stored = self.state.files.get(request.match_info["file_id"])
        if stored is None:
            raise ControlError(404, "no such file")
        name = stored.file_name or stored.path.rsplit("/", 1)[-1]
        return web.Response(
            body=stored.data,
            content_type=stored.mime_type or "application/octet-stream",
            headers={"Content-Disposition": f'inline; filename="{_ascii_name(name)}"'},
        )

    async def idle(self, request: web.Request) -> web.Response:
        """``GET /_emulator/idle?timeout=``."""
        deadline = time.monotonic() + _seconds(request, "timeout", 10.0)
        while not self.state.is_idle():
            if time.monotonic() >= deadline or self.state.closing:
                return _json({"idle": False})
            await asyncio.sleep(0.02)
        return _json({"idle": True})

    async def stats(self, request: web.Request) -> web.Response:
        """``GET /_emulator/stats`` plus ``refusals`` (refused Bot API calls, latest last)."""
        state = self.state
        return _json(
            {
                "calls": dict(state.stats.calls),
                "errors": dict(state.stats.errors),
                "updates_pending": state.updates.unfetched,
                "sent_per_second_max": state.limiter.sent_per_second_max,
                "refusals": list(state.stats.refusals),
            }
        )

    # --- transcripts --------------------------------------------------------------------------

    async def _transcript(self, request: web.Request, chat: Chat) -> web.Response:
        after = _int(request.query.get("after") or 0, "after")
        wait = _seconds(request, "wait", 0.0)
        deadline = time.monotonic() + wait
        since_raw = request.query.get("since")
        if since_raw is not None and since_raw != "":
            return await self._changes(chat, _int(since_raw, "since"), deadline)
        while True:
            messages = chat.after(after)
            remaining = deadline - time.monotonic()
            if remaining <= 0 or self.state.closing or any(m.from_bot for m in messages):
                break
            await chat.changed.wait(remaining)
            if self.state.chats.get(chat.id) is not chat:
                break  # reset meanwhile
        return _json({"messages": [m.transcript() for m in messages]})

    async def _changes(self, chat: Chat, since: int, deadline: float) -> web.Response:
        """The web chat's view: what changed after ``since``, held until something does."""
        while chat.version <= since:
            remaining = deadline - time.monotonic()
            if remaining <= 0 or self.state.closing:
                break
            await chat.changed.wait(remaining)
            if self.state.chats.get(chat.id) is not chat:
                break
        messages = []
        for m in chat.changed_since(since):
            item = m.transcript()
            item["version"] = m.version
            item["from"] = m.data.get("from")
            if m.file is not None:
                item["document"]["file_id"] = m.file.file_id
                item["document"]["kind"] = m.file.kind
            for key in ("contact", "location"):
                if key in m.data:
                    item[key] = m.data[key]
            messages.append(item)
        action = None
        if chat.action is not None and time.monotonic() - chat.action[1] < _ACTION_SHOWN_FOR:
            action = chat.action[0]
        return _json(
            {
                "messages": messages,
                "version": chat.version,
                "reply_keyboard": chat.reply_keyboard,
                "callback_answers": [a for a in chat.callback_answers if a["version"] > since],
                "action": action,
            }
        )


def _inline_buttons(message: StoredMessage) -> list[JSON]:
    markup = message.markup
    if not markup or "inline_keyboard" not in markup:
        return []
    return [b for row in markup["inline_keyboard"] for b in row]


def _keyboard_buttons(markup: JSON | None) -> list[JSON]:
    if not markup or "keyboard" not in markup:
        return []
    return [b for row in markup["keyboard"] for b in row]


def _find_button(buttons: list[JSON], text: str) -> JSON | None:
    """Exact text first; then, if exactly one matches, ignoring case, then as a substring."""
    for button in buttons:
        if button["text"] == text:
            return button
    wanted = text.casefold().strip()
    for match in (
        lambda b: b["text"].casefold().strip() == wanted,
        lambda b: wanted and wanted in b["text"].casefold(),
    ):
        found = [b for b in buttons if match(b)]
        if len(found) == 1:
            return found[0]
    return None


def _ascii_name(name: str) -> str:
    return "".join(ch if 32 <= ord(ch) < 127 and ch not in '"\\' else "_" for ch in name)
