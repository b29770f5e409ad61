"""The session of the update being handled, for infrastructure that must join its transaction.

Set by ``DbSessionMiddleware``. The SQL FSM storage writes through it, so a wizard's state and
the data it saved commit (or roll back) together — and SQLite never sees two writers in one
update.
"""

from __future__ import annotations

from contextvars import ContextVar

from sqlalchemy.ext.asyncio import AsyncSession

current_session: ContextVar[AsyncSession | None] = ContextVar("current_session", default=None)
