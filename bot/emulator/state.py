"""Everything the emulator remembers: users, chats and their messages, files, updates, stats.

All of it lives in one event loop and is only touched from it, so no locks are needed. Every
collection is bounded (see :class:`bot.emulator.config.EmulatorConfig`) and every lookup on the
hot path is a dict access, so the cost of a request does not grow with the history.
"""

from __future__ import annotations

import asyncio
import secrets
import time
from collections import Counter, OrderedDict, deque
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from bot.emulator.config import EmulatorConfig, Limits
from bot.emulator.entities import render_html
from bot.emulator.groups import DEFAULT_PERMISSIONS, Member
from bot.emulator.ratelimit import SendLimiter

JSON = dict[str, Any]

# Telegram's default when a bot never said which updates it wants.
_NOT_BY_DEFAULT = frozenset({"chat_member", "message_reaction", "message_reaction_count"})
_WEBAPP_QUERIES_KEPT = 1000
# Fields that make a message a service message (someone joined, left, a pin...).
SERVICE_KEYS = (
    "new_chat_members",
    "left_chat_member",
    "pinned_message",
    "group_chat_created",
    "web_app_data",
)


def now_ts() -> int:
    """Telegram's ``date``: whole seconds since the epoch."""
    return int(time.time())


class Signal:
    """A broadcast wake-up: waiters take the current event, a change sets it and starts anew."""

    __slots__ = ("_event",)

    def __init__(self) -> None:
        self._event = asyncio.Event()

    def fire(self) -> None:
        """Wake everyone waiting now."""
        self._event.set()
        self._event = asyncio.Event()

    async def wait(self, seconds: float) -> bool:
        """Wait for the next :meth:`fire`; ``False`` when ``seconds`` passed first."""
        event = self._event
        try:
            await asyncio.wait_for(event.wait(), seconds)
        except TimeoutError:
            return False
        return True


@dataclass(eq=False)
class User:
    """A person played through the control API or the web chat."""

    id: int
    first_name: str
    last_name: str | None = None
    username: str | None = None
    language_code: str | None = None
    blocked: bool = False
    # Who this person is in a demo or a test ("moderator · Georgia"); the emulator's own
    # label, shown in the web chat and never sent to the bot.
    note: str | None = None
    # Another bot (a spam bot a member adds to a group): it never talks to this bot in private.
    is_bot: bool = False

    def to_api(self) -> JSON:
        """The Telegram ``User`` object."""
        out: JSON = {"id": self.id, "is_bot": self.is_bot, "first_name": self.first_name}
        if self.last_name:
            out["last_name"] = self.last_name
        if self.username:
            out["username"] = self.username
        if self.language_code:
            out["language_code"] = self.language_code
        return out


@dataclass(eq=False, slots=True)
class StoredFile:
    """A file somebody uploaded; ``path`` is what ``getFile`` hands out."""

    file_id: str
    file_unique_id: str
    data: bytes
    file_name: str | None
    mime_type: str | None
    path: str
    kind: str
    width: int = 0
    height: int = 0

    def document(self) -> JSON:
        """The Telegram ``Document`` object."""
        out: JSON = {
            "file_id": self.file_id,
            "file_unique_id": self.file_unique_id,
            "file_size": len(self.data),
        }
        if self.file_name:
            out["file_name"] = self.file_name
        if self.mime_type:
            out["mime_type"] = self.mime_type
        return out

    def photo(self) -> list[JSON]:
        """The Telegram ``Array of PhotoSize`` (one size: the emulator does not resize)."""
        return [
            {
                "file_id": self.file_id,
                "file_unique_id": self.file_unique_id,
                "file_size": len(self.data),
                "width": self.width,
                "height": self.height,
            }
        ]

    def video(self) -> JSON:
        """The Telegram ``Video`` object."""
        return {**self.document(), "width": self.width, "height": self.height, "duration": 0}


