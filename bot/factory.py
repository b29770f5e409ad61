"""The composition root: builds Bot, Services and Dispatcher. Tests reuse it as is.

Nothing here runs at import time; ``python -m bot``, the demo, tests and benchmarks call these
functions with their own settings.
"""

from __future__ import annotations

import logging
import sys

from aiogram import Bot, Dispatcher
from aiogram.client.default import DefaultBotProperties
from aiogram.client.session.base import BaseSession
from aiogram.client.telegram import TelegramAPIServer
from aiogram.enums import ParseMode
from aiogram.fsm.storage.base import BaseEventIsolation, BaseStorage
from aiogram.fsm.storage.memory import SimpleEventIsolation
from aiogram.types import (
    BotCommand,
    BotCommandScopeAllChatAdministrators,
    BotCommandScopeAllGroupChats,
    BotCommandScopeAllPrivateChats,
    ErrorEvent,
)
from sqlalchemy import select
from sqlalchemy.exc import DBAPIError, IntegrityError, InterfaceError, OperationalError

from bot.bot_api_session import JsonBodySession
from bot.commands import GROUP_ADMIN_COMMANDS, GROUP_COMMANDS, MEMBER_COMMANDS
from bot.config import Settings
from bot.db.crypto import configure_data_keys, data_keys_for
from bot.db.engine import create_engine, create_session_factory
from bot.db.models import RoleGrant, StaffMenuSync
from bot.db.types import utcnow
from bot.db.uow import unit_of_work
from bot.features import plugins as all_plugins
from bot.fsm import LockedContextMiddleware, SqlStorage, create_redis_storage
from bot.i18n import create_core, create_i18n_middleware, telegram_locale
from bot.middlewares.answers import AwaitAnswersAside, SilentAnswersAside
from bot.middlewares.ban import BanGateMiddleware
from bot.middlewares.database import CommitBeforeSpeaking, DbSessionMiddleware
from bot.middlewares.member import MemberMiddleware
from bot.middlewares.metrics import MetricsMiddleware
from bot.middlewares.refusals import RefusalReplies
from bot.middlewares.roles import GatedHandlers
from bot.middlewares.throttling import ThrottlingMiddleware
from bot.plugins import Plugins
from bot.ratelimit import MemoryRateLimiter, RateLimiter, RedisRateLimiter
from bot.retry import RetryTransientErrors
from bot.services import Services
from bot.speed import bind_bot_in_one_step, hold_response_classes, run_sync_filters_inline

log = logging.getLogger(__name__)


def create_bot(settings: Settings, session: BaseSession | None = None) -> Bot:
    """A Bot talking to ``TELEGRAM_API_URL`` (Telegram, a local Bot API server, the emulator),
    retrying transient failures (:mod:`bot.retry`)."""
    if session is None:
        # Each call as one JSON object instead of aiogram's form (bot.bot_api_session).
        session = JsonBodySession(api=TelegramAPIServer.from_base(settings.telegram_api_url))
    bot = Bot(
        token=settings.token(),
        session=session,
        default=DefaultBotProperties(parse_mode=ParseMode.HTML, link_preview_is_disabled=True),
    )
    # First, so that the writes commit once before the call and its retries (bot.middlewares.
    # database explains why nothing is held across a Bot API call).
    bot.session.middleware(CommitBeforeSpeaking())
    # After the commit, before the retries: a silent callback answer (and its retries) goes
    # aside of the handler's work (bot.middlewares.answers).
    bot.session.middleware(SilentAnswersAside())
    bot.session.middleware(RetryTransientErrors())
    hold_response_classes()  # bot.speed
    bind_bot_in_one_step()  # bot.speed
    return bot


