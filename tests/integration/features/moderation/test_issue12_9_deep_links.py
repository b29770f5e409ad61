"""Issue 12, attack 9: a shared deep link silently rewrote an onboarded member's country, city
and professions — and so which announcements reached them. Now it asks first."""

from __future__ import annotations

from bot.db.models import Member
from tests.integration.features.test_deep_links import profile_of
from tests.support.story import Harness

ANNA = 12901


async def test_a_shared_link_changes_nothing_until_the_member_agrees(harness: Harness) -> None:
    anna = harness.member(ANNA, language_code="en")
    await anna.send("/start ge-tbilisi_design")
    await anna.press("Done")
    await anna.press("Skip")
    await anna.press("Yes, send them")
    assert await profile_of(harness, ANNA) == ("GE", "Tbilisi", {"design"})

    # Someone posts a link "for designers" that really points to another country and trade.
    await anna.send("/start am-yerevan_law")
    assert "This link is for: Armenia, Yerevan · ⚖️ Law" in anna.last.text
    assert "Your profile says: Georgia, Tbilisi" in anna.last.text
    assert await profile_of(harness, ANNA) == ("GE", "Tbilisi", {"design"})
    await anna.press("No, keep mine")
    assert "Nothing changed" in anna.last.text
    assert await profile_of(harness, ANNA) == ("GE", "Tbilisi", {"design"})
    await anna.press_data("dl:1")  # the old "yes" afterwards: nothing is waiting any more
    assert await profile_of(harness, ANNA) == ("GE", "Tbilisi", {"design"})

    await anna.send("/start ge-tbilisi")  # what the profile already says: nothing to ask
    assert "Welcome back" in anna.last.text
    async with harness.services.sessions() as session:
        member = await session.get(Member, ANNA)
        assert member is not None and member.broadcasts_opt_in
