"""``/stats``: the community's numbers as a PNG in the chat, for organisers and admins (the
staff app's Numbers page, for those who prefer the chat). Gated by the router's role gate;
the numbers are scoped to the organiser's countries by the service."""

from __future__ import annotations

import asyncio
import logging
from functools import partial

from aiogram import F, Router
from aiogram.filters import Command
from aiogram.types import BufferedInputFile, Message
from aiogram_i18n import I18nContext
from sqlalchemy.ext.asyncio import AsyncSession

from bot.access import Access
from bot.db.models import Role, TaxonomyKind
from bot.features.staffapp import service
from bot.features.staffapp.charts import render_png
from bot.geo import country_name
from bot.middlewares.roles import RequireRole, audited
from bot.taxonomy import label

log = logging.getLogger(__name__)


async def stats_command(
    message: Message, i18n: I18nContext, session: AsyncSession, access: Access
) -> None:
    numbers = await service.numbers(session, access)
    for row in numbers["questions_per_topic"]:
        row["label"] = label(i18n.get, TaxonomyKind.FAQ_TOPIC, row["topic"])
    locale = i18n.locale

    def country(code: str) -> str:
        return "🌍" if code in ("*", "—") else country_name(code, locale)

    # Plain text for the picture (Fluent escapes values for Telegram's HTML).
    def plain(key: str, **values: object) -> str:
        return str(i18n.core.get(key, locale, **values)).replace("&lt;", "<").replace("&amp;", "&")

    try:
        # matplotlib is CPU-bound: off the event loop, so other members are not kept waiting.
        png = await asyncio.to_thread(partial(render_png, numbers, plain, country))
    except Exception:  # a broken font cache or the like: say so, never a stack trace
        log.exception("stats: the charts could not be drawn")
        await message.answer(i18n.get("stats-failed"))
        return
    scope = numbers["scope"]
    where = i18n.get("stats-scope", countries=", ".join(country(c) for c in scope)) if scope else ""
    await message.answer_photo(
        BufferedInputFile(png, filename="stats.png"),
        caption=i18n.get("stats-title", scope=where),
    )


def create_router() -> Router:
    """A new router with this feature's handlers (one per Dispatcher)."""
    router = Router(name="staffapp")
    router.message.filter(F.chat.type == "private")
    router.message.middleware(RequireRole(Role.ORGANISER, area="staffapp"))
    router.message.register(
        stats_command, Command("stats"), flags=audited("staffapp.stats_command")
    )
    return router
