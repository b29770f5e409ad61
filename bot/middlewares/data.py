"""What the middlewares put into handler data, typed (no string-keyed guesswork)."""

from __future__ import annotations

from typing import TYPE_CHECKING, TypedDict

if TYPE_CHECKING:
    from aiogram_i18n import I18nContext
    from sqlalchemy.ext.asyncio import AsyncSession

    from bot.access import Access
    from bot.config import Settings
    from bot.db.models import Member
    from bot.features.faq.service import FaqLibrary
    from bot.services import Services


class PrichalData(TypedDict, total=False):
    """Keys every handler may ask for by name (aiogram injects them by parameter name)."""

    settings: Settings
    services: Services
    session: AsyncSession
    member: Member | None
    access: Access
    i18n: I18nContext
    faq_library: FaqLibrary  # the knowledge base routers' search index (bot.features.faq)