class FileStore:
    """Uploaded files by ``file_id`` and by path; the oldest go when the byte budget is spent."""

    def __init__(self, max_bytes: int) -> None:
        self._max_bytes = max_bytes
        self._by_id: OrderedDict[str, StoredFile] = OrderedDict()
        self._by_path: dict[str, StoredFile] = {}
        self._bytes = 0
        self._counter = 0

    def add(
        self,
        data: bytes,
        file_name: str | None,
        mime_type: str | None,
        kind: str,
        size: tuple[int, int] = (0, 0),
    ) -> StoredFile:
        """Store ``data`` and give it fresh identifiers."""
        self._counter += 1
        prefix = {"photo": "AgAC", "video": "BAAC"}.get(kind, "BQAC")
        ext = ""
        if file_name and "." in file_name:
            ext = "." + file_name.rsplit(".", 1)[1][:10]
        elif kind == "photo":
            ext = ".jpg"
        stored = StoredFile(
            file_id=f"{prefix}{self._counter}_{secrets.token_urlsafe(12)}",
            file_unique_id=f"AQAD{self._counter}{secrets.token_hex(3)}",
            data=data,
            file_name=file_name,
            mime_type=mime_type,
            path=f"{kind}s/file_{self._counter}{ext}",
            kind=kind,
            width=size[0],
            height=size[1],
        )
        self._by_id[stored.file_id] = stored
        self._by_path[stored.path] = stored
        self._bytes += len(data)
        while self._bytes > self._max_bytes and len(self._by_id) > 1:
            _, old = self._by_id.popitem(last=False)
            self._by_path.pop(old.path, None)
            self._bytes -= len(old.data)
        return stored

    def get(self, file_id: str) -> StoredFile | None:
        """The file with this ``file_id``."""
        return self._by_id.get(file_id)

    def by_path(self, path: str) -> StoredFile | None:
        """The file ``getFile`` called ``path``."""
        return self._by_path.get(path)

    def clear(self) -> None:
        """Forget every file."""
        self._by_id.clear()
        self._by_path.clear()
        self._bytes = 0


@dataclass(eq=False, slots=True)
class StoredMessage:
    """One message of a chat: ``data`` is the Telegram ``Message`` as the bot sees it."""

    data: JSON
    from_bot: bool
    markup: JSON | None = None  # reply_markup as sent, of any kind (Message only echoes inline)
    file: StoredFile | None = None
    edited: bool = False
    deleted: bool = False
    version: int = 0
    # The last transcript and what it was made of: the control API hands the same message out
    # on every poll of the chat, and rendering its HTML was most of the emulator's work.
    _shown: tuple[JSON, JSON | None, bool, bool, JSON] | None = field(
        default=None, init=False, repr=False
    )

    @property
    def message_id(self) -> int:
        """The message's id inside its chat."""
        return int(self.data["message_id"])

    @property
    def service(self) -> str | None:
        """What kind of service message this is (``new_chat_members``...), or ``None``."""
        return next((key for key in SERVICE_KEYS if key in self.data), None)

    def text(self) -> tuple[str, list[JSON]]:
        """Text or caption, with its entities."""
        if "text" in self.data:
            return self.data["text"], self.data.get("entities", [])
        return self.data.get("caption", ""), self.data.get("caption_entities", [])

    def transcript(self) -> JSON:
        """The control API's shape of a message (EMULATOR.md); a new dict each time (callers
        add their own keys), made again only when the message changed."""
        shown = self._shown
        # ``data`` is replaced, never changed in place, by an edit (``BotApi._apply_edit``).
        if (
            shown is not None
            and shown[0] is self.data
            and shown[1] is self.markup
            and (shown[2], shown[3]) == (self.edited, self.deleted)
        ):
            out = dict(shown[4])
        else:
            out = self._transcript()
            self._shown = (self.data, self.markup, self.edited, self.deleted, out)
            out = dict(out)
        if "document" in out:
            out["document"] = dict(out["document"])
        return out

    def _transcript(self) -> JSON:
        text, entities = self.text()
        out: JSON = {
            "message_id": self.message_id,
            "from_bot": self.from_bot,
            "date": self.data["date"],
            "text": text,
            "html": render_html(text, entities),
            "entities": entities,
            "reply_markup": self.markup,
            "edited": self.edited,
            "deleted": self.deleted,
        }
        if self.data["chat"]["type"] != "private":
            out["from"] = self.data["from"]  # in a group: who wrote it
        service = self.service
        if service is not None:
            out["service"] = service
        if self.file is not None:
            out["document"] = {
                "file_name": self.file.file_name or self.file.path.rsplit("/", 1)[-1],
                "mime_type": self.file.mime_type
                or ("image/jpeg" if self.file.kind == "photo" else "application/octet-stream"),
                "size": len(self.file.data),
            }
        return out


