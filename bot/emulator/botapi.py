"""The Bot API methods: what each one checks, changes and returns, as Telegram does it."""

from __future__ import annotations

import asyncio
import re
import secrets
import time
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import aiohttp

from bot.emulator import errors
from bot.emulator.entities import EntityParseError, format_text, normalize_url
from bot.emulator.errors import ApiError, bad_request, conflict, forbidden
from bot.emulator.groups import Member, permissions_from, rights_from, until
from bot.emulator.media import guess_mime, image_size
from bot.emulator.state import JSON, Chat, EmulatorState, StoredFile, StoredMessage, now_ts
from bot.emulator.validation import Spec, UploadedFile
from bot.emulator.webapp import url_problem

_CHAT_ACTIONS = frozenset(
    {
        "typing",
        "upload_photo",
        "record_video",
        "upload_video",
        "record_voice",
        "upload_voice",
        "upload_document",
        "choose_sticker",
        "find_location",
        "record_video_note",
        "upload_video_note",
    }
)
_COMMAND_RE = re.compile(r"[a-z0-9_]{1,32}")
_SECRET_RE = re.compile(r"[A-Za-z0-9_-]{1,256}")
_ACCEPTED_GIFTS = {
    "unlimited_gifts": False,
    "limited_gifts": False,
    "unique_gifts": False,
    "premium_subscription": False,
    "gifts_from_channels": False,
}
_MEDIA_KEYS = ("document", "photo", "video")
# What the bot needs to send each kind of content to a group where it is not an administrator,
# and Telegram's words when the group's permissions do not allow it.
_SEND_PERMISSION = {
    "text": ("can_send_messages", "not enough rights to send text messages to the chat"),
    "document": ("can_send_documents", "not enough rights to send documents to the chat"),
    "photo": ("can_send_photos", "not enough rights to send photos to the chat"),
    "video": ("can_send_videos", "not enough rights to send videos to the chat"),
}
_RESTRICT_RIGHTS = "not enough rights to restrict/unrestrict chat member"
_PIN_RIGHTS = "not enough rights to manage pinned messages in the chat"
_JOIN_REQUEST_RIGHTS = "not enough rights to manage chat join requests"
_SUPERGROUPS_ONLY = "method is available only for supergroups"
_SUPERGROUPS_AND_CHANNELS = "method is available for supergroup and channel chats only"


@dataclass(frozen=True, slots=True)
class Call:
    """One Bot API call after validation."""

    method: str
    params: dict[str, Any]
    attachments: Mapping[str, UploadedFile]


Handler = Callable[[Call], Awaitable[Any]]


