"""The registry of periodic jobs. Each feature adds its jobs to :func:`all_jobs`."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from bot.worker.context import JobContext

JobFunction = Callable[[JobContext], Awaitable[int]]


@dataclass(frozen=True)
class Job:
    """``run`` does one round and returns how many items it handled; the runner calls it
    again after ``interval`` seconds (at once when it handled a full batch)."""

    name: str
    run: JobFunction
    interval: float
    # Tables whose rows committed by this process wake the job at once (bot.worker.wake).
    wakes_on: tuple[str, ...] = ()


def all_jobs() -> list[Job]:
    """Every job, in one explicit list (features add theirs here)."""
    from bot.features.broadcast.delivery import send_broadcasts
    from bot.features.directory.jobs import check_group_links
    from bot.features.events.notices import send_due_notices
    from bot.features.faq.jobs import send_review_digests
    from bot.features.listings.delivery import run_expiry, run_notices, run_purge
    from bot.features.privacy.jobs import (
        erase_after_decisions,
        purge_old_audit_entries,
        warn_and_erase_silent_members,
    )
    from bot.worker.builtin import escalate_overdue_reviews, forget_stale_fsm, measure_queues

    return [
        Job("moderation.escalate_overdue", escalate_overdue_reviews, interval=300.0),
        Job("metrics.queue_sizes", measure_queues, interval=60.0),
        Job("privacy.silent_members", warn_and_erase_silent_members, interval=3600.0),
        Job("privacy.audit_retention", purge_old_audit_entries, interval=6 * 3600.0),
        Job("privacy.erase_after_decisions", erase_after_decisions, interval=60.0),
        Job("privacy.stale_conversations", forget_stale_fsm, interval=6 * 3600.0),
        Job("events.notices", send_due_notices, interval=15.0, wakes_on=("event_notices",)),
        Job("broadcast.deliver", send_broadcasts, interval=2.0, wakes_on=("broadcasts",)),
        Job("directory.check_links", check_group_links, interval=600.0),
        Job("listings.expire", run_expiry, interval=600.0),
        Job("listings.notices", run_notices, interval=30.0),
        Job("listings.purge_ended", run_purge, interval=6 * 3600.0),
        Job("faq.review_digests", send_review_digests, interval=1800.0),
    ]
