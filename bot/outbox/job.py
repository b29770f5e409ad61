"""The delivery loop as a worker job (a built-in one: every process with a worker sends)."""

from __future__ import annotations

from bot.outbox.delivery import deliver_round
from bot.outbox.kinds import kinds_of
from bot.plugins import Job, JobContext

# A separate ``python -m bot worker`` is not woken by the bot's commits: it looks this often.
POLL_SECONDS = 1.0


async def deliver_outbox(context: JobContext) -> int:
    """One round of the loop (see :mod:`bot.outbox.delivery`)."""
    return await deliver_round(
        context.services,
        context.bot,
        stopping=context.stopping,
        kinds=kinds_of(context.plugins),
    )


def outbox_job() -> Job:
    """Woken at once by a commit in this process that wrote outbox rows."""
    return Job("outbox.deliver", deliver_outbox, interval=POLL_SECONDS, wakes_on=("outbox",))