class Chat:
    """A private chat with one user, or a group; holds its recent messages."""

    def __init__(
        self,
        chat_id: int,
        kind: str,
        max_messages: int,
        *,
        user: User | None = None,
        title: str | None = None,
        username: str | None = None,
    ) -> None:
        self.id = chat_id
        self.type = kind
        self.user = user
        self.title = title
        self.username = username
        # Groups: everyone the group has seen, the bot's own standing, the members' default
        # permissions and the join requests waiting for an administrator.
        self.roster: dict[int, Member] = {}
        self.bot = Member("member")
        self.permissions: dict[str, bool] = dict(DEFAULT_PERMISSIONS)
        self.join_requests: dict[int, JSON] = {}
        self.roster_version = 0
        self.invite_links: list[JSON] = []
        self.pinned: int | None = None
        self.messages: OrderedDict[int, StoredMessage] = OrderedDict()
        self.next_message_id = 1
        self.version = 0
        self.changed = Signal()
        self.reply_keyboard: JSON | None = None
        self.callback_answers: deque[JSON] = deque(maxlen=20)
        # The ids of the answers a web chat poll has already returned (shown once).
        self.delivered_answers: set[str] = set()
        self.action: tuple[str, float] | None = None
        self._max_messages = max_messages
        self._api: JSON | None = None

    @property
    def is_group(self) -> bool:
        """Groups and supergroups (their own flood limit, members, admins)."""
        return self.type in ("group", "supergroup")

    # --- membership (groups) ------------------------------------------------------------------

    def member(self, user_id: int) -> Member:
        """A person's standing, kept from now on (``left`` if the group never saw them)."""
        found = self.roster.get(user_id)
        if found is None:
            found = self.roster[user_id] = Member()
        found.settle()
        return found

    def peek(self, user_id: int) -> Member:
        """A person's standing without keeping a record for a stranger."""
        found = self.roster.get(user_id)
        if found is None:
            return Member()
        found.settle()
        return found

    @property
    def members(self) -> list[int]:
        """Ids of the people in the group now, in the order they came."""
        return [uid for uid in self.roster if self.peek(uid).in_chat]

    @property
    def bot_status(self) -> str:
        """The bot's own status here (``member`` in a private chat)."""
        self.bot.settle()
        return self.bot.status

    def bot_can(self, right: str) -> bool:
        """The bot is an administrator here holding ``right``."""
        self.bot.settle()
        return self.bot.can(right)

    def roster_changed(self) -> None:
        """Someone's standing changed: wake the web chat so it shows it."""
        self.roster_version += 1
        self.version += 1
        self.changed.fire()

    def to_api(self) -> JSON:
        """The Telegram ``Chat`` object (cached: chats do not change)."""
        if self._api is None:
            out: JSON = {"id": self.id, "type": self.type}
            if self.user is not None:
                out["first_name"] = self.user.first_name
                if self.user.last_name:
                    out["last_name"] = self.user.last_name
                if self.user.username:
                    out["username"] = self.user.username
            if self.title:
                out["title"] = self.title
            if self.username:
                out["username"] = self.username
            self._api = out
        return self._api

    def forget_api(self) -> None:
        """Rebuild :meth:`to_api` next time (the user's profile changed)."""
        self._api = None

    def add(self, message: StoredMessage) -> None:
        """Keep a new message, dropping the oldest beyond the cap, and wake waiters."""
        self.messages[message.message_id] = message
        if len(self.messages) > self._max_messages:
            self.messages.popitem(last=False)
        self.touch(message)

    def touch(self, message: StoredMessage) -> None:
        """Mark ``message`` changed (new, edited, deleted) and wake waiters."""
        self.version += 1
        message.version = self.version
        self.changed.fire()

    def take_message_id(self) -> int:
        """The next id; user and bot messages share one sequence, as in Telegram."""
        mid = self.next_message_id
        self.next_message_id += 1
        return mid

    def after(self, after_id: int) -> list[StoredMessage]:
        """Messages with an id above ``after_id``, oldest first; walks back only that far."""
        out: list[StoredMessage] = []
        for mid in reversed(self.messages):
            if mid <= after_id:
                break
            out.append(self.messages[mid])
        out.reverse()
        return out

    def changed_since(self, version: int) -> list[StoredMessage]:
        """Messages created or changed after ``version`` (for the web chat), oldest first."""
        return [m for m in self.messages.values() if m.version > version]


