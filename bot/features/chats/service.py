"""The bot inside groups: plain logic on a session and plain values. No aiogram here.

What the bot must *do* in Telegram (delete, restrict, remove, ban, lift) is written as a
:class:`~bot.db.models.ChatAction` row: immediate ones are done by the handler at once and
recorded ``done`` (or ``failed``); decided ones (a moderator's decision, a shared ban, a door
check that ran out) are ``pending`` rows the worker carries out (:mod:`.jobs`), so they
survive a restart. The caller owns the transaction.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import delete, func, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.access import Access, audit
from bot.db.crypto import pseudonym, pseudonyms
from bot.db.models import (
    ALL_COUNTRIES,
    ERASED_MEMBER,
    ActionKind,
    ActionStatus,
    AllianceBan,
    AuditOutcome,
    BotStanding,
    ChatAction,
    Group,
    GroupChat,
    GroupStatus,
    Newcomer,
    ReviewItem,
    ReviewKind,
)
from bot.db.models.chats import ACTION_SUBJECT, ALLIANCE_BAN, NEWCOMER
from bot.db.types import utcnow
from bot.features.chats.settings import ChatSettings
from bot.features.directory.links import link_key
from bot.features.moderation import service as moderation
from bot.geo import find_city

#: The rights without which the bot cannot keep a group safe (a missing one is reported).
NEEDED_RIGHTS: tuple[str, ...] = ("can_delete_messages", "can_restrict_members")
#: Actions an admin may still reverse, and the ids they carry, are kept this long.
ACTIONS_KEPT = timedelta(days=30)
#: A flood mute lasts this long.
FLOOD_MUTE = timedelta(minutes=10)
#: What a shared ban may be for (catalog keys ``chats-ban-reason-<reason>``).
BAN_REASONS: tuple[str, ...] = ("scam", "spam")
#: One appeal per ban; its text is bounded.
APPEAL_MAX = 1000


class ChatError(Exception):
    """A refusal to show the person: ``key`` is a catalog key."""

    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key


# ---- the chats ------------------------------------------------------------------------------


async def chat(session: AsyncSession, chat_id: int) -> GroupChat | None:
    return await session.get(GroupChat, chat_id)


def settings_of(group_chat: GroupChat) -> ChatSettings:
    return ChatSettings.of(group_chat.settings)


@dataclass(frozen=True)
class Arrival:
    """What the bot found on being added to a group."""

    chat: GroupChat
    entry: Group | None  # the directory entry it matches (by its public link)
    newly_linked: bool  # a link for a moderator to confirm was just proposed
    missing: tuple[str, ...]  # needed rights the bot lacks


async def bot_added(
    session: AsyncSession,
    *,
    chat_id: int,
    title: str,
    username: str | None,
    standing: BotStanding,
    rights: Sequence[str],
    now: datetime | None = None,
) -> Arrival:
    """The bot was added to (or promoted in) a group: remember the chat and its rights, and
    find its directory entry by the chat's public link; the first link of an entry goes to the
    moderators to confirm (``ReviewKind.CHAT_LINK``)."""
    now = now or utcnow()
    group_chat = await session.get(GroupChat, chat_id)
    if group_chat is None:
        group_chat = GroupChat(chat_id=chat_id, title=title[:128], settings={}, rights=[])
        session.add(group_chat)
    group_chat.title = title[:128]
    group_chat.bot_status = standing
    group_chat.rights = sorted(rights)
    group_chat.checked_at = now
    entry = None
    newly_linked = False
    if group_chat.group_id is not None:
        entry = await session.get(Group, group_chat.group_id)
    elif username:
        entry = await session.scalar(
            select(Group).where(
                Group.link_key == link_key(f"https://t.me/{username}"),
                Group.status.in_((GroupStatus.PUBLISHED, GroupStatus.PENDING)),
            )
        )
        if entry is not None:
            group_chat.group_id = entry.id
            group_chat.country = entry.country
            await session.flush()
            await moderation.submit(
                session,
                kind=ReviewKind.CHAT_LINK,
                target_id=str(chat_id),
                country=entry.country,
                author_id=None,
            )
            newly_linked = True
    await session.flush()
    missing = tuple(right for right in NEEDED_RIGHTS if right not in rights)
    return Arrival(group_chat, entry, newly_linked, missing)


async def bot_standing_changed(
    session: AsyncSession,
    *,
    chat_id: int,
    title: str,
    standing: BotStanding,
    rights: Sequence[str],
    now: datetime | None = None,
) -> bool:
    """Keep the bot's standing and rights current; returns whether the moderators must look
    (the bot left or lost a needed right in a listed group: the entry goes back to the queue
    with a flag, where approving keeps it listed and rejecting hides it)."""
    group_chat = await session.get(GroupChat, chat_id)
    if group_chat is None:
        return False
    before = set(group_chat.rights) if group_chat.bot_status != BotStanding.LEFT else set()
    was_present = group_chat.bot_status != BotStanding.LEFT
    group_chat.title = title[:128]
    group_chat.bot_status = standing
    group_chat.rights = sorted(rights)
    group_chat.checked_at = now or utcnow()
    flag = None
    if standing == BotStanding.LEFT and was_present:
        flag = "bot-left"
    elif any(right in before and right not in rights for right in NEEDED_RIGHTS):
        flag = "rights-lost"
    if flag is None or group_chat.group_id is None:
        return False
    entry = await session.get(Group, group_chat.group_id)
    if entry is None:
        return False
    await moderation.submit(
        session,
        kind=ReviewKind.GROUP,
        target_id=str(entry.id),
        country=entry.country,
        author_id=None,
        flags=[flag],
    )
    return True


async def confirm_link(session: AsyncSession, chat_id: int, moderator_id: int) -> None:
    group_chat = await session.get(GroupChat, chat_id)
    if group_chat is not None and group_chat.group_id is not None:
        group_chat.link_confirmed = True


async def drop_link(session: AsyncSession, chat_id: int) -> None:
    group_chat = await session.get(GroupChat, chat_id)
    if group_chat is not None:
        group_chat.group_id = None
        group_chat.link_confirmed = False
        group_chat.alliance = None
        group_chat.country = ALL_COUNTRIES


async def record_count(
    session: AsyncSession,
    chat_id: int,
    *,
    members: int | None,
    standing: BotStanding,
    rights: Sequence[str],
    now: datetime | None = None,
) -> bool:
    """The live figures of one chat (member count, the bot's standing); as
    :func:`bot_standing_changed` for what the moderators must see."""
    group_chat = await session.get(GroupChat, chat_id)
    if group_chat is None:
        return False
    if members is not None:
        group_chat.member_count = members
    return await bot_standing_changed(
        session,
        chat_id=chat_id,
        title=group_chat.title,
        standing=standing,
        rights=rights,
        now=now,
    )


async def set_member_count(
    session: AsyncSession, chat_id: int, count: int, now: datetime | None = None
) -> None:
    group_chat = await session.get(GroupChat, chat_id)
    if group_chat is not None:
        group_chat.member_count = count
        group_chat.checked_at = now or utcnow()


@dataclass(frozen=True)
class Live:
    """What the directory card shows about a group the bot is in."""

    present: bool
    members: int | None
    checked_at: datetime | None


async def live_status(session: AsyncSession, group_id: int) -> Live | None:
    """The bot's presence and the member count for a directory entry (``None``: the bot was
    never confirmed in it)."""
    group_chat = await session.scalar(
        select(GroupChat)
        .where(GroupChat.group_id == group_id, GroupChat.link_confirmed.is_(True))
        .order_by(GroupChat.checked_at.desc())
        .limit(1)
    )
    if group_chat is None:
        return None
    return Live(
        present=group_chat.bot_status != BotStanding.LEFT,
        members=group_chat.member_count,
        checked_at=group_chat.checked_at,
    )


async def chats_to_check(session: AsyncSession, before: datetime, limit: int) -> list[int]:
    return list(
        await session.scalars(
            select(GroupChat.chat_id)
            .where(
                GroupChat.bot_status != BotStanding.LEFT,
                or_(GroupChat.checked_at.is_(None), GroupChat.checked_at < before),
            )
            .order_by(GroupChat.checked_at)
            .limit(limit)
        )
    )


async def present_chats(session: AsyncSession) -> list[GroupChat]:
    """Every chat the bot is in (for ``/groups``: the caller asks Telegram who administers)."""
    return list(
        await session.scalars(
            select(GroupChat)
            .where(GroupChat.bot_status != BotStanding.LEFT)
            .order_by(GroupChat.title)
        )
    )


# ---- settings and alliance (the caller has checked, with Telegram, that the actor is an
# administrator of the chat) -----------------------------------------------------------------


async def change_setting(
    session: AsyncSession, chat_id: int, name: str, admin_id: int
) -> ChatSettings:
    group_chat = await session.get(GroupChat, chat_id)
    if group_chat is None:
        raise ChatError("chats-gone")
    current = settings_of(group_chat)
    try:
        changed = (
            current.toggled(name)
            if isinstance(getattr(current, name, None), bool)
            else (current.cycled(name))
        )
    except ValueError:
        raise ChatError("chats-gone") from None
    group_chat.settings = changed.to_json()
    await audit(
        session,
        actor_id=admin_id,
        action="chat.settings",
        target_kind="chat",
        target_id=str(chat_id),
        scope=group_chat.country,
        details={"setting": name, "value": getattr(changed, name)},
    )
    return changed


def alliance_for(group_chat: GroupChat) -> str | None:
    """The alliance a chat may join: the community's groups of its country, and only once a
    moderator confirmed which directory entry it is (a stranger's group cannot ban people
    from the community's groups)."""
    if not group_chat.link_confirmed or group_chat.country == ALL_COUNTRIES:
        return None
    return group_chat.country.lower()


async def toggle_alliance(session: AsyncSession, chat_id: int, admin_id: int) -> str | None:
    """Join or leave the alliance; returns the alliance now joined (``None``: none)."""
    group_chat = await session.get(GroupChat, chat_id)
    if group_chat is None:
        raise ChatError("chats-gone")
    possible = alliance_for(group_chat)
    if group_chat.alliance is None and possible is None:
        raise ChatError("chats-alliance-unavailable")
    group_chat.alliance = None if group_chat.alliance else possible
    await audit(
        session,
        actor_id=admin_id,
        action="chat.alliance",
        target_kind="chat",
        target_id=str(chat_id),
        scope=group_chat.country,
        details={"alliance": group_chat.alliance},
    )
    # Bans made before it joined reach it by the hash, when the person joins or writes
    # there (their id is not kept for it).
    return group_chat.alliance


# ---- newcomers and the door -----------------------------------------------------------------


def _newcomer_keys(user_id: int) -> list[str]:
    return pseudonyms(NEWCOMER, user_id)


async def newcomer(session: AsyncSession, chat_id: int, user_id: int) -> Newcomer | None:
    return await session.scalar(
        select(Newcomer).where(
            Newcomer.chat_id == chat_id, Newcomer.member_key.in_(_newcomer_keys(user_id))
        )
    )


async def arrived(
    session: AsyncSession,
    group_chat: GroupChat,
    user_id: int,
    *,
    by_request: bool = False,
    now: datetime | None = None,
) -> Newcomer:
    """A person joined (or asked to): their newcomer row, with the door deadline when the
    group checks the door."""
    now = now or utcnow()
    settings = settings_of(group_chat)
    row = await newcomer(session, group_chat.chat_id, user_id)
    if row is None:
        row = Newcomer(
            chat_id=group_chat.chat_id,
            member_key=pseudonym(NEWCOMER, user_id),
            user_ref=user_id,
            joined_at=now,
            messages=0,
            window_count=0,
            by_request=by_request,
            keep_until=now + timedelta(days=settings.newcomer_days),
        )
        session.add(row)
    row.by_request = by_request
    row.joined_at = now
    row.keep_until = now + timedelta(days=settings.newcomer_days)
    if settings.door_check or by_request:
        row.door_deadline = now + timedelta(seconds=settings.door_seconds)
    await session.flush()
    return row


async def set_welcome(
    session: AsyncSession, row: Newcomer, message_id: int, seconds: int, now: datetime | None = None
) -> None:
    """The welcome's message id, and when to delete it (never after the door closes)."""
    now = now or utcnow()
    row.welcome_message_id = message_id
    row.welcome_delete_at = now + timedelta(seconds=seconds)
    if row.door_deadline is not None and row.door_deadline < row.welcome_delete_at:
        row.welcome_delete_at = row.door_deadline


async def pass_door(session: AsyncSession, chat_id: int, user_id: int) -> Newcomer | None:
    """The person tapped in time: the door opens. ``None`` when there was no check waiting
    (a forged button, someone else's button, a check that already ran out)."""
    row = await newcomer(session, chat_id, user_id)
    if row is None or row.door_deadline is None:
        return None
    row.door_deadline = None
    return row


async def pending_requests(session: AsyncSession, user_id: int) -> list[Newcomer]:
    """Join requests of this person waiting for the door check in private."""
    return list(
        await session.scalars(
            select(Newcomer).where(
                Newcomer.member_key.in_(_newcomer_keys(user_id)),
                Newcomer.by_request.is_(True),
                Newcomer.door_deadline.is_not(None),
            )
        )
    )


async def doors_closing(session: AsyncSession, now: datetime, limit: int) -> list[Newcomer]:
    """Door checks past their deadline (the worker removes those people)."""
    return list(
        await session.scalars(
            select(Newcomer)
            .where(Newcomer.door_deadline.is_not(None), Newcomer.door_deadline <= now)
            .order_by(Newcomer.door_deadline)
            .limit(limit)
            .with_for_update(skip_locked=True)
        )
    )


async def welcomes_due(session: AsyncSession, now: datetime, limit: int) -> list[Newcomer]:
    return list(
        await session.scalars(
            select(Newcomer)
            .where(Newcomer.welcome_delete_at.is_not(None), Newcomer.welcome_delete_at <= now)
            .order_by(Newcomer.welcome_delete_at)
            .limit(limit)
            .with_for_update(skip_locked=True)
        )
    )


async def forget_newcomers(session: AsyncSession, now: datetime) -> int:
    """Newcomer rows whose first days are over (and no check or welcome waits) go."""
    result = await session.execute(
        delete(Newcomer).where(
            Newcomer.keep_until <= now,
            Newcomer.door_deadline.is_(None),
            Newcomer.welcome_delete_at.is_(None),
        )
    )
    return int(getattr(result, "rowcount", 0) or 0)


@dataclass(frozen=True)
class Sender:
    """What the anti-spam must know about the sender of one group message."""

    newcomer: bool


async def note_message(
    session: AsyncSession, group_chat: GroupChat, user_id: int, now: datetime | None = None
) -> Sender:
    """Count a message of the sender; they stop being a newcomer once past both the first
    messages and the first days (their row is deleted then: nothing more is kept)."""
    now = now or utcnow()
    row = await newcomer(session, group_chat.chat_id, user_id)
    if row is None:
        return Sender(newcomer=False)
    settings = settings_of(group_chat)
    row.messages += 1
    if row.messages > settings.newcomer_messages and now >= row.keep_until:
        await session.delete(row)
        return Sender(newcomer=False)
    return Sender(newcomer=True)


# ---- actions --------------------------------------------------------------------------------


def subject_key(user_id: int) -> str:
    return pseudonym(ACTION_SUBJECT, user_id)


async def record_action(
    session: AsyncSession,
    *,
    chat_id: int,
    user_id: int | None,
    kind: ActionKind,
    reason: str,
    status: ActionStatus,
    message_id: int | None = None,
    text: str | None = None,
    actor_id: int | None = None,
    until: datetime | None = None,
    now: datetime | None = None,
) -> ChatAction:
    now = now or utcnow()
    action = ChatAction(
        chat_id=chat_id,
        member_key=subject_key(user_id) if user_id is not None else None,
        user_ref=user_id,
        kind=kind,
        reason=reason,
        status=status,
        message_id=message_id,
        text=text[:4096] if text else None,
        actor_id=actor_id,
        until=until,
        created_at=now,
        done_at=now if status in (ActionStatus.DONE, ActionStatus.FAILED) else None,
        false_positive=False,
    )
    session.add(action)
    await session.flush()
    return action


def note_sent(action: ChatAction, note_id: int, seconds: int, now: datetime | None = None) -> None:
    """The admins' note about ``action`` was posted; it goes after ``seconds``."""
    action.note_id = note_id
    action.note_until = (now or utcnow()) + timedelta(seconds=seconds)


async def notes_due(session: AsyncSession, now: datetime, limit: int) -> list[ChatAction]:
    return list(
        await session.scalars(
            select(ChatAction)
            .where(ChatAction.note_until.is_not(None), ChatAction.note_until <= now)
            .order_by(ChatAction.note_until)
            .limit(limit)
            .with_for_update(skip_locked=True)
        )
    )


async def claim_actions(session: AsyncSession, limit: int) -> list[ChatAction]:
    return list(
        await session.scalars(
            select(ChatAction)
            .where(ChatAction.status == ActionStatus.PENDING)
            .order_by(ChatAction.id)
            .limit(limit)
            .with_for_update(skip_locked=True)
        )
    )


def finish(action: ChatAction, ok: bool, now: datetime | None = None) -> None:
    action.status = ActionStatus.DONE if ok else ActionStatus.FAILED
    action.done_at = now or utcnow()
    if action.kind == ActionKind.DELETE or action.kind == ActionKind.LIFT:
        # Nothing left to reverse: the id is not needed any more.
        action.user_ref = None


async def flag_for_moderators(
    session: AsyncSession, group_chat: GroupChat, action: ChatAction, flags: list[str]
) -> ReviewItem:
    """Put a caught or reported message before the moderators of the group's country."""
    return await moderation.submit(
        session,
        kind=ReviewKind.CHAT_MESSAGE,
        target_id=str(action.id),
        country=group_chat.country,
        author_id=None,
        flags=flags,
    )


async def report_message(
    session: AsyncSession,
    group_chat: GroupChat,
    *,
    reporter_id: int,
    author_id: int,
    message_id: int,
    text: str,
    now: datetime | None = None,
) -> ReviewItem:
    """``/report`` in a group: the message (its text, kept encrypted), its author (as an
    encrypted id, to act on) and the reporter (as a report: pseudonymised, rate-limited,
    weighted by their record) go to the group's moderators. Nothing happens in the group
    until a moderator decides. One queue item per message, however many report it."""
    existing = await session.scalar(
        select(ChatAction).where(
            ChatAction.chat_id == group_chat.chat_id,
            ChatAction.message_id == message_id,
            ChatAction.status == ActionStatus.HELD,
        )
    )
    action = existing or await record_action(
        session,
        chat_id=group_chat.chat_id,
        user_id=author_id,
        kind=ActionKind.RESTRICT,
        reason="report",
        status=ActionStatus.HELD,
        message_id=message_id,
        text=text,
        now=now,
    )
    await moderation.report(
        session,
        kind=ReviewKind.CHAT_MESSAGE,
        target_id=str(action.id),
        country=group_chat.country,
        reporter_id=reporter_id,
        reason="group-message",
        now=now,
    )
    return await flag_for_moderators(session, group_chat, action, ["report:group-message"])


async def reversible(session: AsyncSession, action_id: int) -> ChatAction | None:
    action = await session.get(ChatAction, action_id)
    if action is None or action.reversed_at is not None or action.status != ActionStatus.DONE:
        return None
    if action.kind not in (ActionKind.DELETE, ActionKind.RESTRICT, ActionKind.KICK):
        return None
    return action


async def reverse(
    session: AsyncSession, action: ChatAction, admin_id: int, now: datetime | None = None
) -> ChatAction | None:
    """An admin says the filter was wrong: the action is marked a false positive, the person
    stops being a newcomer here (their messages are no longer filtered), and a restriction is
    lifted (a pending ``LIFT`` the caller may carry out at once). Returns that lift, if any."""
    now = now or utcnow()
    action.reversed_at = now
    action.reversed_by = admin_id
    action.false_positive = action.actor_id is None
    user_id = action.user_ref
    await audit(
        session,
        actor_id=admin_id,
        action="chat.reverse",
        target_kind="chat",
        target_id=str(action.chat_id),
        details={"action": action.id, "reason": action.reason},
    )
    if user_id is None:
        return None
    await session.execute(
        delete(Newcomer).where(
            Newcomer.chat_id == action.chat_id,
            Newcomer.member_key.in_(_newcomer_keys(user_id)),
        )
    )
    if action.kind == ActionKind.DELETE:
        action.user_ref = None
        return None
    lift = await record_action(
        session,
        chat_id=action.chat_id,
        user_id=user_id,
        kind=ActionKind.LIFT,
        reason="reversed",
        status=ActionStatus.PENDING,
        actor_id=admin_id,
        now=now,
    )
    action.user_ref = None
    return lift


async def false_positives(session: AsyncSession, chat_id: int | None = None) -> dict[str, int]:
    """Reversed automatic actions per reason (the filter's known mistakes)."""
    query = select(ChatAction.reason, func.count()).where(ChatAction.false_positive.is_(True))
    if chat_id is not None:
        query = query.where(ChatAction.chat_id == chat_id)
    rows = await session.execute(query.group_by(ChatAction.reason))
    return {reason: int(count) for reason, count in rows}


async def forget_old_actions(session: AsyncSession, now: datetime) -> int:
    """Actions past the reversal window lose the ids and texts they carried; the row (what
    was done, why, whether it was a mistake) stays for the counts."""
    result = await session.execute(
        update(ChatAction)
        .where(
            ChatAction.created_at < now - ACTIONS_KEPT,
            or_(ChatAction.user_ref.is_not(None), ChatAction.text.is_not(None)),
            ChatAction.status.not_in((ActionStatus.PENDING, ActionStatus.HELD)),
        )
        .values(user_ref=None, text=None, member_key=None)
    )
    return int(getattr(result, "rowcount", 0) or 0)


# ---- shared bans ----------------------------------------------------------------------------


async def alliance_banned(session: AsyncSession, group_chat: GroupChat, user_id: int) -> bool:
    """Whether this person is banned in the chat's alliance (by the hash of their id)."""
    if group_chat.alliance is None:
        return False
    found = await session.scalar(
        select(AllianceBan.id).where(
            AllianceBan.alliance == group_chat.alliance,
            AllianceBan.member_key.in_(pseudonyms(ALLIANCE_BAN, user_id)),
            AllianceBan.lifted_at.is_(None),
        )
    )
    return found is not None


async def ban_in_alliance(
    session: AsyncSession,
    group_chat: GroupChat,
    *,
    user_id: int,
    reason: str,
    actor_id: int,
    message_id: int | None = None,
    now: datetime | None = None,
) -> int:
    """Ban a person in this chat and, when it is allied, in every chat of its alliance (one
    pending ban each, carried out by the worker); the reason and who decided are audited.
    Returns how many chats the ban reaches."""
    if reason not in BAN_REASONS:
        raise ChatError("chats-gone")
    now = now or utcnow()
    chats = [group_chat]
    if group_chat.alliance is not None:
        existing = await session.scalar(
            select(AllianceBan).where(
                AllianceBan.alliance == group_chat.alliance,
                AllianceBan.member_key.in_(pseudonyms(ALLIANCE_BAN, user_id)),
            )
        )
        if existing is None:
            session.add(
                AllianceBan(
                    alliance=group_chat.alliance,
                    member_key=pseudonym(ALLIANCE_BAN, user_id),
                    reason=reason,
                    moderator_id=actor_id,
                    source_chat=group_chat.chat_id,
                    created_at=now,
                )
            )
        else:
            existing.lifted_at = None
            existing.reason = reason
            existing.moderator_id = actor_id
        chats = list(
            await session.scalars(
                select(GroupChat).where(
                    GroupChat.alliance == group_chat.alliance,
                    GroupChat.bot_status != BotStanding.LEFT,
                )
            )
        )
    for each in chats:
        await record_action(
            session,
            chat_id=each.chat_id,
            user_id=user_id,
            kind=ActionKind.BAN,
            reason="alliance" if each.chat_id != group_chat.chat_id else reason,
            status=ActionStatus.PENDING,
            message_id=message_id if each.chat_id == group_chat.chat_id else None,
            actor_id=actor_id,
            now=now,
        )
    await audit(
        session,
        actor_id=actor_id,
        action="chat.ban",
        target_kind="chat",
        target_id=str(group_chat.chat_id),
        scope=group_chat.country,
        subject_id=None,
        details={"reason": reason, "alliance": group_chat.alliance, "chats": len(chats)},
    )
    return len(chats)


async def bans_of(session: AsyncSession, user_id: int) -> list[AllianceBan]:
    """The shared bans on this person still in force (for their appeal)."""
    return list(
        await session.scalars(
            select(AllianceBan).where(
                AllianceBan.member_key.in_(pseudonyms(ALLIANCE_BAN, user_id)),
                AllianceBan.lifted_at.is_(None),
            )
        )
    )


async def appeal_ban(session: AsyncSession, user_id: int, text: str) -> int:
    """The banned person's appeal (once per ban) goes to the moderators of the alliance's
    country; returns how many bans it concerns (0: none to appeal, or appealed already)."""
    appealed = 0
    for ban in await bans_of(session, user_id):
        if ban.appeal is not None:
            continue
        ban.appeal = text[:APPEAL_MAX]
        ban.appeal_ref = user_id
        await moderation.submit(
            session,
            kind=ReviewKind.CHAT_BAN,
            target_id=str(ban.id),
            country=ban.alliance.upper(),
            author_id=None,
        )
        appealed += 1
    return appealed


async def decide_appeal(
    session: AsyncSession, ban_id: int, moderator_id: int, *, upheld: bool
) -> None:
    """A moderator's decision on an appeal: upheld lifts the ban (every allied chat unbans
    the person, whose id the appeal carried, encrypted); either way that id is forgotten."""
    ban = await session.get(AllianceBan, ban_id)
    if ban is None or ban.lifted_at is not None:
        return
    user_id = ban.appeal_ref
    ban.appeal_ref = None
    if not upheld or user_id is None:
        return
    ban.lifted_at = utcnow()
    chats = await session.scalars(
        select(GroupChat.chat_id).where(GroupChat.alliance == ban.alliance)
    )
    for chat_id in chats:
        await record_action(
            session,
            chat_id=chat_id,
            user_id=user_id,
            kind=ActionKind.LIFT,
            reason="appeal",
            status=ActionStatus.PENDING,
            actor_id=moderator_id,
        )


# ---- erasure and the member's data ----------------------------------------------------------


async def export_member(session: AsyncSession, member_id: int) -> dict[str, Any]:
    """``/my_data``: what the groups feature keeps about this id (chats by title)."""
    titles = {c.chat_id: c.title for c in await session.scalars(select(GroupChat))}
    newcomer_rows = await session.scalars(
        select(Newcomer).where(Newcomer.member_key.in_(_newcomer_keys(member_id)))
    )
    action_rows = await session.scalars(
        select(ChatAction).where(ChatAction.member_key.in_(pseudonyms(ACTION_SUBJECT, member_id)))
    )
    return {
        "newcomer_in": [
            {"group": titles.get(r.chat_id), "joined": r.joined_at.isoformat()}
            for r in newcomer_rows
        ],
        "actions_about_you": [
            {
                "group": titles.get(a.chat_id),
                "action": str(a.kind),
                "reason": a.reason,
                "message": a.text,
                "at": a.created_at.isoformat(),
            }
            for a in action_rows
        ],
        "shared_bans": [
            {"alliance": b.alliance, "reason": b.reason, "appeal": b.appeal}
            for b in await bans_of(session, member_id)
        ],
    }


async def erase_member(session: AsyncSession, member_id: int) -> None:
    """``/delete_me``: every trace of the id in groups goes — newcomer rows, the ids and texts
    of actions (the counts stay, naming nobody), the appeal's text; as staff (an admin who
    undid or banned), the id becomes the tombstone. A shared ban stays as a keyed hash, like
    ``bans``: erasing oneself must not lift a ban for scam."""
    await session.execute(
        delete(Newcomer).where(Newcomer.member_key.in_(_newcomer_keys(member_id)))
    )
    await session.execute(
        update(ChatAction)
        .where(ChatAction.member_key.in_(pseudonyms(ACTION_SUBJECT, member_id)))
        .values(member_key=None, user_ref=None, text=None)
    )
    await session.execute(
        update(AllianceBan)
        .where(AllianceBan.member_key.in_(pseudonyms(ALLIANCE_BAN, member_id)))
        .values(appeal=None, appeal_ref=None)
    )
    await session.execute(
        update(AllianceBan)
        .where(AllianceBan.moderator_id == member_id)
        .values(moderator_id=ERASED_MEMBER)
    )
    await session.execute(
        update(ChatAction).where(ChatAction.actor_id == member_id).values(actor_id=ERASED_MEMBER)
    )
    await session.execute(
        update(ChatAction)
        .where(ChatAction.reversed_by == member_id)
        .values(reversed_by=ERASED_MEMBER)
    )


async def audit_refusal(
    session: AsyncSession, actor_id: int, action: str, chat_id: int, why: str
) -> None:
    """A refused privileged action in a group (not an admin there, a forged button)."""
    await audit(
        session,
        actor_id=actor_id,
        action=action,
        outcome=AuditOutcome.DENIED,
        target_kind="chat",
        target_id=str(chat_id),
        details={"why": why},
    )


def staff_may_decide(access: Access, group_chat: GroupChat) -> bool:
    return access.can_moderate(group_chat.country)


# ---- language and the deep link of a group --------------------------------------------------


async def entry_of(session: AsyncSession, group_chat: GroupChat) -> Group | None:
    if group_chat.group_id is None:
        return None
    return await session.get(Group, group_chat.group_id)


def group_locale(entry: Group | None, default_locale: str) -> str:
    """The language the bot speaks in a group: its directory entry's first of ru/en."""
    for language in entry.languages if entry is not None else []:
        if language in ("ru", "en"):
            return language
    return default_locale


def start_payload(entry: Group | None) -> str | None:
    """The deep link that starts onboarding from the group's place (``ge-tbilisi``, plus
    ``_design`` for a group of one profession); ``None`` for a transnational group."""
    if entry is None or entry.country == ALL_COUNTRIES:
        return None
    payload = entry.country.lower()
    city = find_city(entry.country, entry.city) if entry.city else None
    if city is not None:
        payload += f"-{city.slug}"
    if len(entry.professions) == 1:
        payload += f"_{entry.professions[0]}"
    return payload
