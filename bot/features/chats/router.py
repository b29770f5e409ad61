"""The bot inside community groups: thin handlers over :mod:`.service`.

Two routers. :func:`create_group_router` sees only groups and supergroups (``my_chat_member``,
``chat_member``, join requests, messages, button presses there) and comes early in the order,
so no private-chat feature ever answers in a group. :func:`create_private_router` holds the
group admins' ``/groups``, the door check of join requests, and ``/appeal``.

Who may act is asked of Telegram on every privileged press or command (``getChatMember``:
callback data is forgeable, and admin status changes); every refusal is audited.
"""

from __future__ import annotations

import logging
from zoneinfo import ZoneInfo

from aiogram import Bot, F, Router
from aiogram.exceptions import TelegramBadRequest, TelegramForbiddenError
from aiogram.filters import Command, CommandObject
from aiogram.types import (
    CallbackQuery,
    ChatJoinRequest,
    ChatMemberAdministrator,
    ChatMemberOwner,
    ChatMemberUpdated,
    InlineKeyboardMarkup,
    Message,
    MessageOriginChannel,
    User,
)
from aiogram_i18n import I18nContext
from sqlalchemy.ext.asyncio import AsyncSession

from bot.access import Access
from bot.cleaning import clean_line
from bot.config import Settings
from bot.db.models import (
    ActionKind,
    ActionStatus,
    BotStanding,
    ChatAction,
    Event,
    EventStatus,
    GroupChat,
    Member,
    Newcomer,
)
from bot.db.types import utcnow
from bot.features.chats import actions, service
from bot.features.chats import keyboards as kb
from bot.features.chats.antispam import Act, facts_of, impersonates, judge
from bot.features.events import service as events
from bot.features.events.render import event_card
from bot.features.moderation.service import ModerationError
from bot.features.safety.scam import review_flags
from bot.services import Services
from bot.ui import screens

log = logging.getLogger(__name__)

GROUP_TYPES = {"group", "supergroup"}
ABSENT = {"left", "kicked"}
RIGHT_NAMES = (
    "can_delete_messages",
    "can_restrict_members",
    "can_pin_messages",
    "can_invite_users",
    "can_promote_members",
)


# ---- helpers ----------------------------------------------------------------------------------


def _rights(member: object) -> list[str]:
    if not isinstance(member, ChatMemberAdministrator):
        return []
    return [name for name in RIGHT_NAMES if getattr(member, name, False)]


def _standing(status: str) -> BotStanding:
    if status in ABSENT:
        return BotStanding.LEFT
    return BotStanding.ADMINISTRATOR if status == "administrator" else BotStanding.MEMBER


async def _is_admin(bot: Bot, chat_id: int, user_id: int, *, right: str | None = None) -> bool:
    """Whether ``user_id`` administers the chat now (with ``right``, when named)."""
    try:
        member = await bot.get_chat_member(chat_id, user_id)
    except (TelegramBadRequest, TelegramForbiddenError):
        return False
    if isinstance(member, ChatMemberOwner):
        return True
    if isinstance(member, ChatMemberAdministrator):
        return right is None or bool(getattr(member, right, False))
    return False


def _name(user: User) -> str:
    return clean_line(user.full_name)[:64] or "—"


async def _locale(session: AsyncSession, group_chat: GroupChat, settings: Settings) -> str:
    return service.group_locale(
        await service.entry_of(session, group_chat), settings.default_locale
    )


async def _start_url(bot: Bot, session: AsyncSession, group_chat: GroupChat) -> str | None:
    me = await bot.me()
    if not me.username:
        return None
    payload = service.start_payload(await service.entry_of(session, group_chat))
    return f"https://t.me/{me.username}" + (f"?start={payload}" if payload else "")


async def _send(bot: Bot, chat_id: int, text: str, **kwargs: object) -> Message | None:
    try:
        return await bot.send_message(chat_id, text, **kwargs)  # type: ignore[arg-type]
    except (TelegramBadRequest, TelegramForbiddenError) as error:
        log.info("group message not sent: %s", error.message)
        return None


# ---- the bot added, promoted, removed -----------------------------------------------------------