@dataclass(eq=False, slots=True)
class CallbackQueryRecord:
    """A callback query the bot has to answer."""

    created: float
    user_id: int
    chat_id: int
    answered: bool = False


class UpdateQueue:
    """Updates waiting for the bot, oldest first, with contiguous ids.

    Ids are contiguous inside the queue because only kept updates take an id, so counting
    what is not fetched yet is arithmetic, not a scan.
    """

    def __init__(self, all_types: tuple[str, ...], max_pending: int) -> None:
        self.all_types = frozenset(all_types)
        self.allowed: frozenset[str] = self.all_types - _NOT_BY_DEFAULT
        self.items: deque[JSON] = deque()
        self.next_id = 1
        self.fetched_upto = 0  # the highest update_id handed to the bot
        # Webhook mode takes updates out of order (one sender at a time, many senders at
        # once), and an update stays pending until the webhook acknowledged it, as Telegram's
        # pending_update_count: the arithmetic of ``unfetched`` does not apply then.
        self.by_webhook = False
        self.arrived = Signal()
        self._max_pending = max_pending

    def push(self, kind: str, payload: JSON) -> int | None:
        """Queue an update unless the bot excluded its kind; the new ``update_id`` or ``None``."""
        if kind not in self.allowed:
            return None
        update_id = self.next_id
        self.next_id += 1
        self.items.append({"update_id": update_id, kind: payload})
        if len(self.items) > self._max_pending:
            self.items.popleft()  # Telegram, too, forgets updates nobody fetches
        self.arrived.fire()
        return update_id

    def set_allowed(self, kinds: list[str]) -> None:
        """``allowed_updates``: an empty list means Telegram's default set."""
        wanted = frozenset(kinds) & self.all_types
        self.allowed = wanted if kinds else self.all_types - _NOT_BY_DEFAULT

    def confirm(self, offset: int) -> None:
        """getUpdates ``offset``: forget updates below it; negative keeps the last ``-offset``."""
        items = self.items
        if offset < 0:
            while len(items) > -offset:
                items.popleft()
        else:
            while items and items[0]["update_id"] < offset:
                items.popleft()

    def peek(self, limit: int) -> list[JSON]:
        """Up to ``limit`` oldest updates, marked fetched."""
        out = [self.items[i] for i in range(min(limit, len(self.items)))]
        if out:
            self.fetched_upto = max(self.fetched_upto, out[-1]["update_id"])
        return out

    def remove(self, update_id: int) -> None:
        """Drop an update once a webhook took it (if it is still queued)."""
        for index, item in enumerate(self.items):
            if item["update_id"] == update_id:
                del self.items[index]
                return

    def clear(self) -> None:
        """Drop every pending update (ids keep growing so a bot's offset stays valid)."""
        if self.items:
            self.fetched_upto = max(self.fetched_upto, self.items[-1]["update_id"])
        self.items.clear()

    @property
    def unfetched(self) -> int:
        """Updates the bot has not been handed yet."""
        if not self.items:
            return 0
        if self.by_webhook:
            return len(self.items)
        first = int(self.items[0]["update_id"])
        return int(self.items[-1]["update_id"]) - max(self.fetched_upto, first - 1)

    def __len__(self) -> int:
        return len(self.items)


