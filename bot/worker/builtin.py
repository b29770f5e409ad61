"""Jobs that belong to the shared layers rather than to one feature."""

from __future__ import annotations

import logging

from sqlalchemy import func, select

from bot.db.models import OutboxMessage
from bot.db.types import utcnow
from bot.db.uow import unit_of_work
from bot.fsm import purge_stale_fsm
from bot.outbox.job import outbox_job
from bot.plugins import Job, JobContext, Plugins

log = logging.getLogger(__name__)


async def forget_stale_fsm(context: JobContext) -> int:
    """Wizards left untouched for ``FSM_TTL`` are forgotten in the table, as Redis expires its
    keys (what a member typed into one is not kept for ever, even encrypted)."""
    async with unit_of_work(context.services.sessions) as session:
        return await purge_stale_fsm(session, utcnow())


async def measure_queues(context: JobContext) -> int:
    """Set the queue-size gauges from the rows waiting now (for dashboards and alerts).

    Each feature with a queue names its gauges in its descriptor (``queues``); the outbox's
    is ``outbox`` (messages owed and not yet sent).

        Returns 0: measuring is not work done, so the runner keeps its normal pace.
    """
    services = context.services
    async with unit_of_work(services.sessions) as session:
        for name, gauge in context.plugins.queues.items():
            size = await session.scalar(select(func.count(gauge.column)).where(gauge.waiting()))
            services.metrics.queue_size.labels(name).set(int(size or 0))
        owed = await session.scalar(select(func.count(OutboxMessage.id)))
        services.metrics.queue_size.labels("outbox").set(int(owed or 0))
    return 0


def builtin_jobs(plugins: Plugins | None = None) -> list[Job]:
    """The jobs of the shared layers; the features' own come from their descriptors (and the
    outbox's job delivers the feeds they plug in)."""
    return [
        outbox_job(plugins),
        Job("metrics.queue_sizes", measure_queues, interval=60.0),
        Job("privacy.stale_conversations", forget_stale_fsm, interval=6 * 3600.0),
    ]
