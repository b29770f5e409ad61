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
from sqlalchemy import BigInteger, Column, select

from bot import outbox
from bot.access import Access, load_member
from bot.db.base import Base
from bot.db.crypto import EncryptedInt, PseudonymOf, pseudonyms
from bot.db.models import (
    ERASED_MEMBER,
    ActionKind,
    ActionStatus,
    DeliveryMode,
    GroupChat,
    Job,
    OfferKind,
    RelayMessage,
    ReviewItem,
    ReviewKind,
    Urgency,
)
from bot.features import plugins
from bot.features.broadcast import service as broadcasts
from bot.features.broadcast.delivery import FEED
from bot.features.broadcast.segment import Segment
from bot.features.broadcast.service import Content
from bot.features.chats import service as chats
from bot.features.events import service as events
from bot.features.faq import editing as faq_editing
from bot.features.listings.aid.service import AidDraft, post_offer
from bot.features.listings.conversation import service as relay
from bot.features.listings.job.service import (
    JobDraft,
    JobFilter,
    notify_subscribers,
    post_job,
    subscribe,
)
from bot.features.listings.kinds import ListingKind
from bot.features.listings.service import publish
from bot.features.listings.service import report as report_listing
from bot.features.moderation import service as moderation
from bot.outbox.delivery import deliver_round
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
        _, access = await load_member(session, VICTIM, harness.services.settings.admin_ids)
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
    await person.press("Listed group")  # its card
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
        _, victim = await load_member(session, VICTIM, harness.services.settings.admin_ids)
        sent = await broadcasts.create_broadcast(
            session, victim, Content(text="Picnic on Saturday"), georgia
        )
        await broadcasts.approve(session, sent.id, ADMIN)
        await broadcasts.create_broadcast(session, victim, Content(text="Waiting"), georgia)
    while await deliver_round(harness.services, harness.bot, worker_id="test", feeds=[FEED]):
        pass


async def grant_a_role_and_approve_a_broadcast_as_staff(harness: Harness) -> None:
    """The victim, an admin by now, grants someone a role and approves their announcement:
    staff ids outside any foreign key (``granted_by``, ``approved_by``)."""
    admin = harness.member(ADMIN, language_code="en")
    await admin.send(f"/grant {VICTIM} admin")
    victim = harness.member(VICTIM)
    await victim.send(f"/grant {OTHER} organiser GE")
    async with harness.services.sessions() as session, session.begin():
        _, other = await load_member(session, OTHER, harness.services.settings.admin_ids)
        theirs = await broadcasts.create_broadcast(
            session, other, Content(text="Their picnic"), Segment(countries=("GE",))
        )
        await broadcasts.approve(session, theirs.id, VICTIM)


async def join_groups_be_acted_on_report_and_ban(harness: Harness) -> None:
    """In community groups: a newcomer, the subject of the bot's actions, a reporter, an
    admin who banned and undid, and banned themselves in an alliance, with an appeal."""
    async with harness.services.sessions() as session, session.begin():
        first = GroupChat(chat_id=-1001, title="Tbilisi", settings={}, rights=[], alliance="ge")
        second = GroupChat(chat_id=-1002, title="Batumi", settings={}, rights=[], alliance="ge")
        session.add_all([first, second])
        await session.flush()
        await chats.arrived(session, first, VICTIM)
        await chats.record_action(
            session, chat_id=-1001, user_id=VICTIM, kind=ActionKind.DELETE, reason="links",
            status=ActionStatus.DONE, message_id=5, text="see my site",
        )  # fmt: skip
        await chats.report_message(
            session, second, reporter_id=VICTIM, author_id=OTHER, message_id=7, text="rude"
        )
        await chats.ban_in_alliance(session, first, user_id=OTHER, reason="spam", actor_id=VICTIM)
        undone = await chats.record_action(
            session, chat_id=-1002, user_id=OTHER, kind=ActionKind.RESTRICT, reason="flood",
            status=ActionStatus.DONE,
        )  # fmt: skip
        await chats.reverse(session, undone, VICTIM)
        await chats.ban_in_alliance(session, second, user_id=VICTIM, reason="scam", actor_id=ADMIN)
        await chats.appeal_ban(session, VICTIM, "a mistake")


async def be_owed_a_decision_no_worker_sent_yet(harness: Harness) -> None:
    """A moderator rejects the victim's proposal while no worker runs: the notice waits in
    the outbox (the victim's id encrypted, found by its pseudonym) until the victim erases
    themselves."""
    harness.deliver_outbox = False
    person = harness.member(VICTIM)
    await person.send("/cancel")
    await propose(person, link="@victim_third_group", title="Третья группа")
    admin = harness.member(ADMIN, language_code="en")
    await admin.send("/mod")
    await admin.press("Review, oldest first")
    while "Третья группа" not in admin.last.text:
        await admin.press("Next")
    await admin.press("Reject")
    await admin.send("Not a community")
    async with harness.services.sessions() as session:
        assert await outbox.pending_for(session, VICTIM) == 1
    await person.send("/profile")
    await person.press("Интересы")  # an open wizard again, for the FSM check


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
    join_groups_be_acted_on_report_and_ban,
    be_owed_a_decision_no_worker_sent_yet,  # last: from here on no worker delivers
]


