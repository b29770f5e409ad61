"""The control API's group calls (EMULATOR.md §2): people in groups, and what admins do there.

Everything a person does reaches the bot as Telegram would send it: a ``new_chat_members`` or
``left_chat_member`` message and a ``chat_member`` update for joins and leaves, a
``chat_join_request`` for a request, ``my_chat_member`` when someone adds, promotes or removes
the bot. A group the bot is not in sends it nothing (but ``my_chat_member`` when it is added).

Additions to the contract (none changes a contract shape): ``POST /_emulator/groups`` also takes
``"type": "group"`` (a basic group; default ``supergroup``), ``"add_bot": false`` (create it
without the bot, to add it later with ``…/bot``) and ``"bot_rights"``; ``…/admins`` takes
``"rights"`` and ``"by"``; ``…/join`` takes ``"invite_link"``; ``GET /_emulator/groups``
(``?user=`` adds that person's standing) and ``GET /_emulator/groups/{chat_id}?user=`` (the
web chat's view of one group) read.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any, Protocol

from aiohttp import web

from bot.emulator.control_base import as_int, as_str, guard, json_response, read_body
from bot.emulator.errors import ControlError
from bot.emulator.groups import DEFAULT_RIGHTS, RIGHT_FIELDS, Member, rights_from
from bot.emulator.state import JSON, Chat, EmulatorState, StoredFile, User, now_ts


class ChatControl(Protocol):
    """What the group calls borrow from :class:`bot.emulator.control.ControlApi` (the private
    chat's own calls): named here so that this module does not import the one that owns it."""

    state: EmulatorState

    def user_by_id(self, user_id: int) -> User: ...

    def push_message(
        self, chat: Chat, user: User, content: JSON, file: StoredFile | None = None
    ) -> JSON: ...

    def press_in(
        self, chat: Chat, user: User, body: JSON, send: Callable[[JSON], JSON] | None = None
    ) -> JSON: ...

    def content(self, body: JSON) -> tuple[JSON, StoredFile | None]: ...

    def reply(self, chat: Chat, body: JSON, content: JSON) -> None: ...

    async def transcript(self, request: web.Request, chat: Chat) -> web.Response: ...


_BOT_STATUSES = ("administrator", "member", "left")
# What a restricted member needs to send each kind of content, and how it is said.
_SEND_NEEDS = {
    "text": ("can_send_messages", "messages"),
    "document": ("can_send_documents", "documents"),
    "contact": ("can_send_other_messages", "contacts"),
    "location": ("can_send_other_messages", "locations"),
}


class GroupControl:
    """Handlers of ``/_emulator/groups…``."""

    def __init__(self, control: ChatControl) -> None:
        self.control = control
        self.state = control.state

    def routes(self) -> list[web.RouteDef]:
        """The group routes."""
        g = guard
        return [
            web.get("/_emulator/groups", g(self.list_groups)),
            web.post("/_emulator/groups", g(self.create_group)),
            web.get("/_emulator/groups/{chat_id}", g(self.group_info)),
            web.post("/_emulator/groups/{chat_id}/send", g(self.send)),
            web.get("/_emulator/groups/{chat_id}/chat", g(self.chat)),
            web.post("/_emulator/groups/{chat_id}/bot", g(self.bot)),
            web.post("/_emulator/groups/{chat_id}/admins", g(self.admins)),
            web.post("/_emulator/groups/{chat_id}/join", g(self.join)),
            web.post("/_emulator/groups/{chat_id}/leave", g(self.leave)),
            web.get("/_emulator/groups/{chat_id}/members/{user_id}", g(self.member)),
            web.post("/_emulator/groups/{chat_id}/press", g(self.press)),
        ]

    # --- helpers ------------------------------------------------------------------------------

    def _group(self, request: web.Request) -> Chat:
        chat_id = as_int(request.match_info["chat_id"], "chat id")
        chat = self.state.chats.get(chat_id)
        if chat is None or not chat.is_group:
            raise ControlError(404, f"no group {chat_id}")
        return chat

    def _person(self, body: JSON, key: str) -> User:
        if body.get(key) is None:
            raise ControlError(400, f'"{key}" (a user id) is required')
        return self.control.user_by_id(as_int(body[key], key))

    @staticmethod
    def _inside(chat: Chat, user: User) -> Member:
        member = chat.member(user.id)
        if not member.in_chat:
            raise ControlError(400, f"{user.first_name} is not a member of this group")
        return member

    @staticmethod
    def _rights(body: JSON, key: str, default: dict[str, bool]) -> dict[str, bool]:
        given = body.get(key)
        if given is None:
            return dict(default)
        if not isinstance(given, dict):
            raise ControlError(400, f"{key} must be an object of ChatAdministratorRights")
        for name, value in given.items():
            if name not in RIGHT_FIELDS:
                raise ControlError(400, f'"{name}" is not a ChatAdministratorRights field')
            if not isinstance(value, bool):
                raise ControlError(400, f"{key}.{name} must be a boolean")
        return rights_from(given)

    def _view(self, chat: Chat, viewer: User | None) -> JSON:
        """One group as the web chat lists it."""
        out: JSON = {
            **chat.to_api(),
            "members": chat.members,
            "bot_status": chat.bot_status,
        }
        if viewer is not None:
            out["my_status"] = chat.peek(viewer.id).status
            out["join_requested"] = viewer.id in chat.join_requests
        return out

    def _check_send(self, chat: Chat, member: Member, user: User, content: JSON) -> None:
        """A client does not let a restricted member send what they may not; nor does this."""
        kind = next((k for k in _SEND_NEEDS if k in content), "text")
        permission, what = _SEND_NEEDS[kind]
        if member.may_send(permission, chat.permissions):
            return
        when = ""
        if member.status == "restricted" and member.until_date:
            moment = datetime.fromtimestamp(member.until_date, UTC)
            when = f" until {moment:%Y-%m-%d %H:%M} UTC"
        raise ControlError(
            403, f"{user.first_name} may not send {what} in this group{when} (restricted)"
        )

    def send_as(self, chat: Chat, user: User, content: JSON, file: Any = None) -> JSON:
        """A member's message in the group, if their standing allows it."""
        member = self._inside(chat, user)
        self._check_send(chat, member, user, content)
        return self.control.push_message(chat, user, content, file)

    def press_in(self, chat: Chat, user: User, body: JSON) -> JSON:
        """A member presses a button in the group (restricted members may press inline ones)."""
        self._inside(chat, user)
        return self.control.press_in(
            chat, user, body, send=lambda content: self.send_as(chat, user, content)
        )

    def set_bot(self, chat: Chat, status: str, rights: dict[str, bool], by: User) -> None:
        """``by`` adds, promotes, demotes or removes the bot; it gets ``my_chat_member``."""
        state = self.state
        bot = state.bot_user
        old = chat.bot.copy()
        if status == "administrator":
            chat.bot.become("administrator", rights=rights, promoted_by_bot=False)
        else:
            chat.bot.become(status)
        if old.to_api({}) == chat.bot.to_api({}):
            return
        state.member_changed(chat, bot["id"], old, by.to_api())
        if not old.in_chat and chat.bot.in_chat:
            state.post(chat, by.to_api(), {"new_chat_members": [bot]})
        elif old.in_chat and not chat.bot.in_chat:
            state.post(chat, by.to_api(), {"left_chat_member": bot})  # the bot no longer sees it

    # --- calls --------------------------------------------------------------------------------

    async def list_groups(self, request: web.Request) -> web.Response:
        """Every group with its members (``?user=``: with that person's standing)."""
        raw = request.query.get("user")
        viewer = self.control.user_by_id(as_int(raw, "user")) if raw else None
        groups = [self._view(c, viewer) for c in self.state.chats.values() if c.is_group]
        return json_response({"groups": groups})

    async def create_group(self, request: web.Request) -> web.Response:
        """``POST /_emulator/groups``: returns the ``Chat``. The first member is the creator and
        adds the bot (the bot gets ``my_chat_member`` and the ``new_chat_members`` message)."""
        body = await read_body(request)
        title = (as_str(body, "title", required=True) or "").strip()
        if not 1 <= len(title) <= 128:
            raise ControlError(400, "title must be 1-128 characters")
        kind = as_str(body, "type") or "supergroup"
        if kind not in ("group", "supergroup"):
            raise ControlError(400, 'type must be "group" or "supergroup"')
        members_raw = body.get("members", [])
        if not isinstance(members_raw, list):
            raise ControlError(400, "members must be a list of user ids")
        members = list(dict.fromkeys(as_int(m, "member id") for m in members_raw))
        unknown = [m for m in members if m not in self.state.users]
        if unknown:
            raise ControlError(400, f"unknown users: {unknown}")
        username = as_str(body, "username")
        if username is not None:
            username = username.lstrip("@")
            if kind == "group":
                raise ControlError(400, "a basic group has no username (make it a supergroup)")
            if self.state.find_chat("@" + username) is not None:
                raise ControlError(400, f"@{username} is taken")
        bot_is_admin = body.get("bot_is_admin", False)
        add_bot = body.get("add_bot", True)
        if not isinstance(bot_is_admin, bool) or not isinstance(add_bot, bool):
            raise ControlError(400, "bot_is_admin and add_bot must be booleans")
        rights = self._rights(body, "bot_rights", dict(DEFAULT_RIGHTS))
        chat = self.state.create_group(title, username, members, kind)
        if add_bot:
            status = "administrator" if bot_is_admin else "member"
            if members:
                self.set_bot(chat, status, rights, self.state.users[members[0]])
            elif status == "administrator":
                chat.bot.become(status, rights=rights)
            else:
                chat.bot.become(status)
        return json_response(chat.to_api())

    async def group_info(self, request: web.Request) -> web.Response:
        """``GET /_emulator/groups/{chat_id}?user=``: the group as the web chat shows it."""
        chat = self._group(request)
        raw = request.query.get("user")
        viewer = self.control.user_by_id(as_int(raw, "user")) if raw else None
        users = self.state.users
        people = [chat.peek(uid).to_api(users[uid].to_api()) for uid in chat.roster if uid in users]
        out: JSON = {
            "chat": chat.to_api(),
            "bot": chat.bot.to_api(self.state.bot_user),
            "members": people,
            "member_count": len(chat.members) + (1 if chat.bot.in_chat else 0),
            "permissions": dict(chat.permissions),
            "join_requests": sorted(chat.join_requests),
            "pinned_message_id": chat.pinned,
            "roster_version": chat.roster_version,
        }
        if viewer is not None:
            out["me"] = chat.peek(viewer.id).to_api(viewer.to_api())
            out["commands"] = self.state.commands_for(viewer, chat)
        return json_response(out)

    async def send(self, request: web.Request) -> web.Response:
        """``POST /_emulator/groups/{chat_id}/send``: ``{"from": user_id, "text"}`` (or a
        ``document``); refused with 403 when the sender's restrictions forbid it."""
        chat = self._group(request)
        body = await read_body(request)
        user = self._person(body, "from")
        self._inside(chat, user)
        content, file = self.control.content(body)
        self.control.reply(chat, body, content)
        return json_response(self.send_as(chat, user, content, file))

    async def chat(self, request: web.Request) -> web.Response:
        """``GET /_emulator/groups/{chat_id}/chat?after=&wait=``."""
        return await self.control.transcript(request, self._group(request))

    async def bot(self, request: web.Request) -> web.Response:
        """``POST /_emulator/groups/{chat_id}/bot`` ``{"status", "rights"?, "by"}``.

        As in Telegram: a member may add the bot if the group lets members invite; making it an
        administrator needs ``can_promote_members`` (the creator has every right); removing or
        demoting it needs ``can_restrict_members``.
        """
        chat = self._group(request)
        body = await read_body(request)
        status = as_str(body, "status", required=True)
        if status not in _BOT_STATUSES:
            raise ControlError(400, 'status must be "administrator", "member" or "left"')
        by = self._person(body, "by")
        actor = self._inside(chat, by)
        rights = self._rights(body, "rights", dict(DEFAULT_RIGHTS))
        current = chat.bot_status
        promoting = status == "administrator" and (status != current or rights != chat.bot.rights)
        demoting = current == "administrator" and status != "administrator"
        if (promoting or demoting) and not actor.can("can_promote_members"):
            raise ControlError(
                403, f"{by.first_name} may not promote or demote administrators here"
            )
        removing = status == "left" and chat.bot.in_chat
        if removing and not actor.can("can_restrict_members"):
            raise ControlError(403, f"{by.first_name} may not remove members here")
        adding = status == "member" and not chat.bot.in_chat
        may_invite = actor.can("can_invite_users") or chat.permissions["can_invite_users"]
        if adding and not may_invite:
            raise ControlError(403, f"{by.first_name} may not add members here")
        self.set_bot(chat, status, rights, by)
        return json_response({})

    async def admins(self, request: web.Request) -> web.Response:
        """``POST /_emulator/groups/{chat_id}/admins`` ``{"user_id", "rights"?, "by"?}``: a
        member becomes an administrator (the bot gets ``chat_member``)."""
        chat = self._group(request)
        body = await read_body(request)
        user = self._person(body, "user_id")
        member = self._inside(chat, user)
        if member.status == "creator":
            raise ControlError(400, f"{user.first_name} owns this group")
        creator = next((uid for uid in chat.members if chat.peek(uid).status == "creator"), user.id)
        by = self._person(body, "by") if body.get("by") is not None else self.state.users[creator]
        if by.id != user.id and not self._inside(chat, by).can("can_promote_members"):
            raise ControlError(403, f"{by.first_name} may not promote administrators here")
        old = member.copy()
        member.become("administrator", rights=self._rights(body, "rights", dict(DEFAULT_RIGHTS)))
        if old.to_api({}) != member.to_api({}):
            self.state.member_changed(chat, user.id, old, by.to_api())
        return json_response({})

    async def join(self, request: web.Request) -> web.Response:
        """``POST /_emulator/groups/{chat_id}/join`` ``{"user_id", "request"?, "invite_link"?}``.

        ``update_id`` is the ``new_chat_members`` message's (or the ``chat_join_request``'s);
        ``chat_member_update_id`` the ``chat_member`` update's (``null`` when the bot does not
        take those: they are not in Telegram's default ``allowed_updates``).
        """
        chat = self._group(request)
        body = await read_body(request)
        user = self._person(body, "user_id")
        member = chat.peek(user.id)
        if member.in_chat:
            raise ControlError(400, f"{user.first_name} is already in this group")
        if member.status == "kicked":
            raise ControlError(403, f"{user.first_name} is banned from this group")
        link = self._invite_link(chat, as_str(body, "invite_link"))
        if body.get("request"):
            if user.id in chat.join_requests:
                raise ControlError(400, f"{user.first_name} already asked to join")
            request_body: JSON = {
                "chat": chat.to_api(),
                "from": user.to_api(),
                "user_chat_id": user.id,
                "date": now_ts(),
            }
            if link is not None:
                request_body["invite_link"] = link
            chat.join_requests[user.id] = request_body
            chat.roster_changed()
            return json_response(
                {"update_id": self.state.deliver(chat, "chat_join_request", request_body)}
            )
        extra: JSON = {"invite_link": link} if link is not None else {}
        message, message_update, member_update = self.state.join_group(
            chat, user, user.to_api(), extra
        )
        return json_response(
            {
                "update_id": message_update,
                "message_id": message.message_id,
                "chat_member_update_id": member_update,
            }
        )

    @staticmethod
    def _invite_link(chat: Chat, url: str | None) -> JSON | None:
        if url is None:
            return None
        for link in chat.invite_links:
            if link["invite_link"] == url and not link["is_revoked"]:
                return link
        raise ControlError(400, "no such invite link in this group (or it was revoked)")

    async def leave(self, request: web.Request) -> web.Response:
        """``POST /_emulator/groups/{chat_id}/leave`` ``{"user_id"}``."""
        chat = self._group(request)
        body = await read_body(request)
        user = self._person(body, "user_id")
        self._inside(chat, user)
        self.state.leave_group(chat, user)
        return json_response({})

    async def member(self, request: web.Request) -> web.Response:
        """``GET /_emulator/groups/{chat_id}/members/{user_id}``: the ``ChatMember`` as the bot
        would see it (the bot's own id gives the bot's)."""
        chat = self._group(request)
        user_id = as_int(request.match_info["user_id"], "user id")
        bot = self.state.bot_user
        if user_id == bot["id"]:
            chat.bot.settle()
            return json_response(chat.bot.to_api(bot))
        user = self.control.user_by_id(user_id)
        return json_response(chat.peek(user.id).to_api(user.to_api()))

    async def press(self, request: web.Request) -> web.Response:
        """``POST /_emulator/groups/{chat_id}/press`` ``{"from", "message_id", "text"}`` (or
        ``callback_data``/``force``, as for users)."""
        chat = self._group(request)
        body = await read_body(request)
        user = self._person(body, "from")
        return json_response(self.press_in(chat, user, body))
