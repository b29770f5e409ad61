"""A job is posted through the real bot, approved, found by a newcomer, and the two talk through
the bot — the employer never sees who the candidate is, nor the other way round."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select

from bot.access import Access
from bot.db.models import Job, ReviewItem, ReviewKind, ReviewStatus
from bot.features import plugins
from bot.features.moderation import service as moderation
from tests.support.e2e import E2E, Player

pytestmark = pytest.mark.e2e

CANDIDATE_ID = 701_500_001  # far from the ids ``e2e.user`` hands out


async def test_a_job_is_posted_approved_and_answered_through_the_bot(e2e: E2E) -> None:
    employer = await e2e.user("Anastasia", language="en")
    await employer.onboard("ge-tbilisi")
    user = await e2e.client.create_user(
        "Borislav", user_id=CANDIDATE_ID, username="borislav_secret", language_code="en"
    )
    candidate = Player(e2e, user)
    await candidate.onboard("ge-tbilisi")

    await employer.send("/jobs")
    reply = await employer.press("Post a job")
    assert "What is the position?" in reply.text
    assert "Place: Georgia, Tbilisi, from your profile" in reply.text  # not asked again
    await employer.send("Python developer")
    await employer.send("Kvali Tech")
    await employer.press("IT")
    await employer.press("Done")
    await employer.press("Full time")
    await employer.press("English")
    await employer.press("Done")
    await employer.send("2500 USD")
    await employer.send("Backend work on our booking service: Python, PostgreSQL, tests.")
    preview = await employer.send("Tell us about your experience and a link to your code.")
    assert "This is how members will see it" in preview.text
    sent = await employer.press("Send to moderation")
    assert "Sent to a moderator" in sent.text

    # The queue's decision, as /mod takes it (the moderation UI is another feature's).
    async with e2e.session() as session, session.begin():
        job = await session.scalar(select(Job).where(Job.author_id == employer.id))
        assert job is not None
        item = await session.scalar(
            select(ReviewItem).where(
                ReviewItem.kind == ReviewKind.JOB,
                ReviewItem.target_id == str(job.id),
                ReviewItem.status == ReviewStatus.PENDING,
            )
        )
        assert item is not None
        await moderation.decide(
            session,
            Access(user_id=e2e.stack.admin_id, is_admin=True),
            item.id,
            approve=True,
            reason=None,
            handler=plugins().review_handlers[ReviewKind.JOB],
        )

    await candidate.send("/jobs")
    listing = await candidate.press("Browse jobs")
    assert "Found:" in listing.text
    card = await candidate.press("Python developer")
    assert "Kvali Tech" in card.text and "How to apply" in card.text
    prompt = await candidate.press("Apply through the bot")
    assert "without your name, @username or profile" in prompt.text
    delivered = await candidate.send("Hello, five years of Python here. When can we talk?")
    assert "Delivered" in delivered.text

    incoming = await employer.last()
    assert "A reply to your listing “Python developer”" in incoming.text
    assert "five years of Python" in incoming.text
    seen = json.dumps([m.raw for m in await employer.messages()], ensure_ascii=False)
    for secret in (str(CANDIDATE_ID), "Borislav", "borislav_secret", "tg://user", "text_mention"):
        assert secret not in seen, secret

    await employer.press("Answer")
    await employer.send("Tomorrow at 11?")
    answer = await candidate.last()
    assert "The author of “Python developer” replies" in answer.text
    assert "Tomorrow at 11?" in answer.text
    seen = json.dumps([m.raw for m in await candidate.messages()], ensure_ascii=False)
    for secret in (str(employer.id), "Anastasia", "tg://user", "text_mention"):
        assert secret not in seen, secret
