"""Groups nobody checked for 180 days (or whose link died) wait on the moderators' list;
a moderator marks them checked or hides them — within their own countries only."""

from __future__ import annotations

from datetime import timedelta

from bot.db.models import AuditOutcome, GroupStatus, LinkCheck
from bot.db.types import utcnow
from tests.conftest import HarnessFactory
from tests.support.directory import ADMIN, add_group, audit_entries, group_by_title, staff
from tests.support.story import Harness

GEORGIAN_MOD, SERBIAN_MOD = 7201, 7202


async def stale_groups(harness: Harness) -> None:
    now = utcnow()
    await add_group(harness, slug="ge-fresh", title="Fresh", verified_at=now - timedelta(days=20))
    await add_group(harness, slug="ge-old", title="Old", verified_at=now - timedelta(days=200))
    await add_group(harness, slug="ge-never", title="Never checked", verified_at=None)
    await add_group(
        harness, slug="ge-dead", title="Dead link", verified_at=now, link_check=LinkCheck.GONE
    )
    await add_group(
        harness,
        slug="rs-old",
        title="Serbian old",
        country="RS",
        verified_at=now - timedelta(days=400),
    )


async def test_a_moderator_works_through_the_groups_to_recheck(
    make_harness: HarnessFactory, database_url: str
) -> None:
    harness = await make_harness(database_url, admin_ids=str(ADMIN))
    await stale_groups(harness)
    moderator = await staff(harness, GEORGIAN_MOD, "moderator", "GE")
    await moderator.send("/mod")
    assert "Groups to re-check: 3" in moderator.last.text
    await moderator.press("Groups to re-check (3)")
    # Dead links first, then never checked, then the longest unchecked.
    assert "Dead link" in moderator.last.text and "1 of 3" in moderator.last.text
    assert ("🔗 Open the link", "https://t.me/example_ge_dead") in moderator.last.buttons()
    await moderator.press("Next")
    assert "Never checked" in moderator.last.text and "2 of 3" in moderator.last.text
    await moderator.press("Checked: it is fine")
    assert "Marked as checked today: “Never checked”" in moderator.last.text
    assert "Old" in moderator.last.text and "2 of 2" in moderator.last.text
    await moderator.press("Hide it")
    assert "Hidden from members: “Old”" in moderator.last.text

    checked = await group_by_title(harness, "Never checked")
    assert checked is not None and checked.verified_by == GEORGIAN_MOD
    assert checked.verified_at is not None and utcnow() - checked.verified_at < timedelta(minutes=5)
    hidden = await group_by_title(harness, "Old")
    assert hidden is not None and hidden.status == GroupStatus.HIDDEN
    await moderator.press("Checked: it is fine")  # the dead link: the moderator looked
    dead = await group_by_title(harness, "Dead link")
    assert dead is not None and dead.link_check is None
    assert "No groups need re-checking" in moderator.last.text
    assert [e.actor_id for e in await audit_entries(harness, "group.verify")] == [GEORGIAN_MOD] * 2
    assert [e.actor_id for e in await audit_entries(harness, "group.hide")] == [GEORGIAN_MOD]


async def test_a_moderator_of_serbia_cannot_verify_or_hide_a_georgian_group(
    harness: Harness,
) -> None:
    await stale_groups(harness)
    georgian = await group_by_title(harness, "Old")
    assert georgian is not None
    serbian = await staff(harness, SERBIAN_MOD, "moderator", "RS")
    await serbian.send("/mod")
    assert "Groups to re-check: 1" in serbian.last.text  # only the Serbian one
    await serbian.press_data(f"ms:ok:{georgian.id}:0")
    assert "outside the countries you moderate" in (serbian.last_answer() or "")
    await serbian.press_data(f"ms:hide:{georgian.id}:0")
    after = await group_by_title(harness, "Old")
    assert after is not None and after.status == GroupStatus.PUBLISHED
    assert after.verified_by is None
    denied = await audit_entries(harness, "group.verify") + await audit_entries(
        harness, "group.hide"
    )
    assert [(e.actor_id, e.outcome, e.scope) for e in denied] == [
        (SERBIAN_MOD, AuditOutcome.DENIED, "GE"),
        (SERBIAN_MOD, AuditOutcome.DENIED, "GE"),
    ]