def create_services(settings: Settings) -> Services:
    """Engine, sessions, Redis (when configured), FSM storage, flood control, catalogs, and
    the keys of the encrypted columns (:mod:`bot.db.crypto`)."""
    configure_data_keys(data_keys_for(settings))
    engine = create_engine(settings.database_url)
    sessions = create_session_factory(engine)
    redis = None
    if settings.redis_url:
        # Imported only here: the embedded default never loads the client (≈6 MB).
        from redis.asyncio import Redis

        redis = Redis.from_url(settings.redis_url)
    storage: BaseStorage
    flood: RateLimiter
    sender: RateLimiter
    group_flood: RateLimiter
    # No real burst: Telegram counts messages per second, so saving up a second's worth and
    # spending it at once would overshoot the limit. A tenth of a token carried over absorbs
    # the usual lateness of a wake-up (a few ms: without it a busy event loop loses ~4% of the
    # rate), while burst + rate stays below the next whole message in any second.
    send_burst = 1.1
    if redis is not None:
        storage = create_redis_storage(redis)
        flood = RedisRateLimiter(
            redis, settings.throttle_rate, settings.throttle_burst, "prichal:flood", fail_open=True
        )
        sender = RedisRateLimiter(
            redis, settings.send_rate, send_burst, "prichal:send", fail_open=False
        )
        group_flood = RedisRateLimiter(
            redis,
            settings.group_flood_rate,
            settings.group_flood_burst,
            "prichal:group-flood",
            fail_open=True,
        )
    else:
        # The embedded default is one process, so the FSM cache is safe there and only there.
        storage = SqlStorage(sessions, cache=settings.is_sqlite)
        flood = MemoryRateLimiter(settings.throttle_rate, settings.throttle_burst)
        sender = MemoryRateLimiter(settings.send_rate, send_burst)
        group_flood = MemoryRateLimiter(settings.group_flood_rate, settings.group_flood_burst)
    return Services(
        settings=settings,
        engine=engine,
        sessions=sessions,
        storage=storage,
        flood=flood,
        i18n=create_core(settings.default_locale),
        redis=redis,
        send_limiter=sender,
        group_flood=group_flood,
    )


def create_dispatcher(
    settings: Settings, services: Services, plugins: Plugins | None = None
) -> Dispatcher:
    """The Dispatcher with every middleware and feature router, in their order.

    ``plugins`` (default: every feature in ``bot.features``) gives the routers, and reaches
    handlers as ``plugins``: the moderation queue's review handlers, the transfer sections,
    the personal-data sections.
    """
    if plugins is None:
        plugins = all_plugins()
    isolation: BaseEventIsolation
    if services.redis is not None:
        from aiogram.fsm.storage.redis import RedisEventIsolation

        # Expires, so that a replica that died holding a member's lock frees them in time.
        isolation = RedisEventIsolation(
            services.redis, lock_kwargs={"timeout": settings.isolation_lock_seconds}
        )
    else:
        isolation = SimpleEventIsolation()
    dispatcher = Dispatcher(
        storage=services.storage,
        events_isolation=isolation,
        settings=settings,
        services=services,
        plugins=plugins,
        name="prichal",
    )
    # Outer middlewares run in registration order, after aiogram's own (errors, user, FSM).
    # First: the update is handled once the silent answers sent aside went out too.
    dispatcher.update.outer_middleware(AwaitAnswersAside())
    dispatcher.update.outer_middleware(MetricsMiddleware(services.metrics))
    dispatcher.update.outer_middleware(
        ThrottlingMiddleware(services.flood, services.i18n, settings.default_locale)
    )
    dispatcher.update.outer_middleware(DbSessionMiddleware(services.sessions))
    # aiogram registers its FSM middleware (the event isolation lock, then the state read) in
    # the Dispatcher's constructor, before ours; replaced by one that only takes the lock, inside
    # the update's session: the member middleware, next, reads the state with the member.
    dispatcher.update.outer_middleware.unregister(dispatcher.fsm)
    dispatcher.fsm = LockedContextMiddleware(
        storage=dispatcher.fsm.storage,
        events_isolation=dispatcher.fsm.events_isolation,
        strategy=dispatcher.fsm.strategy,
    )
    dispatcher.update.outer_middleware(dispatcher.fsm)
    dispatcher.update.outer_middleware(MemberMiddleware(settings.admin_ids))
    create_i18n_middleware(services.i18n, settings.default_locale).setup(dispatcher)
    ban_gate = BanGateMiddleware()
    dispatcher.update.outer_middleware(ban_gate)
    # Inner: wraps every feature's handlers, inside the session middleware (refusals commit).
    refusals = RefusalReplies()
    dispatcher.message.middleware(refusals)
    dispatcher.callback_query.middleware(refusals)
    dispatcher.include_routers(*plugins.build_routers())
    run_sync_filters_inline(dispatcher)  # bot.speed: no thread hop per magic filter
    # A banned member reaching for a role-gated handler is refused and audited like the gate.
    ban_gate.watch(GatedHandlers(dispatcher))
    dispatcher.errors.register(_on_error)
    dispatcher.startup.register(_set_commands)
    return dispatcher


# SQLSTATE classes of a server that is going away or not there: connection exceptions (08) and
# operator intervention (57P: shutting down, crashed, cannot connect now).
_OUTAGE_SQLSTATES = ("08", "57P")


