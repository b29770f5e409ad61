"""Erasure leaves nothing: every table is walked, every column is searched for the member.

Each feature that stores something about a member adds the member's activity to
``LEAVE_TRACES`` below, so the walk covers it. The walk itself does not trust the erasure
code's list of tables: it reads every table of the schema.
"""

from __future__ import annotations

import json
import re
from collections.abc import Awaitable, Callable
from typing import Any

from aiogram.fsm.storage.base import StorageKey
from sqlalchemy import select

from bot.access import Access, load_access
from bot.db.base import Base
from bot.db.models import DeliveryMode, Job, OfferKind, RelayMessage, ReviewKind, Urgency
from bot.features.broadcast import service as broadcasts
from bot.features.broadcast.delivery import deliver_round
from bot.features.broadcast.segment import Segment
from bot.features.broadcast.service import Content
from bot.features.events import service as events
from bot.features.faq import editing as faq_editing
from bot.features.jobs.service import JobDraft, JobFilter, notify_subscribers, post_job, subscribe
from bot.features.listings.kinds import ListingKind
from bot.features.listings.service import publish
from bot.features.listings.service import report as report_listing
from bot.features.moderation import service as moderation
from bot.features.offers.service import AidDraft, post_offer
from bot.features.relay import service as relay
from tests.conftest import HarnessFactory
from tests.support.directory import add_group, onboarded, propose
from tests.support.fake_telegram import BOT_ID
from tests.support.story import Harness

# An id no timestamp, counter or slug will contain by accident.
VICTIM = 987_654_321_123
OTHER = 123_456_789_987
ADMIN = 1


async def onboard_and_leave_a_wizard_open(harness: Harness) -> None:
    person = harness.member(VICTIM, language_code="ru")
    await person.send("/start ge-tbilisi_it")
    await person.press("Готово")
    await person.press("Банки")
    await person.press("Готово")
    await person.press("Да, присылайте")
    await person.send("/profile")
    await person.press("Интересы")  # an open wizard: FSM state stored


async def be_granted_a_role(harness: Harness) -> None:
    admin = harness.member(ADMIN, language_code="en")
    await admin.send(f"/grant {VICTIM} organiser GE")
    mallory = harness.member(VICTIM)
    await mallory.send(f"/grant {VICTIM} admin")  # a refusal, audited with the actor's id


async def submit_and_report(harness: Harness) -> None:
    async with harness.services.sessions() as session, session.begin():
        await moderation.submit(
            session, kind=ReviewKind.GROUP, target_id="ge-test", country="GE", author_id=VICTIM
        )
        await moderation.report(
            session,
            kind=ReviewKind.GROUP,
            target_id="ge-other",
            country="GE",
            reporter_id=VICTIM,
            reason="scam",
            comment="looks fake",
        )


async def ask_the_knowledge_base_and_rate(harness: Harness) -> None:
    person = harness.member(VICTIM, language_code="ru")
    await person.send("как получить пенсию в Грузии?")  # no answer: a knowledge gap
    await person.send("как открыть счёт в Сербии")
    await person.press("👎 Нет")  # a vote, and the question passed on with it


async def verify_and_edit_as_a_moderator(harness: Harness) -> None:
    moderator = Access(VICTIM, moderator_scopes=frozenset({"RS"}))
    async with harness.services.sessions() as session, session.begin():
        entry = await faq_editing.find_entry(session, "rs/tax-residency")
        assert entry is not None
        await faq_editing.mark_verified(session, moderator, entry.id)
        await faq_editing.edit_field(session, moderator, entry.id, "k.en", "tax, 183 days")


async def answer_events_and_organise_one(harness: Harness) -> None:
    """Going to one event (reminders owed), waiting for another, organising a third."""
    from tests.integration.features.events.stories import draft, make_organiser, published_event

    await make_organiser(harness, 555_001)
    open_event = await published_event(harness, 555_001)
    full_event = await published_event(harness, 555_001, capacity=1, title="Full")
    await harness.member(555_002).press_data(f"ev:go:{full_event}:")
    person = harness.member(VICTIM)
    await person.press_data(f"ev:go:{open_event}:")
    await person.press_data(f"ev:go:{full_event}:")  # the waitlist
    # The victim is an organiser for GE (see be_granted_a_role): one approved event, one draft.
    own = await published_event(harness, VICTIM, title="Victim's meetup")
    async with harness.services.sessions() as session, session.begin():
        access = await load_access(session, VICTIM, harness.services.settings.admin_ids)
        await events.create_event(session, access, draft(title="Victim's draft"))
        await events.message_attendees(session, access, own, "See you")
    await person.press_data(f"ev:go:{own}:")


