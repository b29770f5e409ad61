"""One database session per update, committed by this middleware (the owner) — and before the
bot speaks.

**Why writes commit before a Bot API call** (and not an outbox sent after the commit): a Bot
API call takes a network round trip (~50 ms to Telegram, seconds under a flood wait). Held
across it, an update's transaction kept SQLite's one write lock (every other member waited) or
a pooled PostgreSQL connection (the pool ran dry at 20 members at once). So
:class:`CommitBeforeSpeaking`, a request middleware of the bot's session, commits the update's
open transaction before any Bot API call made while handling it: what the update decided is
durable before anyone is told about it — a notice to another member (a moderator's decision,
a relayed message) can never announce something that then rolls back — and the connection is
back in the pool while the bot waits for Telegram. Statements after the call open a new short
transaction, committed in turn by the next call or by :class:`DbSessionMiddleware` at the end.

An outbox (calls queued during the update, sent after the final commit) would keep the whole
update atomic, but handlers read what Telegram answers (the id of a sent message, a refusal
that marks a member unreachable) and act on it; committing first keeps them as they are. The
price: an update that fails *after* it spoke keeps what it committed before speaking — the
same as a member seeing the first message of it, which cannot be taken back either.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from aiogram import BaseMiddleware, Bot
from aiogram.client.session.middlewares.base import (
    BaseRequestMiddleware,
    NextRequestMiddlewareType,
)
from aiogram.methods import Response, TelegramMethod
from aiogram.methods.base import TelegramType
from aiogram.types import TelegramObject
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.db.context import current_session


class DbSessionMiddleware(BaseMiddleware):
    """Opens ``data["session"]``; commits when the handler returns, rolls back when it raises.

    The session connects lazily, so updates that never touch the database cost nothing here.
    """

    def __init__(self, sessions: async_sessionmaker[AsyncSession]) -> None:
        self.sessions = sessions

    async def __call__(
        self,
        handler: Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]],
        event: TelegramObject,
        data: dict[str, Any],
    ) -> Any:
        async with self.sessions() as session:
            data["session"] = session
            token = current_session.set(session)
            try:
                result = await handler(event, data)
            except BaseException:
                await session.rollback()
                raise
            else:
                if session.in_transaction():
                    await session.commit()
            finally:
                current_session.reset(token)
            return result


class CommitBeforeSpeaking(BaseRequestMiddleware):
    """Commit the update's open transaction before each Bot API call made while handling it
    (see the module's docstring). Outside an update (the worker, the CLI) it does nothing: their
    unit of work is theirs to commit.

    A commit that fails raises here, so the call is never made: nobody is told of a decision
    that was not stored.
    """

    async def __call__(
        self,
        make_request: NextRequestMiddlewareType[TelegramType],
        bot: Bot,
        method: TelegramMethod[TelegramType],
    ) -> Response[TelegramType]:
        session = current_session.get()
        if session is not None and session.in_transaction():
            await session.commit()
        return await make_request(bot, method)
