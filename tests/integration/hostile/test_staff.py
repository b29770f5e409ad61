"""Moderators, organisers and admins are members too, and they type into free-text steps
(a rejection reason, a corrected field, an answer of the knowledge base, an event's title) and
send files (the YAML import): hostile input there, and listings whose stored texts carry markup,
must never break the bot or reach Telegram as markup."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.db.models import ReviewItem, ReviewKind, Role
from bot.features.moderation import service as moderation
from bot.transfer.engine import MAX_DOCUMENT_BYTES
from tests.support import seeds
from tests.support.hostile import (
    HOSTILE,
    Action,
    Document,
    World,
    documents,
    send_document,
    walk,
    walks,
)
from tests.support.story import Person

_authors = itertools.count(620_000)

GE_MODERATOR = ((Role.MODERATOR, "GE"),)
ORGANISER = ((Role.ORGANISER, "GE"),)

# Where staff start the walk: (roles, what they typed or pressed first).
SCREENS: dict[str, tuple[tuple[tuple[Role, str], ...], tuple[str, ...]]] = {
    "moderation-home": (GE_MODERATOR, ("/mod",)),
    "moderation-item": (GE_MODERATOR, ("/mod", "press:Review, oldest first")),
    "moderation-reject-reason": (
        GE_MODERATOR,
        ("/mod", "press:Review, oldest first", "press:Reject"),
    ),
    "moderation-edit": (
        GE_MODERATOR,
        ("/mod", "press:Review, oldest first", "press:Edit before approving"),
    ),
    "moderation-reports": (GE_MODERATOR, ("/mod", "press:Reports")),
    "moderation-stale": (GE_MODERATOR, ("/mod", "press:Groups to re-check")),
    "faq-admin": (GE_MODERATOR, ("/faq_admin",)),
    "faq-new-entry": (GE_MODERATOR, ("/faq_admin", "press:New entry")),
    "event-creation": (ORGANISER, ("/new_event",)),
    "events-organised": (ORGANISER, ("/my_events",)),
    "admin": (((Role.ADMIN, "*"),), ("/staff",)),
    "global-moderator": (((Role.MODERATOR, "*"),), ("/mod",)),
}


async def queue_for(world: World) -> int:
    """Something of every kind waits in Georgia, and a published group is reported."""
    harness = world.harness
    author = next(_authors)
    await seeds.member(harness, author, roles=ORGANISER)
    await seeds.pending_group(harness, author)
    await seeds.pending_job(harness, author)
    await seeds.pending_offer(harness, author)
    await seeds.pending_event(harness, author)
    item_id = await seeds.pending_group(harness, author)
    async with harness.services.sessions() as session:
        item = await session.get(ReviewItem, item_id)
        assert item is not None
        group_id = item.target_id
    await seeds.approve(harness, ReviewKind.GROUP, int(group_id))
    async with harness.services.sessions() as session, session.begin():
        await moderation.report(
            session,
            kind=ReviewKind.GROUP,
            target_id=group_id,
            country="GE",
            reporter_id=author,
            reason="scam",
            comment=seeds.stored_canary("comment"),
        )
    await seeds.pending_event(harness, author)
    return author


async def start(
    world: World, roles: tuple[tuple[Role, str], ...], opening: tuple[str, ...]
) -> Person:
    person = world.member()
    await seeds.member(world.harness, person.user_id, roles=roles)
    for step in opening:
        if step.startswith("press:"):
            label = step.removeprefix("press:")
            if any(label in text for sent in person.transcript() for text, _ in sent.buttons()):
                await person.press(label)
        else:
            await person.send(step)
    return person


@pytest.mark.parametrize("screen", list(SCREENS))
@HOSTILE
@given(steps=walks())
async def test_staff_on_every_screen(world: World, screen: str, steps: list[Action]) -> None:
    await queue_for(world)
    roles, opening = SCREENS[screen]
    person = await start(world, roles, opening)
    await walk(world, person, steps)


@HOSTILE
@given(files=st.lists(documents(), min_size=1, max_size=3), confirm=st.booleans())
async def test_an_admin_sends_any_file(world: World, files: list[Document], confirm: bool) -> None:
    admin = await start(world, ((Role.ADMIN, "*"),), ())
    world.watch.check("the setup")
    for document in files:
        await send_document(admin, document)
        world.watch.check(f"document {document!r}"[:300])
        if confirm and any("imp:go" in data for _, data in admin.last.buttons()):
            await admin.press_data("imp:go", admin.last)
            world.watch.check("import confirmed")


@pytest.mark.parametrize("declared", [None, 10, MAX_DOCUMENT_BYTES + 1])
async def test_an_oversized_file_whatever_size_it_claims(
    world: World, declared: int | None
) -> None:
    admin = await start(world, ((Role.ADMIN, "*"),), ())
    content = b"groups:\n" + b"  - slug: " + b"x" * (MAX_DOCUMENT_BYTES + 10) + b"\n"
    await send_document(admin, Document(content, "huge.yaml", "application/x-yaml", declared))
    world.watch.check("an oversized file")
    assert "too large" in admin.last.text
