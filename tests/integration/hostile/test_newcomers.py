"""A stranger and a newcomer half-way through onboarding send anything at all: the bot never
fails, never sends what Telegram refuses, and shows their text as typed."""

from __future__ import annotations

import pytest
from hypothesis import given

from tests.support.hostile import HOSTILE, Action, World, walk, walks
from tests.support.story import Person

# The onboarding wizard's buttons, step by step (a Russian-speaking newcomer).
ONBOARDING_STEPS = ("Русский", "Грузия", "Тбилиси", "Готово", "Пропустить")
STEP_NAMES = ("language", "country", "city", "professions", "interests", "notifications")


async def at_onboarding_step(world: World, step: int) -> Person:
    person = world.member(language_code="ru")
    await person.send("/start")
    for label in ONBOARDING_STEPS[:step]:
        if label == "Готово":
            await person.press("IT")
        await person.press(label)
    return person


@HOSTILE
@given(steps=walks())
async def test_a_stranger_who_never_started(world: World, steps: list[Action]) -> None:
    person = world.member(language_code=None)
    await walk(world, person, steps)


@pytest.mark.parametrize("step", range(len(STEP_NAMES)), ids=STEP_NAMES)
@HOSTILE
@given(steps=walks())
async def test_a_newcomer_at_every_onboarding_step(
    world: World, step: int, steps: list[Action]
) -> None:
    person = await at_onboarding_step(world, step)
    await walk(world, person, steps)
