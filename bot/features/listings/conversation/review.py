"""Reported conversations as the moderation queue sees them (``ReviewKind.RELAY``; target id =
the relay thread's id).

The moderator reads the conversation (sides named only "author" and "responder": the queue
shows no identities) and decides: *approve* means nothing wrong was found (the reports are
settled, the reporter's block stays theirs to lift); *reject* means a violation: the thread is
closed for both sides.
"""

from __future__ import annotations

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.crypto import pseudonyms
from bot.db.models import RelayThread, Report, ReportStatus, ReviewKind
from bot.db.models.moderation import REPORTER
from bot.features.listings.conversation.render import listing_title
from bot.features.listings.conversation.service import listing_of, messages_of
from bot.features.listings.render import Texts

# The newest messages of a reported conversation a moderator sees, each cut to a length
# that keeps the card within one Telegram message.
REVIEW_MESSAGES = 8
MESSAGE_CHARS = 300


async def _thread(session: AsyncSession, target_id: str) -> RelayThread | None:
    if not target_id.isdigit():
        return None
    return await session.get(RelayThread, int(target_id))


async def _settle_reports(session: AsyncSession, thread: RelayThread) -> None:
    await session.execute(
        update(Report)
        .where(
            Report.kind == ReviewKind.RELAY,
            Report.target_id == str(thread.id),
            Report.status == ReportStatus.OPEN,
        )
        .values(status=ReportStatus.RESOLVED)
    )


class RelayReviewHandler:
    """:class:`bot.features.moderation.registry.ReviewHandler` for reported conversations."""

    async def describe(self, session: AsyncSession, target_id: str, locale: str) -> str | None:
        thread = await _thread(session, target_id)
        if thread is None:
            return None
        t = Texts.offline(locale)
        reporters = set(
            await session.scalars(
                select(Report.reporter_key).where(
                    Report.kind == ReviewKind.RELAY, Report.target_id == str(thread.id)
                )
            )
        )
        # Only the two sides can report a conversation: which one, by their pseudonyms.
        by_author = bool(reporters & set(pseudonyms(REPORTER, thread.author_id)))
        by_responder = bool(reporters & set(pseudonyms(REPORTER, thread.responder_id)))
        reported_by = [
            t.get(key)
            for key, reported in (
                ("relay-role-author", by_author),
                ("relay-role-responder", by_responder),
            )
            if reported
        ]
        lines = [
            t.get(
                "relay-moderator-header",
                thread=str(thread.id),
                title=listing_title(t, await listing_of(session, thread)),
                reported_by=", ".join(reported_by) or "—",
            )
        ]
        for message in await messages_of(session, thread.id, REVIEW_MESSAGES):
            lines.append(
                t.get(
                    "relay-moderator-line",
                    side=t.get(
                        "relay-role-author" if message.from_author else "relay-role-responder"
                    ),
                    text=message.text[:MESSAGE_CHARS],
                )
            )
        return "\n\n".join(lines)

    async def title(self, session: AsyncSession, target_id: str) -> str | None:
        thread = await _thread(session, target_id)
        if thread is None:
            return None
        listing = await listing_of(session, thread)
        return listing.title if listing is not None else None

    async def approve(self, session: AsyncSession, target_id: str, moderator_id: int) -> None:
        thread = await _thread(session, target_id)
        if thread is not None:
            await _settle_reports(session, thread)

    async def reject(self, session: AsyncSession, target_id: str, moderator_id: int) -> None:
        thread = await _thread(session, target_id)
        if thread is not None:
            thread.blocked_by_author = thread.blocked_by_responder = True
            await _settle_reports(session, thread)
