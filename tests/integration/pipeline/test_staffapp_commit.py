"""The staff app's requests commit before the bot speaks too: an author is never told of a
decision taken in the Mini App that did not commit."""

from __future__ import annotations

import itertools

from bot.db.models import ReviewItem, ReviewStatus, Role
from tests.integration.pipeline.test_commit_before_speaking import failing_commits
from tests.support import seeds
from tests.support.staffapp import staff_app
from tests.support.story import Harness

_ids = itertools.count(7_400_000)


async def test_no_notice_goes_out_when_the_apps_decision_does_not_commit(
    harness: Harness,
) -> None:
    moderator = next(_ids)
    await seeds.member(harness, moderator, roles=((Role.MODERATOR, "GE"),))
    author = next(_ids)
    await seeds.member(harness, author)
    item_id = await seeds.pending_group(harness, author)
    told_before = len(harness.telegram.transcript(author))
    async with staff_app(harness) as app:
        with failing_commits() as failed:
            status, _ = await app.post(f"/queue/{item_id}/approve", moderator)
        assert failed, "the decision's commit was never attempted"
        assert status == 500
        assert len(harness.telegram.transcript(author)) == told_before, (
            "the author was told of a decision never stored"
        )
        async with harness.services.sessions() as session:
            item = await session.get(ReviewItem, item_id)
            assert item is not None and item.status == ReviewStatus.PENDING

        # The storage is back: the same request decides, and only now is the author told.
        status, body = await app.post(f"/queue/{item_id}/approve", moderator)
        assert status == 200, body
    assert "approved" in harness.telegram.transcript(author)[-1].text
