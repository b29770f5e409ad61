"""/my_data and /delete_me for conversations through the bot.

The export holds the member's own conversations: which listing, their side, when, whether
anyone blocked or showed a username, and the member's own messages (the other side's words
are the other person's data; only their count is given). Erasure deletes every conversation
the member took part in — and those about the member's listings — with all their messages,
on both sides; a reported one leaves the moderation queue.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import (
    RelayMessage,
)
from bot.features.listings.conversation.service import (
    listing_id_of,
    listing_kind_of,
    threads_of_member,
)
from bot.features.listings.privacy import delete_threads


def _iso(value: Any) -> str | None:
    return value.isoformat() if value is not None else None


async def export_relay(session: AsyncSession, member_id: int) -> list[dict[str, Any]]:
    exported = []
    for thread in await threads_of_member(session, member_id):
        mine_is_author = thread.author_id == member_id
        messages = list(
            await session.scalars(
                select(RelayMessage)
                .where(RelayMessage.thread_id == thread.id)
                .order_by(RelayMessage.id)
            )
        )
        exported.append(
            {
                "conversation": thread.id,
                "listing": f"{listing_kind_of(thread).name.lower()}:{listing_id_of(thread)}",
                "my_side": "author" if mine_is_author else "responder",
                "started_at": _iso(thread.created_at),
                "i_blocked": thread.blocked_by_author
                if mine_is_author
                else thread.blocked_by_responder,
                "i_showed_my_username_at": _iso(
                    thread.author_revealed_at if mine_is_author else thread.responder_revealed_at
                ),
                "my_messages": [
                    {"at": _iso(m.created_at), "text": m.text}
                    for m in messages
                    if m.from_author == mine_is_author
                ],
                "messages_received": sum(1 for m in messages if m.from_author != mine_is_author),
            }
        )
    return exported


async def erase_relay(session: AsyncSession, member_id: int) -> None:
    thread_ids = [thread.id for thread in await threads_of_member(session, member_id)]
    await delete_threads(session, thread_ids)
