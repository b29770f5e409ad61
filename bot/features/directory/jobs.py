"""The worker job that looks at public @username links with getChat, in batches.

A group whose username no longer resolves (renamed, deleted, made private, or taken by a
person) is marked ``gone``: members see a warning on its card and moderators find it first in
the list of groups to re-check. Nothing is hidden automatically — a moderator decides.
Invite links cannot be looked up by a bot and demo links point nowhere on purpose: both are
skipped (see :func:`bot.features.directory.service.claim_links_to_check`).
"""

from __future__ import annotations

import asyncio
import logging

from aiogram.enums import ChatType
from aiogram.exceptions import (
    TelegramBadRequest,
    TelegramForbiddenError,
    TelegramNetworkError,
    TelegramRetryAfter,
    TelegramServerError,
)

from bot.db.models import LinkCheck
from bot.db.uow import unit_of_work
from bot.features.directory import service as directory
from bot.features.directory.links import public_username
from bot.plugins import JobContext

log = logging.getLogger(__name__)

BATCH = 50
# Between two lookups: link checks are background work and must never crowd out replies.
PAUSE_SECONDS = 0.5
GROUP_TYPES = frozenset({ChatType.GROUP, ChatType.SUPERGROUP, ChatType.CHANNEL})


async def check_group_links(context: JobContext, *, pause: float = PAUSE_SECONDS) -> int:
    """One round: claim up to :data:`BATCH` links due for a check, look them up, record.

    Whatever goes wrong half-way, the results so far are recorded and the links not looked
    up are given back (due again at once), so a failure never hides a link for a week.
    """
    async with unit_of_work(context.services.sessions) as session:
        due = await directory.claim_links_to_check(session, limit=BATCH)
    results: list[tuple[int, LinkCheck]] = []
    done: set[int] = set()
    try:
        for group_id, link in due:
            username = public_username(link)
            if username is None:
                continue
            found = await _look_up(context, username)
            if found is None:
                break  # Telegram is unreachable or asks us to wait: the rest go back
            results.append((group_id, found))
            done.add(group_id)
            if pause:
                await asyncio.sleep(pause)
    finally:
        async with unit_of_work(context.services.sessions) as session:
            for group_id, result in results:
                await directory.record_link_check(session, group_id, result)
            await directory.release_link_checks(
                session, [group_id for group_id, _ in due if group_id not in done]
            )
    gone = sum(1 for _, result in results if result == LinkCheck.GONE)
    if results:
        log.info("link check: %d looked up, %d gone", len(results), gone)
    return len(results)


async def _look_up(context: JobContext, username: str) -> LinkCheck | None:
    """What getChat says about ``@username``; ``None``: no answer this round."""
    try:
        chat = await context.bot.get_chat(f"@{username}")
    except TelegramRetryAfter as error:
        log.warning("link check paused for %ss (flood control)", error.retry_after)
        await asyncio.sleep(min(error.retry_after, 60))
        return None
    except (TelegramNetworkError, TelegramServerError) as error:
        log.warning("link check stopped: %s", type(error).__name__)
        return None
    except TelegramForbiddenError:
        return LinkCheck.OK  # it exists; the bot is just not let in
    except TelegramBadRequest:
        return LinkCheck.GONE  # "chat not found"
    # A username now belonging to a person or a bot is not the group any more.
    return LinkCheck.OK if chat.type in GROUP_TYPES else LinkCheck.GONE
