"""Fluent catalogs from ``locales/`` and how a member's language is chosen.

* Every user-facing string lives in ``locales/<lang>/*.ftl``; ru and en are complete.
* Interpolated string values are HTML-escaped by the core itself, so a handler cannot paste
  member text into a message unescaped by accident (pass :class:`Markup` for a fragment that
  is already safe HTML).
* The locale is the member's choice when made; before that, Russian for Telegram languages
  ru/uk/be and English otherwise; ``DEFAULT_LOCALE`` when Telegram tells nothing.
"""

from __future__ import annotations

import html
import re
import secrets
from collections.abc import Callable
from functools import cache
from typing import Any

from aiogram.types import User
from aiogram_i18n import I18nContext, I18nMiddleware
from aiogram_i18n.cores import FluentRuntimeCore
from aiogram_i18n.managers import BaseManager
from fluent.runtime import FluentBundle
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_object_session

from bot.config import SUPPORTED_LOCALES
from bot.db.models import Member, RoleGrant, StaffMenuSync
from bot.db.types import utcnow
from bot.paths import project_dir

RUSSIAN_SPEAKING = frozenset({"ru", "uk", "be"})
# Catalogs parsed in this process, by folder (filled on first use, see find_locales).
_PARSED: dict[tuple[str, bool], dict[str, FluentBundle]] = {}


class Markup(str):
    """A string that is already safe HTML (built from escaped parts); not escaped again."""

    __slots__ = ()


def escape(value: str) -> str:
    """Escape member text for Telegram's HTML parse mode."""
    return html.escape(value, quote=False)


# Telegram's limit of one message: characters after it parsed the HTML (an escaped ``&lt;`` is
# one character, tags count nothing).
TELEGRAM_TEXT_LIMIT = 4096
# Fluent refuses any value (and any selected variant holding it) longer than 2,500 characters:
# longer values are spliced in after formatting instead.
_SPLICE_LONGER_THAN = 200
_TAG = re.compile(r"<[^>]*>")


def visible_length(text: str) -> int:
    """The length of HTML ``text`` as Telegram counts it (after parsing: what the reader sees)."""
    return len(html.unescape(_TAG.sub("", text)))


class EscapingFluentCore(FluentRuntimeCore):
    """Fluent core that escapes every ``str`` argument unless it is :class:`Markup`.

    It is the one place where member text meets a catalog, so it is also where lengths are made
    safe: Fluent refuses a placeable of more than 2,500 characters — counted after escaping, so
    900 ``<`` typed by a member were enough to lose their message — and so a long value goes
    into the message as a unique token that is replaced by the escaped value once Fluent is
    done. What limits a member's text is then only what Telegram shows (:func:`visible_length`),
    which each feature's limit is chosen to fit (``tests/unit/test_text_limits.py``).
    """

    def get(self, message_id: str, locale: str | None = None, /, **kwargs: Any) -> str:
        safe: dict[str, Any] = {}
        spliced: dict[str, str] = {}
        for name, value in kwargs.items():
            if isinstance(value, str):
                value = value if isinstance(value, Markup) else escape(value)
                if len(value) > _SPLICE_LONGER_THAN:
                    token = f"\ue000{secrets.token_hex(8)}\ue001"
                    spliced[token] = value
                    value = token
            safe[name] = value
        text = str(super().get(message_id, locale, **safe))
        for token, value in spliced.items():
            text = text.replace(token, value)
        return text

    async def startup(self) -> None:
        """aiogram-i18n parses every file again here: :func:`create_core` already did."""
        if not self.locales:
            self.locales.update(self.find_locales())

    async def shutdown(self) -> None:
        """Keep the catalogs: the worker and error handlers still speak after the Dispatcher
        stops (aiogram-i18n would empty them here), and they never change while running."""

    def find_locales(self) -> dict[str, FluentBundle]:
        """The parsed and compiled catalogs, once per process and folder: bundles are never
        changed after loading, so every core of the process (the bot's, the worker's, a test's
        Dispatcher) shares them instead of parsing 34 files again."""
        key = (str(self.path), self.use_isolating)
        if key not in _PARSED:
            _PARSED[key] = super().find_locales()
        return dict(_PARSED[key])


def telegram_locale(user: User | None, default_locale: str) -> str:
    """The locale for someone who has not chosen one: ru for ru/uk/be, en for everyone else."""
    if user is None or not user.language_code:
        return default_locale
    language = user.language_code.split("-")[0].lower()
    if language in RUSSIAN_SPEAKING:
        return "ru"
    return "en"


def member_locale(member: Member | None, user: User | None, default_locale: str) -> str:
    if member is not None and member.locale in SUPPORTED_LOCALES:
        return member.locale
    return telegram_locale(user, default_locale)


class MemberLocaleManager(BaseManager):
    """aiogram-i18n manager that keeps the locale on the member row (no extra storage)."""

    async def get_locale(
        self, event_from_user: User | None = None, member: Member | None = None
    ) -> str:
        return member_locale(member, event_from_user, self.default_locale or "en")

    async def set_locale(self, locale: str, member: Member | None = None) -> None:
        # The member row is part of the update's transaction; the session middleware commits.
        if member is None:
            return
        changed = member.locale is not None and member.locale != locale
        member.locale = locale
        session = async_object_session(member)
        if changed and session is not None:
            await _owe_staff_menu(session, member.id)


async def _owe_staff_menu(session: AsyncSession, member_id: int) -> None:
    """A staff member's own "/" menu is in their language: a new language owes it again (the
    admin feature's job sets it after the commit)."""
    staff = select(RoleGrant.role).where(RoleGrant.member_id == member_id).limit(1)
    owed = await session.get(StaffMenuSync, member_id)
    if owed is None and await session.scalar(staff) is not None:
        session.add(StaffMenuSync(member_id=member_id, due_at=utcnow(), attempts=0))


def create_core(default_locale: str) -> EscapingFluentCore:
    """Load every ``.ftl`` file now, so a broken catalog fails at start, not mid-conversation."""
    core = EscapingFluentCore(
        path=project_dir("locales") / "{locale}",
        default_locale=default_locale,
        use_isolating=False,
    )
    core.locales.update(core.find_locales())
    return core


@cache
def offline_core() -> EscapingFluentCore:
    """The catalogs for texts rendered outside an update (worker, CLI, the moderation queue's
    cards): loaded once per process, on first use, and shared by every feature."""
    return create_core("en")


def translator(locale: str) -> Callable[..., str]:
    """``t(key, **values)`` in ``locale``: the update's catalogs, or :func:`offline_core`."""
    context = I18nContext.get_current(no_error=True)
    core = context.core if context is not None else offline_core()
    return lambda key, **values: str(core.get(key, locale, **values))


def create_i18n_middleware(core: EscapingFluentCore, default_locale: str) -> I18nMiddleware:
    return I18nMiddleware(
        core=core,
        manager=MemberLocaleManager(default_locale=default_locale),
        default_locale=default_locale,
    )