class Stats:
    """Counters for ``GET /_emulator/stats``."""

    def __init__(self, refusals_kept: int) -> None:
        self.calls: Counter[str] = Counter()
        self.errors: Counter[str] = Counter()
        self.refusals: deque[JSON] = deque(maxlen=refusals_kept)

    def refused(self, method: str, status: int, description: str) -> None:
        """Count one refused call and remember it."""
        self.errors[str(status)] += 1
        self.refusals.append(
            {"method": method, "status": status, "description": description, "date": now_ts()}
        )

    def reset(self) -> None:
        """Start counting afresh."""
        self.calls.clear()
        self.errors.clear()
        self.refusals.clear()


@dataclass
class WebhookState:
    """What setWebhook set; an empty ``url`` means long polling."""

    url: str = ""
    secret_token: str | None = None
    max_connections: int = 40
    ip_address: str | None = None
    last_error_date: int | None = None
    last_error_message: str | None = None


@dataclass
class BotProfile:
    """The bot's own settings: commands, descriptions, names, menu buttons."""

    commands: dict[tuple[str, int | None, int | None, str], list[JSON]] = field(
        default_factory=dict
    )
    descriptions: dict[str, str] = field(default_factory=dict)
    short_descriptions: dict[str, str] = field(default_factory=dict)
    names: dict[str, str] = field(default_factory=dict)
    menu_buttons: dict[int | None, JSON] = field(default_factory=dict)
    admin_rights: dict[bool, JSON] = field(default_factory=dict)