async def propose_report_appeal_and_moderate(harness: Harness) -> None:
    """Through the bot: propose groups, report one, appeal a rejection; then, as a moderator,
    decide on someone else's proposal and verify a group."""
    await add_group(harness, slug="ge-listed", title="Listed group")
    await add_group(harness, slug="ge-stale", title="Stale group", verified_at=None)
    other = await onboarded(harness, VICTIM + 1)
    await propose(other, link="@someone_elses_group", title="Чужая группа")
    person = harness.member(VICTIM)
    await person.send("/cancel")  # leaves the profile wizard the first trace opened
    await propose(person, link="@victim_first_group", title="Первая группа")
    await propose(person, link="@victim_second_group", title="Вторая группа")
    await person.send("/communities")
    while "Listed group" not in person.last.text:
        await person.press("Дальше")
    await person.press("Пожаловаться")
    await person.press("Другое")
    await person.send("Там просят предоплату")

    admin = harness.member(ADMIN, language_code="en")
    await admin.send("/mod")
    await admin.press("Review, oldest first")
    while "Первая группа" not in admin.last.text:
        await admin.press("Next")
    await admin.press("Reject")
    await admin.send("Invite-only chat")
    await person.press("Обжаловать")
    await person.send("Он открытый")

    await admin.send(f"/grant {VICTIM} moderator GE")
    await person.send("/mod")
    await person.press("Проверять, старые первыми")
    while "Чужая группа" not in person.last.text:
        await person.press("Следующая")
    await person.press("Одобрить")  # someone else's proposal
    await person.send("/mod")
    await person.press("Группы на перепроверку")
    while "Stale group" not in person.last.text:
        await person.press("Следующая")
    await person.press("Проверено")
    await person.send("/profile")
    await person.press("Интересы")  # an open wizard again, for the FSM check


def job_draft(title: str, city: str | None = "Tbilisi") -> JobDraft:
    return JobDraft(
        title=title,
        company=None,
        remote=False,
        country="GE",
        city=city,
        professions=["it"],
        employment="full",
        languages=["en"],
        salary=None,
        description="A job description long enough to pass the checks.",
        how_to_apply="Tell about yourself.",
    )


async def post_listings_subscribe_and_talk_through_the_bot(harness: Harness) -> None:
    """The victim posts a job and a request, subscribes, writes to someone else's listing, gets
    a reply to their own, reports and is reported; a notice waits for them."""
    other = harness.member(OTHER, language_code="en")
    await other.send("/start ge-tbilisi_it")
    request = AidDraft(
        kind=OfferKind.REQUEST,
        category="housing",
        title="A bed for a night",
        description="Arriving late on Friday.",
        country="GE",
        city=None,
        urgency=Urgency.TODAY,
    )
    async with harness.services.sessions() as session, session.begin():
        mine = await post_job(session, VICTIM, job_draft("Victim's job"))
        theirs = await post_job(session, OTHER, job_draft("Other's job"))
        await post_offer(session, VICTIM, request)
        for job in (mine, theirs):
            await publish(session, job)
        await subscribe(session, VICTIM, JobFilter(country="GE"), DeliveryMode.DAILY)
        await relay.respond(session, ListingKind.JOB, theirs.id, VICTIM, "I would like to apply")
        await relay.respond(session, ListingKind.JOB, mine.id, OTHER, "Is it remote?")
        await report_listing(session, ListingKind.JOB, mine.id, OTHER, "spam")
        await report_listing(session, ListingKind.JOB, theirs.id, VICTIM, "scam")
        new = await post_job(session, OTHER, job_draft("A job the victim hears of", city=None))
        await publish(session, new)
        assert await notify_subscribers(session, new) == 1


async def author_and_receive_broadcasts(harness: Harness) -> None:
    """The victim (an organiser by now) has one announcement sent — to Georgia, so they get
    it too — and one waiting for review."""
    georgia = Segment(countries=("GE",))
    async with harness.services.sessions() as session, session.begin():
        victim = await load_access(session, VICTIM, harness.services.settings.admin_ids)
        sent = await broadcasts.create_broadcast(
            session, victim, Content(text="Picnic on Saturday"), georgia
        )
        await broadcasts.approve(session, sent.id, ADMIN)
        await broadcasts.create_broadcast(session, victim, Content(text="Waiting"), georgia)
    while await deliver_round(harness.services, harness.bot, "test"):
        pass