class BotApi:
    """Runs Bot API calls against an :class:`EmulatorState`.

    :meth:`call` is the single entry point for HTTP requests and for methods a webhook
    answers with; it validates, counts, applies ``latency_ms`` and maps refusals to bodies.
    """

    def __init__(self, state: EmulatorState, spec: Spec) -> None:
        self.state = state
        self.spec = spec
        self.http: aiohttp.ClientSession | None = None
        self._handlers: dict[str, Handler] = {
            name: getattr(self, name)
            for name in dir(self)
            if name[:1].islower() and name[:1] != "_" and spec.method(name) is not None
        }

    @property
    def implemented(self) -> list[str]:
        """Names of the methods handled for real."""
        return sorted(self._handlers)

    async def call(
        self,
        method: str,
        raw: Mapping[str, Any],
        attachments: Mapping[str, UploadedFile] | None = None,
    ) -> tuple[int, JSON]:
        """Run ``method`` with raw parameters; returns the HTTP status and the JSON body."""
        state = self.state
        spec_method = self.spec.method(method)
        name = spec_method.name if spec_method is not None else method
        state.stats.calls[name] += 1
        polling = name == "getUpdates"
        if not polling:
            state.inflight += 1
        state.touch_activity()
        try:
            await self.delay()
            if spec_method is None:
                raise errors.not_found()
            params = self.spec.validate_call(spec_method, raw, attachments or {})
            handler = self._handlers.get(name)
            if handler is None:
                raise bad_request(f"method {name} is not implemented by the emulator")
            result = await handler(Call(name, params, attachments or {}))
        except ApiError as e:
            state.stats.refused(name, e.status, e.description)
            return e.status, e.payload()
        finally:
            if not polling:
                state.inflight -= 1
            state.touch_activity()
        return 200, {"ok": True, "result": result}

    async def delay(self) -> None:
        """``latency_ms``: the round trip to Telegram. Each call sleeps on its own, so slow
        calls overlap as they would over a network; control calls never wait."""
        latency = self.state.limits.latency_ms
        if latency:
            await asyncio.sleep(latency / 1000)

    # --- shared checks ------------------------------------------------------------------------

    def _chat(self, chat_id: int | str) -> Chat:
        chat = self.state.find_chat(chat_id)
        if chat is None:
            raise bad_request(errors.CHAT_NOT_FOUND)
        return chat

    @staticmethod
    def _reachable(chat: Chat) -> None:
        if chat.user is not None and chat.user.blocked:
            raise forbidden(errors.BLOCKED)
        if chat.bot_status == "kicked":
            raise forbidden(f"bot was kicked from the {chat.type} chat")
        if chat.bot_status == "left":
            raise forbidden(f"bot is not a member of the {chat.type} chat")

    def _formatted(
        self,
        text: str,
        parse_mode: str | None,
        entities: list[JSON] | None,
        *,
        caption: bool,
    ) -> tuple[str, list[JSON]]:
        try:
            plain, ents = format_text(text, parse_mode, entities, self.state.user_api)
        except EntityParseError as e:
            raise bad_request(f"can't parse entities: {e}") from None
        except ValueError:
            raise bad_request("unsupported parse_mode") from None
        if caption:
            if len(plain) > 1024:
                raise bad_request(errors.CAPTION_TOO_LONG)
        elif not plain:
            raise bad_request(errors.TEXT_EMPTY)
        elif len(plain) > 4096:
            raise bad_request(errors.TEXT_TOO_LONG)
        return plain, ents

    def _caption(self, p: Mapping[str, Any]) -> JSON:
        if "caption" not in p:
            return {}
        text, ents = self._formatted(
            p["caption"], p.get("parse_mode"), p.get("caption_entities"), caption=True
        )
        out: JSON = {}
        if text:
            out["caption"] = text
            if ents:
                out["caption_entities"] = ents
        return out

    def _may_send(self, chat: Chat, kind: str) -> None:
        """A group's permissions bind the bot too unless it is an administrator there."""
        if not chat.is_group or chat.bot_status in ("administrator", "creator"):
            return
        permission, refusal = _SEND_PERMISSION[kind]
        if not chat.bot.may_send(permission, chat.permissions):
            raise bad_request(refusal)

    @staticmethod
    def _markup(markup: JSON | None, chat: Chat | None = None) -> JSON | None:
        """Telegram's checks of a keyboard; ``chat`` is where it goes (web_app buttons are
        for private chats only)."""
        if markup is None:
            return None
        in_group = chat is not None and chat.is_group
        if "inline_keyboard" in markup:
            count = 0
            for row in markup["inline_keyboard"]:
                for button in row:
                    count += 1
                    if not button["text"]:
                        raise bad_request(
                            "can't parse inline keyboard button: Text must be non-empty"
                        )
                    actions = [
                        k for k in button if k not in ("text", "icon_custom_emoji_id", "style")
                    ]
                    if not actions:
                        raise bad_request(
                            "can't parse inline keyboard button: Text buttons are unallowed in "
                            "the inline keyboard"
                        )
                    if "callback_data" in button:
                        data = button["callback_data"]
                        if not data or len(data.encode("utf-8")) > 64:
                            raise bad_request(errors.BUTTON_DATA_INVALID)
                    if "url" in button and normalize_url(button["url"]) is None:
                        raise bad_request(
                            f"inline keyboard button URL '{button['url']}' is invalid: "
                            "Wrong HTTP URL"
                        )
                    if "web_app" in button:
                        _check_web_app(button["web_app"]["url"], "inline keyboard button")
                        if in_group:
                            raise bad_request("BUTTON_TYPE_INVALID")
            if count > 100:
                raise bad_request("reply markup is too long")
        elif "keyboard" in markup:
            for row in markup["keyboard"]:
                for button in row:
                    if not button["text"]:
                        raise bad_request("can't parse keyboard button: Text must be non-empty")
                    if "web_app" in button:
                        _check_web_app(button["web_app"]["url"], "keyboard button")
                        if in_group:
                            raise bad_request("BUTTON_TYPE_INVALID")
        return markup

    def _reply_to(self, chat: Chat, p: Mapping[str, Any]) -> JSON | None:
        params = p.get("reply_parameters")
        if params is None and "reply_to_message_id" in p:
            params = {
                "message_id": p["reply_to_message_id"],
                "allow_sending_without_reply": p.get("allow_sending_without_reply", False),
            }
        if not params:
            return None
        source = self._chat(params["chat_id"]) if "chat_id" in params else chat
        target = source.messages.get(params["message_id"])
        if target is None or target.deleted:
            if params.get("allow_sending_without_reply"):
                return None
            raise bad_request("message to be replied not found")
        reply = dict(target.data)
        reply.pop("reply_to_message", None)
        return reply

    def _rate(self, chat: Chat, p: Mapping[str, Any], *, edit: bool = False) -> None:
        """429 when this send (or, in a group, this edit) would go over Telegram's limits."""
        state = self.state
        retry = state.limiter.check(
            state.limits,
            chat.id,
            chat.is_group,
            bool(p.get("allow_paid_broadcast")),
            overall=not edit,
        )
        if retry is not None:
            raise errors.too_many_requests(retry)

    def _store(
        self,
        chat: Chat,
        content: JSON,
        p: Mapping[str, Any],
        *,
        markup: JSON | None = None,
        reply: JSON | None = None,
        file: StoredFile | None = None,
    ) -> StoredMessage:
        """Keep a message the bot sent and count it as sent."""
        state = self.state
        data: JSON = {
            "message_id": chat.take_message_id(),
            "from": state.bot_user,
            "chat": chat.to_api(),
            "date": now_ts(),
        }
        if reply is not None:
            data["reply_to_message"] = reply
        data.update(content)
        if markup is not None and markup.get("inline_keyboard"):
            data["reply_markup"] = markup
        if p.get("protect_content"):
            data["has_protected_content"] = True
        message = StoredMessage(data, from_bot=True, markup=markup, file=file)
        chat.add(message)
        if markup is not None:
            if "keyboard" in markup:
                chat.reply_keyboard = markup
            elif "remove_keyboard" in markup:
                chat.reply_keyboard = None
        chat.action = None
        state.limiter.record(state.limits, chat.id, chat.is_group)
        return message

    def _message(self, chat: Chat, message_id: int, missing: str) -> StoredMessage:
        message = chat.messages.get(message_id)
        if message is None or message.deleted:
            raise bad_request(missing)
        return message

    def _editable(self, p: Mapping[str, Any]) -> tuple[Chat, StoredMessage]:
        if "inline_message_id" in p:
            raise bad_request("MESSAGE_ID_INVALID")
        if "chat_id" not in p:
            raise bad_request("chat_id is empty")
        if "message_id" not in p:
            raise bad_request("message identifier is not specified")
        chat = self._chat(p["chat_id"])
        self._reachable(chat)
        message = self._message(chat, p["message_id"], "message to edit not found")
        if not message.from_bot or message.service:
            raise bad_request("message can't be edited")
        return chat, message

    async def _file(
        self, value: UploadedFile | str, kind: str, attachments: Mapping[str, UploadedFile]
    ) -> StoredFile:
        """An uploaded file, a known ``file_id``, an ``attach://`` part or an HTTP URL."""
        if isinstance(value, str) and value.startswith("attach://"):
            part = attachments.get(value[len("attach://") :])
            if part is None:
                raise bad_request("wrong file identifier/HTTP URL specified")
            value = part
        if isinstance(value, str):
            known = self.state.files.get(value)
            if known is not None:
                return known
            if value.startswith(("http://", "https://")):
                data, content_type = await self._download(value)
                name = urlsplit(value).path.rsplit("/", 1)[-1] or None
                value = UploadedFile(name or "file", content_type, data)
            else:
                raise bad_request("wrong file identifier/HTTP URL specified")
        if not value.data:
            raise bad_request("file must be non-empty")
        if len(value.data) > self.state.config.max_upload_bytes:
            raise ApiError(413, "Request Entity Too Large")
        size = (0, 0)
        if kind == "photo":
            found = image_size(value.data)
            if found is None:
                raise bad_request("IMAGE_PROCESS_FAILED")
            size = found
        mime = (
            value.content_type
            if value.content_type not in ("", "application/octet-stream")
            else None
        )
        name = value.filename if kind != "photo" else None
        return self.state.files.add(
            value.data, name, mime or guess_mime(value.filename), kind, size
        )

    async def _download(self, url: str) -> tuple[bytes, str]:
        if self.http is None:
            raise bad_request("failed to get HTTP URL content")
        try:
            async with self.http.get(url, timeout=aiohttp.ClientTimeout(total=10)) as resp:
                if resp.status != 200:
                    raise bad_request("failed to get HTTP URL content")
                return await resp.read(), resp.content_type
        except (aiohttp.ClientError, TimeoutError):
            raise bad_request("failed to get HTTP URL content") from None

    # --- the bot itself -----------------------------------------------------------------------

    async def getMe(self, c: Call) -> JSON:  # noqa: N802 - Telegram's method names
        return {
            **self.state.bot_user,
            "can_join_groups": True,
            "can_read_all_group_messages": True,
            "supports_inline_queries": True,
            "can_connect_to_business": False,
            "has_main_web_app": False,
        }

    async def logOut(self, c: Call) -> bool:  # noqa: N802
        return True

    async def close(self, c: Call) -> bool:
        return True

    # --- updates ------------------------------------------------------------------------------

    async def getUpdates(self, c: Call) -> list[JSON]:  # noqa: N802
        state = self.state
        if state.webhook.url:
            raise conflict(errors.WEBHOOK_CONFLICT)
        if state.poller_active:
            raise conflict(errors.POLL_CONFLICT)
        state.poller_active = True
        try:
            p = c.params
            queue = state.updates
            if "allowed_updates" in p:
                queue.set_allowed(p["allowed_updates"])
            if "offset" in p:
                queue.confirm(p["offset"])
            limit = min(100, max(1, p.get("limit", 100)))
            timeout = min(50, max(0, p.get("timeout", 0)))
            deadline = time.monotonic() + timeout
            while True:
                batch = queue.peek(limit)
                remaining = deadline - time.monotonic()
                if batch or remaining <= 0 or state.closing:
                    return batch
                await queue.arrived.wait(remaining)
        finally:
            state.poller_active = False

    async def setWebhook(self, c: Call) -> bool:  # noqa: N802
        p = c.params
        state = self.state
        url: str = p["url"]
        if url:
            if not url.startswith(("http://", "https://")) or not urlsplit(url).hostname:
                raise bad_request("bad webhook: An HTTPS URL must be provided for webhook")
            secret = p.get("secret_token")
            if secret is not None and not _SECRET_RE.fullmatch(secret):
                raise bad_request("secret token contains unallowed characters")
        state.webhook.url = url
        state.webhook.secret_token = p.get("secret_token") if url else None
        state.webhook.max_connections = p.get("max_connections", 40)
        state.webhook.ip_address = p.get("ip_address")
        state.webhook.last_error_date = None
        state.webhook.last_error_message = None
        if "allowed_updates" in p:
            state.updates.set_allowed(p["allowed_updates"])
        if p.get("drop_pending_updates"):
            state.updates.clear()
        state.updates.arrived.fire()  # wakes the webhook delivery task
        return True

    async def deleteWebhook(self, c: Call) -> bool:  # noqa: N802
        state = self.state
        state.webhook.url = ""
        state.webhook.secret_token = None
        if c.params.get("drop_pending_updates"):
            state.updates.clear()
        state.updates.arrived.fire()
        return True

    async def getWebhookInfo(self, c: Call) -> JSON:  # noqa: N802
        hook = self.state.webhook
        out: JSON = {
            "url": hook.url,
            "has_custom_certificate": False,
            "pending_update_count": len(self.state.updates),
        }
        if hook.url:
            out["max_connections"] = hook.max_connections
            out["allowed_updates"] = sorted(self.state.updates.allowed)
            if hook.ip_address:
                out["ip_address"] = hook.ip_address
            if hook.last_error_date is not None:
                out["last_error_date"] = hook.last_error_date
                out["last_error_message"] = hook.last_error_message
        return out

    # --- commands and profile -----------------------------------------------------------------

    def _scope_key(self, scope: JSON | None) -> tuple[str, int | None, int | None]:
        if not scope:
            return ("default", None, None)
        kind = scope["type"]
        chat_id: int | None = None
        if "chat_id" in scope:
            chat = self._chat(scope["chat_id"])
            chat_id = chat.id
        user_id = scope.get("user_id")
        if kind == "chat_member" and user_id not in self.state.users:
            raise bad_request("user not found")
        return (kind, chat_id, user_id)

    async def setMyCommands(self, c: Call) -> bool:  # noqa: N802
        p = c.params
        commands: list[JSON] = p["commands"]
        if len(commands) > 100:
            raise bad_request("BOT_COMMANDS_TOO_MUCH")
        for command in commands:
            if not _COMMAND_RE.fullmatch(command["command"]):
                raise bad_request("BOT_COMMAND_INVALID")
            if not 1 <= len(command["description"]) <= 256:
                raise bad_request("BOT_COMMAND_DESCRIPTION_INVALID")
        key = (*self._scope_key(p.get("scope")), p.get("language_code", ""))
        if commands:
            self.state.profile.commands[key] = [
                {"command": x["command"], "description": x["description"]} for x in commands
            ]
        else:
            self.state.profile.commands.pop(key, None)
        return True

    async def getMyCommands(self, c: Call) -> list[JSON]:  # noqa: N802
        p = c.params
        key = (*self._scope_key(p.get("scope")), p.get("language_code", ""))
        return list(self.state.profile.commands.get(key, []))

    async def deleteMyCommands(self, c: Call) -> bool:  # noqa: N802
        p = c.params
        key = (*self._scope_key(p.get("scope")), p.get("language_code", ""))
        self.state.profile.commands.pop(key, None)
        return True

    @staticmethod
    def _set_text(store: dict[str, str], p: Mapping[str, Any], key: str, limit: int) -> bool:
        value = p.get(key, "")
        if len(value) > limit:
            raise bad_request(f"{key.replace('_', ' ')} is too long")
        lang = p.get("language_code", "")
        if value:
            store[lang] = value
        else:
            store.pop(lang, None)
        return True

    async def setMyDescription(self, c: Call) -> bool:  # noqa: N802
        return self._set_text(self.state.profile.descriptions, c.params, "description", 512)

    async def getMyDescription(self, c: Call) -> JSON:  # noqa: N802
        lang = c.params.get("language_code", "")
        return {"description": self.state.profile.descriptions.get(lang, "")}

    async def setMyShortDescription(self, c: Call) -> bool:  # noqa: N802
        return self._set_text(
            self.state.profile.short_descriptions, c.params, "short_description", 120
        )

    async def getMyShortDescription(self, c: Call) -> JSON:  # noqa: N802
        lang = c.params.get("language_code", "")
        return {"short_description": self.state.profile.short_descriptions.get(lang, "")}

    async def setMyName(self, c: Call) -> bool:  # noqa: N802
        return self._set_text(self.state.profile.names, c.params, "name", 64)

    async def getMyName(self, c: Call) -> JSON:  # noqa: N802
        lang = c.params.get("language_code", "")
        names = self.state.profile.names
        return {"name": names.get(lang) or names.get("") or self.state.bot_user["first_name"]}

    async def setChatMenuButton(self, c: Call) -> bool:  # noqa: N802
        p = c.params
        chat_id = self._chat(p["chat_id"]).id if "chat_id" in p else None
        button = p.get("menu_button")
        if button is not None and button["type"] == "web_app":
            _check_web_app(button["web_app"]["url"], "menu button")
        if button is None:
            self.state.profile.menu_buttons.pop(chat_id, None)
        else:
            self.state.profile.menu_buttons[chat_id] = button
        return True

    async def getChatMenuButton(self, c: Call) -> JSON:  # noqa: N802
        p = c.params
        buttons = self.state.profile.menu_buttons
        chat_id = self._chat(p["chat_id"]).id if "chat_id" in p else None
        return buttons.get(chat_id) or buttons.get(None) or {"type": "commands"}

    async def setMyDefaultAdministratorRights(self, c: Call) -> bool:  # noqa: N802
        p = c.params
        for_channels = bool(p.get("for_channels"))
        if "rights" in p:
            self.state.profile.admin_rights[for_channels] = p["rights"]
        else:
            self.state.profile.admin_rights.pop(for_channels, None)
        return True

    async def getMyDefaultAdministratorRights(self, c: Call) -> JSON:  # noqa: N802
        rights = self.state.profile.admin_rights.get(bool(c.params.get("for_channels")))
        if rights is not None:
            return rights
        return rights_from({})

    # --- sending ------------------------------------------------------------------------------

    async def sendMessage(self, c: Call) -> JSON:  # noqa: N802
        p = c.params
        chat = self._chat(p["chat_id"])
        self._reachable(chat)
        self._may_send(chat, "text")
        text, ents = self._formatted(
            p["text"], p.get("parse_mode"), p.get("entities"), caption=False
        )
        markup = self._markup(p.get("reply_markup"), chat)
        reply = self._reply_to(chat, p)
        self._rate(chat, p)
        content: JSON = {"text": text}
        if ents:
            content["entities"] = ents
        if "link_preview_options" in p:
            content["link_preview_options"] = p["link_preview_options"]
        return self._store(chat, content, p, markup=markup, reply=reply).data

    async def _send_media(self, c: Call, kind: str) -> JSON:
        p = c.params
        chat = self._chat(p["chat_id"])
        self._reachable(chat)
        self._may_send(chat, kind)
        caption = self._caption(p)
        markup = self._markup(p.get("reply_markup"), chat)
        reply = self._reply_to(chat, p)
        file = await self._file(p[kind], kind, c.attachments)
        self._rate(chat, p)
        content: JSON = {kind: _media_object(file, kind), **caption}
        return self._store(chat, content, p, markup=markup, reply=reply, file=file).data

    async def sendDocument(self, c: Call) -> JSON:  # noqa: N802
        return await self._send_media(c, "document")

    async def sendPhoto(self, c: Call) -> JSON:  # noqa: N802
        return await self._send_media(c, "photo")

    async def sendVideo(self, c: Call) -> JSON:  # noqa: N802
        return await self._send_media(c, "video")

    async def sendMediaGroup(self, c: Call) -> list[JSON]:  # noqa: N802
        p = c.params
        chat = self._chat(p["chat_id"])
        self._reachable(chat)
        media: list[JSON] = p["media"]
        if not 2 <= len(media) <= 10:
            raise bad_request("wrong number of media in the media group: must be 2-10")
        reply = self._reply_to(chat, p)
        prepared: list[tuple[str, StoredFile, JSON]] = []
        for item in media:
            kind = item["type"]
            if kind not in _MEDIA_KEYS:
                raise bad_request(f"media of type {kind} is not supported by the emulator")
            self._may_send(chat, kind)
            file = await self._file(item["media"], kind, c.attachments)
            prepared.append((kind, file, self._caption(item)))
        self._rate(chat, p)
        group_id = str(secrets.randbits(60))
        out = []
        for index, (kind, file, caption) in enumerate(prepared):
            content: JSON = {kind: _media_object(file, kind), "media_group_id": group_id, **caption}
            stored = self._store(chat, content, p, reply=reply if index == 0 else None, file=file)
            out.append(stored.data)
        return out

    def _content_of(self, message: StoredMessage) -> JSON:
        keys = ("text", "entities", "caption", "caption_entities", *_MEDIA_KEYS)
        return {k: message.data[k] for k in keys if k in message.data}

    async def copyMessage(self, c: Call) -> JSON:  # noqa: N802
        p = c.params
        source = self._chat(p["from_chat_id"])
        original = self._message(source, p["message_id"], "message to copy not found")
        chat = self._chat(p["chat_id"])
        self._reachable(chat)
        content = self._content_of(original)
        if "caption" in p:
            if "text" in content:
                raise bad_request("there is no caption in the message to copy")
            content.pop("caption", None)
            content.pop("caption_entities", None)
            content.update(self._caption(p))
        self._may_send(chat, _kind_of(content))
        markup = self._markup(p.get("reply_markup"), chat)
        reply = self._reply_to(chat, p)
        self._rate(chat, p)
        stored = self._store(chat, content, p, markup=markup, reply=reply, file=original.file)
        return {"message_id": stored.message_id}

    async def forwardMessage(self, c: Call) -> JSON:  # noqa: N802
        p = c.params
        source = self._chat(p["from_chat_id"])
        original = self._message(source, p["message_id"], "message to forward not found")
        if original.data.get("has_protected_content"):
            raise bad_request("message can't be forwarded")
        chat = self._chat(p["chat_id"])
        self._reachable(chat)
        content = self._content_of(original)
        self._may_send(chat, _kind_of(content))
        self._rate(chat, p)
        content["forward_origin"] = original.data.get("forward_origin") or {
            "type": "user",
            "date": original.data["date"],
            "sender_user": original.data["from"],
        }
        return self._store(chat, content, p, file=original.file).data

    async def sendChatAction(self, c: Call) -> bool:  # noqa: N802
        p = c.params
        if p["action"] not in _CHAT_ACTIONS:
            raise bad_request("wrong parameter action in request")
        chat = self._chat(p["chat_id"])
        self._reachable(chat)
        chat.action = (p["action"], time.monotonic())
        chat.version += 1  # lets the web chat's wait return to show "typing…"
        chat.changed.fire()
        return True

    # --- editing ------------------------------------------------------------------------------

    def _apply_edit(
        self, chat: Chat, message: StoredMessage, changes: JSON, markup: JSON | None
    ) -> JSON:
        data = message.data
        inline = markup if markup is not None and markup.get("inline_keyboard") else None
        same = all(data.get(k) == v for k, v in changes.items() if v is not None) and all(
            k in data if v is not None else k not in data for k, v in changes.items()
        )
        if same and data.get("reply_markup") == inline:
            raise bad_request(errors.NOT_MODIFIED)
        if chat.is_group:
            # A group's 20 messages a minute count edits too.
            self._rate(chat, {}, edit=True)
            self.state.limiter.record(self.state.limits, chat.id, True, overall=False)
        # Reassign (never mutate) so copies handed out in updates keep the old content.
        new = {k: v for k, v in data.items() if k not in changes and k != "reply_markup"}
        new.update({k: v for k, v in changes.items() if v is not None})
        if inline is not None:
            new["reply_markup"] = inline
        new["edit_date"] = now_ts()
        message.data = new
        if message.markup is None or "inline_keyboard" in message.markup:
            message.markup = inline
        message.edited = True
        chat.touch(message)
        return new

    async def editMessageText(self, c: Call) -> JSON:  # noqa: N802
        p = c.params
        chat, message = self._editable(p)
        if "text" not in p:
            raise bad_request(errors.TEXT_EMPTY)
        text, ents = self._formatted(
            p["text"], p.get("parse_mode"), p.get("entities"), caption=False
        )
        if "text" not in message.data:
            raise bad_request("there is no text in the message to edit")
        markup = self._markup(p.get("reply_markup"), chat)
        changes: JSON = {"text": text, "entities": ents or None}
        return self._apply_edit(chat, message, changes, markup)

    async def editMessageCaption(self, c: Call) -> JSON:  # noqa: N802
        p = c.params
        chat, message = self._editable(p)
        if "text" in message.data:
            raise bad_request("there is no caption in the message to edit")
        caption = self._caption(p)
        markup = self._markup(p.get("reply_markup"), chat)
        changes: JSON = {
            "caption": caption.get("caption"),
            "caption_entities": caption.get("caption_entities"),
        }
        return self._apply_edit(chat, message, changes, markup)

    async def editMessageReplyMarkup(self, c: Call) -> JSON:  # noqa: N802
        p = c.params
        chat, message = self._editable(p)
        markup = self._markup(p.get("reply_markup"), chat)
        return self._apply_edit(chat, message, {}, markup)

    def _delete(self, chat: Chat, message_id: int) -> None:
        """Telegram's rules: the bot's own messages anywhere, anyone's in a private chat; in a
        group others' only with ``can_delete_messages`` (any administrator in a basic group)."""
        message = self._message(chat, message_id, "message to delete not found")
        if chat.is_group and not message.from_bot:
            basic_admin = chat.type == "group" and chat.bot_status == "administrator"
            if not (basic_admin or chat.bot_can("can_delete_messages")):
                raise bad_request("message can't be deleted")
        message.deleted = True
        chat.touch(message)

    async def deleteMessage(self, c: Call) -> bool:  # noqa: N802
        p = c.params
        chat = self._chat(p["chat_id"])
        if chat.is_group:
            self._reachable(chat)
        self._delete(chat, p["message_id"])
        return True

    async def deleteMessages(self, c: Call) -> bool:  # noqa: N802
        p = c.params
        chat = self._chat(p["chat_id"])
        if chat.is_group:
            self._reachable(chat)
        ids: list[int] = p["message_ids"]
        if not 1 <= len(ids) <= 100:
            raise bad_request("message_ids must contain 1-100 identifiers")
        for message_id in ids:
            message = chat.messages.get(message_id)
            if message is not None and not message.deleted:
                self._delete(chat, message_id)
        return True

    # --- queries ------------------------------------------------------------------------------

    async def answerCallbackQuery(self, c: Call) -> bool:  # noqa: N802
        p = c.params
        state = self.state
        record = state.callbacks.get(p["callback_query_id"])
        if (
            record is None
            or record.answered
            or time.monotonic() - record.created > state.config.callback_answer_timeout
        ):
            raise bad_request(errors.QUERY_TOO_OLD)
        if len(p.get("text", "")) > 200:
            raise bad_request("MESSAGE_TOO_LONG")
        record.answered = True
        chat = state.chats.get(record.chat_id)
        if chat is not None:
            chat.version += 1
            chat.callback_answers.append(
                {
                    "callback_query_id": p["callback_query_id"],
                    "text": p.get("text", ""),
                    "show_alert": bool(p.get("show_alert")),
                    "url": p.get("url"),
                    "version": chat.version,
                    "user_id": record.user_id,  # in a group only the presser sees it
                }
            )
            chat.changed.fire()
        return True

    async def answerInlineQuery(self, c: Call) -> bool:  # noqa: N802
        p = c.params
        waiter = self.state.inline_waiters.get(p["inline_query_id"])
        if waiter is None or waiter.done():
            raise bad_request(errors.QUERY_TOO_OLD)
        results: list[JSON] = p["results"]
        if len(results) > 50:
            raise bad_request("RESULTS_TOO_MUCH")
        seen: set[str] = set()
        for result in results:
            rid = result["id"]
            if not rid or len(rid.encode("utf-8")) > 64:
                raise bad_request("RESULT_ID_INVALID")
            if rid in seen:
                raise bad_request("RESULT_ID_DUPLICATE")
            seen.add(rid)
            if "reply_markup" in result:
                self._markup(result["reply_markup"])
        answer: JSON = {"results": results}
        for key in ("next_offset", "cache_time", "is_personal", "button"):
            if key in p:
                answer[key] = p[key]
        waiter.set_result(answer)
        return True

    async def answerWebAppQuery(self, c: Call) -> JSON:  # noqa: N802
        """The Mini App's answer, sent as a message from the user via the bot to the chat
        the Mini App was opened from (the emulator sends article results with text)."""
        p = c.params
        state = self.state
        user_id = state.webapp_queries.get(p["web_app_query_id"])
        if user_id is None or user_id not in state.users:
            raise bad_request(errors.QUERY_TOO_OLD)
        result: JSON = p["result"]
        content = result.get("input_message_content") or {}
        if result["type"] != "article" or "message_text" not in content:
            raise bad_request(
                "the emulator answers Web App queries with article results of text only"
            )
        chat = state.chats[user_id]
        text, entities = self._formatted(
            content["message_text"],
            content.get("parse_mode"),
            content.get("entities"),
            caption=False,
        )
        markup = self._markup(result.get("reply_markup"), chat)
        del state.webapp_queries[p["web_app_query_id"]]  # answered once
        body: JSON = {"text": text, "via_bot": state.bot_user}
        if entities:
            body["entities"] = entities
        if markup is not None:
            body["reply_markup"] = markup
        message, _ = state.post(chat, state.users[user_id].to_api(), body)
        message.markup = markup
        sent: JSON = {}
        if markup is not None:
            sent["inline_message_id"] = f"AgAAA{secrets.token_urlsafe(18)}"
        return sent

    # --- files and chats ----------------------------------------------------------------------

    async def getFile(self, c: Call) -> JSON:  # noqa: N802
        file = self.state.files.get(c.params["file_id"])
        if file is None:
            raise bad_request("invalid file_id")
        return {
            "file_id": file.file_id,
            "file_unique_id": file.file_unique_id,
            "file_size": len(file.data),
            "file_path": file.path,
        }

    async def getChat(self, c: Call) -> JSON:  # noqa: N802
        chat = self._chat(c.params["chat_id"])
        self._visible(chat)
        out: JSON = {
            **chat.to_api(),
            "accent_color_id": 0,
            "max_reaction_count": 11,
            "accepted_gift_types": dict(_ACCEPTED_GIFTS),
        }
        if chat.is_group:
            out["permissions"] = dict(chat.permissions)
            out["has_visible_history"] = True
            primary = [link for link in chat.invite_links if link["is_primary"]]
            if primary and chat.bot_can("can_invite_users"):
                out["invite_link"] = primary[0]["invite_link"]
        if chat.pinned is not None and chat.pinned in chat.messages:
            out["pinned_message"] = chat.messages[chat.pinned].data
        return out

    def _visible(self, chat: Chat) -> None:
        """A group the bot is not in shows itself only if it is public (has a username)."""
        if chat.is_group and not chat.bot.in_chat and not chat.username:
            self._reachable(chat)

    def _member(self, chat: Chat, user_id: int) -> JSON:
        """The ``ChatMember`` of ``user_id`` in ``chat`` as the bot sees it."""
        state = self.state
        if user_id == state.bot_user["id"]:
            if not chat.is_group:
                return {"status": "member", "user": state.bot_user}
            chat.bot.settle()
            return chat.bot.to_api(state.bot_user)
        user = state.users.get(user_id)
        if user is None or (chat.type == "private" and user_id != chat.id):
            raise bad_request("user not found")
        if chat.type == "private":
            return {"status": "member", "user": user.to_api()}
        return chat.peek(user_id).to_api(user.to_api())

    async def getChatMember(self, c: Call) -> JSON:  # noqa: N802
        p = c.params
        chat = self._chat(p["chat_id"])
        self._visible(chat)
        return self._member(chat, p["user_id"])

    async def getChatMemberCount(self, c: Call) -> int:  # noqa: N802
        chat = self._chat(c.params["chat_id"])
        if not chat.is_group:
            return 2
        self._visible(chat)
        return len(chat.members) + (1 if chat.bot.in_chat else 0)

    async def getChatAdministrators(self, c: Call) -> list[JSON]:  # noqa: N802
        chat = self._chat(c.params["chat_id"])
        if not chat.is_group:
            raise bad_request("there are no administrators in the private chat")
        self._visible(chat)
        users = self.state.users
        admins = [
            chat.peek(uid).to_api(users[uid].to_api())
            for uid in chat.members
            if uid in users and chat.peek(uid).is_admin
        ]
        admins.sort(key=lambda member: member["status"] != "creator")
        if chat.bot_status == "administrator":
            admins.append(self._member(chat, self.state.bot_user["id"]))
        return admins

    def _group_admin(self, chat: Chat, right: str, refusal: str) -> None:
        """The bot is in the group and holds ``right`` there, else Telegram's refusal."""
        self._reachable(chat)
        if not chat.bot_can(right):
            raise bad_request(refusal)

    def _target(self, chat: Chat, user_id: int) -> Member:
        """Someone the bot may restrict or remove: not itself, the owner or an administrator."""
        if user_id == self.state.bot_user["id"]:
            raise bad_request("can't restrict self")
        if user_id not in self.state.users:
            raise bad_request("user not found")
        member = chat.member(user_id)
        if member.status == "creator":
            raise bad_request("can't remove chat owner")
        if member.status == "administrator":
            raise bad_request("user is an administrator of the chat")
        return member

    def _removed(self, chat: Chat, user_id: int) -> None:
        """The service message of the bot removing someone (the bot does not get its own)."""
        user = self.state.users[user_id].to_api()
        self.state.post(chat, self.state.bot_user, {"left_chat_member": user}, deliver=False)

    def _tell(self, chat: Chat, user_id: int, old: Member, new: Member) -> None:
        """A ``chat_member`` update from the bot's own action, if it changed anything."""
        if old.to_api({}) != new.to_api({}):
            self.state.member_changed(chat, user_id, old, self.state.bot_user)

    async def restrictChatMember(self, c: Call) -> bool:  # noqa: N802
        p = c.params
        chat = self._chat(p["chat_id"])
        if chat.type != "supergroup":
            raise bad_request(_SUPERGROUPS_ONLY)
        self._group_admin(chat, "can_restrict_members", _RESTRICT_RIGHTS)
        user_id = p["user_id"]
        member = self._target(chat, user_id)
        permissions = permissions_from(
            p["permissions"], bool(p.get("use_independent_chat_permissions"))
        )
        old = member.copy()
        # Telegram: every permission the group allows its members lifts the restriction.
        if all(permissions[k] for k, allowed in chat.permissions.items() if allowed):
            if member.status == "restricted":
                member.become("member" if member.is_member else "left")
        else:
            member.become(
                "restricted",
                permissions=permissions,
                is_member=member.in_chat,
                until_date=until(p.get("until_date")),
            )
        self._tell(chat, user_id, old, member)
        return True

    async def banChatMember(self, c: Call) -> bool:  # noqa: N802
        p = c.params
        chat = self._chat(p["chat_id"])
        if not chat.is_group:
            raise bad_request("can't ban members in private chats")
        self._group_admin(chat, "can_restrict_members", _RESTRICT_RIGHTS)
        user_id = p["user_id"]
        member = self._target(chat, user_id)
        old = member.copy()
        if chat.type == "supergroup":
            member.become("kicked", until_date=until(p.get("until_date")))
        else:
            member.become("left")  # a basic group has no list of banned users: removed only
        chat.join_requests.pop(user_id, None)
        if old.in_chat:
            self._removed(chat, user_id)
        self._tell(chat, user_id, old, member)
        return True

    async def unbanChatMember(self, c: Call) -> bool:  # noqa: N802
        p = c.params
        chat = self._chat(p["chat_id"])
        if chat.type != "supergroup":
            raise bad_request(_SUPERGROUPS_AND_CHANNELS)
        self._group_admin(chat, "can_restrict_members", _RESTRICT_RIGHTS)
        user_id = p["user_id"]
        if user_id == self.state.bot_user["id"]:
            raise bad_request("can't restrict self")
        if user_id not in self.state.users:
            raise bad_request("user not found")
        member = chat.peek(user_id)
        if member.status == "left" or (member.status != "kicked" and p.get("only_if_banned")):
            return True
        # Not banned: Telegram guarantees they are out of the chat afterwards (a kick).
        member = self._target(chat, user_id)
        old = member.copy()
        member.become("left")
        if old.in_chat:
            self._removed(chat, user_id)
        self._tell(chat, user_id, old, member)
        return True

    def _join_request(self, p: Mapping[str, Any]) -> tuple[Chat, int, JSON]:
        chat = self._chat(p["chat_id"])
        if not chat.is_group:
            raise bad_request("the chat can't have join requests")
        self._group_admin(chat, "can_invite_users", _JOIN_REQUEST_RIGHTS)
        user_id = p["user_id"]
        if chat.peek(user_id).in_chat:
            raise bad_request("USER_ALREADY_PARTICIPANT")
        request = chat.join_requests.pop(user_id, None)
        if request is None:
            raise bad_request("HIDE_REQUESTER_MISSING")
        return chat, user_id, request

    async def approveChatJoinRequest(self, c: Call) -> bool:  # noqa: N802
        chat, user_id, request = self._join_request(c.params)
        extra: JSON = {"via_join_request": True}
        if "invite_link" in request:
            extra["invite_link"] = request["invite_link"]
        self.state.join_group(chat, self.state.users[user_id], self.state.bot_user, extra)
        return True

    async def declineChatJoinRequest(self, c: Call) -> bool:  # noqa: N802
        chat, _, _ = self._join_request(c.params)
        chat.roster_changed()
        return True

    def _admin_chat(self, p: Mapping[str, Any], refusal: str) -> Chat:
        chat = self._chat(p["chat_id"])
        if not chat.is_group:
            raise bad_request(refusal)
        self._group_admin(chat, "can_invite_users", refusal)
        return chat

    async def createChatInviteLink(self, c: Call) -> JSON:  # noqa: N802
        p = c.params
        chat = self._admin_chat(p, "not enough rights to manage chat invite links")
        if p.get("creates_join_request") and "member_limit" in p:
            raise bad_request(
                "member limit can't be specified for links requiring administrator approval"
            )
        link: JSON = {
            "invite_link": f"https://t.me/+{secrets.token_urlsafe(12)}",
            "creator": self.state.bot_user,
            "creates_join_request": bool(p.get("creates_join_request")),
            "is_primary": False,
            "is_revoked": False,
        }
        for key in ("name", "expire_date", "member_limit"):
            if key in p:
                link[key] = p[key]
        chat.invite_links.append(link)
        return link

    async def exportChatInviteLink(self, c: Call) -> str:  # noqa: N802
        chat = self._admin_chat(c.params, "not enough rights to manage chat invite links")
        for old in chat.invite_links:
            if old["is_primary"]:
                old["is_revoked"] = True
                old["is_primary"] = False
        link: JSON = {
            "invite_link": f"https://t.me/+{secrets.token_urlsafe(12)}",
            "creator": self.state.bot_user,
            "creates_join_request": False,
            "is_primary": True,
            "is_revoked": False,
        }
        chat.invite_links.insert(0, link)
        return str(link["invite_link"])

    async def revokeChatInviteLink(self, c: Call) -> JSON:  # noqa: N802
        p = c.params
        chat = self._admin_chat(p, "not enough rights to manage chat invite links")
        for link in chat.invite_links:
            if link["invite_link"] == p["invite_link"]:
                link["is_revoked"] = True
                return link
        raise bad_request("INVITE_HASH_EXPIRED")

    async def leaveChat(self, c: Call) -> bool:  # noqa: N802
        chat = self._chat(c.params["chat_id"])
        if not chat.is_group:
            raise bad_request("chat member status can't be changed in private chats")
        self._reachable(chat)
        bot = self.state.bot_user
        old = chat.bot.copy()
        chat.bot.become("left")
        self.state.post(chat, bot, {"left_chat_member": bot}, deliver=False)
        self.state.member_changed(chat, bot["id"], old, bot)
        return True

    async def pinChatMessage(self, c: Call) -> bool:  # noqa: N802
        p = c.params
        chat = self._chat(p["chat_id"])
        if chat.is_group:
            self._group_admin(chat, "can_pin_messages", _PIN_RIGHTS)
        message = self._message(chat, p["message_id"], "message to pin not found")
        chat.pinned = message.message_id
        if chat.is_group:
            # The group sees "… pinned …"; it is the bot's own message, so it is not an update.
            pinned = dict(message.data)
            pinned.pop("reply_to_message", None)
            self.state.post(chat, self.state.bot_user, {"pinned_message": pinned}, deliver=False)
        return True

    async def unpinChatMessage(self, c: Call) -> bool:  # noqa: N802
        p = c.params
        chat = self._chat(p["chat_id"])
        if chat.is_group:
            self._group_admin(chat, "can_pin_messages", _PIN_RIGHTS)
        if "message_id" in p and p["message_id"] != chat.pinned:
            self._message(chat, p["message_id"], "message to unpin not found")
            return True
        chat.pinned = None
        chat.roster_changed()
        return True

    async def unpinAllChatMessages(self, c: Call) -> bool:  # noqa: N802
        p = c.params
        chat = self._chat(p["chat_id"])
        if chat.is_group:
            self._group_admin(chat, "can_pin_messages", _PIN_RIGHTS)
        chat.pinned = None
        chat.roster_changed()
        return True

    async def setMessageReaction(self, c: Call) -> bool:  # noqa: N802
        p = c.params
        chat = self._chat(p["chat_id"])
        self._message(chat, p["message_id"], "message to react not found")
        return True


def _kind_of(content: JSON) -> str:
    """Which send permission ``content`` needs."""
    return next((k for k in _MEDIA_KEYS if k in content), "text")


def _check_web_app(url: str, what: str) -> None:
    problem = url_problem(url)
    if problem is not None:
        raise bad_request(f"{what} Web App URL '{url}' is invalid: {problem}")


def _media_object(file: StoredFile, kind: str) -> Any:
    if kind == "photo":
        return file.photo()
    if kind == "video":
        return file.video()
    return file.document()
