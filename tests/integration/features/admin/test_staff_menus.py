"""Staff see their tools in the "/" menu: a grant sets the member's own chat-scoped command
list (in their language) after the commit, a revoke reduces or clears it, erasure clears it;
members keep the default menu. The command names are the ones the gated routers register."""

from __future__ import annotations

from aiogram import Router
from aiogram.filters import Command
from aiogram.types import BotCommandScopeChat
from sqlalchemy import select

from bot.commands import MEMBER_COMMANDS, STAFF_COMMANDS
from bot.db.models import Role, RoleGrant, StaffMenuSync
from bot.features import plugins
from bot.features.admin.menus import sync_staff_menus
from bot.plugins import JobContext
from tests.support import seeds
from tests.support.directory import ADMIN, onboarded, staff
from tests.support.story import Harness

NINO, DAVID, ANNA = 2401, 2402, 2403


async def _sync(harness: Harness) -> int:
    """One round of the worker job (the embedded worker runs it when the grant commits)."""
    context = JobContext(harness.services, harness.bot, "test", plugins())
    return await sync_staff_menus(context)


def _names(harness: Harness, chat_id: int) -> list[str] | None:
    menu = harness.telegram.chat_commands(chat_id)
    return None if menu is None else [name for name, _ in menu]


async def test_a_grant_adds_the_roles_commands_and_a_revoke_takes_them_away(
    harness: Harness,
) -> None:
    assert "admin.staff_menus" in [job.name for job in plugins().jobs]
    await _sync(harness)  # the bootstrap admin's, owed at start
    nino = await onboarded(harness, NINO, language="ru")
    anna = await onboarded(harness, ANNA)
    await staff(harness, NINO, "moderator", "GE")
    # Nothing is called inside the admin's update: the job does it after the commit.
    assert harness.telegram.chat_commands(NINO) is None
    assert await _sync(harness) == 1
    menu = dict(harness.telegram.chat_commands(NINO) or [])
    assert list(menu)[:2] == ["mod", "faq_admin"]
    assert set(MEMBER_COMMANDS) <= set(menu)  # her member commands stay in her menu
    assert menu["mod"] == "Очередь модерации"  # in her language, not the admin's
    assert "new_event" not in menu and "grant" not in menu
    assert _names(harness, ANNA) is None  # members keep the default menu
    assert await _sync(harness) == 0  # done once

    await staff(harness, NINO, "organiser", "GE")
    await _sync(harness)
    names = _names(harness, NINO) or []
    assert {"mod", "new_event", "broadcast", "my_broadcasts"} <= set(names)

    admin = harness.member(ADMIN, language_code="en")
    await admin.send(f"/revoke {NINO} moderator")
    await _sync(harness)
    names = _names(harness, NINO) or []
    assert "mod" not in names and "new_event" in names  # reduced to what she still has
    await admin.send(f"/revoke {NINO} organiser")
    await _sync(harness)
    assert _names(harness, NINO) is None  # back to the members' menu
    assert [type(r).__name__ for r in harness.telegram.requests if _chat_scope(r) == NINO][
        -1
    ] == "DeleteMyCommands"
    await nino.send("/mod")
    await anna.send("/mod")  # and the role gate still answers for itself


async def test_a_refused_call_does_not_undo_the_grant_and_an_erased_moderator_loses_the_menu(
    harness: Harness,
) -> None:
    await _sync(harness)  # the bootstrap admin's, owed at start
    harness.telegram.refusing.add("SetMyCommands")
    await seeds.member(harness, DAVID)
    await staff(harness, DAVID, "moderator", "GE")
    assert await _sync(harness) == 1  # given up (a 400 is not retried), nothing raised
    async with harness.services.sessions() as session:
        grants = list(await session.scalars(select(RoleGrant).where(RoleGrant.member_id == DAVID)))
        owed = list(await session.scalars(select(StaffMenuSync)))
    assert [g.role for g in grants] == [Role.MODERATOR] and owed == []
    assert harness.telegram.chat_commands(DAVID) is None

    harness.telegram.refusing.clear()
    nino = await onboarded(harness, NINO, language="en")
    await staff(harness, NINO, "moderator", "GE")
    await _sync(harness)
    assert "mod" in (_names(harness, NINO) or [])
    await nino.send("/delete_me")
    await nino.press("Yes")
    assert harness.telegram.chat_commands(NINO) is None
    async with harness.services.sessions() as session:
        assert list(await session.scalars(select(StaffMenuSync))) == []


async def test_every_staff_command_is_one_a_router_registers(harness: Harness) -> None:
    registered: set[str] = set()
    routers: list[Router] = [harness.dispatcher]
    while routers:
        router = routers.pop()
        routers.extend(router.sub_routers)
        for handler in router.message.handlers:
            for found in handler.filters or ():
                if isinstance(found.callback, Command):
                    registered |= {str(name) for name in found.callback.commands}
    for names in STAFF_COMMANDS.values():
        assert set(names) <= registered, set(names) - registered
    assert set(MEMBER_COMMANDS) - {"jobs", "aid"} <= registered


def _chat_scope(request: object) -> int | None:
    scope = getattr(request, "scope", None)
    return scope.chat_id if isinstance(scope, BotCommandScopeChat) else None


async def test_at_start_every_staff_member_and_bootstrap_admin_is_owed_their_menu(
    harness: Harness,
) -> None:
    await _sync(harness)  # the bootstrap admin's, owed at the harness's start
    await seeds.member(harness, NINO, roles=((Role.MODERATOR, "GE"),))  # no grant update
    await seeds.member(harness, ADMIN)  # the bootstrap admin has written to the bot since
    await harness.dispatcher.emit_startup(
        bot=harness.bot, dispatcher=harness.dispatcher, **harness.dispatcher.workflow_data
    )
    await harness.dispatcher.emit_startup(
        bot=harness.bot, dispatcher=harness.dispatcher, **harness.dispatcher.workflow_data
    )
    assert await _sync(harness) == 2
    assert "mod" in (_names(harness, NINO) or [])
    admin = _names(harness, ADMIN) or []  # ADMIN_IDS: an admin nobody granted
    assert {"grant", "revoke", "staff", "mod", "new_event"} <= set(admin)
    assert _names(harness, ANNA) is None


async def test_nothing_is_asked_of_telegram_for_someone_who_never_wrote_to_the_bot(
    harness: Harness,
) -> None:
    await _sync(harness)
    await staff(harness, DAVID, "moderator", "GE")  # a role given before David ever wrote
    assert await _sync(harness) == 0
    assert [r for r in harness.telegram.requests if _chat_scope(r) == DAVID] == []
    async with harness.services.sessions() as session:
        assert list(await session.scalars(select(StaffMenuSync))) == []


async def test_a_staff_member_who_switches_language_gets_the_menu_in_it(
    harness: Harness,
) -> None:
    await _sync(harness)
    nino = await onboarded(harness, NINO, language="en")
    await staff(harness, NINO, "moderator", "GE")
    await _sync(harness)
    assert dict(harness.telegram.chat_commands(NINO) or [])["mod"] == "Moderation queue"
    await nino.send("/profile")
    await nino.press("Language")
    await nino.press("Русский")
    assert await _sync(harness) == 1
    assert dict(harness.telegram.chat_commands(NINO) or [])["mod"] == "Очередь модерации"
