"""The worker's side of the bot in groups: what must happen later, and survive a restart.

* :func:`run_chat_actions` — pending actions (a moderator's decision, a shared ban, a lifted
  ban), the door checks that ran out (the person is removed, not banned, and the welcome
  deleted), and welcomes and the admins' notes whose time is up.
* :func:`refresh_chats` — each chat's member count and the bot's standing, for the directory
  card ("bot present — checked today") and for the moderators when the bot left or lost rights.
* :func:`forget_chat_data` — newcomer rows past their first days, and the ids and texts of
  actions past the reversal window.
"""

from __future__ import annotations

import logging
from datetime import timedelta

from aiogram.exceptions import TelegramBadRequest, TelegramForbiddenError

from bot.db.models import ActionKind, ActionStatus, BotStanding
from bot.db.types import utcnow
from bot.db.uow import unit_of_work
from bot.features.chats import actions, service
from bot.plugins import JobContext

log = logging.getLogger(__name__)

BATCH = 50
#: How often each chat's figures are asked of Telegram.
REFRESH_EVERY = timedelta(hours=6)


async def run_chat_actions(context: JobContext) -> int:
    bot = context.bot
    now = utcnow()
    done = 0
    async with unit_of_work(context.services.sessions) as session:
        for action in await service.claim_actions(session, BATCH):
            service.finish(action, await actions.carry_out(bot, action), now)
            done += 1
        for row in await service.doors_closing(session, now, BATCH):
            row.door_deadline = None
            ok = await actions.remove(bot, row.chat_id, row.user_ref, for_good=False)
            if row.by_request:
                try:
                    await bot.decline_chat_join_request(row.chat_id, row.user_ref)
                    ok = True
                except (TelegramBadRequest, TelegramForbiddenError) as error:
                    log.info("join request not declined: %s", error.message)
            await service.record_action(
                session, chat_id=row.chat_id, user_id=None, kind=ActionKind.KICK,
                reason="door", status=ActionStatus.DONE if ok else ActionStatus.FAILED, now=now,
            )  # fmt: skip
            if row.welcome_message_id is not None:
                await actions.delete(bot, row.chat_id, row.welcome_message_id)
            # Nothing more is kept about someone who never came in.
            await session.delete(row)
            done += 1
        for row in await service.welcomes_due(session, now, BATCH):
            if row.welcome_message_id is not None:
                await actions.delete(bot, row.chat_id, row.welcome_message_id)
            row.welcome_message_id = None
            row.welcome_delete_at = None
            done += 1
        for action in await service.notes_due(session, now, BATCH):
            if action.note_id is not None:
                await actions.delete(bot, action.chat_id, action.note_id)
            action.note_id = None
            action.note_until = None
            done += 1
    return done


async def refresh_chats(context: JobContext) -> int:
    bot = context.bot
    now = utcnow()
    async with unit_of_work(context.services.sessions) as session:
        chat_ids = await service.chats_to_check(session, now - REFRESH_EVERY, BATCH)
        me = await bot.me()
        for chat_id in chat_ids:
            try:
                members = await bot.get_chat_member_count(chat_id)
                mine = await bot.get_chat_member(chat_id, me.id)
                standing = (
                    BotStanding.LEFT
                    if mine.status in ("left", "kicked")
                    else BotStanding.ADMINISTRATOR
                    if mine.status == "administrator"
                    else BotStanding.MEMBER
                )
                rights = [r for r in service.NEEDED_RIGHTS if getattr(mine, r, False)]
                rights += [
                    r for r in ("can_pin_messages", "can_invite_users") if getattr(mine, r, False)
                ]
            except (TelegramBadRequest, TelegramForbiddenError):
                members, standing, rights = None, BotStanding.LEFT, []
            await service.record_count(
                session, chat_id, members=members, standing=standing, rights=rights, now=now
            )
    return len(chat_ids)


async def forget_chat_data(context: JobContext) -> int:
    now = utcnow()
    async with unit_of_work(context.services.sessions) as session:
        return await service.forget_newcomers(session, now) + await service.forget_old_actions(
            session, now
        )