async def grant_a_role_and_approve_a_broadcast_as_staff(harness: Harness) -> None:
    """The victim, an admin by now, grants someone a role and approves their announcement:
    staff ids outside any foreign key (``granted_by``, ``approved_by``)."""
    admin = harness.member(ADMIN, language_code="en")
    await admin.send(f"/grant {VICTIM} admin")
    victim = harness.member(VICTIM)
    await victim.send(f"/grant {OTHER} organiser GE")
    async with harness.services.sessions() as session, session.begin():
        other = await load_access(session, OTHER, harness.services.settings.admin_ids)
        theirs = await broadcasts.create_broadcast(
            session, other, Content(text="Their picnic"), Segment(countries=("GE",))
        )
        await broadcasts.approve(session, theirs.id, VICTIM)


LEAVE_TRACES: list[Callable[[Harness], Awaitable[None]]] = [
    ask_the_knowledge_base_and_rate,
    onboard_and_leave_a_wizard_open,
    be_granted_a_role,
    author_and_receive_broadcasts,
    submit_and_report,
    verify_and_edit_as_a_moderator,
    answer_events_and_organise_one,
    propose_report_appeal_and_moderate,
    post_listings_subscribe_and_talk_through_the_bot,
    grant_a_role_and_approve_a_broadcast_as_staff,
]


async def traces_of(harness: Harness, member_id: int) -> dict[str, list[dict[str, Any]]]:
    """Every row, in every table, in which the member's id appears in any column."""
    pattern = re.compile(rf"(?<!\d){member_id}(?!\d)")
    found: dict[str, list[dict[str, Any]]] = {}
    async with harness.services.sessions() as session:
        for table in Base.metadata.sorted_tables:
            rows = (await session.execute(select(table))).mappings().all()
            for row in rows:
                for column, value in row.items():
                    text = value if isinstance(value, str) else json.dumps(value, default=str)
                    if value == member_id or pattern.search(text):
                        found.setdefault(table.name, []).append({column: value})
    return found


async def test_delete_me_leaves_no_trace_in_any_table_or_store(
    make_harness: HarnessFactory, database_url: str
) -> None:
    harness = await make_harness(database_url, admin_ids=str(ADMIN))
    for leave in LEAVE_TRACES:
        await leave(harness)

    before = await traces_of(harness, VICTIM)
    # The walk must be able to fail: the member is really in many tables first.
    assert {
        "members",
        "member_professions",
        "member_interests",
        "role_grants",
        "audit_log",
        "fsm_states",
        "review_items",
        "reports",
        "faq_votes",
        "faq_gap_questions",
        "faq_entries",
        "events",
        "event_rsvps",
        "event_notices",
        "directory_groups",
        "jobs",
        "offers",
        "job_subscriptions",
        "listing_notices",
        "relay_threads",
        "broadcasts",
        "broadcast_deliveries",
    } <= set(before)
    # The directory kept who proposed and who verified, the queue who decided.
    groups = {column for row in before["directory_groups"] for column in row}
    assert {"submitted_by", "verified_by"} <= groups
    assert "decided_by" in {column for row in before["review_items"] for column in row}

    person = harness.member(VICTIM)
    await person.send("/delete_me")
    await person.press("Да, удалить всё")

    assert await traces_of(harness, VICTIM) == {}
    # Conversations hold no member id themselves: they went with the threads, both sides.
    async with harness.services.sessions() as session:
        words = list(await session.scalars(select(RelayMessage.text)))
        left = list(await session.scalars(select(Job.title)))
    assert words == [] and left == ["Other's job", "A job the victim hears of"]
    key = StorageKey(bot_id=BOT_ID, chat_id=VICTIM, user_id=VICTIM)
    assert await harness.services.storage.get_state(key) is None
    assert await harness.services.storage.get_data(key) == {}


async def test_erasure_with_redis_clears_fsm_and_flood_buckets(
    make_harness: HarnessFactory, redis_test_url: str
) -> None:
    harness = await make_harness(admin_ids=str(ADMIN), redis_url=redis_test_url)
    await onboard_and_leave_a_wizard_open(harness)
    redis = harness.services.redis
    assert redis is not None
    keys = [key.decode() async for key in redis.scan_iter(match="prichal:*")]
    assert any(str(VICTIM) in key for key in keys)

    person = harness.member(VICTIM)
    await person.send("/delete_me")
    await person.press("Да, удалить всё")

    keys = [key.decode() async for key in redis.scan_iter(match="prichal:*")]
    assert not [key for key in keys if str(VICTIM) in key]
    assert await traces_of(harness, VICTIM) == {}