async def settle_reports_about(harness: Harness, member_id: int) -> None:
    """An admin decides on every queued item about the member's jobs (keeps them)."""
    async with harness.services.sessions() as session, session.begin():
        _, admin = await load_member(session, ADMIN, harness.services.settings.admin_ids)
        jobs = [
            str(j) for j in await session.scalars(select(Job.id).where(Job.author_id == member_id))
        ]
        items = list(
            await session.scalars(
                select(ReviewItem).where(
                    ReviewItem.kind == ReviewKind.JOB,
                    ReviewItem.target_id.in_(jobs),
                    ReviewItem.status.in_(moderation.QUEUED),
                )
            )
        )
        for item in items:
            await moderation.decide(
                session,
                admin,
                item.id,
                approve=True,
                reason=None,
                handler=plugins().review_handlers[ReviewKind.JOB],
            )


async def traces_of(harness: Harness, member_id: int) -> dict[str, list[dict[str, Any]]]:
    """Every row, in every table, in which the member appears in any column: their id in clear
    or encrypted (read through the column types, so decrypted here), or their pseudonym (under
    any configured key) in a pseudonym column."""
    pattern = re.compile(rf"(?<!\d){member_id}(?!\d)")
    found: dict[str, list[dict[str, Any]]] = {}
    async with harness.services.sessions() as session:
        for table in Base.metadata.sorted_tables:
            keys = {
                column.name: set(pseudonyms(column.info["pseudonym"].purpose, member_id))
                for column in table.columns
                if isinstance(column.info.get("pseudonym"), PseudonymOf)
            }
            rows = (await session.execute(select(table))).mappings().all()
            for row in rows:
                for column, value in row.items():
                    text = value if isinstance(value, str) else json.dumps(value, default=str)
                    if value == member_id or pattern.search(text) or value in keys.get(column, ()):
                        found.setdefault(table.name, []).append({column: value})
    return found


# Every column that can hold a member, and how: ``id`` (the Telegram id), ``staff`` (an id
# that erasure turns into ERASED_MEMBER: the act stays), ``ref`` (the id encrypted), ``key``
# (a keyed pseudonym). Foreign keys or not: the walk below does not trust the schema's links.
MEMBER_COLUMNS = {
    "members.id": "id",
    "member_professions.member_id": "id",
    "member_interests.member_id": "id",
    "member_sealed_interests.member_key": "key",
    "member_sealed_interests.member_ref": "ref",
    "role_grants.member_id": "id",
    "role_grants.granted_by": "staff",
    "audit_log.actor_id": "staff",
    "audit_log.subject_id": "staff",
    "fsm_states.user_id": "id",
    "fsm_states.chat_id": "id",
    "review_items.author_id": "id",
    "review_items.decided_by": "staff",
    "reports.reporter_key": "key",
    "reports.reporter_ref": "ref",
    "directory_groups.submitted_by": "id",
    "directory_groups.verified_by": "staff",
    "faq_entries.verified_by": "staff",
    "faq_entries.updated_by": "staff",
    "faq_votes.member_key": "key",
    "faq_votes.member_ref": "ref",
    "faq_gap_questions.member_key": "key",
    "faq_gap_questions.member_ref": "ref",
    "faq_review_digests.member_id": "id",
    "events.organiser_id": "id",
    "event_rsvps.member_key": "key",
    "event_rsvps.member_ref": "ref",
    "event_notices.member_key": "key",
    "event_notices.member_ref": "ref",
    "jobs.author_id": "id",
    "offers.author_id": "id",
    "job_subscriptions.member_id": "id",
    "listing_notices.member_id": "id",
    "relay_threads.author_ref": "ref",
    "relay_threads.responder_ref": "ref",
    "relay_threads.responder_key": "key",
    "broadcasts.author_id": "id",
    "broadcasts.approved_by": "staff",
    "broadcasts.materialised_upto": "id",  # the last recipient listed so far
    "broadcast_deliveries.member_id": "id",
    "group_newcomers.member_key": "key",
    "group_newcomers.user_ref": "ref",
    "group_actions.member_key": "key",
    "group_actions.user_ref": "ref",
    "group_actions.actor_id": "staff",
    "group_actions.reversed_by": "staff",
    "alliance_bans.moderator_id": "staff",
    "alliance_bans.appeal_ref": "ref",
    "outbox.recipient_key": "key",
    "outbox.recipient_ref": "ref",
    "staff_menu_syncs.member_id": "id",
    "queue_notices.member_id": "id",
}
# Columns that look as if they could (big integers; ``*_id``, ``*_by``, ``*_key``, ``*_ref``)
# but hold no member.
NOT_MEMBERS = {
    "audit_log.target_id",
    "broadcast_deliveries.claimed_by",  # a worker's name
    "event_notices.once_key",
    "faq_entries.review_by",  # a date
    "broadcast_deliveries.broadcast_id",
    "broadcast_deliveries.message_id",
    "broadcasts.event_id",
    "broadcasts.media_file_id",
    "broadcasts.status_message_id",  # a message in the author's chat (cleared on erasure)
    "event_messages.event_id",
    "event_notices.event_id",
    "event_notices.message_id",
    "event_rsvps.event_id",
    "faq_feedback.entry_id",
    "faq_gap_questions.gap_id",
    "faq_index_version.version",
    "faq_texts.entry_id",
    "faq_votes.entry_id",
    "fsm_states.key",
    "job_professions.job_id",
    "listing_notices.job_id",
    "listing_notices.offer_id",
    "relay_messages.thread_id",
    "relay_threads.job_id",
    "relay_threads.offer_id",
    "reports.target_id",
    "review_items.target_id",
    "seeded_content.key",
    "directory_groups.link_key",
    "group_chats.chat_id",
    "group_chats.group_id",
    "group_newcomers.chat_id",
    "group_newcomers.welcome_message_id",
    "group_actions.chat_id",
    "group_actions.message_id",
    "group_actions.note_id",
    "alliance_bans.source_chat",
    # A keyed hash of a banned id that outlives erasure on purpose, like ``bans.pseudonym``:
    # erasing oneself must not lift a ban for scam (the appeal and its id are erased).
    "alliance_bans.member_key",
}


