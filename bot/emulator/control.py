"""The control API (EMULATOR.md §2): people, tests and benchmarks play the users through it.

Besides the contract's calls there are a few read-only ones the web chat needs (listing users
and groups, one user's view of the bot or of a group, the configuration, a file's bytes), and
the Mini App calls (``POST /_emulator/users/{id}/webapp`` signs a Mini App's launch URL,
``…/webapp_data`` is ``Telegram.WebApp.sendData``); they add to the contract and change none of
its shapes. The group calls live in :mod:`bot.emulator.control_groups`.

``POST /_emulator/users`` also takes an optional ``"note"`` (who the person is in a demo, e.g.
"moderator · Georgia"): the emulator's own label, listed by the web chat and never part of the
Telegram ``User``. ``since=VERSION`` on the chat calls is the web chat's mode: it also returns
edits, the viewer's callback answers (``user=ID`` in a group), the reply keyboard, the bot's
chat action and service messages in words.
"""

from __future__ import annotations

import asyncio
import base64
import binascii
import time
from collections.abc import Callable

from aiohttp import web

from bot.emulator import webapp
from bot.emulator.botapi import BotApi
from bot.emulator.control_base import as_int, as_str, guard, json_response, read_body, seconds
from bot.emulator.control_groups import GroupControl
from bot.emulator.entities import finish
from bot.emulator.errors import ControlError
from bot.emulator.media import guess_mime
from bot.emulator.state import JSON, Chat, EmulatorState, StoredFile, StoredMessage, User, now_ts

_ACTION_SHOWN_FOR = 5.0  # Telegram clients show "typing…" for about five seconds


