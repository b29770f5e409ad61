"""Gated handlers name their audit action by declaration, never by their Python name."""

from __future__ import annotations

import pytest
from aiogram import Router
from aiogram.filters import Command
from aiogram.types import Message

from bot.db.models import Role
from bot.middlewares.roles import GatedHandlers, RequireRole, audited


async def renamed_in_a_refactor(message: Message) -> None:
    """A handler whose function name says nothing about its action."""


def gated_router(**register: object) -> Router:
    router = Router(name="gated")
    router.message.middleware(RequireRole(Role.MODERATOR, area="moderation"))
    router.message.register(renamed_in_a_refactor, Command("approve"), **register)  # type: ignore[arg-type]
    return router


def test_the_audit_log_uses_the_declared_action() -> None:
    gated = GatedHandlers(gated_router(flags=audited("moderation.approve")))
    assert gated.names() == {"moderation.approve"}


def test_a_gated_handler_that_declares_no_action_is_refused_when_the_bot_is_built() -> None:
    with pytest.raises(ValueError, match="declares no audit action"):
        GatedHandlers(gated_router())
