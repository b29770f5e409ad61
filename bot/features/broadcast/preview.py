"""What a moderator sees of a broadcast before deciding: every link's real domain (a warning
on look-alikes and on links whose text names another domain), then the message exactly as
recipients will get it — the same text, entities, media and buttons, sent by the same
:func:`~bot.features.broadcast.delivery.send_copy`."""

from __future__ import annotations

from collections.abc import Callable

from aiogram import Bot
from aiogram.types import MessageEntity
from sqlalchemy.ext.asyncio import AsyncSession

from bot.cleaning import LinkCheck, links_of
from bot.db.models import Broadcast
from bot.features.broadcast.delivery import send_copy
from bot.features.broadcast.header import headed, header_of
from bot.features.broadcast.keyboards import recipient_keyboard
from bot.features.broadcast.service import Content

Translate = Callable[..., str]


def link_checks(content: Content) -> list[LinkCheck]:
    extra = (content.button_url,) if content.button_url else ()
    return links_of(content.text, [dict(e) for e in content.entities], extra)


def links_text(t: Translate, checks: list[LinkCheck]) -> str:
    """The list of every link's real domain, look-alikes marked (safe HTML)."""
    if not checks:
        return t("bc-review-no-links")
    lines = [t("bc-review-links", count=len(checks))]
    for check in checks:
        if check.shown_as is not None:
            lines.append(t("bc-review-link-disguised", domain=check.domain, shown=check.shown_as))
        elif check.lookalike:
            lines.append(t("bc-review-link-lookalike", domain=check.domain))
        else:
            lines.append(t("bc-review-link", domain=check.domain))
    return "\n".join(lines)


async def send_review_preview(
    bot: Bot,
    session: AsyncSession,
    target_id: str,
    chat_id: int,
    t: Translate,
    locale: str,
) -> bool:
    """Send the moderator the links list, then the exact copy — the header included, in the
    moderator's language. ``False``: no such broadcast."""
    if not target_id.isdigit() or len(target_id) > 18:
        return False
    broadcast = await session.get(Broadcast, int(target_id))
    if broadcast is None:
        return False
    content = Content.of(broadcast)
    await bot.send_message(chat_id, links_text(t, link_checks(content)))
    header = await header_of(session, broadcast)
    copy = headed(content, header.text(t, locale))
    entities = [MessageEntity.model_validate(e) for e in copy.entities] or None
    markup = recipient_keyboard(t, content.button_text, content.button_url, broadcast.id)
    await send_copy(bot, chat_id, copy, entities, markup)
    return True
