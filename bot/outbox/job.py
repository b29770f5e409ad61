"""The delivery loop as a worker job (a built-in one: every process with a worker sends).

One job for every message owed: the outbox's rows and every feed the features plugged in
(:data:`bot.outbox.kinds.OUTBOX_FEEDS`), each source through :func:`bot.outbox.engine.run`.
"""

from __future__ import annotations

from bot.outbox.delivery import deliver_round
from bot.outbox.kinds import feeds_of, kinds_of
from bot.plugins import Job, JobContext, Plugins

# A separate ``python -m bot worker`` is not woken by the bot's commits: it looks this often.
POLL_SECONDS = 1.0


async def deliver_outbox(context: JobContext) -> int:
    """One round of the loop (see :mod:`bot.outbox.delivery`)."""
    return await deliver_round(
        context.services,
        context.bot,
        worker_id=context.worker_id,
        stopping=context.stopping,
        kinds=kinds_of(context.plugins),
        feeds=feeds_of(context.plugins),
    )


def outbox_job(plugins: Plugins | None = None) -> Job:
    """Woken at once by a commit in this process that wrote outbox rows (or a feed's tables)."""
    wakes = ("outbox", *(topic for feed in feeds_of(plugins) for topic in feed.wakes_on))
    return Job("outbox.deliver", deliver_outbox, interval=POLL_SECONDS, wakes_on=wakes)