async def bot_membership(
    update: ChatMemberUpdated,
    bot: Bot,
    session: AsyncSession,
    i18n: I18nContext,
    settings: Settings,
) -> None:
    new = update.new_chat_member
    standing = _standing(new.status)
    rights = _rights(new)
    chat = update.chat
    arrived = update.old_chat_member.status in ABSENT and standing != BotStanding.LEFT
    if not arrived:
        await service.bot_standing_changed(
            session, chat_id=chat.id, title=chat.title or "", standing=standing, rights=rights
        )
        return
    adder = update.from_user
    if not await _is_admin(bot, chat.id, adder.id):
        # Only a group's admins decide that the bot keeps their group.
        await service.audit_refusal(session, adder.id, "chat.add_bot", chat.id, "not-admin")
        await _send(bot, chat.id, i18n.get("chats-added-by-stranger", settings.default_locale))
        try:
            await bot.leave_chat(chat.id)
        except (TelegramBadRequest, TelegramForbiddenError) as error:
            log.info("could not leave a group: %s", error.message)
        return
    arrival = await service.bot_added(
        session,
        chat_id=chat.id,
        title=chat.title or "",
        username=chat.username,
        standing=standing,
        rights=rights,
    )
    await _count_members(bot, session, chat.id)
    locale = service.group_locale(arrival.entry, settings.default_locale)
    lines = [i18n.get("chats-hello", locale)]
    if arrival.entry is None:
        lines.append(i18n.get("chats-hello-unlisted", locale))
    elif arrival.newly_linked:
        lines.append(i18n.get("chats-hello-linked", locale, title=arrival.entry.title))
    if arrival.missing or standing != BotStanding.ADMINISTRATOR:
        lines.append(i18n.get("chats-hello-needs-rights", locale))
    else:
        lines.append(i18n.get("chats-hello-can", locale))
    lines.append(i18n.get("chats-hello-settings", locale))
    await _send(bot, chat.id, "\n\n".join(lines))


# ---- people joining -----------------------------------------------------------------------------


async def _count_members(bot: Bot, session: AsyncSession, chat_id: int) -> None:
    """The live member count, for the directory card."""
    try:
        count = await bot.get_chat_member_count(chat_id)
    except (TelegramBadRequest, TelegramForbiddenError) as error:
        log.info("member count not read: %s", error.message)
        return
    await service.set_member_count(session, chat_id, count)


async def membership_changed(
    update: ChatMemberUpdated,
    bot: Bot,
    session: AsyncSession,
    i18n: I18nContext,
    settings: Settings,
) -> None:
    """Someone joined or left: the count, and for a newcomer the door and the welcome."""
    joined = update.old_chat_member.status in ABSENT and update.new_chat_member.status not in ABSENT
    left = update.old_chat_member.status not in ABSENT and update.new_chat_member.status in ABSENT
    if not (joined or left):
        return
    group_chat = await service.chat(session, update.chat.id)
    if group_chat is None or group_chat.bot_status == BotStanding.LEFT:
        return
    await _count_members(bot, session, group_chat.chat_id)
    if left:
        return
    person = update.new_chat_member.user
    chat_id = group_chat.chat_id
    if await service.alliance_banned(session, group_chat, person.id):
        ok = await actions.remove(bot, chat_id, person.id, for_good=True)
        await service.record_action(
            session, chat_id=chat_id, user_id=person.id, kind=ActionKind.BAN,
            reason="alliance", status=ActionStatus.DONE if ok else ActionStatus.FAILED,
        )  # fmt: skip
        return
    locale = await _locale(session, group_chat, settings)
    if person.is_bot:
        await _bot_joined(update, bot, session, i18n, group_chat, locale)
        return
    row = await service.newcomer(session, chat_id, person.id)
    if row is not None and row.by_request and row.door_deadline is None:
        # Passed the door in private before being let in: only the welcome.
        await _welcome(bot, session, i18n, group_chat, row, person, locale, door=False)
        return
    row = await service.arrived(session, group_chat, person.id)
    chat_settings = service.settings_of(group_chat)
    if chat_settings.lookalike and update.chat.type == "supergroup":
        admins = await bot.get_chat_administrators(chat_id)
        names = [a.user.full_name for a in admins if not a.user.is_bot]
        if impersonates(person.full_name, names):
            row.door_deadline = None
            ok = await actions.restrict(bot, chat_id, person.id)
            action = await service.record_action(
                session, chat_id=chat_id, user_id=person.id, kind=ActionKind.RESTRICT,
                reason="lookalike", status=ActionStatus.DONE if ok else ActionStatus.FAILED,
            )  # fmt: skip
            await _tell_admins(bot, i18n, group_chat, locale, action)
            return
    door = chat_settings.door_check and update.chat.type == "supergroup"
    if door:
        door = await actions.restrict(bot, chat_id, person.id)
    if not door:
        row.door_deadline = None
    if door or chat_settings.welcome:
        await _welcome(bot, session, i18n, group_chat, row, person, locale, door=door)


