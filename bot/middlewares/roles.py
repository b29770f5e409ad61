"""Role gates for privileged routers: the check runs on the server for every message and
callback (callback data is forgeable), and every refusal is audited — by the gate itself, or by
the ban gate when a banned member reaches for a gated handler (:func:`gated_handler`)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from aiogram import BaseMiddleware, Router
from aiogram.dispatcher.event.handler import HandlerObject
from aiogram.dispatcher.event.telegram import TelegramEventObserver
from aiogram.types import CallbackQuery, Message, TelegramObject
from sqlalchemy.ext.asyncio import AsyncSession

from bot.access import Access, audit
from bot.db.models import AuditOutcome, Role

# The handler flag that names a gated handler's action in the audit log.
AUDIT_FLAG = "audit"


def audited(action: str) -> dict[str, Any]:
    """Handler flags declaring how the audit log names a gated handler (``area.action``):
    ``router.message.register(approve, ..., flags=audited("moderation.approve"))``.

    Declared, not taken from the function's name, so that renaming code never renames what
    the audit trail (and its readers) know; every gated handler must declare one
    (:class:`GatedHandlers` refuses to build otherwise).
    """
    return {AUDIT_FLAG: action}


class RequireRole(BaseMiddleware):
    """Inner middleware: lets the matched handler run only for holders of ``role``.

    Scope (which countries) is checked again by the handler's service against the target.
    """

    def __init__(self, role: Role, area: str, *, or_roles: tuple[Role, ...] = ()) -> None:
        self.role = role
        self.area = area
        # Other roles that also open the gate (the staff screen: moderators or organisers).
        self.or_roles = or_roles

    def action(self, handler: HandlerObject | None) -> str:
        """How the audit log names the handler: its declared :func:`audited` flag."""
        declared = handler.flags.get(AUDIT_FLAG) if handler is not None else None
        return str(declared) if declared else f"{self.area}.undeclared"

    async def __call__(
        self,
        handler: Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]],
        event: TelegramObject,
        data: dict[str, Any],
    ) -> Any:
        access: Access = data["access"]
        if access.has(self.role) or any(access.has(role) for role in self.or_roles):
            return await handler(event, data)
        await audit_refusal(data["session"], access, self, data.get("handler"))
        text = data["i18n"].get("access-denied", role=data["i18n"].get(f"role-{self.role}"))
        if isinstance(event, CallbackQuery):
            await event.answer(text, show_alert=True)
        elif isinstance(event, Message):
            await event.answer(text)
        return None


async def audit_refusal(
    session: AsyncSession,
    access: Access,
    gate: RequireRole,
    handler: HandlerObject | None,
    *,
    why: str | None = None,
) -> None:
    """The one place a refused privileged action is written down: the actor's id, the action
    and the role it needed (and why, when it was not the role) — nothing the member typed."""
    details = {"required": str(gate.role)}
    if why is not None:
        details["why"] = why
    await audit(
        session,
        actor_id=access.user_id or None,
        action=gate.action(handler),
        outcome=AuditOutcome.DENIED,
        details=details,
    )


@dataclass(frozen=True)
class _Gated:
    gate: RequireRole
    # The observers from the Dispatcher down to the handler's router (their filters apply).
    observers: tuple[TelegramEventObserver, ...]
    handler: HandlerObject


class GatedHandlers:
    """Every handler behind a :class:`RequireRole` gate, to tell which one an update would
    reach without running it (the ban gate refuses banned members before routing)."""

    def __init__(self, root: Router) -> None:
        self._entries: dict[str, list[_Gated]] = {"message": [], "callback_query": []}
        self._walk(root, {"message": (), "callback_query": ()})

    def _walk(self, router: Router, chains: dict[str, tuple[TelegramEventObserver, ...]]) -> None:
        here: dict[str, tuple[TelegramEventObserver, ...]] = {}
        for name in self._entries:
            observer = router.observers[name]
            assert isinstance(observer, TelegramEventObserver)
            here[name] = (*chains[name], observer)
            gate = next((m for m in observer.middleware if isinstance(m, RequireRole)), None)
            if gate is not None:
                for handler in observer.handlers:
                    if not handler.flags.get(AUDIT_FLAG):
                        raise ValueError(
                            f"the gated handler {handler.callback!r} of router {router.name!r} "
                            "declares no audit action (flags=audited(...))"
                        )
                    self._entries[name].append(_Gated(gate, here[name], handler))
        for child in router.sub_routers:
            self._walk(child, here)

    def names(self) -> set[str]:
        """The declared audit action of every gated handler."""
        return {e.gate.action(e.handler) for entries in self._entries.values() for e in entries}

    async def reached(
        self, event_type: str, event: TelegramObject, data: dict[str, Any]
    ) -> tuple[RequireRole, HandlerObject] | None:
        """The first gated handler whose filters (and its routers') accept ``event``."""
        for entry in self._entries.get(event_type, []):
            if not await _passes(entry, event, data):
                continue
            return entry.gate, entry.handler
        return None


async def _passes(entry: _Gated, event: TelegramObject, data: dict[str, Any]) -> bool:
    kwargs = dict(data)
    for observer in entry.observers:
        accepted, kwargs = await observer._handler.check(event, **kwargs)
        if not accepted:
            return False
    accepted, _ = await entry.handler.check(event, **kwargs)
    return bool(accepted)
