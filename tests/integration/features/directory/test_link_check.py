"""The worker looks up public @username links with getChat and marks the ones that no longer
resolve; members are warned and moderators see them first."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from bot.db.models import Group, LinkCheck
from bot.db.types import utcnow
from bot.features import plugins
from bot.features.directory.jobs import check_group_links
from bot.plugins import JobContext
from tests.conftest import HarnessFactory
from tests.support.directory import ADMIN, add_group, audit_entries, onboarded, staff
from tests.support.story import Harness


def alive(harness: Harness, username: str, chat_type: str = "supergroup") -> None:
    harness.telegram.public_chats[f"@{username}"] = {
        "id": -1000000000000 - len(harness.telegram.public_chats),
        "type": chat_type,
        "title": username,
        "username": username,
    }


async def run(harness: Harness) -> int:
    context = JobContext(
        services=harness.services, bot=harness.bot, worker_id="test", plugins=plugins()
    )
    return await check_group_links(context, pause=0)


async def state_of(harness: Harness, slug: str) -> tuple[LinkCheck | None, bool]:
    async with harness.services.sessions() as session:
        group = await session.scalar(select(Group).where(Group.slug == slug))
        assert group is not None
        return group.link_check, group.link_checked_at is not None


async def test_dead_usernames_are_marked_and_shown(
    make_harness: HarnessFactory, database_url: str
) -> None:
    harness = await make_harness(database_url, admin_ids=str(ADMIN))
    await add_group(
        harness, slug="ge-alive", title="Alive", link="@tbilisi_alive", professions=["it"]
    )
    await add_group(harness, slug="ge-dead", title="Dead", link="@tbilisi_dead", professions=["it"])
    await add_group(harness, slug="ge-person", title="Now a person", link="@tbilisi_person")
    await add_group(harness, slug="ge-invite", title="Invite", link="https://t.me/+AbCdEfGh12345")
    await add_group(harness, slug="ge-demo", title="Demo", link="@example_demo_x", is_demo=True)
    alive(harness, "tbilisi_alive")
    alive(harness, "Tbilisi_Person", chat_type="private")

    assert await run(harness) == 3
    assert await state_of(harness, "ge-alive") == (LinkCheck.OK, True)
    assert await state_of(harness, "ge-dead") == (LinkCheck.GONE, True)
    assert await state_of(harness, "ge-person") == (LinkCheck.GONE, True)
    assert await state_of(harness, "ge-invite") == (None, False)  # a bot cannot look these up
    assert await state_of(harness, "ge-demo") == (None, False)
    looked_up = {call.chat_id for call in harness.telegram.calls("GetChat")}
    assert looked_up == {"@tbilisi_alive", "@tbilisi_dead", "@tbilisi_person"}
    gone = await audit_entries(harness, "group.link_gone")
    assert len(gone) == 2 and all(entry.actor_id is None for entry in gone)

    assert await run(harness) == 0  # looked at again only after a week

    anna = await onboarded(harness, 6101)
    await anna.send("/communities")
    # The list: one line a group, the live groups first, the dead links last and marked.
    lines = [line for line in anna.last.text.split("\n") if line[:2].rstrip(".").isdigit()]
    assert "Alive" in lines[0]
    assert ["Dead" in line or "Now a person" in line for line in lines] == [
        False,
        False,
        False,
        True,
        True,
    ]
    assert all("ссылка, возможно, не работает" in line for line in lines[3:])
    await anna.press("5. ")
    assert "ссылка больше не работает" in anna.last.text

    moderator = await staff(harness, 6201, "moderator", "GE")
    await moderator.send("/mod")
    await moderator.press("Groups to re-check")
    assert "Dead" in moderator.last.text or "Now a person" in moderator.last.text
    assert "found the link dead" in moderator.last.text


async def test_links_are_looked_at_again_after_a_week(harness: Harness) -> None:
    await add_group(
        harness,
        slug="ge-renamed",
        title="Renamed later",
        link="@tbilisi_renamed",
        link_check=LinkCheck.OK,
        link_checked_at=utcnow() - timedelta(days=8),
    )
    assert await run(harness) == 1
    assert await state_of(harness, "ge-renamed") == (LinkCheck.GONE, True)
