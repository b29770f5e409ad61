"""Moderators hear about new queue items: one notice an hour at most, in their daytime only,
with counts per kind within their countries and a button to the queue."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from bot.db.models import Member, ReviewItem, ReviewKind, Role
from bot.features import plugins
from bot.features.moderation import service as moderation
from bot.features.moderation.notices import notify_moderators
from bot.plugins import JobContext
from tests.support import seeds
from tests.support.directory import age_item
from tests.support.story import Harness

NINO, AUTHOR, ORGANISER = 2601, 2602, 2603
TBILISI = ZoneInfo("Asia/Tbilisi")


def _next_local(hour: int) -> datetime:
    """The next ``hour``:00 in Tbilisi from now, in UTC (the job is run at chosen moments)."""
    local = datetime.now(TBILISI).replace(hour=hour, minute=0, second=0, microsecond=0)
    if local <= datetime.now(TBILISI):
        local += timedelta(days=1)
    return local.astimezone(UTC)


async def _round(harness: Harness, now: datetime) -> int:
    context = JobContext(harness.services, harness.bot, "test", plugins())
    told = await notify_moderators(context, now=now)
    await harness.deliver()
    return told


async def _queued(harness: Harness, item_id: int, at: datetime) -> None:
    await age_item(harness, item_id, at)


async def test_new_items_make_one_notice_an_hour_in_daytime_counted_in_scope(
    harness: Harness,
) -> None:
    assert "moderation.queue_notices" in [job.name for job in plugins().jobs]
    nino = await seeds.member(harness, NINO, roles=((Role.MODERATOR, "GE"),))
    await seeds.member(harness, AUTHOR)
    await seeds.member(harness, ORGANISER, roles=((Role.ORGANISER, "GE"),))
    noon = _next_local(12)

    # Two Georgian items and an Armenian one (not hers) came in this morning.
    group_item = await seeds.pending_group(harness, AUTHOR)
    event_id = await seeds.pending_event(harness, ORGANISER)
    event_item = (await seeds.review_item_of(harness, ReviewKind.EVENT, event_id)).id
    armenian = await seeds.pending_group(harness, AUTHOR, country="AM")
    for item in (group_item, event_item, armenian):
        await _queued(harness, item, noon - timedelta(minutes=30))

    assert await _round(harness, noon) == 1
    notice = nino.last
    assert "2 new items are waiting" in notice.text
    assert "event: 1" in notice.text and "community group: 1" in notice.text
    assert [label for label, _ in notice.buttons()] == ["🛡 Open the queue"]
    await nino.press("Open the queue")
    assert "Waiting for review: 2" in nino.last.text  # the queue, Armenia's item not in it
    shown = len(nino.transcript())

    # A third item within the hour: no second notice yet.
    offer_id = await seeds.pending_offer(harness, AUTHOR)
    offer_item = (await seeds.review_item_of(harness, ReviewKind.OFFER, offer_id)).id
    await _queued(harness, offer_item, noon + timedelta(minutes=10))
    assert await _round(harness, noon + timedelta(minutes=20)) == 0
    assert await _round(harness, noon + timedelta(minutes=59)) == 0
    assert len(nino.transcript()) == shown
    # After the hour: only what is new since the last notice.
    assert await _round(harness, noon + timedelta(minutes=61)) == 1
    assert "A new item is waiting" in nino.last.text
    assert "mutual-aid listing: 1" in nino.last.text
    assert await _round(harness, noon + timedelta(hours=3)) == 0  # nothing new: nothing said


async def test_outside_the_window_nothing_until_it_opens(harness: Harness) -> None:
    nino = await seeds.member(harness, NINO, roles=((Role.MODERATOR, "GE"),))
    await seeds.member(harness, AUTHOR)
    late = _next_local(23)
    item = await seeds.pending_group(harness, AUTHOR)
    await _queued(harness, item, late - timedelta(minutes=5))
    assert await _round(harness, late) == 0  # 23:00 in Tbilisi: not daytime
    assert await _round(harness, late + timedelta(hours=9)) == 0  # 08:00: not yet
    assert nino.transcript() == []
    assert await _round(harness, late + timedelta(hours=10)) == 1  # 09:00: the window opens
    assert "A new item is waiting" in nino.last.text

    # Her own quiet hours hold it too, even in daytime.
    async with harness.services.sessions() as session, session.begin():
        member = await session.get(Member, NINO)
        assert member is not None
        member.quiet_start, member.quiet_end = 12, 16
    other = await seeds.pending_group(harness, AUTHOR)
    morning = late + timedelta(hours=10)
    await _queued(harness, other, morning + timedelta(hours=2))
    assert await _round(harness, morning + timedelta(hours=4)) == 0  # 13:00: quiet
    assert await _round(harness, morning + timedelta(hours=7)) == 1  # 16:00: said


async def test_reports_count_as_their_own_kind_within_scope(harness: Harness) -> None:
    nino = await seeds.member(harness, NINO, roles=((Role.MODERATOR, "GE"),))
    await seeds.member(harness, AUTHOR)
    noon = _next_local(12)
    for country in ("GE", "AM"):
        item = await seeds.pending_group(harness, AUTHOR, country=country)
        async with harness.services.sessions() as session:
            queued = await session.get(ReviewItem, item)
            assert queued is not None
            group_id = int(queued.target_id)
        await seeds.approve(harness, ReviewKind.GROUP, group_id)
        async with harness.services.sessions() as session, session.begin():
            await moderation.report(
                session,
                kind=ReviewKind.GROUP,
                target_id=str(group_id),
                country=country,
                reporter_id=AUTHOR,
                reason="scam",
            )
    assert await _round(harness, noon) == 1
    assert "reported listings: 1" in nino.last.text  # Armenia's report is not hers