async def _bot_joined(
    update: ChatMemberUpdated,
    bot: Bot,
    session: AsyncSession,
    i18n: I18nContext,
    group_chat: GroupChat,
    locale: str,
) -> None:
    """Another bot came in. One an admin added stays; one that joined or that a member
    added is restricted and removed at once: no door check for a program."""
    person = update.new_chat_member.user
    if update.from_user.id != person.id and await _is_admin(
        bot, group_chat.chat_id, update.from_user.id
    ):
        return
    await actions.restrict(bot, group_chat.chat_id, person.id)
    ok = await actions.remove(bot, group_chat.chat_id, person.id, for_good=False)
    action = await service.record_action(
        session, chat_id=group_chat.chat_id, user_id=person.id, kind=ActionKind.KICK,
        reason="bot", status=ActionStatus.DONE if ok else ActionStatus.FAILED,
    )  # fmt: skip
    await _tell_admins(bot, i18n, group_chat, locale, action)


async def _welcome(
    bot: Bot,
    session: AsyncSession,
    i18n: I18nContext,
    group_chat: GroupChat,
    row: Newcomer,
    person: User,
    locale: str,
    *,
    door: bool,
) -> None:
    chat_settings = service.settings_of(group_chat)
    url = await _start_url(bot, session, group_chat)
    markup: InlineKeyboardMarkup | None
    if door:
        text = i18n.get(
            "chats-welcome-door", locale, name=_name(person), seconds=chat_settings.door_seconds
        )
        markup = kb.door_keyboard(i18n, locale, group_chat.chat_id, person.id, url)
    else:
        text = i18n.get("chats-welcome", locale, name=_name(person))
        markup = kb.start_keyboard(i18n, locale, url) if url else None
    sent = await _send(bot, group_chat.chat_id, text, reply_markup=markup)
    if sent is not None:
        await service.set_welcome(session, row, sent.message_id, chat_settings.welcome_seconds)


async def _tell_admins(
    bot: Bot, i18n: I18nContext, group_chat: GroupChat, locale: str, action: ChatAction
) -> None:
    """A short note in the group naming nobody, with the admins' one-tap undo; it is deleted
    with the welcomes' delay (the worker), so the chat is not cluttered."""
    text = i18n.get("chats-acted", locale, reason=i18n.get(_reason_key(action.reason), locale))
    sent = await _send(
        bot, group_chat.chat_id, text, reply_markup=kb.undo_keyboard(i18n, locale, action.id)
    )
    if sent is not None:
        service.note_sent(action, sent.message_id, service.settings_of(group_chat).welcome_seconds)


def _reason_key(reason: str) -> str:
    return "chats-reason-scam" if reason.startswith("scam-") else f"chats-reason-{reason}"


async def door_pressed(
    query: CallbackQuery,
    callback_data: kb.DoorCb,
    bot: Bot,
    session: AsyncSession,
    i18n: I18nContext,
    settings: Settings,
) -> None:
    """The one tap: in the group (a join) or in private (a join request)."""
    if query.from_user.id != callback_data.user:
        await query.answer(i18n.get("chats-door-not-yours"), show_alert=True)
        return
    group_chat = await service.chat(session, callback_data.chat)
    row = await service.pass_door(session, callback_data.chat, query.from_user.id)
    if group_chat is None or row is None:
        await query.answer(i18n.get("chats-door-nothing"), show_alert=True)
        return
    if row.by_request:
        try:
            await bot.approve_chat_join_request(group_chat.chat_id, query.from_user.id)
        except (TelegramBadRequest, TelegramForbiddenError) as error:
            log.info("join request not approved: %s", error.message)
            await query.answer(i18n.get("chats-door-nothing"), show_alert=True)
            return
        await query.answer()
        if isinstance(query.message, Message):
            await query.message.edit_text(
                i18n.get("chats-request-approved", title=group_chat.title)
            )
        return
    await actions.lift(bot, group_chat.chat_id, query.from_user.id)
    await query.answer(i18n.get("chats-door-passed"))
    if isinstance(query.message, Message):
        locale = await _locale(session, group_chat, settings)
        url = await _start_url(bot, session, group_chat)
        try:
            await query.message.edit_reply_markup(
                reply_markup=kb.start_keyboard(i18n, locale, url) if url else None
            )
        except TelegramBadRequest as error:
            log.info("welcome not updated: %s", error.message)


