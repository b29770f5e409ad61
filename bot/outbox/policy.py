"""The one policy for what Telegram answers when the bot writes to a member unasked.

Used by the one loop (:mod:`bot.outbox.engine`) for every message it sends, whoever keeps it
(the outbox's rows, a broadcast's deliveries):

* 429: wait ``retry_after`` and send to the same member again — unless the wait is longer
  than :data:`LONGEST_FLOOD_WAIT`, then the message is put back until then;
* 403: the member blocked the bot — :func:`mark_unreachable`, the only place that marks it;
* 5xx or the network: put back with a growing, jittered pause; given up after
  :data:`MAX_ATTEMPTS` tries;
* any other refusal (400...): given up at once.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from enum import StrEnum

from aiogram.exceptions import (
    TelegramAPIError,
    TelegramForbiddenError,
    TelegramNetworkError,
    TelegramRetryAfter,
    TelegramServerError,
)
from aiogram.types import Message
from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import Member, MemberStatus

# Tries of one message before it is given up (5xx each time, or a worker dying on it).
MAX_ATTEMPTS = 5
# 429s for one message in a row before it is put back instead.
MAX_FLOOD_WAITS = 5
# A flood wait longer than this is not slept through holding a lease: the message waits.
LONGEST_FLOOD_WAIT = 60.0
FIRST_BACKOFF = 5.0
LONGEST_BACKOFF = 600.0


class Result(StrEnum):
    SENT = "sent"
    WAIT = "flood-wait"  # 429: sleep ``retry_in``, then the same member again
    RETRY = "retried"  # put back for ``retry_in`` seconds: 5xx, network, a very long 429
    BLOCKED = "blocked"  # 403
    FAILED = "failed"  # refused for good, or given up


@dataclass(frozen=True)
class Sent:
    result: Result
    error: str | None = None
    retry_in: float = 0.0
    # The message Telegram made (``SENT`` only): its id, and itself (a photo's file_id).
    message_id: int | None = None
    message: Message | None = None


def backoff(attempts: int) -> float:
    """The pause before the next try after ``attempts`` failed ones (full jitter)."""
    ceiling = min(LONGEST_BACKOFF, FIRST_BACKOFF * 2 ** max(attempts - 1, 0))
    return random.uniform(ceiling / 2, ceiling)


def judge(error: TelegramAPIError, attempts: int) -> Sent:
    """What to do after Telegram refused a message on its ``attempts``-th try."""
    if isinstance(error, TelegramRetryAfter):
        wait = float(error.retry_after)
        if wait > LONGEST_FLOOD_WAIT:
            return Sent(Result.RETRY, "flood", wait)
        return Sent(Result.WAIT, "flood", wait)
    if isinstance(error, TelegramForbiddenError):
        return Sent(Result.BLOCKED, "forbidden")
    if isinstance(error, TelegramServerError | TelegramNetworkError):
        if attempts >= MAX_ATTEMPTS:
            return Sent(Result.FAILED, "gave-up")
        return Sent(Result.RETRY, "transient", backoff(attempts))
    return Sent(Result.FAILED, "refused")


async def mark_unreachable(session: AsyncSession, member_id: int) -> None:
    """The member blocked the bot (403): the one place that marks them unreachable."""
    await session.execute(
        update(Member)
        .where(Member.id == member_id, Member.status == MemberStatus.ACTIVE)
        .values(status=MemberStatus.UNREACHABLE)
    )