class ControlApi:
    """Handlers of ``/_emulator/*`` (people, private chats, Mini Apps; groups are delegated)."""

    def __init__(self, state: EmulatorState, api: BotApi) -> None:
        self.state = state
        self.api = api
        self.groups = GroupControl(self)

    def routes(self) -> list[web.RouteDef]:
        """Every route of the control API."""
        g = guard
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
            web.post("/_emulator/users/{user_id}/webapp", g(self.webapp)),
            web.post("/_emulator/users/{user_id}/webapp_data", g(self.webapp_data)),
            *self.groups.routes(),
            web.get("/_emulator/files/{file_id}", g(self.file)),
            web.get("/_emulator/idle", g(self.idle)),
            web.get("/_emulator/stats", g(self.stats)),
        ]

    # --- helpers ------------------------------------------------------------------------------

    def _user(self, request: web.Request) -> User:
        return self.user_by_id(as_int(request.match_info["user_id"], "user id"))

    def user_by_id(self, user_id: int) -> User:
        """A known user, else 404."""
        user = self.state.users.get(user_id)
        if user is None:
            raise ControlError(404, f"no user {user_id}; create it with POST /_emulator/users")
        return user

    def push_message(
        self, chat: Chat, user: User, content: JSON, file: StoredFile | None = None
    ) -> JSON:
        """A message from ``user`` in ``chat``: stored, and queued for the bot."""
        message, update_id = self.state.post(chat, user.to_api(), content, file=file)
        return {"message_id": message.message_id, "update_id": update_id}

    def _member_update(self, user: User, chat: Chat, old: str, new: str) -> None:
        """``my_chat_member`` of a private chat: the user blocked or unblocked the bot."""
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

    def content(self, body: JSON) -> tuple[JSON, StoredFile | None]:
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
            name = as_str(document, "file_name", required=True)
            mime = as_str(document, "mime_type") or guess_mime(name) or "application/octet-stream"
            try:
                data = base64.b64decode(
                    as_str(document, "content_base64", required=True) or "", validate=True
                )
            except (binascii.Error, ValueError):
                raise ControlError(400, "content_base64 is not valid base64") from None
            if not data:
                raise ControlError(400, "the document is empty")
            file = self.state.files.add(data, name, mime, "document")
            content["document"] = file.document()
            caption = as_str(body, "caption")
            if caption:
                plain, entities = finish(caption, [])
                content["caption"] = plain
                if entities:
                    content["caption_entities"] = entities
        return content, file

    @staticmethod
    def reply(chat: Chat, body: JSON, content: JSON) -> None:
        """``reply_to_message_id`` of a send body, as the message's ``reply_to_message``."""
        if body.get("reply_to_message_id") is None:
            return
        target = chat.messages.get(as_int(body["reply_to_message_id"], "reply_to_message_id"))
        if target is None or target.deleted:
            raise ControlError(400, "the message to reply to is not in this chat")
        reply = dict(target.data)
        reply.pop("reply_to_message", None)
        content["reply_to_message"] = reply

    # --- contract calls -----------------------------------------------------------------------

    async def reset(self, request: web.Request) -> web.Response:
        """``POST /_emulator/reset``."""
        self.state.reset()
        return json_response({})

    async def get_config(self, request: web.Request) -> web.Response:
        """``GET /_emulator/config``: the limits in force."""
        return json_response(self.state.limits.to_dict())

    async def set_config(self, request: web.Request) -> web.Response:
        """``POST /_emulator/config``."""
        self.state.limits.update(await read_body(request))
        return json_response(self.state.limits.to_dict())

    async def list_users(self, request: web.Request) -> web.Response:
        """Every user, for the web chat's picker."""
        users = [
            {**u.to_api(), "blocked": u.blocked, "note": u.note} for u in self.state.users.values()
        ]
        return json_response({"users": users, "bot": self.state.bot_user})

    async def create_user(self, request: web.Request) -> web.Response:
        """``POST /_emulator/users``: creates (or updates) a user; returns the ``User``."""
        body = await read_body(request)
        first_name = as_str(body, "first_name", required=True) or ""
        if not first_name.strip():
            raise ControlError(400, "first_name must not be empty")
        user_id = None if body.get("id") is None else as_int(body["id"], "id")
        if user_id is not None and user_id <= 0:
            raise ControlError(400, "id must be positive")
        note = as_str(body, "note")
        if note is not None and len(note) > 120:
            raise ControlError(400, "note must be at most 120 characters")
        user = self.state.upsert_user(
            first_name,
            user_id,
            username=as_str(body, "username"),
            language_code=as_str(body, "language_code"),
            last_name=as_str(body, "last_name"),
            note=note,
            is_bot=bool(body.get("is_bot", False)),
        )
        return json_response(user.to_api())

    async def get_user(self, request: web.Request) -> web.Response:
        """One user's view of the bot: its commands, descriptions and menu button, in the
        user's language."""
        user = self._user(request)
        profile = self.state.profile
        lang = user.language_code or ""

        def localized(store: dict[str, str]) -> str:
            return store.get(lang) or store.get("", "")

        buttons = profile.menu_buttons
        return json_response(
            {
                "user": user.to_api(),
                "note": user.note,
                "blocked": user.blocked,
                "bot": self.state.bot_user,
                "commands": self.state.commands_for(user, self.state.chats[user.id]),
                "description": localized(profile.descriptions),
                "short_description": localized(profile.short_descriptions),
                "menu_button": buttons.get(user.id) or buttons.get(None) or {"type": "commands"},
            }
        )

    async def user_send(self, request: web.Request) -> web.Response:
        """``POST /_emulator/users/{id}/send``: text or a document from the user."""
        user = self._user(request)
        body = await read_body(request)
        content, file = self.content(body)
        chat = self.state.chats[user.id]
        self.reply(chat, body, content)
        # Writing to a bot one blocked restarts it, as Telegram clients do.
        self._set_blocked(user, False)
        return json_response(self.push_message(chat, user, content, file))

    async def press(self, request: web.Request) -> web.Response:
        """``POST /_emulator/users/{id}/press``: a button by visible text or ``callback_data``.

        ``chat_id`` (an addition) presses in a group the user is in instead.
        """
        user = self._user(request)
        body = await read_body(request)
        chat = self.state.chats[user.id]
        if body.get("chat_id") is not None:
            target = self.state.chats.get(as_int(body["chat_id"], "chat_id"))
            if target is None:
                raise ControlError(404, "no such chat")
            if target.id != user.id:
                return json_response(self.groups.press_in(target, user, body))
        return json_response(self.press_in(chat, user, body))

    def press_in(
        self, chat: Chat, user: User, body: JSON, send: Callable[[JSON], JSON] | None = None
    ) -> JSON:
        """Press a button of a message of ``chat``; ``send`` posts what a reply keyboard
        button sends (a group checks the sender's restrictions first)."""
        if body.get("message_id") is None:
            raise ControlError(400, "message_id is required")
        message_id = as_int(body["message_id"], "message_id")
        message = chat.messages.get(message_id)
        if message is None or message.deleted:
            raise ControlError(400, f"message {message_id} is not in the chat")
        if "callback_data" in body:
            data = as_str(body, "callback_data", required=True) or ""
            known = any(b.get("callback_data") == data for b in _inline_buttons(message))
            if not known and not body.get("force"):
                raise ControlError(
                    400, f"message {message_id} has no button with that callback_data"
                )
            return self._callback(user, chat, message, data)
        text = as_str(body, "text")
        if text is None:
            raise ControlError(400, 'press needs "text" or "callback_data"')
        button = _find_button(_inline_buttons(message), text)
        if button is not None:
            if "callback_data" in button:
                return self._callback(user, chat, message, button["callback_data"])
            if "web_app" in button:
                url = button["web_app"]["url"]
                return {
                    "callback_query_id": None,
                    "update_id": None,
                    "url": url,
                    "web_app": self.launch(user, url, "light"),
                }
            for key in ("url", "login_url"):
                if key in button:
                    target = button[key]
                    url = target if isinstance(target, str) else target.get("url")
                    return {"callback_query_id": None, "update_id": None, "url": url}
            raise ControlError(400, "the emulator cannot press this kind of inline button")
        keyboard = message.markup if message.markup and "keyboard" in message.markup else None
        reply_button = _find_button(_keyboard_buttons(keyboard), text) if keyboard else None
        if reply_button is None and chat.reply_keyboard is not None:
            keyboard = chat.reply_keyboard
            reply_button = _find_button(_keyboard_buttons(keyboard), text)
        if reply_button is None or keyboard is None:
            raise ControlError(400, f"message {message_id} has no button {text!r}")
        if "web_app" in reply_button:
            url = reply_button["web_app"]["url"]
            return {
                "message_id": None,
                "update_id": None,
                "url": url,
                "web_app": self.launch(user, url, "light", button_text=reply_button["text"]),
            }
        content = self._reply_button_content(user, reply_button)
        result = send(content) if send is not None else self.push_message(chat, user, content)
        if keyboard.get("one_time_keyboard") and chat.reply_keyboard is keyboard:
            chat.reply_keyboard = None
        return result

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
        update_id = state.deliver(
            chat,
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
        body = await read_body(request)
        query = as_str(body, "query") or ""
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
                    "offset": as_str(body, "offset") or "",
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
        return json_response({"results": answer["results"]})

    async def block(self, request: web.Request) -> web.Response:
        """``POST /_emulator/users/{id}/block``."""
        self._set_blocked(self._user(request), True)
        return json_response({})

    async def unblock(self, request: web.Request) -> web.Response:
        """``POST /_emulator/users/{id}/unblock``."""
        self._set_blocked(self._user(request), False)
        return json_response({})

    async def user_chat(self, request: web.Request) -> web.Response:
        """``GET /_emulator/users/{id}/chat?after=&wait=``."""
        user = self._user(request)
        return await self.transcript(request, self.state.chats[user.id])

    # --- Mini Apps ----------------------------------------------------------------------------

    def launch(self, user: User, url: str, theme: str, button_text: str | None = None) -> JSON:
        """What a Telegram client opens for ``url``: the launch URL and its signed initData.

        A Mini App opened from a reply keyboard button (``button_text``) gets no ``query_id``:
        it answers with ``sendData`` instead of ``answerWebAppQuery``, as in Telegram.
        """
        problem = webapp.url_problem(url)
        if problem is not None:
            raise ControlError(400, f"the Mini App URL is invalid: {problem}")
        if theme not in webapp.THEMES:
            raise ControlError(400, 'theme must be "light" or "dark"')
        fields: dict[str, str] = {}
        if button_text is None:
            fields["query_id"] = self.state.add_webapp_query(user.id)
        fields["user"] = webapp.user_json(user)
        fields["auth_date"] = str(now_ts())
        init_data = webapp.sign(fields, self.state.config.bot_token)
        version = self.api.spec.version.rsplit(" ", 1)[-1]
        out: JSON = {
            "url": webapp.launch_url(url, init_data, version, theme),
            "init_data": init_data,
            "theme_params": dict(webapp.THEMES[theme]),
        }
        if button_text is not None:
            out["button_text"] = button_text
        return out

    async def webapp(self, request: web.Request) -> web.Response:
        """``POST /_emulator/users/{id}/webapp`` ``{"url", "theme"?, "button_text"?}``: the URL
        a Telegram client would open for this Mini App, with the signed initData."""
        user = self._user(request)
        body = await read_body(request)
        url = as_str(body, "url", required=True) or ""
        theme = as_str(body, "theme") or "light"
        return json_response(self.launch(user, url, theme, as_str(body, "button_text")))

    async def webapp_data(self, request: web.Request) -> web.Response:
        """``POST /_emulator/users/{id}/webapp_data`` ``{"data", "button_text"}``:
        ``Telegram.WebApp.sendData`` of a Mini App opened from a reply keyboard button."""
        user = self._user(request)
        body = await read_body(request)
        data = as_str(body, "data", required=True) or ""
        button_text = as_str(body, "button_text", required=True) or ""
        if not 1 <= len(data.encode()) <= 4096:
            raise ControlError(400, "data must be 1-4096 bytes")
        chat = self.state.chats[user.id]
        buttons = _keyboard_buttons(chat.reply_keyboard)
        if not any(b["text"] == button_text and "web_app" in b for b in buttons):
            raise ControlError(400, f"the keyboard has no Mini App button {button_text!r}")
        content = {"web_app_data": {"data": data, "button_text": button_text}}
        return json_response(self.push_message(chat, user, content))

    # --- files, idle, stats -------------------------------------------------------------------

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
        deadline = time.monotonic() + seconds(request, "timeout", 10.0)
        while not self.state.is_idle():
            if time.monotonic() >= deadline or self.state.closing:
                return json_response({"idle": False})
            await asyncio.sleep(0.02)
        return json_response({"idle": True})

    async def stats(self, request: web.Request) -> web.Response:
        """``GET /_emulator/stats`` plus ``refusals`` (refused Bot API calls, latest last)."""
        state = self.state
        return json_response(
            {
                "calls": dict(state.stats.calls),
                "errors": dict(state.stats.errors),
                "updates_pending": state.updates.unfetched,
                "sent_per_second_max": state.limiter.sent_per_second_max,
                "refusals": list(state.stats.refusals),
            }
        )

    # --- transcripts --------------------------------------------------------------------------

    async def transcript(self, request: web.Request, chat: Chat) -> web.Response:
        """``…/chat?after=&wait=`` (the contract), or with ``since=`` the web chat's view."""
        after = as_int(request.query.get("after") or 0, "after")
        wait = seconds(request, "wait", 0.0)
        deadline = time.monotonic() + wait
        since_raw = request.query.get("since")
        if since_raw is not None and since_raw != "":
            viewer = request.query.get("user")
            viewer_id = as_int(viewer, "user") if viewer else chat.id
            return await self._changes(chat, as_int(since_raw, "since"), deadline, viewer_id)
        while True:
            messages = chat.after(after)
            remaining = deadline - time.monotonic()
            if remaining <= 0 or self.state.closing or any(m.from_bot for m in messages):
                break
            await chat.changed.wait(remaining)
            if self.state.chats.get(chat.id) is not chat:
                break  # reset meanwhile
        return json_response({"messages": [m.transcript() for m in messages]})

    async def _changes(
        self, chat: Chat, since: int, deadline: float, viewer_id: int
    ) -> web.Response:
        """The web chat's view: what changed after ``since``, held until something does.

        Callback answers are the viewer's own (in a group, others' presses are not shown).
        """
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
            for key in ("contact", "location", "via_bot"):
                if key in m.data:
                    item[key] = m.data[key]
            if m.service is not None:
                item["service_text"] = self._service_text(m)
            messages.append(item)
        action = None
        if chat.action is not None and time.monotonic() - chat.action[1] < _ACTION_SHOWN_FOR:
            action = chat.action[0]
        # Each answer reaches a page once: a page that starts over (``since=0``: a load, a
        # reload) no longer gets the alerts an earlier poll already delivered, so an old alert
        # never replays; a poll that goes on from its own version still gets what is newer.
        answers = []
        for a in chat.callback_answers:
            if a["version"] <= since or a["user_id"] != viewer_id:
                continue
            if since == 0 and a["callback_query_id"] in chat.delivered_answers:
                continue
            chat.delivered_answers.add(a["callback_query_id"])
            answers.append(a)
        # Only answers still kept need remembering.
        chat.delivered_answers &= {a["callback_query_id"] for a in chat.callback_answers}
        return json_response(
            {
                "messages": messages,
                "version": chat.version,
                "roster_version": chat.roster_version,
                "reply_keyboard": chat.reply_keyboard,
                "callback_answers": answers,
                "action": action,
            }
        )

    def _service_text(self, message: StoredMessage) -> str:
        """A service message in words, as a Telegram client shows it."""
        data = message.data
        actor = _name(data["from"])
        if "new_chat_members" in data:
            joined = data["new_chat_members"]
            if [u["id"] for u in joined] == [data["from"]["id"]]:
                return f"{actor} joined the group"
            return f"{actor} added " + ", ".join(_name(u) for u in joined)
        if "left_chat_member" in data:
            gone = data["left_chat_member"]
            if gone["id"] == data["from"]["id"]:
                return f"{actor} left the group"
            return f"{actor} removed {_name(gone)}"
        if "pinned_message" in data:
            pinned = data["pinned_message"]
            snippet = (pinned.get("text") or pinned.get("caption") or "a message")[:40]
            return f"{actor} pinned «{snippet}»"
        if "web_app_data" in data:
            button = data["web_app_data"]["button_text"]
            return f"Data from the «{button}» button was transferred to the bot."
        return f"{actor}: {message.service}"


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


def _name(user: JSON) -> str:
    return " ".join(part for part in (user.get("first_name"), user.get("last_name")) if part)


def _ascii_name(name: str) -> str:
    return "".join(ch if 32 <= ord(ch) < 127 and ch not in '"\\' else "_" for ch in name)