async def join_requested(
    request: ChatJoinRequest, bot: Bot, session: AsyncSession, i18n: I18nContext
) -> None:
    """A join request: the door check happens in private, the tap approves it."""
    group_chat = await service.chat(session, request.chat.id)
    if group_chat is None or group_chat.bot_status == BotStanding.LEFT:
        return
    person = request.from_user
    if await service.alliance_banned(session, group_chat, person.id):
        try:
            await request.decline()
        except (TelegramBadRequest, TelegramForbiddenError) as error:
            log.info("join request not declined: %s", error.message)
        return
    await service.arrived(session, group_chat, person.id, by_request=True)
    await _send(
        bot,
        request.user_chat_id,
        i18n.get("chats-request-door", title=group_chat.title),
        reply_markup=kb.door_keyboard(i18n, i18n.locale, group_chat.chat_id, person.id, None),
    )


# ---- messages in groups -------------------------------------------------------------------------


async def group_message(
    message: Message,
    bot: Bot,
    session: AsyncSession,
    i18n: I18nContext,
    settings: Settings,
    services: Services,
) -> None:
    """Every message in a group the bot keeps: the layers judge it (admins are exempt)."""
    sender = message.from_user
    if sender is None or sender.is_bot or message.sender_chat is not None:
        return
    group_chat = await service.chat(session, message.chat.id)
    if group_chat is None or group_chat.bot_status == BotStanding.LEFT:
        return
    chat_id = group_chat.chat_id
    if await service.alliance_banned(session, group_chat, sender.id):
        ok = await actions.remove(bot, chat_id, sender.id, for_good=True)
        await actions.delete(bot, chat_id, message.message_id)
        await service.record_action(
            session, chat_id=chat_id, user_id=sender.id, kind=ActionKind.BAN,
            reason="alliance", status=ActionStatus.DONE if ok else ActionStatus.FAILED,
        )  # fmt: skip
        return
    text = message.text or message.caption or ""
    entities = (message.entities or []) + (message.caption_entities or [])
    facts = facts_of(
        text,
        link_entity=any(e.type in ("url", "text_link") for e in entities),
        channel_forward=isinstance(message.forward_origin, MessageOriginChannel),
        shared_contact=message.contact is not None,
    )
    known = await service.note_message(session, group_chat, sender.id)
    limiter = services.group_flood or services.flood
    flooding = await limiter.try_acquire(f"{chat_id}:{sender.id}") > 0
    chat_settings = service.settings_of(group_chat)
    verdict = judge(facts, chat_settings, newcomer=known.newcomer, flooding=flooding)
    if verdict.act == Act.NOTHING or await _is_admin(bot, chat_id, sender.id):
        return
    locale = await _locale(session, group_chat, settings)
    if verdict.act == Act.REPORT:
        held = await service.record_action(
            session, chat_id=chat_id, user_id=sender.id, kind=ActionKind.RESTRICT,
            reason=verdict.reason, status=ActionStatus.HELD, message_id=message.message_id,
            text=text,
        )  # fmt: skip
        await service.flag_for_moderators(session, group_chat, held, _flags(verdict.reason))
        return
    if verdict.act == Act.MUTE:
        until = utcnow() + service.FLOOD_MUTE
        ok = await actions.restrict(bot, chat_id, sender.id, until)
        action = await service.record_action(
            session, chat_id=chat_id, user_id=sender.id, kind=ActionKind.RESTRICT,
            reason=verdict.reason, status=ActionStatus.DONE if ok else ActionStatus.FAILED,
            until=until,
        )  # fmt: skip
        await _tell_admins(bot, i18n, group_chat, locale, action)
        return
    deleted = await actions.delete(bot, chat_id, message.message_id)
    restrict = verdict.act == Act.DELETE_RESTRICT
    ok = deleted and (not restrict or await actions.restrict(bot, chat_id, sender.id))
    action = await service.record_action(
        session, chat_id=chat_id, user_id=sender.id,
        kind=ActionKind.RESTRICT if restrict else ActionKind.DELETE,
        reason=verdict.reason, status=ActionStatus.DONE if ok else ActionStatus.FAILED,
        message_id=message.message_id, text=text,
    )  # fmt: skip
    if restrict:
        await service.flag_for_moderators(session, group_chat, action, _flags(verdict.reason))
    await _tell_admins(bot, i18n, group_chat, locale, action)


