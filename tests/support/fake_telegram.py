"""A fake Bot API at the HTTP-session layer (aiogram's own testing approach).

The real ``Bot`` methods, serialisation of defaults and error mapping still run; only the
network is replaced. Each request is recorded, checked against the limits Telegram enforces
(text length, callback data bytes, HTML that parses), and answered with a plausible result, so
a whole conversation can be played through the real Dispatcher.
"""

from __future__ import annotations

import html.parser
import itertools
import json
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from aiogram import Bot
from aiogram.client.default import Default
from aiogram.client.session.base import BaseSession
from aiogram.methods import TelegramMethod
from aiogram.methods.base import TelegramType
from aiogram.types import InlineKeyboardMarkup

from bot.emulator.validation import ApiError, UploadedFile, load_spec

BOT_ID = 42
BOT_TOKEN = f"{BOT_ID}:TEST-token-for-tests"
BOT_USER = {"id": BOT_ID, "is_bot": True, "first_name": "Prichal", "username": "prichal_bot"}
ALLOWED_TAGS = {
    "b", "strong", "i", "em", "u", "ins", "s", "strike", "del", "a", "code", "pre",
    "tg-spoiler", "span", "blockquote", "tg-emoji",
}  # fmt: skip


class RefusedByTelegram(AssertionError):
    """The bot sent something real Telegram would refuse (a test failure, not a bot error)."""


@dataclass
class Sent:
    """A message the bot showed in a chat, as the member sees it now (edits applied)."""

    message_id: int
    chat_id: int
    text: str
    reply_markup: InlineKeyboardMarkup | None = None
    document: dict[str, Any] | None = None
    edited: bool = False
    deleted: bool = False

    def buttons(self) -> list[tuple[str, str]]:
        """(text, callback_data) of every inline button, row by row."""
        if self.reply_markup is None:
            return []
        return [
            (button.text, button.callback_data or button.url or "")
            for row in self.reply_markup.inline_keyboard
            for button in row
        ]


