"""Contact through the bot: a candidate writes to an employer and they talk, and neither learns
the other's id, name or username — unless one of them chooses to show their @username."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from sqlalchemy import select

from bot.db.base import Base
from bot.db.models import (
    AuditEntry,
    AuditOutcome,
    Job,
    ListingStatus,
    Member,
    MemberStatus,
    RelayMessage,
    RelayThread,
    Report,
    ReviewKind,
)
from bot.features.listings.conversation import service as relay
from bot.features.listings.conversation.review import RelayReviewHandler
from bot.i18n import translator
from tests.conftest import HarnessFactory
from tests.integration.features.listings.test_jobs import published_job
from tests.support.copy import has
from tests.support.listings import decide, newcomer, queued_item
from tests.support.story import Harness, Person

AUTHOR = 861_234_567
RESPONDER = 739_876_543
STRANGER = 612_345_678
SECRETS = {
    AUTHOR: ("Anastasia", "anastasia_secret"),
    RESPONDER: ("Borislav", "borislav_secret"),
}


async def employer_and_candidate(harness: Harness) -> tuple[Person, Person, Job]:
    name, username = SECRETS[AUTHOR]
    anastasia = await newcomer(harness, AUTHOR, name=name, username=username)
    name, username = SECRETS[RESPONDER]
    borislav = await newcomer(harness, RESPONDER, name=name, username=username)
    job = await published_job(harness, AUTHOR, title="Python developer")
    return anastasia, borislav, job


def received_by(harness: Harness, chat_id: int) -> list[dict[str, Any]]:
    """Every request the bot made into ``chat_id``, as sent: text, entities, buttons."""
    found = []
    for method in harness.telegram.requests:
        if getattr(method, "chat_id", None) != chat_id:
            continue
        dumped = method.model_dump(mode="python", exclude_none=True, exclude={"chat_id"})
        found.append(json.loads(json.dumps(dumped, default=_plain)))
    return found


def _plain(value: Any) -> Any:
    """aiogram's "use the bot's default" markers (parse mode, link previews) as text."""
    return repr(value)


def assert_nothing_of(sender: int, payloads: list[dict[str, Any]]) -> None:
    """Neither the sender's id, nor name, nor username, anywhere in what the other side got."""
    name, username = SECRETS[sender]
    blob = json.dumps(payloads, ensure_ascii=False)
    assert not re.search(rf"(?<!\d){sender}(?!\d)", blob), "the sender's id leaked"
    assert name not in blob, "the sender's name leaked"
    assert username not in blob, "the sender's username leaked"
    assert "tg://user" not in blob
    for payload in payloads:
        for entity in payload.get("entities", []) or []:
            assert entity.get("type") not in ("text_mention", "mention"), entity


async def test_a_conversation_through_the_bot_never_reveals_either_side(
    make_harness: HarnessFactory, database_url: str
) -> None:
    harness = await make_harness(database_url, admin_ids="1")
    anastasia, borislav, job = await employer_and_candidate(harness)

    await borislav.press_data(f"ls:j:v:{job.id}:")
    await borislav.press("Apply through the bot")
    assert has(borislav.last.text, "relay-write-first")
    await borislav.send("Hello! Five years of Python and Django here.")
    assert "Delivered" in borislav.last.text

    incoming = anastasia.last
    assert has(incoming.text, "relay-incoming-for-author", title="Python developer")
    assert "Five years of Python" in incoming.text
    await anastasia.press("Answer")
    await anastasia.send("Thank you! Could you start in January?")
    assert has(borislav.last.text, "relay-incoming-for-responder", title="Python developer")
    await borislav.press("Answer")
    await borislav.send("Yes, from the 10th.")
    assert "Yes, from the 10th." in anastasia.last.text

    assert_nothing_of(RESPONDER, received_by(harness, AUTHOR))
    assert_nothing_of(AUTHOR, received_by(harness, RESPONDER))

    # Borislav decides to show his @username; Anastasia gets it once, and nothing more.
    await borislav.press("Show my @username")
    assert "cannot be taken back" in borislav.last.text
    await borislav.press("Yes, show my @username")
    assert "was sent to the other side" in borislav.last.text
    revealed = [p for p in received_by(harness, AUTHOR) if "borislav_secret" in json.dumps(p)]
    assert len(revealed) == 1 and "@borislav_secret" in revealed[0]["text"]
    assert_nothing_of(AUTHOR, received_by(harness, RESPONDER))
    assert not any("Show my @username" in label for label, _ in borislav.last.buttons())

    async with harness.services.sessions() as session:
        [thread] = list(await session.scalars(select(RelayThread)))
        assert thread.responder_revealed_at is not None and thread.author_revealed_at is None
        texts = [
            m.text for m in await session.scalars(select(RelayMessage).order_by(RelayMessage.id))
        ]
        assert texts[1:] == ["Thank you! Could you start in January?", "Yes, from the 10th."]
        # The username was passed on, never stored.
        for table in Base.metadata.sorted_tables:
            rows = (await session.execute(select(table))).all()
            assert "borislav_secret" not in json.dumps([list(r) for r in rows], default=str)