def is_outage(error: BaseException) -> bool:
    """The database or Redis is unreachable (restarting, down): not a bug, and it passes."""
    if isinstance(error, DBAPIError) and error.connection_invalidated:
        return True
    cause: BaseException | None = error
    for _ in range(5):  # SQLAlchemy wraps the driver's error, which may wrap another
        if cause is None:
            break
        sqlstate = getattr(cause, "sqlstate", None) or getattr(cause, "pgcode", None)
        if isinstance(sqlstate, str) and sqlstate.startswith(_OUTAGE_SQLSTATES):
            return True
        # The driver's own words for a connection that the server cut mid-operation.
        if isinstance(cause, _driver_outages("asyncpg", "InterfaceError", "InternalClientError")):
            return True
        cause = getattr(cause, "orig", None) or cause.__cause__
    redis_outages = _driver_outages("redis.exceptions", "ConnectionError", "TimeoutError")
    return isinstance(
        error,
        (OperationalError, InterfaceError, ConnectionError, TimeoutError, *redis_outages),
    )


def _driver_outages(module: str, *names: str) -> tuple[type[BaseException], ...]:
    """The exception classes ``names`` of a client library — only if it was ever imported: an
    error cannot come from a library this process never loaded (asyncpg on SQLite, redis
    without ``REDIS_URL``), and importing them here would cost their memory for nothing."""
    loaded = sys.modules.get(module)
    if loaded is None:
        return ()
    found = (getattr(loaded, name, None) for name in names)
    return tuple(c for c in found if isinstance(c, type) and issubclass(c, BaseException))


async def _on_error(event: ErrorEvent, services: Services) -> bool:
    """Log the failure without personal data; tell the member plainly, with a way back.

    What the update wrote since it last spoke is rolled back by the session middleware (what
    it wrote before a Bot API call was committed then: bot.middlewares.database). An outage of the
    database or Redis gets its own words ("temporarily unavailable, try again in a minute")
    and a one-line warning instead of a stack trace.
    """
    update = event.update
    error = event.exception
    services.metrics.errors.labels(type(error).__name__).inc()
    outage = is_outage(error)
    if outage:
        log.warning("update %s: storage unavailable (%s)", update.update_id, type(error).__name__)
    else:
        log.error("update %s failed: %s", update.update_id, type(error).__name__, exc_info=error)
    from aiogram_i18n import I18nContext

    i18n = I18nContext.get_current(no_error=True)
    if i18n is not None:
        locale = i18n.locale
    else:  # failed before the member was loaded (e.g. the database is down)
        sender = update.event.from_user if hasattr(update.event, "from_user") else None
        locale = telegram_locale(sender, services.settings.default_locale)
    text = services.text(locale, "error-unavailable" if outage else "error-generic")
    try:
        if update.callback_query is not None:
            await update.callback_query.answer(text, show_alert=True)
        elif update.message is not None and update.message.chat.type == "private":
            await update.message.answer(text)
    except Exception:
        log.warning("update %s: could not tell the member about the failure", update.update_id)
    return True


async def _set_commands(bot: Bot, services: Services) -> None:
    """Localized command lists: Russian for ru/uk/be clients, English for everyone else."""

    def commands(locale: str) -> list[BotCommand]:
        return [
            BotCommand(command=name, description=services.text(locale, f"cmd-{name}"))
            for name in MEMBER_COMMANDS
        ]

    scope = BotCommandScopeAllPrivateChats()
    await bot.set_my_commands(commands("en"), scope=scope)
    for language in ("ru", "uk", "be"):
        await bot.set_my_commands(commands("ru"), scope=scope, language_code=language)
    # In groups: everyone may report a message; admins may also ban (bot.features.chats).
    for group_scope, names in (
        (BotCommandScopeAllGroupChats(), GROUP_COMMANDS),
        (BotCommandScopeAllChatAdministrators(), (*GROUP_COMMANDS, *GROUP_ADMIN_COMMANDS)),
    ):
        by_locale: tuple[tuple[str, tuple[str | None, ...]], ...] = (
            ("en", (None,)),
            ("ru", ("ru", "uk", "be")),
        )
        for locale, languages in by_locale:
            listed = [
                BotCommand(command=name, description=services.text(locale, f"cmd-{name}"))
                for name in names
            ]
            for code in languages:
                await bot.set_my_commands(listed, scope=group_scope, language_code=code)
    await _owe_staff_menus(services)


async def _owe_staff_menus(services: Services) -> None:
    """Every staff member's own "/" menu (bootstrap admins' included, who are never granted
    a role) is set again at start, by the admin feature's job: it repairs one a failed call
    or an older version left behind. Best effort: a replica racing another changes nothing."""
    try:
        async with unit_of_work(services.sessions) as session:
            staff = set(services.settings.admin_ids) | set(
                await session.scalars(select(RoleGrant.member_id).distinct())
            )
            owed = set(await session.scalars(select(StaffMenuSync.member_id)))
            for member_id in sorted(staff - owed):
                session.add(StaffMenuSync(member_id=member_id, due_at=utcnow(), attempts=0))
    except IntegrityError:
        log.info("staff menus: another process owed them first")