class EmulatorState:
    """The whole in-memory world of one emulator."""

    def __init__(self, config: EmulatorConfig, update_types: tuple[str, ...]) -> None:
        self.config = config
        self.limits = Limits.from_config(config)
        self.bot_user: JSON = {
            "id": config.bot_id,
            "is_bot": True,
            "first_name": config.bot_first_name,
            "username": config.bot_username,
        }
        self.users: dict[int, User] = {}
        self.chats: dict[int, Chat] = {}
        self.chats_by_username: dict[str, Chat] = {}
        self.files = FileStore(config.max_stored_file_bytes)
        self.updates = UpdateQueue(update_types, config.max_pending_updates)
        self.stats = Stats(config.refusals_kept)
        self.limiter = SendLimiter(config.per_chat_burst)
        self.callbacks: OrderedDict[str, CallbackQueryRecord] = OrderedDict()
        self.inline_waiters: dict[str, asyncio.Future[JSON]] = {}
        # Mini Apps opened with a query_id the bot may answer once (answerWebAppQuery).
        self.webapp_queries: OrderedDict[str, int] = OrderedDict()
        self.webhook = WebhookState()
        self.profile = BotProfile()
        self.poller_active = False
        self.inflight = 0
        self.last_activity = time.monotonic()
        self.closing = False
        self._next_user_id = 1001
        self._next_group_id = -1001000000001
        self._next_basic_group_id = -4100000001
        self._query_counter = 0

    # --- users and chats ----------------------------------------------------------------------

    def upsert_user(
        self,
        first_name: str,
        user_id: int | None = None,
        username: str | None = None,
        language_code: str | None = None,
        last_name: str | None = None,
        note: str | None = None,
        is_bot: bool = False,
    ) -> User:
        """Create a user (and the private chat with the bot), or update an existing one."""
        if user_id is None:
            while self._next_user_id in self.users:
                self._next_user_id += 1
            user_id = self._next_user_id
            self._next_user_id += 1
        user = self.users.get(user_id)
        if user is None:
            user = User(
                user_id, first_name, last_name, username, language_code, note=note, is_bot=is_bot
            )
            self.users[user_id] = user
            self.chats[user_id] = Chat(
                user_id, "private", self.config.max_messages_per_chat, user=user
            )
        else:
            user.first_name = first_name
            user.last_name = last_name
            user.username = username
            user.language_code = language_code
            user.note = note
            user.is_bot = is_bot
            self.chats[user_id].forget_api()
        return user

    def create_group(
        self, title: str, username: str | None, members: list[int], kind: str = "supergroup"
    ) -> Chat:
        """A group (``supergroup`` by default); the first member is its creator.

        The bot is not in it yet: :meth:`bot_joins` adds it, as a person would.
        """
        if kind == "supergroup":
            chat_id = self._next_group_id
            self._next_group_id -= 1
        else:
            chat_id = self._next_basic_group_id
            self._next_basic_group_id -= 1
        chat = Chat(
            chat_id,
            kind,
            self.config.max_messages_per_chat,
            title=title,
            username=username,
        )
        chat.bot.become("left")
        for index, user_id in enumerate(members):
            chat.member(user_id).become("creator" if index == 0 else "member")
        self.chats[chat_id] = chat
        if username:
            self.chats_by_username[username.lower()] = chat
        return chat

    # --- what happens in a group --------------------------------------------------------------

    def deliver(self, chat: Chat, kind: str, payload: JSON) -> int | None:
        """Queue an update from ``chat``, unless the bot cannot see it (not in the group)."""
        if chat.is_group and kind != "my_chat_member" and not chat.bot.in_chat:
            return None
        return self.updates.push(kind, payload)

    def post(
        self,
        chat: Chat,
        sender: JSON,
        content: JSON,
        *,
        deliver: bool = True,
        file: StoredFile | None = None,
    ) -> tuple[StoredMessage, int | None]:
        """A message (or a service message) from ``sender`` kept in ``chat``; queued for the
        bot when ``deliver`` and the bot can see it. Returns it and its ``update_id``."""
        data: JSON = {
            "message_id": chat.take_message_id(),
            "from": sender,
            "chat": chat.to_api(),
            "date": now_ts(),
            **content,
        }
        from_bot = sender.get("id") == self.bot_user["id"]
        message = StoredMessage(data, from_bot=from_bot, file=file)
        chat.add(message)
        update_id = self.deliver(chat, "message", data) if deliver else None
        return message, update_id

    def member_changed(
        self, chat: Chat, user_id: int, old: Member, actor: JSON, **extra: Any
    ) -> int | None:
        """Tell the bot a standing changed: ``my_chat_member`` for itself, else ``chat_member``."""
        chat.roster_changed()
        if user_id == self.bot_user["id"]:
            kind, user, new = "my_chat_member", self.bot_user, chat.bot
        else:
            kind, new = "chat_member", chat.peek(user_id)
            user = self.user_api(user_id) or {"id": user_id, "is_bot": False, "first_name": "?"}
        payload: JSON = {
            "chat": chat.to_api(),
            "from": actor,
            "date": now_ts(),
            "old_chat_member": old.to_api(user),
            "new_chat_member": new.to_api(user),
            **extra,
        }
        return self.deliver(chat, kind, payload)

    def join_group(
        self, chat: Chat, user: User, actor: JSON, extra: JSON | None = None
    ) -> tuple[StoredMessage, int | None, int | None]:
        """``user`` comes into ``chat`` (a restriction stays, as in Telegram): the
        ``new_chat_members`` message and the ``chat_member`` update. Returns the message and
        both update ids."""
        member = chat.member(user.id)
        old = member.copy()
        if member.status == "restricted":
            member.is_member = True
        else:
            member.become("member")
        chat.join_requests.pop(user.id, None)
        message, message_update = self.post(
            chat, user.to_api(), {"new_chat_members": [user.to_api()]}
        )
        member_update = self.member_changed(chat, user.id, old, actor, **(extra or {}))
        return message, message_update, member_update

    def leave_group(self, chat: Chat, user: User) -> None:
        """``user`` leaves ``chat`` (a restriction stays for when they come back)."""
        member = chat.member(user.id)
        old = member.copy()
        if member.status == "restricted":
            member.is_member = False
        else:
            member.become("left")
        self.post(chat, user.to_api(), {"left_chat_member": user.to_api()})
        self.member_changed(chat, user.id, old, user.to_api())

    def commands_for(self, user: User, chat: Chat) -> list[JSON]:
        """The command menu a Telegram client shows ``user`` in ``chat`` (Telegram's order of
        scopes, each with the user's language first)."""
        commands = self.profile.commands
        if chat.is_group:
            admin = chat.peek(user.id).is_admin
            scopes: list[tuple[str, int | None, int | None]] = [("chat_member", chat.id, user.id)]
            if admin:
                scopes.append(("chat_administrators", chat.id, None))
            scopes.append(("chat", chat.id, None))
            if admin:
                scopes.append(("all_chat_administrators", None, None))
            scopes.append(("all_group_chats", None, None))
        else:
            scopes = [("chat", chat.id, None), ("all_private_chats", None, None)]
        scopes.append(("default", None, None))
        langs = [user.language_code, ""] if user.language_code else [""]
        for scope in scopes:
            for lang in langs:
                found = commands.get((*scope, lang))
                if found:
                    return found
        return []

    def find_chat(self, chat_id: int | str) -> Chat | None:
        """A chat by id or by ``@username`` (groups only, as in Telegram)."""
        if isinstance(chat_id, int):
            return self.chats.get(chat_id)
        if chat_id.startswith("@"):
            return self.chats_by_username.get(chat_id[1:].lower())
        return None

    def user_api(self, user_id: int) -> JSON | None:
        """The ``User`` object of a known user (for ``tg://user?id=`` links)."""
        user = self.users.get(user_id)
        return user.to_api() if user is not None else None

    # --- ids ----------------------------------------------------------------------------------

    def next_query_id(self) -> str:
        """A fresh id for a callback or inline query (Telegram's are long decimal strings)."""
        self._query_counter += 1
        return f"{self.config.bot_id}{self._query_counter:08d}{secrets.randbelow(10**6):06d}"

    def chat_instance(self, chat: Chat) -> str:
        """A stable per-chat token, as Telegram sends in callback queries."""
        return str((chat.id * 2654435761 + self.config.bot_id) & 0x7FFFFFFFFFFFFFFF)

    # --- callback queries ---------------------------------------------------------------------

    def add_callback(self, query_id: str, user_id: int, chat_id: int) -> None:
        """Remember a callback query until it is answered or too old to answer."""
        now = time.monotonic()
        self.callbacks[query_id] = CallbackQueryRecord(now, user_id, chat_id)
        horizon = now - max(60.0, self.config.callback_answer_timeout)
        while self.callbacks:
            first = next(iter(self.callbacks.values()))
            if first.created >= horizon:
                break
            self.callbacks.popitem(last=False)

    def add_webapp_query(self, user_id: int) -> str:
        """A fresh ``query_id`` for a Mini App ``user_id`` opened; the oldest are forgotten."""
        query_id = f"AAH{secrets.token_urlsafe(18)}"
        self.webapp_queries[query_id] = user_id
        while len(self.webapp_queries) > _WEBAPP_QUERIES_KEPT:
            self.webapp_queries.popitem(last=False)
        return query_id

    # --- activity -----------------------------------------------------------------------------

    def touch_activity(self) -> None:
        """Something happened on the Bot API side (for ``idle``)."""
        self.last_activity = time.monotonic()

    def is_idle(self) -> bool:
        """Every update fetched, no call running, none arrived for the quiet period."""
        return (
            self.updates.unfetched == 0
            and self.inflight == 0
            and time.monotonic() - self.last_activity >= self.config.idle_quiet_seconds
        )

    # --- reset --------------------------------------------------------------------------------

    def reset(self) -> None:
        """All chats, users, files and pending updates gone; the bot's own settings stay."""
        for future in self.inline_waiters.values():
            future.cancel()
        self.inline_waiters.clear()
        self.users.clear()
        for chat in self.chats.values():
            chat.changed.fire()
        self.chats.clear()
        self.chats_by_username.clear()
        self.files.clear()
        self.updates.clear()
        self.stats.reset()
        self.limiter.reset()
        self.callbacks.clear()
        self.webapp_queries.clear()
        self._next_user_id = 1001
        self._next_group_id = -1001000000001
        self._next_basic_group_id = -4100000001

    def iter_chats(self) -> Iterator[Chat]:
        """Every chat."""
        return iter(self.chats.values())
