"""Issue 12, attack 6: an organiser scoped to Georgia read exact counts of any segment in any
country before the scope check ("law" + "faith-ethnic" → 1 person). Counts are now computed
inside the organiser's scope only, and under 5 are shown as "fewer than 5" to all but admins."""

from __future__ import annotations

from tests.integration.features.broadcast.stories import residents
from tests.integration.features.events.stories import make_organiser, settle
from tests.support.story import Harness

DAVID = 12601
LAWYER_IN_ARMENIA = 12611
GEORGIANS = tuple(range(12621, 12628))


async def _segment_screen(harness: Harness, user_id: int) -> str:
    person = harness.member(user_id, language_code="en")
    await person.send("/broadcast")
    await person.send("Meeting on Friday")
    await person.press("Skip")
    return person.last.text


async def test_an_organiser_counts_only_inside_their_scope_and_never_below_five(
    harness: Harness,
) -> None:
    await residents(
        harness,
        # One person in Armenia who is a lawyer of a faith community: the count must not
        # single them out to an organiser of Georgia.
        {
            "id": LAWYER_IN_ARMENIA,
            "country": "AM",
            "city": "Yerevan",
            "professions": ["law"],
            "interests": ["faith-ethnic"],
        },
        *({"id": member, "country": "GE", "professions": ["it"]} for member in GEORGIANS),
    )
    await make_organiser(harness, DAVID, "GE")
    david = harness.member(DAVID, language_code="en")
    screen = await _segment_screen(harness, DAVID)
    # No country chosen yet: the count is of Georgia (his scope), not of the world.
    assert "Recipients now: 7 members" in screen

    await david.press("Professions")
    await david.press("Law")
    await david.press("Done")
    await david.press("Interests")
    await david.press("Faith")
    await david.press("Done")
    assert "Recipients now: fewer than 5 members" in david.last.text
    assert " 1 member" not in david.last.text and " 0 members" not in david.last.text

    # Forged: a country outside his scope, straight in the wizard's data.
    await david.press_data("bcw:tog:c.AM")
    assert "Recipients now: 1 member" not in david.last.text

    admin = await settle(harness, 1)
    await _segment_screen(harness, 1)
    await admin.press("Professions")
    await admin.press("Law")
    await admin.press("Done")
    assert "Recipients now: 1 member" in admin.last.text  # admins see exact counts
