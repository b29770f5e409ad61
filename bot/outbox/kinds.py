"""What a feature may tell the outbox about its kind of message.

Most kinds need nothing: the message was rendered when it was decided. A kind whose message
being undeliverable changes something (a relay message that never arrived is taken back, and
its sender told), or that must know the message Telegram made (a status message that edits
itself later), plugs an :class:`OutboxKind` into :data:`OUTBOX_KINDS` from its descriptor.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from bot.plugins import ExtensionPoint, Plugins

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


def kinds_of(plugins: Plugins | None) -> dict[str, OutboxKind]:
    """The kinds the features plugged in, by name."""
    if plugins is None:
        return {}
    return {kind.name: kind for kind in plugins.extensions(OUTBOX_KINDS)}