def _flags(reason: str) -> list[str]:
    if reason.startswith("scam-"):
        return review_flags([reason.removeprefix("scam-")])
    return [f"layer-{reason}"]


async def report_command(
    message: Message,
    bot: Bot,
    session: AsyncSession,
    i18n: I18nContext,
    settings: Settings,
) -> None:
    """``/report`` as a reply: the message goes to the group's moderators."""
    group_chat = await service.chat(session, message.chat.id)
    if group_chat is None or message.from_user is None:
        return
    locale = await _locale(session, group_chat, settings)
    target = message.reply_to_message
    if target is None or target.from_user is None or target.from_user.is_bot:
        await message.reply(i18n.get("chats-report-how", locale))
        return
    try:
        await service.report_message(
            session,
            group_chat,
            reporter_id=message.from_user.id,
            author_id=target.from_user.id,
            message_id=target.message_id,
            text=target.text or target.caption or "",
        )
    except ModerationError as error:
        await message.reply(i18n.get(error.args[0], locale))
        return
    # The report itself does not stay in the chat: the reporter is not shown to anyone.
    await actions.delete(bot, message.chat.id, message.message_id)
    await _send(bot, message.chat.id, i18n.get("chats-report-thanks", locale))


async def ban_command(
    message: Message,
    command: CommandObject,
    bot: Bot,
    session: AsyncSession,
    i18n: I18nContext,
    settings: Settings,
) -> None:
    """``/ban scam|spam`` as a reply, by an admin: banned here and across the alliance."""
    group_chat = await service.chat(session, message.chat.id)
    if group_chat is None or message.from_user is None:
        return
    locale = await _locale(session, group_chat, settings)
    actor = message.from_user.id
    if not await _is_admin(bot, group_chat.chat_id, actor, right="can_restrict_members"):
        await service.audit_refusal(session, actor, "chat.ban", group_chat.chat_id, "not-admin")
        await message.reply(i18n.get("chats-admins-only", locale))
        return
    target = message.reply_to_message
    reason = (command.args or "spam").strip().lower()
    if target is None or target.from_user is None or reason not in service.BAN_REASONS:
        await message.reply(i18n.get("chats-ban-how", locale))
        return
    if await _is_admin(bot, group_chat.chat_id, target.from_user.id):
        await message.reply(i18n.get("chats-ban-admin", locale))
        return
    reached = await service.ban_in_alliance(
        session,
        group_chat,
        user_id=target.from_user.id,
        reason=reason,
        actor_id=actor,
        message_id=target.message_id,
    )
    await message.reply(i18n.get("chats-banned", locale, groups=reached))


async def undo_pressed(
    query: CallbackQuery,
    callback_data: kb.UndoCb,
    bot: Bot,
    session: AsyncSession,
    i18n: I18nContext,
    settings: Settings,
) -> None:
    """An admin's one tap reverses what the bot did (and counts it as the filter's mistake)."""
    if not isinstance(query.message, Message):
        await query.answer()
        return
    chat_id = query.message.chat.id
    if not await _is_admin(bot, chat_id, query.from_user.id, right="can_restrict_members"):
        await service.audit_refusal(
            session, query.from_user.id, "chat.reverse", chat_id, "not-admin"
        )
        await query.answer(i18n.get("chats-admins-only"), show_alert=True)
        return
    action = await service.reversible(session, callback_data.action)
    if action is None or action.chat_id != chat_id:
        await query.answer(i18n.get("chats-undo-nothing"), show_alert=True)
        return
    lift = await service.reverse(session, action, query.from_user.id)
    if lift is not None:
        service.finish(lift, await actions.carry_out(bot, lift))
    await query.answer(i18n.get("chats-undone"))
    group_chat = await service.chat(session, chat_id)
    locale = await _locale(session, group_chat, settings) if group_chat else i18n.locale
    try:
        await query.message.edit_text(i18n.get("chats-undone-note", locale))
    except TelegramBadRequest as error:
        log.info("note not updated: %s", error.message)


