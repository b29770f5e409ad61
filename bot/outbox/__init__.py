"""The outbox: one way for the bot to write to a member other than the one it is answering.

A feature calls :func:`enqueue` inside the transaction that decided the message (the update's
session, a job's unit of work): the row commits with the decision or not at all, and after the
commit one loop (:mod:`bot.outbox.delivery`) claims it, sends it under one policy for 429, 403
and 5xx, and deletes it. Nothing here imports a feature.
"""

from bot.outbox.store import Outgoing, enqueue, forget_recipient, pending_for

__all__ = ["Outgoing", "enqueue", "forget_recipient", "pending_for"]
