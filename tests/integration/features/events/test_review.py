"""Events go through the moderation queue: approved by a moderator of their country only."""

from __future__ import annotations

from sqlalchemy import select

from bot.access import Access
from bot.db.models import AuditEntry, AuditOutcome, Event, EventStatus, ReviewItem, ReviewKind
from bot.features import plugins
from bot.features.events.review import EventReviewHandler
from bot.features.moderation import service as moderation
from tests.conftest import HarnessFactory
from tests.integration.features.events.stories import ADMIN, draft, make_organiser, settle
from tests.support.story import Harness

ORGANISER, MEMBER, MODERATOR_AM, MODERATOR_GE = 2401, 2402, 2403, 2404


async def submitted(harness: Harness, **kwargs: object) -> tuple[int, int]:
    """The organiser's event as it waits in the queue: (event id, review item id)."""
    from bot.access import load_member
    from bot.features.events import service

    async with harness.services.sessions() as session, session.begin():
        _, access = await load_member(session, ORGANISER, harness.services.settings.admin_ids)
        event = await service.create_event(session, access, draft(**kwargs))  # type: ignore[arg-type]
        item = await session.scalar(
            select(ReviewItem).where(
                ReviewItem.kind == ReviewKind.EVENT, ReviewItem.target_id == str(event.id)
            )
        )
        assert item is not None
        return event.id, item.id


async def decide(harness: Harness, access: Access, item_id: int, *, approve: bool) -> str | None:
    """A decision as the queue's handler takes it: a refusal is answered, and what was
    written meanwhile (the audit entry) is committed like any update's."""
    async with harness.services.sessions() as session, session.begin():
        try:
            await moderation.decide(
                session,
                access,
                item_id,
                approve=approve,
                reason=None if approve else "Please add the address",
                handler=plugins().review_handlers[ReviewKind.EVENT],
            )
        except moderation.ModerationError as refused:
            return refused.key
    return None


async def status_of(harness: Harness, event_id: int) -> EventStatus:
    async with harness.services.sessions() as session:
        event = await session.get(Event, event_id)
        assert event is not None
        return EventStatus(event.status)


async def test_a_moderator_of_the_country_approves_and_members_see_it(
    make_harness: HarnessFactory, database_url: str
) -> None:
    harness = await make_harness(database_url, admin_ids=str(ADMIN))
    await make_organiser(harness, ORGANISER)
    event_id, item_id = await submitted(harness)
    assert isinstance(plugins().review_handlers[ReviewKind.EVENT], EventReviewHandler)

    async with harness.services.sessions() as session:
        card = (
            await plugins().review_handlers[ReviewKind.EVENT].describe(session, str(event_id), "ru")
        )
    assert card is not None and "Designers' breakfast" in card and "Тбилиси" in card

    await decide(
        harness, Access(MODERATOR_GE, moderator_scopes=frozenset({"GE"})), item_id, approve=True
    )
    assert await status_of(harness, event_id) == EventStatus.PUBLISHED
    member = await settle(harness, MEMBER)
    await member.send("/events")
    assert "Designers' breakfast" in member.last.text


async def test_a_forged_approval_without_the_role_is_refused_and_audited(harness: Harness) -> None:
    await make_organiser(harness, ORGANISER)
    event_id, item_id = await submitted(harness)
    for intruder in (
        Access(MEMBER),  # no role at all
        Access(MODERATOR_AM, moderator_scopes=frozenset({"AM"})),  # another country
        Access(ORGANISER, organiser_scopes=frozenset({"GE"})),  # the author, not a moderator
    ):
        assert await decide(harness, intruder, item_id, approve=True) == "mod-out-of-scope"
    assert await status_of(harness, event_id) == EventStatus.PENDING
    async with harness.services.sessions() as session:
        entries = list(
            await session.scalars(
                select(AuditEntry)
                .where(AuditEntry.action == "review.approve")
                .order_by(AuditEntry.id)
            )
        )
    assert [(e.actor_id, e.outcome, e.target_id) for e in entries] == [
        (MEMBER, AuditOutcome.DENIED, str(event_id)),
        (MODERATOR_AM, AuditOutcome.DENIED, str(event_id)),
        (ORGANISER, AuditOutcome.DENIED, str(event_id)),
    ]


async def test_an_event_for_every_country_needs_a_moderator_of_every_country(
    harness: Harness,
) -> None:
    await make_organiser(harness, ORGANISER, scope="*")
    event_id, item_id = await submitted(
        harness,
        country="*",
        city=None,
        timezone="Europe/Moscow",
        online_url="https://example.org/x",
    )
    georgia_only = Access(MODERATOR_GE, moderator_scopes=frozenset({"GE"}))
    assert await decide(harness, georgia_only, item_id, approve=True) == "mod-out-of-scope"
    await decide(harness, Access(ADMIN, is_admin=True), item_id, approve=False)
    assert await status_of(harness, event_id) == EventStatus.REJECTED
    member = await settle(harness, MEMBER)
    await member.press_data(f"ev:open:{event_id}:")
    assert "not available" in (member.last_answer() or "")