@dataclass
class FakeTelegram(BaseSession):
    requests: list[TelegramMethod[Any]] = field(default_factory=list)
    chats: dict[int, list[Sent]] = field(default_factory=dict)
    callback_answers: list[dict[str, Any]] = field(default_factory=list)
    documents: list[tuple[int, str, bytes]] = field(default_factory=list)
    # Photos the bot sent: (chat, the photo as sent — a file_id or an upload).
    photos: list[tuple[int, str]] = field(default_factory=list)
    # Files members sent to the bot, by file_id (served by getFile and the file download).
    uploads: dict[str, bytes] = field(default_factory=dict)
    # Public chats getChat finds, by @username (anything else: "chat not found").
    public_chats: dict[str, dict[str, Any]] = field(default_factory=dict)
    # Chats of users who blocked the bot: every send to them gets Telegram's 403.
    blocked: set[int] = field(default_factory=set)
    # Chats whose next sends fail on Telegram's side (502), as many times as the value says.
    failing: dict[int, int] = field(default_factory=dict)
    # Chats whose next sends get a flood wait (429, retry_after 1 s), as many times as the value.
    flooding: dict[int, int] = field(default_factory=dict)
    # Methods (by name, e.g. "SetMyCommands") Telegram refuses with a 400 while listed here.
    refusing: set[str] = field(default_factory=set)
    # The requests refused that way (recorded in ``requests`` too, as Telegram got them).
    refused: list[TelegramMethod[Any]] = field(default_factory=list)

    def __post_init__(self) -> None:
        super().__init__()
        self._ids = itertools.count(1000)

    def continue_from(self, other: FakeTelegram) -> None:
        """Be the Telegram ``other`` was, for a bot that restarted: the chats (and the message
        ids that go on from theirs) are Telegram's, not the process's."""
        self.chats = other.chats
        self._ids = other._ids

    async def close(self) -> None:
        return None

    async def stream_content(self, url: str, *args: Any, **kwargs: Any) -> Any:
        """The bytes of a file a member sent (see :meth:`upload`), as getFile named it."""
        file_id = url.rsplit("/", 1)[-1]
        if file_id not in self.uploads:
            raise RefusedByTelegram(f"no uploaded file {file_id!r}")
        yield self.uploads[file_id]

    def upload(self, content: bytes) -> str:
        """Keep a file a member is about to send; returns its file_id."""
        file_id = f"upload{len(self.uploads) + 1}"
        self.uploads[file_id] = content
        return file_id

    async def make_request(
        self, bot: Bot, method: TelegramMethod[TelegramType], timeout: int | None = None
    ) -> TelegramType:
        self.requests.append(method)
        _check_against_the_spec(self, bot, method)
        chat_id = getattr(method, "chat_id", None)
        if isinstance(chat_id, int) and chat_id in self.blocked:
            content = json.dumps(
                {
                    "ok": False,
                    "error_code": 403,
                    "description": "Forbidden: bot was blocked by the user",
                }
            )
            self.check_response(bot=bot, method=method, status_code=403, content=content)
        if isinstance(chat_id, int) and self.failing.get(chat_id, 0) > 0:
            self.failing[chat_id] -= 1
            content = json.dumps({"ok": False, "error_code": 502, "description": "Bad Gateway"})
            self.check_response(bot=bot, method=method, status_code=502, content=content)
        if isinstance(chat_id, int) and self.flooding.get(chat_id, 0) > 0:
            self.flooding[chat_id] -= 1
            content = json.dumps(
                {
                    "ok": False,
                    "error_code": 429,
                    "description": "Too Many Requests: retry after 1",
                    "parameters": {"retry_after": 1},
                }
            )
            self.check_response(bot=bot, method=method, status_code=429, content=content)
        if type(method).__name__ in self.refusing:
            self.refused.append(method)
            content = json.dumps(
                {"ok": False, "error_code": 400, "description": "Bad Request: refused in a test"}
            )
            self.check_response(bot=bot, method=method, status_code=400, content=content)
        result = self._respond(bot, method)
        content = json.dumps({"ok": True, "result": result})
        response = self.check_response(bot=bot, method=method, status_code=200, content=content)
        return response.result  # type: ignore[return-value]

    # ---- what the bot did ---------------------------------------------------------------

    def calls(self, name: str) -> list[TelegramMethod[Any]]:
        return [r for r in self.requests if type(r).__name__ == name]

    def chat_commands(self, chat_id: int) -> list[tuple[str, str]] | None:
        """The "/" menu set for one chat (``BotCommandScopeChat``) as the bot's calls left it:
        (command, description) pairs, or ``None`` when none is set (the default menu shows)."""
        current: list[tuple[str, str]] | None = None
        for request in self.requests:
            if getattr(getattr(request, "scope", None), "chat_id", None) != chat_id:
                continue
            if any(request is refused for refused in self.refused):
                continue
            name = type(request).__name__
            if name == "SetMyCommands":
                current = [(c.command, c.description) for c in request.commands]
            elif name == "DeleteMyCommands":
                current = None
        return current

    def transcript(self, chat_id: int) -> list[Sent]:
        return [m for m in self.chats.get(chat_id, []) if not m.deleted]

    # ---- answering ----------------------------------------------------------------------

    def _respond(self, bot: Bot, method: TelegramMethod[Any]) -> Any:
        name = type(method).__name__
        handler = getattr(self, f"_on_{name}", None)
        if handler is not None:
            return handler(bot, method)
        returning = getattr(method, "__returning__", None)
        if returning is bool:
            return True
        raise AssertionError(f"FakeTelegram has no answer for {name}; add one")

    def _message(self, chat_id: int, sent: Sent) -> dict[str, Any]:
        body: dict[str, Any] = {
            "message_id": sent.message_id,
            "date": int(datetime.now(UTC).timestamp()),
            "chat": {
                "id": chat_id,
                "type": "private" if chat_id > 0 else "supergroup",
                **({"first_name": "Member"} if chat_id > 0 else {"title": "Group"}),
            },
            "from": BOT_USER,
        }
        if sent.document is not None:
            body["document"] = sent.document
            if sent.text:
                body["caption"] = sent.text
        else:
            body["text"] = sent.text
        if sent.reply_markup is not None:
            body["reply_markup"] = sent.reply_markup.model_dump(mode="json", exclude_none=True)
        return body

    def _on_GetMe(self, bot: Bot, method: Any) -> Any:
        return BOT_USER

    def _on_SendMessage(self, bot: Bot, method: Any) -> Any:
        text = _check_text(method.text, self._parse_mode(bot, method), limit=4096)
        markup = _check_markup(method.reply_markup)
        sent = Sent(next(self._ids), int(method.chat_id), text, markup)
        self.chats.setdefault(sent.chat_id, []).append(sent)
        return self._message(sent.chat_id, sent)

    def _on_SendDocument(self, bot: Bot, method: Any) -> Any:
        caption = method.caption or ""
        if caption:
            _check_text(caption, self._parse_mode(bot, method), limit=1024)
        payload = getattr(method.document, "data", b"")
        filename = getattr(method.document, "filename", None) or "file"
        self.documents.append((int(method.chat_id), filename, payload))
        document = {
            "file_id": f"doc{len(self.documents)}",
            "file_unique_id": f"u{len(self.documents)}",
            "file_name": filename,
            "file_size": len(payload),
        }
        sent = Sent(
            next(self._ids),
            int(method.chat_id),
            caption,
            _check_markup(method.reply_markup),
            document=document,
        )
        self.chats.setdefault(sent.chat_id, []).append(sent)
        return self._message(sent.chat_id, sent)

    def _on_SendPhoto(self, bot: Bot, method: Any) -> Any:
        caption = method.caption or ""
        if caption:
            _check_text(caption, self._parse_mode(bot, method), limit=1024)
        number = len(self.photos) + 1
        self.photos.append((int(method.chat_id), str(method.photo)))
        sent = Sent(
            next(self._ids), int(method.chat_id), caption, _check_markup(method.reply_markup)
        )
        self.chats.setdefault(sent.chat_id, []).append(sent)
        body = self._message(sent.chat_id, sent)
        body.pop("text", None)
        if caption:
            body["caption"] = caption
        # A photo sent by a file_id this fake issued keeps it (as Telegram's stays valid).
        file_id = str(method.photo)
        if not file_id.startswith("photo"):
            file_id = f"photo{number}"
        body["photo"] = [
            {"file_id": file_id, "file_unique_id": f"p{number}", "width": 90, "height": 90}
        ]
        return body

    def _find(self, chat_id: int, message_id: int) -> Sent:
        for sent in self.chats.get(chat_id, []):
            if sent.message_id == message_id and not sent.deleted:
                return sent
        raise RefusedByTelegram(f"message {message_id} to edit not found in chat {chat_id}")

    def _on_EditMessageText(self, bot: Bot, method: Any) -> Any:
        sent = self._find(int(method.chat_id), int(method.message_id))
        text = _check_text(method.text, self._parse_mode(bot, method), limit=4096)
        markup = _check_markup(method.reply_markup)
        if text == sent.text and markup == sent.reply_markup:
            # What Telegram answers (aiogram raises TelegramBadRequest; the bot must cope).
            self._refuse(
                bot,
                method,
                400,
                "Bad Request: message is not modified: specified new message content and "
                "reply markup are exactly the same as a current content and reply markup "
                "of the message",
            )
        sent.text, sent.reply_markup, sent.edited = text, markup, True
        return self._message(sent.chat_id, sent)

    def _on_EditMessageReplyMarkup(self, bot: Bot, method: Any) -> Any:
        sent = self._find(int(method.chat_id), int(method.message_id))
        sent.reply_markup, sent.edited = _check_markup(method.reply_markup), True
        return self._message(sent.chat_id, sent)

    def _on_DeleteMessage(self, bot: Bot, method: Any) -> Any:
        self._find(int(method.chat_id), int(method.message_id)).deleted = True
        return True

    def _on_GetFile(self, bot: Bot, method: Any) -> Any:
        content = self.uploads.get(method.file_id)
        if content is None:
            raise RefusedByTelegram("Bad Request: invalid file_id")
        return {
            "file_id": method.file_id,
            "file_unique_id": f"u-{method.file_id}",
            "file_size": len(content),
            "file_path": f"documents/{method.file_id}",
        }

    def _on_GetChat(self, bot: Bot, method: Any) -> Any:
        chat_id = str(method.chat_id)
        found = self.public_chats.get(chat_id.lower())
        if found is None:
            self._refuse(bot, method, 400, "Bad Request: chat not found")
            raise AssertionError("unreachable: the refusal raised")
        gifts = (
            "unlimited_gifts",
            "limited_gifts",
            "unique_gifts",
            "premium_subscription",
            "gifts_from_channels",
        )
        return {
            "accent_color_id": 0,
            "max_reaction_count": 11,
            "accepted_gift_types": dict.fromkeys(gifts, False),
            **found,
        }

    def _refuse(self, bot: Bot, method: Any, code: int, description: str) -> None:
        """Answer as Telegram does when it refuses (aiogram turns it into its exception)."""
        content = json.dumps({"ok": False, "error_code": code, "description": description})
        self.check_response(bot=bot, method=method, status_code=code, content=content)

    def _on_AnswerCallbackQuery(self, bot: Bot, method: Any) -> Any:
        if method.text is not None and len(method.text) > 200:
            raise RefusedByTelegram("callback answer text is over 200 characters")
        self.callback_answers.append(
            {"id": method.callback_query_id, "text": method.text, "alert": bool(method.show_alert)}
        )
        return True

    def _parse_mode(self, bot: Bot, method: Any) -> str | None:
        mode = getattr(method, "parse_mode", None)
        if isinstance(mode, Default):
            mode = bot.default[mode.name]
        return str(getattr(mode, "value", mode)) if mode else None


