"""Role gates for privileged routers: the check runs on the server for every message and
callback (callback data is forgeable), and every refusal is audited."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from aiogram import BaseMiddleware
from aiogram.dispatcher.event.handler import HandlerObject
from aiogram.types import CallbackQuery, Message, TelegramObject
from sqlalchemy.ext.asyncio import AsyncSession

from bot.access import Access, audit
from bot.db.models import AuditOutcome, Role


class RequireRole(BaseMiddleware):
    """Inner middleware: lets the matched handler run only for holders of ``role``.

    Scope (which countries) is checked again by the handler's service against the target.
    """

    def __init__(self, role: Role, area: str) -> None:
        self.role = role
        self.area = area

    async def __call__(
        self,
        handler: Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]],
        event: TelegramObject,
        data: dict[str, Any],
    ) -> Any:
        access: Access = data["access"]
        if access.has(self.role):
            return await handler(event, data)
        matched: HandlerObject | None = data.get("handler")
        name = getattr(matched.callback, "__name__", "handler") if matched else "handler"
        session: AsyncSession = data["session"]
        await audit(
            session,
            actor_id=access.user_id or None,
            action=f"{self.area}.{name}",
            outcome=AuditOutcome.DENIED,
            details={"required": str(self.role)},
        )
        text = data["i18n"].get("access-denied", role=data["i18n"].get(f"role-{self.role}"))
        if isinstance(event, CallbackQuery):
            await event.answer(text, show_alert=True)
        elif isinstance(event, Message):
            await event.answer(text)
        return None
