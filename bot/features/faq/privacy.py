"""What the knowledge base keeps about a member, for /my_data and /delete_me.

* their 👍/👎 on answers (one row per answer);
* the questions they asked that became knowledge gaps (what they typed, for moderators);
* as a moderator, that they verified or last edited entries (their id on the entry), and
  when they last got the weekly review digest.

Erasure deletes the votes and the questions (a gap nobody else asked disappears; the others
are regrouped) and takes the id off entries, which stay: the knowledge base is the
community's. The anonymous counters (how often an answer helped) are not personal data.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import delete, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import ERASED_MEMBER, FaqEntry, FaqGap, FaqGapQuestion, FaqReviewDigest, FaqVote
from bot.features.faq.service import asked_by, forget_gap_questions, voted_by


async def export_faq(session: AsyncSession, member_id: int) -> dict[str, Any]:
    votes = await session.execute(
        select(FaqEntry.slug, FaqVote.helpful, FaqVote.voted_at)
        .join(FaqEntry, FaqEntry.id == FaqVote.entry_id)
        .where(voted_by(member_id))
        .order_by(FaqVote.voted_at)
    )
    questions = await session.execute(
        select(FaqGapQuestion.text, FaqGapQuestion.asked_at, FaqGap.kind, FaqGap.entry_slug)
        .join(FaqGap, FaqGap.id == FaqGapQuestion.gap_id)
        .where(asked_by(member_id))
        .order_by(FaqGapQuestion.asked_at)
    )
    entries = await session.execute(
        select(FaqEntry.slug, FaqEntry.verified_by, FaqEntry.updated_by)
        .where(or_(FaqEntry.verified_by == member_id, FaqEntry.updated_by == member_id))
        .order_by(FaqEntry.slug)
    )
    digest = await session.get(FaqReviewDigest, member_id)
    return {
        "review_digest_last_sent": digest.sent_at.isoformat() if digest else None,
        "ratings": [
            {"answer": slug, "helpful": helpful, "at": at.isoformat()}
            for slug, helpful, at in votes
        ],
        "questions_passed_to_moderators": [
            {
                "question": text,
                "at": at.isoformat(),
                "why": "answer not helpful" if kind == "unhelpful" else "no answer found",
                "answer": slug,
            }
            for text, at, kind, slug in questions
        ],
        "entries_verified": [slug for slug, verified, _ in entries if verified == member_id],
        "entries_last_edited": [slug for slug, _, updated in entries if updated == member_id],
    }


async def erase_faq(session: AsyncSession, member_id: int) -> None:
    await session.execute(delete(FaqVote).where(voted_by(member_id)))
    await session.execute(delete(FaqReviewDigest).where(FaqReviewDigest.member_id == member_id))
    await forget_gap_questions(session, member_id)
    await session.execute(
        update(FaqEntry).where(FaqEntry.verified_by == member_id).values(verified_by=ERASED_MEMBER)
    )
    await session.execute(
        update(FaqEntry).where(FaqEntry.updated_by == member_id).values(updated_by=ERASED_MEMBER)
    )
