"""What a feature may tell the outbox: hooks on its kind of message, or a feed of its own rows.

Most kinds need nothing: the message was rendered when it was decided. A kind whose message
being undeliverable changes something (a relay message that never arrived is taken back, and
its sender told), or that must know the message Telegram made (a status message that edits
itself later), plugs an :class:`OutboxKind` into :data:`OUTBOX_KINDS` from its descriptor.

A feature whose messages are too many for one outbox row each (a broadcast to a segment of
millions keeps one small delivery row per recipient, listed chunk by chunk) plugs an
:class:`OutboxFeed` into :data:`OUTBOX_FEEDS`: each round the outbox's job asks it for its
:class:`~bot.outbox.engine.Source` objects and runs each through the same loop as its own rows
(:func:`bot.outbox.engine.run`), under the same policy, limiter and ``mark_unreachable``.
"""

from __future__ import annotations

from collections.abc import AsyncGenerator, Awaitable, Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from bot.outbox.engine import Source
from bot.plugins import ExtensionPoint, Plugins
from bot.services import Services

# (the session of the outcome's transaction, the recipient, the ``ref`` the row was written
# with). Runs in the transaction that drops the row: it may write, and ``enqueue`` too.
Undelivered = Callable[[AsyncSession, int, Mapping[str, Any]], Awaitable[None]]
# The same, and the id of the message Telegram made; runs in the transaction that drops the
# delivered row.
Delivered = Callable[[AsyncSession, int, Mapping[str, Any], int], Awaitable[None]]


@dataclass(frozen=True)
class OutboxKind:
    """A kind of message (``enqueue``'s ``kind``), what to do when it cannot be delivered
    (403, a refusal, or given up after the retries), and when it was (optional both)."""

    name: str
    undelivered: Undelivered | None = None
    delivered: Delivered | None = None


OUTBOX_KINDS = ExtensionPoint[OutboxKind]("outbox.kinds")


@dataclass(frozen=True)
class FeedRound:
    """What a feed's round knows: the services, the worker's name (its claims carry it), and
    the moment it stands at."""

    services: Services
    worker_id: str
    now: datetime


@dataclass(frozen=True)
class OutboxFeed:
    """A feature's own rows of messages owed, delivered by the outbox's loop.

    ``sources`` yields, for one round, each source to run now (one per broadcast being sent);
    work between sources (listing the next recipients, ending what is done) is the feed's.
    ``wakes_on``: tables whose commits wake the loop at once (``bot.worker.wake``).
    """

    name: str
    sources: Callable[[FeedRound], AsyncGenerator[Source[Any], None]]
    wakes_on: tuple[str, ...] = ()


OUTBOX_FEEDS = ExtensionPoint[OutboxFeed]("outbox.feeds")


def feeds_of(plugins: Plugins | None) -> list[OutboxFeed]:
    """The feeds the features plugged in, in feature order."""
    return [] if plugins is None else list(plugins.extensions(OUTBOX_FEEDS))


def kinds_of(plugins: Plugins | None) -> dict[str, OutboxKind]:
    """The kinds the features plugged in, by name."""
    if plugins is None:
        return {}
    return {kind.name: kind for kind in plugins.extensions(OUTBOX_KINDS)}