def could_hold_a_member(column: Column[Any]) -> bool:
    return (
        isinstance(column.type, BigInteger | EncryptedInt)
        or column.name.endswith(("_id", "_by", "_key", "_ref", "_upto"))
        or isinstance(column.info.get("pseudonym"), PseudonymOf)
    ) and not (column.primary_key and column.autoincrement is True)


def test_every_column_that_can_hold_a_member_is_known() -> None:
    """A new column that may hold a member fails here until it is classified above — and
    erasure (and the walk of the test below) covers it."""
    candidates = {
        f"{table.name}.{column.name}"
        for table in Base.metadata.sorted_tables
        for column in table.columns
        if could_hold_a_member(column)
    }
    candidates -= {f"{t.name}.id" for t in Base.metadata.sorted_tables if t.name != "members"}
    assert candidates - set(MEMBER_COLUMNS) - NOT_MEMBERS == set()
    assert set(MEMBER_COLUMNS) - candidates == set()
    for name, how in MEMBER_COLUMNS.items():
        table, column = name.split(".")
        of = Base.metadata.tables[table].c[column].info.get("pseudonym")
        assert (how == "key") == isinstance(of, PseudonymOf), name


async def member_columns_holding(harness: Harness, member_id: int) -> dict[str, int]:
    """How many rows of each member column hold the member (decrypted, or by pseudonym)."""
    held: dict[str, int] = {}
    async with harness.services.sessions() as session:
        for name, how in MEMBER_COLUMNS.items():
            table_name, column_name = name.split(".")
            column = Base.metadata.tables[table_name].c[column_name]
            values = list(await session.scalars(select(column)))
            if how == "key":
                mine = set(pseudonyms(column.info["pseudonym"].purpose, member_id))
                count = sum(1 for value in values if value in mine)
            else:
                count = sum(1 for value in values if value == member_id)
            if count:
                held[name] = count
    return held


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
        "group_newcomers",
        "group_actions",
        "alliance_bans",
        "outbox",
    } <= set(before)
    # The directory kept who proposed and who verified, the queue who decided.
    groups = {column for row in before["directory_groups"] for column in row}
    assert {"submitted_by", "verified_by"} <= groups
    assert "decided_by" in {column for row in before["review_items"] for column in row}

    held = await member_columns_holding(harness, VICTIM)
    # The walk can fail: the victim is in every kind of member column (pseudonyms included).
    assert {"id", "staff", "ref", "key"} == {MEMBER_COLUMNS[name] for name in held}
    assert {
        "role_grants.granted_by",
        "broadcasts.approved_by",
        "relay_threads.responder_key",
        "reports.reporter_key",
        "event_rsvps.member_key",
        "faq_votes.member_key",
        "faq_gap_questions.member_key",
        "group_newcomers.member_key",
        "group_actions.member_key",
        "group_actions.actor_id",
        "group_actions.reversed_by",
        "alliance_bans.appeal_ref",
        "outbox.recipient_key",
    } <= set(held)
    staff_acts = {name: count for name, count in held.items() if MEMBER_COLUMNS[name] == "staff"}
    tombstones_before = await member_columns_holding(harness, ERASED_MEMBER)

    person = harness.member(VICTIM)
    await person.send("/delete_me")
    await person.press("Да, удалить всё")
    # Someone's report about the victim's job is open: erasure waits for the moderator.
    assert "поступила жалоба" in person.last.text
    assert await traces_of(harness, VICTIM) != {}
    await settle_reports_about(harness, VICTIM)
    await person.send("/delete_me")
    await person.press("Да, удалить всё")

    assert await traces_of(harness, VICTIM) == {}
    assert await member_columns_holding(harness, VICTIM) == {}
    # The staff acts stay, with the tombstone instead of the victim.
    tombstones = await member_columns_holding(harness, ERASED_MEMBER)
    for name, count in staff_acts.items():
        assert tombstones.get(name, 0) >= tombstones_before.get(name, 0) + count, name
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