async def rsvp_pressed(
    query: CallbackQuery,
    callback_data: kb.RsvpCb,
    session: AsyncSession,
    i18n: I18nContext,
    member: Member | None,
) -> None:
    """An RSVP from a group post: kept like any RSVP (pseudonymised), told only to the person
    (a callback answer nobody else sees); the post shows no names."""
    if member is None or not member.is_onboarded:
        await query.answer(i18n.get("chats-rsvp-start"), show_alert=True)
        return
    try:
        rsvp = await events.answer(
            session, callback_data.event, member.id, going=callback_data.act == "go"
        )
    except events.EventError as error:
        await query.answer(i18n.get(error.args[0]), show_alert=True)
        return
    key = {"going": "chats-rsvp-going", "waitlist": "chats-rsvp-waitlist"}.get(
        str(rsvp.status), "chats-rsvp-declined"
    )
    await query.answer(i18n.get(key), show_alert=True)


async def group_press_unknown(query: CallbackQuery, i18n: I18nContext) -> None:
    """A button in a group that no handler took (a stale or forged one)."""
    await query.answer(i18n.get("chats-button-stale"), show_alert=True)


# ---- /groups in private ------------------------------------------------------------------------


async def _administered(bot: Bot, session: AsyncSession, user_id: int) -> list[GroupChat]:
    """The chats (the bot is in) that this person administers, asked of Telegram now."""
    return [
        group_chat
        for group_chat in await service.present_chats(session)
        if await _is_admin(bot, group_chat.chat_id, user_id)
    ]


async def groups_command(
    message: Message, bot: Bot, session: AsyncSession, i18n: I18nContext
) -> None:
    if message.from_user is None:
        return
    chats = await _administered(bot, session, message.from_user.id)
    if not chats:
        await message.answer(i18n.get("chats-groups-none"))
        return
    await message.answer(
        i18n.get("chats-groups-list"),
        reply_markup=kb.groups_keyboard([(c.chat_id, c.title) for c in chats]),
    )


async def _settings_text(i18n: I18nContext, group_chat: GroupChat, fp: dict[str, int]) -> str:
    lines = [i18n.get("chats-settings-title", title=group_chat.title)]
    if group_chat.alliance:
        lines.append(i18n.get("chats-alliance-in", alliance=group_chat.alliance.upper()))
    lines.append(i18n.get("chats-false-positives", count=sum(fp.values())))
    return "\n".join(lines)


async def settings_pressed(
    query: CallbackQuery,
    callback_data: kb.SetCb,
    bot: Bot,
    session: AsyncSession,
    i18n: I18nContext,
    access: Access,
    settings: Settings,
) -> None:
    """Every ``/groups`` button: the presser must administer that chat, now."""
    user_id = query.from_user.id
    if not isinstance(query.message, Message):
        await query.answer()
        return
    if callback_data.act == "list":
        chats = await _administered(bot, session, user_id)
        await screens.edit_or_answer(
            query,
            i18n.get("chats-groups-list" if chats else "chats-groups-none"),
            kb.groups_keyboard([(c.chat_id, c.title) for c in chats]),
        )
        return
    group_chat = await service.chat(session, callback_data.chat)
    if group_chat is None or not await _is_admin(bot, group_chat.chat_id, user_id):
        await service.audit_refusal(
            session, user_id, f"chat.{callback_data.act}", callback_data.chat, "not-admin"
        )
        await query.answer(i18n.get("chats-admins-only"), show_alert=True)
        return
    try:
        if callback_data.act == "set":
            await service.change_setting(session, group_chat.chat_id, callback_data.name, user_id)
        elif callback_data.act == "ally":
            await service.toggle_alliance(session, group_chat.chat_id, user_id)
        elif callback_data.act == "events":
            await _show_events(query, i18n, session, access, group_chat)
            return
        elif callback_data.act == "post":
            await _post_event(
                query, bot, i18n, session, access, settings, group_chat, callback_data.event
            )
            return
    except service.ChatError as error:
        await query.answer(i18n.get(error.key), show_alert=True)
        return
    fp = await service.false_positives(session, group_chat.chat_id)
    chat_settings = service.settings_of(group_chat)
    text = await _settings_text(i18n, group_chat, fp)
    markup = kb.settings_keyboard(
        i18n,
        group_chat.chat_id,
        chat_settings,
        alliance=group_chat.alliance,
        alliance_possible=service.alliance_for(group_chat) is not None,
        organiser=access.is_organiser,
    )
    await screens.edit_or_answer(query, text, markup)


