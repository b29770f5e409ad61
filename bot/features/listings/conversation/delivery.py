"""Relay messages and reveals go to the other side through the outbox (after the commit);
what cannot be delivered (blocked the bot, refused, given up) is taken back here and the
sender told, in the transaction that drops the outbox row."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from bot import outbox
from bot.db.models import RelayMessage, RelayThread
from bot.outbox.kinds import OutboxKind

MESSAGE = "relay.message"
REVEAL = "relay.reveal"


def message_ref(message: RelayMessage, sender_id: int, sorry: str) -> dict[str, Any]:
    """What :func:`message_undelivered` needs: the message, who sent it, what to tell them."""
    return {"message": message.id, "sender": sender_id, "sorry": sorry}


def reveal_ref(thread: RelayThread, by_author: bool, sender_id: int, sorry: str) -> dict[str, Any]:
    return {"thread": thread.id, "by_author": by_author, "sender": sender_id, "sorry": sorry}


async def _tell_sender(session: AsyncSession, ref: Mapping[str, Any]) -> None:
    sender, sorry = ref.get("sender"), ref.get("sorry")
    if isinstance(sender, int) and isinstance(sorry, str):
        await outbox.enqueue(session, "relay.undelivered", sender, outbox.Outgoing(sorry))


async def message_undelivered(
    session: AsyncSession, recipient_id: int, ref: Mapping[str, Any]
) -> None:
    """Forget the message and the turn it took (as if never written), and tell the sender."""
    message = await session.get(RelayMessage, ref.get("message"))
    if message is None:  # the thread was erased meanwhile
        return
    thread = await session.get(RelayThread, message.thread_id)
    await session.delete(message)
    if thread is not None:
        thread.streak = max(0, thread.streak - 1)
        if thread.streak == 0:
            thread.last_from_author = None
    await _tell_sender(session, ref)


async def reveal_undelivered(
    session: AsyncSession, recipient_id: int, ref: Mapping[str, Any]
) -> None:
    """Not delivered, so not revealed either (the member may try again later)."""
    thread = await session.get(RelayThread, ref.get("thread"))
    if thread is None:
        return
    if ref.get("by_author"):
        thread.author_revealed_at = None
    else:
        thread.responder_revealed_at = None
    await _tell_sender(session, ref)


KINDS = (OutboxKind(MESSAGE, message_undelivered), OutboxKind(REVEAL, reveal_undelivered))