def _check_text(text: str, parse_mode: str | None, limit: int) -> str:
    """The text as the member would see it; refuses what Telegram refuses."""
    visible = _HtmlChecker.visible_text(text) if parse_mode == "HTML" else text
    if not visible.strip():
        raise RefusedByTelegram("message text is empty")
    if len(visible) > limit:
        raise RefusedByTelegram(f"message is too long ({len(visible)} > {limit})")
    return visible


def _check_markup(markup: Any) -> InlineKeyboardMarkup | None:
    if markup is None or isinstance(markup, Default):
        return None
    if isinstance(markup, InlineKeyboardMarkup):
        for row in markup.inline_keyboard:
            for button in row:
                if button.callback_data is not None and len(button.callback_data.encode()) > 64:
                    raise RefusedByTelegram(f"BUTTON_DATA_INVALID: {button.callback_data!r}")
                if not button.text.strip():
                    raise RefusedByTelegram("button text is empty")
        return markup
    return None


class _HtmlChecker(html.parser.HTMLParser):
    """Telegram's HTML: a few tags, properly nested, entities escaped."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.parts: list[str] = []

    @classmethod
    def visible_text(cls, text: str) -> str:
        checker = cls()
        if "<" in text.replace("&lt;", ""):
            for index, char in enumerate(text):
                if char == "<" and not (
                    text[index + 1 : index + 2].isalpha() or text[index + 1 : index + 2] == "/"
                ):
                    raise RefusedByTelegram(f"can't parse entities: stray '<' at {index}")
        checker.feed(text)
        checker.close()
        if checker.stack:
            raise RefusedByTelegram(f"can't parse entities: unclosed <{checker.stack[-1]}>")
        return "".join(checker.parts)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in ALLOWED_TAGS:
            raise RefusedByTelegram(f"can't parse entities: unsupported start tag <{tag}>")
        self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if not self.stack or self.stack[-1] != tag:
            raise RefusedByTelegram(f"can't parse entities: unexpected end tag </{tag}>")
        self.stack.pop()

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def _check_against_the_spec(session: BaseSession, bot: Bot, method: TelegramMethod[Any]) -> None:
    """What the emulator checks on the wire, here too: the request as aiogram would send it
    (form fields, objects as JSON strings, files as parts) must fit the Bot API spec."""
    files: dict[str, Any] = {}
    raw: dict[str, Any] = {}
    for key, value in method.model_dump(warnings=False).items():
        prepared = session.prepare_value(value, bot=bot, files=files)
        if prepared:
            raw[key] = prepared
    attachments = {
        name: UploadedFile(
            filename=getattr(part, "filename", None) or name,
            content_type="application/octet-stream",
            data=b"",
        )
        for name, part in files.items()
    }
    spec = load_spec()
    method_spec = spec.method(method.__api_method__)
    if method_spec is None:
        raise RefusedByTelegram(f"{method.__api_method__}: no such Bot API method")
    try:
        spec.validate_call(method_spec, raw, attachments)
    except ApiError as error:
        raise RefusedByTelegram(f"{method.__api_method__}: {error}") from None