async def _show_events(
    query: CallbackQuery,
    i18n: I18nContext,
    session: AsyncSession,
    access: Access,
    group_chat: GroupChat,
) -> None:
    mine = [
        e
        for e in await events.organised_by(session, access)
        if e.status == EventStatus.PUBLISHED and access.can_organise(e.country)
    ]
    await screens.edit_or_answer(
        query,
        i18n.get("chats-events-pick" if mine else "chats-events-none"),
        kb.events_keyboard(i18n, group_chat.chat_id, [(e.id, e.title) for e in mine]),
    )


async def _post_event(
    query: CallbackQuery,
    bot: Bot,
    i18n: I18nContext,
    session: AsyncSession,
    access: Access,
    settings: Settings,
    group_chat: GroupChat,
    event_id: int,
) -> None:
    """An organiser posts their approved event into a group they administer, and pins it."""
    event = await session.get(Event, event_id)
    if (
        event is None
        or event.organiser_id != access.user_id
        or event.status != EventStatus.PUBLISHED
        or not access.can_organise(event.country)
    ):
        await service.audit_refusal(
            session, access.user_id, "chat.post_event", group_chat.chat_id, "not-organiser"
        )
        await query.answer(i18n.get("chats-events-refused"), show_alert=True)
        return
    locale = await _locale(session, group_chat, settings)
    t = lambda key, **values: i18n.get(key, locale, **values)  # noqa: E731 - a Translate
    going = (await events.going_counts(session, [event.id])).get(event.id, 0)
    card = event_card(t, locale, event, ZoneInfo(event.timezone), going=going, show_link=True)
    sent = await _send(
        bot, group_chat.chat_id, card, reply_markup=kb.rsvp_keyboard(i18n, locale, event.id)
    )
    if sent is None:
        await query.answer(i18n.get("chats-events-refused"), show_alert=True)
        return
    if "can_pin_messages" in group_chat.rights:
        try:
            await bot.pin_chat_message(
                group_chat.chat_id, sent.message_id, disable_notification=True
            )
        except (TelegramBadRequest, TelegramForbiddenError) as error:
            log.info("event not pinned: %s", error.message)
    await query.answer(i18n.get("chats-events-posted"), show_alert=True)


async def appeal_command(
    message: Message, command: CommandObject, session: AsyncSession, i18n: I18nContext
) -> None:
    """``/appeal <why>``: a banned person asks the moderators to look again (once per ban)."""
    if message.from_user is None:
        return
    text = clean_line(command.args or "")
    if not text:
        await message.answer(i18n.get("chats-appeal-how"))
        return
    count = await service.appeal_ban(session, message.from_user.id, text)
    await message.answer(i18n.get("chats-appeal-sent" if count else "chats-appeal-none"))


# ---- assembly -----------------------------------------------------------------------------------


def create_group_router() -> Router:
    """Groups and supergroups only; every message there ends here (nothing else answers)."""
    router = Router(name="chats-group")
    in_group = F.chat.type.in_(GROUP_TYPES)
    router.my_chat_member.register(bot_membership, in_group)
    router.chat_member.register(membership_changed, in_group)
    router.chat_join_request.register(join_requested, in_group)
    router.callback_query.register(door_pressed, kb.DoorCb.filter())
    pressed_in_group = F.message.chat.type.in_(GROUP_TYPES)
    router.callback_query.register(undo_pressed, kb.UndoCb.filter(), pressed_in_group)
    router.callback_query.register(rsvp_pressed, kb.RsvpCb.filter(), pressed_in_group)
    router.callback_query.register(group_press_unknown, pressed_in_group)
    router.message.register(report_command, in_group, Command("report"))
    router.message.register(ban_command, in_group, Command("ban"))
    router.message.register(group_message, in_group)
    return router


def create_private_router() -> Router:
    """The group admins' ``/groups`` and the banned person's ``/appeal``, in private."""
    router = Router(name="chats-private")
    router.message.filter(F.chat.type == "private")
    router.message.register(groups_command, Command("groups"))
    router.message.register(appeal_command, Command("appeal"))
    router.callback_query.register(
        settings_pressed, kb.SetCb.filter(), F.message.chat.type == "private"
    )
    return router
