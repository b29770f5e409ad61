"""The outbox: one way for the bot to write to a member other than the one it is answering.

A feature calls :func:`enqueue` inside the transaction that decided the message (the update's
session, a job's unit of work): the row commits with the decision or not at all, and after the
commit one loop claims it, sends it under one policy for 429, 403 and 5xx, and deletes it.

* :mod:`bot.outbox.engine`: THE loop (claim -> lease -> mark sending -> send -> record ->
  release) over any :class:`~bot.outbox.engine.Source`;
* :mod:`bot.outbox.delivery`: the outbox's rows as a source, and the round the job runs;
* :mod:`bot.outbox.policy`: what 429, 403, 5xx mean; ``mark_unreachable``, the only marker;
* :mod:`bot.outbox.kinds`: hooks a feature hangs on its kind of row, and feeds of its own rows
  (a broadcast's deliveries) that the same loop delivers;
* :mod:`bot.outbox.store`: writing rows, and forgetting a member's (erasure).

Nothing here imports a feature: features plug in through their descriptors.
"""

from bot.outbox.store import Outgoing, enqueue, forget_recipient, pending_for

__all__ = ["Outgoing", "enqueue", "forget_recipient", "pending_for"]