async def test_show_my_username_without_one_says_so_before_any_warning(
    harness: Harness,
) -> None:
    """Issue 16: a member with no @username is told so (and how to set one) at the first tap,
    never first warned that showing it "cannot be taken back"."""
    name, username = SECRETS[AUTHOR]
    await newcomer(harness, AUTHOR, name=name, username=username)
    job = await published_job(harness, AUTHOR, title="Python developer")
    nousername = await newcomer(harness, STRANGER, name="Vera")
    await nousername.press_data(f"ls:j:v:{job.id}:")
    await nousername.press("Apply through the bot")
    await nousername.send("Hello! I would like to apply.")
    await nousername.press("Conversation")
    before = len(nousername.transcript())

    changed = await nousername.press("Show my @username")
    assert nousername.last_answer() == translator("en")("relay-no-username")
    assert "Telegram → Settings → Username" in (nousername.last_answer() or "")
    assert changed == [] and len(nousername.transcript()) == before  # no confirmation asked
    confirm = translator("en")("relay-reveal-confirm", thread="1").split("?")[0]
    assert not any(confirm[:20] in m.text for m in nousername.transcript())
    async with harness.services.sessions() as session:
        [thread] = list(await session.scalars(select(RelayThread)))
        assert thread.responder_revealed_at is None


async def test_the_author_finds_every_conversation_on_the_listing(harness: Harness) -> None:
    anastasia, borislav, job = await employer_and_candidate(harness)
    await borislav.press_data(f"ls:j:rs:{job.id}:")
    await borislav.send("Interested!")
    await anastasia.send("/jobs")
    await anastasia.press("My jobs")
    await anastasia.press("Python developer")
    await anastasia.press("Replies")
    assert has(anastasia.last.text, "relay-threads", title="Python developer", count=1)
    await anastasia.press("Conversation #")
    assert "you are the author" in anastasia.last.text
    assert "They, " in anastasia.last.text and "Interested!" in anastasia.last.text
    assert_nothing_of(RESPONDER, received_by(harness, AUTHOR))


async def test_either_side_may_block_and_then_nobody_can_write(harness: Harness) -> None:
    anastasia, borislav, job = await employer_and_candidate(harness)
    await borislav.press_data(f"ls:j:rs:{job.id}:")
    await borislav.send("Hello")
    await borislav.press("Write more")  # he is about to write again...
    await anastasia.press("Block")
    assert "Neither side will be able to write" in anastasia.last.text
    await anastasia.press("Yes, block")
    assert "Blocked" in anastasia.last.text

    before = len(anastasia.transcript())
    await borislav.send("Hello? Are you there?")
    assert "This conversation is closed" in borislav.last.text
    assert len(anastasia.transcript()) == before  # nothing reached her
    await borislav.press_data(f"ls:j:rs:{job.id}:")
    assert "This conversation is closed" in (borislav.last_answer() or "")
    await anastasia.press("Answer")
    assert "This conversation is closed" in (anastasia.last_answer() or "")

    await anastasia.press("Unblock")
    assert "Unblocked" in anastasia.last.text
    await borislav.press_data(f"ls:j:rs:{job.id}:")
    await borislav.send("Hello again")
    assert "Hello again" in anastasia.last.text


async def test_reporting_a_conversation_sends_it_to_the_moderators(harness: Harness) -> None:
    anastasia, borislav, job = await employer_and_candidate(harness)
    await borislav.press_data(f"ls:j:rs:{job.id}:")
    await borislav.send("Hi, is the job still open?")
    await anastasia.press("Answer")
    await anastasia.send("Yes. Pay a 50 USD deposit first and send me your card number.")
    warned = borislav.last
    assert "Be careful" in warned.text and "card details" in warned.text
    assert any("Tips: card details" in label for label, _ in warned.buttons())

    await borislav.press("Report")
    await borislav.press("A scam or a request for money")
    assert "a moderator will look at it" in borislav.last.text
    async with harness.services.sessions() as session:
        [thread] = list(await session.scalars(select(RelayThread)))
        reports = list(await session.scalars(select(Report)))
    assert thread.blocked_by_responder and not thread.blocked_by_author
    assert [(r.kind, r.target_id, r.reporter_ref, r.reason) for r in reports] == [
        (ReviewKind.RELAY, str(thread.id), RESPONDER, "scam")
    ]
    item = await queued_item(harness, ReviewKind.RELAY, thread.id)
    assert item is not None and item.author_id is None and item.flags == ["report:scam"]
    assert item.country == "GE"

    async with harness.services.sessions() as session:
        card = await RelayReviewHandler().describe(session, str(thread.id), "en")
    assert card is not None
    assert "Reported conversation" in card and "Reported by: the one who responded" in card
    assert "the author:</i> Yes. Pay a 50 USD deposit" in card
    for member_id, (name, username) in SECRETS.items():
        assert str(member_id) not in card and name not in card and username not in card

    await decide(harness, ReviewKind.RELAY, thread.id, approve=False, reason="Scam attempt")
    async with harness.services.sessions() as session:
        closed = await session.get(RelayThread, thread.id)
        report = await session.scalar(select(Report))
    assert closed is not None and closed.blocked_by_author and closed.blocked_by_responder
    assert report is not None and report.status == "resolved"


