"""An onboarded member in every feature and wizard — proposing a group, posting a job, asking
for or offering help, asking the knowledge base, editing the profile, browsing listings that
other members wrote with markup in them — sends anything at all; so does a banned member."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given

from bot.db.models import ReviewKind, Role
from tests.support import seeds
from tests.support.hostile import HOSTILE, Action, World, walk, walks
from tests.support.story import Person

# Where a member starts the walk: what they typed or pressed first.
FEATURES: dict[str, tuple[str, ...]] = {
    "main-menu": ("/menu",),
    "directory-proposal": ("/communities", "press:Propose a group"),
    "directory-browsing": ("/communities",),
    "job-posting": ("/jobs", "press:Post a job"),
    "job-browsing": ("/jobs", "press:Browse jobs"),
    "aid-request": ("/aid", "press:I need help"),
    "aid-offer": ("/aid", "press:I can help"),
    "faq-question": ("/ask",),
    "profile-editing": ("/profile",),
    "events": ("/events",),
    "privacy": ("/privacy",),
}

_authors = itertools.count(610_000)


@pytest.fixture
async def listed(world: World) -> World:
    """Listings of other members, published (their texts carry markup they typed)."""
    harness = world.harness
    author = next(_authors)
    await seeds.member(harness, author, roles=((Role.ORGANISER, "GE"),))
    await seeds.approve(harness, ReviewKind.GROUP, await _group_target(world, author))
    await seeds.approve(harness, ReviewKind.JOB, await seeds.pending_job(harness, author))
    await seeds.approve(harness, ReviewKind.OFFER, await seeds.pending_offer(harness, author))
    await seeds.approve(harness, ReviewKind.EVENT, await seeds.pending_event(harness, author))
    return world


async def _group_target(world: World, author: int) -> int:
    item_id = await seeds.pending_group(world.harness, author)
    async with world.harness.services.sessions() as session:
        from bot.db.models import ReviewItem

        item = await session.get(ReviewItem, item_id)
        assert item is not None
        return int(item.target_id)


async def start(world: World, opening: tuple[str, ...], *, banned: bool = False) -> Person:
    person = world.member()
    await seeds.member(world.harness, person.user_id, banned=banned)
    for step in opening:
        if step.startswith("press:"):
            await person.press(step.removeprefix("press:"))
        else:
            await person.send(step)
    return person


@pytest.mark.parametrize("feature", list(FEATURES))
@HOSTILE
@given(steps=walks())
async def test_a_member_in_every_feature(listed: World, feature: str, steps: list[Action]) -> None:
    person = await start(listed, FEATURES[feature])
    await walk(listed, person, steps)


@HOSTILE
@given(steps=walks())
async def test_a_banned_member(listed: World, steps: list[Action]) -> None:
    person = await start(listed, (), banned=True)
    await walk(listed, person, steps)