async def test_strangers_cannot_use_the_buttons_of_a_conversation(harness: Harness) -> None:
    _, borislav, job = await employer_and_candidate(harness)
    await borislav.press_data(f"ls:j:rs:{job.id}:")
    await borislav.send("Hello")
    async with harness.services.sessions() as session:
        thread = await session.scalar(select(RelayThread))
    assert thread is not None
    mallory = await newcomer(harness, STRANGER, name="Mallory")
    for action in ("w", "o", "rv", "rv!", "bl", "bl!", "ub", "rp", "rp!"):
        await mallory.press_data(f"rl:{action}:{thread.id}:scam")
        assert "This is not your conversation" in (mallory.last_answer() or ""), action
    assert "Hello" not in json.dumps(received_by(harness, STRANGER))
    async with harness.services.sessions() as session:
        denied = list(
            await session.scalars(
                select(AuditEntry).where(
                    AuditEntry.actor_id == STRANGER, AuditEntry.action.like("relay.%")
                )
            )
        )
        reports = list(await session.scalars(select(Report)))
        untouched = await session.get(RelayThread, thread.id)
    assert len(denied) == 9 and {e.outcome for e in denied} == {AuditOutcome.DENIED}
    assert reports == []
    assert untouched is not None and not untouched.is_blocked


async def test_only_text_goes_through_and_within_limits(harness: Harness) -> None:
    anastasia, borislav, job = await employer_and_candidate(harness)
    await anastasia.press_data(f"ls:j:rs:{job.id}:")
    assert "This is your own listing" in (anastasia.last_answer() or "")

    await borislav.press_data(f"ls:j:rs:{job.id}:")
    await borislav.send_message(
        photo=[{"file_id": "p1", "file_unique_id": "u1", "width": 90, "height": 90}],
        caption="my CV",
    )
    assert "Only text can be sent" in borislav.last.text
    await borislav.send("x" * (relay.MAX_TEXT + 1))
    assert has(borislav.last.text, "relay-too-long", maximum=3000)
    await borislav.send("First")  # still writing: the long one was not sent
    for text in ("Second", "Third"):
        await borislav.press("Write more")
        await borislav.send(text)
    await borislav.press("Write more")
    await borislav.send("Fourth")
    assert "3 messages in a row: please wait for an answer" in borislav.last.text
    assert sum("Fourth" in sent.text for sent in anastasia.transcript()) == 0


async def test_a_closed_listing_keeps_its_conversations_but_takes_no_new_ones(
    harness: Harness,
) -> None:
    anastasia, borislav, job = await employer_and_candidate(harness)
    await borislav.press_data(f"ls:j:rs:{job.id}:")
    await borislav.send("Hello")
    await anastasia.press_data(f"ls:j:cl!:{job.id}:")
    async with harness.services.sessions() as session:
        closed = await session.get(Job, job.id)
    assert closed is not None and closed.status == ListingStatus.CLOSED
    await borislav.press("Write more")  # the conversation goes on
    await borislav.send("Is it filled already?")
    assert "Is it filled already?" in anastasia.last.text

    late = await newcomer(harness, STRANGER, name="Late")
    await late.press_data(f"ls:j:rs:{job.id}:")
    assert "no longer available" in (late.last_answer() or "")
    async with harness.services.sessions() as session, session.begin():
        with pytest.raises(relay.RelayError, match="relay-listing-closed"):
            await relay.respond(session, relay.ListingKind.JOB, job.id, STRANGER, "Hi")


async def test_an_author_who_blocked_the_bot_is_not_reached_and_nothing_is_kept(
    harness: Harness,
) -> None:
    _, borislav, job = await employer_and_candidate(harness)
    harness.telegram.blocked.add(AUTHOR)
    await borislav.press_data(f"ls:j:rs:{job.id}:")
    await borislav.send("Hello")
    assert has(borislav.last.text, "relay-undeliverable")
    async with harness.services.sessions() as session:
        assert list(await session.scalars(select(RelayMessage))) == []
        author = await session.get(Member, AUTHOR)
    assert author is not None and author.status == MemberStatus.UNREACHABLE


async def test_one_member_may_start_only_so_many_conversations_a_day(harness: Harness) -> None:
    await newcomer(harness, AUTHOR)
    await newcomer(harness, RESPONDER)
    jobs = [
        await published_job(harness, AUTHOR, title=f"Job {n}")
        for n in range(relay.MAX_NEW_THREADS_PER_DAY + 1)
    ]
    async with harness.services.sessions() as session, session.begin():
        for job in jobs[:-1]:
            await relay.respond(session, relay.ListingKind.JOB, job.id, RESPONDER, "Hello")
    borislav = harness.member(RESPONDER, language_code="en")
    await borislav.press_data(f"ls:j:rs:{jobs[-1].id}:")
    await borislav.send("Hello")
    assert "started 10 conversations today" in borislav.last.text
