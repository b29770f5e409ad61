"""How an answer looks: the card a member reads, in chat and in inline mode.

Everything from the database is escaped here (answers are moderators' plain text, never HTML);
source links are built from URLs that validation already restricted to http(s) without quotes
or angle brackets, and are escaped as attributes anyway.
"""

from __future__ import annotations

import html
import re
from datetime import date
from typing import Final
from urllib.parse import urlsplit

from aiogram_i18n import I18nContext
from babel.dates import format_date

from bot.db.models import GLOBAL_ENTRY, TaxonomyKind, Volatility
from bot.features.faq.service import Card
from bot.geo import country_name
from bot.i18n import Markup, escape
from bot.taxonomy import label

#: Buttons show at most this much of a question.
BUTTON_TEXT_MAX: Final = 56
#: Inline results describe an answer with its first characters.
DESCRIPTION_MAX: Final = 120
# Telegram's limit on a message; a card stays under it whatever moderators wrote.
_MESSAGE_MAX: Final = 4096
_REGIONAL_A: Final = 0x1F1E6
_TAG_RE: Final = re.compile(r"<[^>]+>")


def flag(country: str) -> str:
    """🇬🇪 for ``GE``; 🌍 for global entries."""
    if country == GLOBAL_ENTRY or len(country) != 2 or not country.isalpha():
        return "🌍"
    return "".join(chr(_REGIONAL_A + ord(ch) - ord("A")) for ch in country.upper())


def place_label(i18n: I18nContext, country: str) -> str:
    """``🇬🇪 Georgia`` (in the reader's language); ``🌍 Every country`` for global entries."""
    if country == GLOBAL_ENTRY:
        return f"🌍 {i18n.get('faq-everywhere')}"
    return f"{flag(country)} {country_name(country, i18n.locale)}"


def topic_label(i18n: I18nContext, topic: str) -> str:
    return label(i18n.get, TaxonomyKind.FAQ_TOPIC, topic)


def day(value: date, locale: str) -> str:
    """A date as people write it in ``locale`` (Babel): ``1 ноября 2026 г.``, ``November 1,
    2026``."""
    return format_date(value, format="long", locale=locale)


def short(text: str, limit: int = BUTTON_TEXT_MAX) -> str:
    """One line of at most ``limit`` characters, cut at a word with an ellipsis."""
    line = " ".join(text.split())
    if len(line) <= limit:
        return line
    cut = line[: limit - 1].rsplit(" ", 1)[0] or line[: limit - 1]
    return cut.rstrip(" ,.;:—-") + "…"


def source_links(urls: tuple[str, ...]) -> Markup:
    """``<a href="…">tbcbank.ge</a> · …`` — the host names as link texts."""
    links = []
    for url in urls:
        host = (urlsplit(url).hostname or url).removeprefix("www.")
        links.append(f'<a href="{html.escape(url, quote=True)}">{escape(host)}</a>')
    return Markup(" · ".join(links))


def card_text(
    i18n: I18nContext,
    card: Card,
    *,
    today: date,
    note: str | None = None,
    ask: bool = True,
    footer: str | None = None,
) -> str:
    """The answer card: question, place and topic, answer, sources, when it was verified,
    warnings (review date passed, facts that change often, never verified), the "not legal
    advice" line and, in chat, "did this help?"."""
    head = [f"<b>{escape(card.question)}</b>"]
    head.append(f"{place_label(i18n, card.country)} · {escape(topic_label(i18n, card.topic))}")
    if note:
        head.append(note)
    tail: list[str] = []
    if card.sources:
        tail.append(i18n.get("faq-card-sources", links=source_links(card.sources)))
    if card.verified_at is not None:
        tail.append(i18n.get("faq-card-verified", date=day(card.verified_at, i18n.locale)))
    else:
        tail.append(i18n.get("faq-card-unverified"))
    if card.overdue(today):
        assert card.review_by is not None
        tail.append(i18n.get("faq-card-overdue", date=day(card.review_by, i18n.locale)))
    if card.volatility == Volatility.HIGH:
        tail.append(i18n.get("faq-card-volatile"))
    tail.append(i18n.get("faq-card-disclaimer"))
    if ask:
        tail.append(i18n.get("faq-card-helpful"))
    if footer:
        tail.append(footer)
    fixed = "\n".join(head) + "\n\n" + "\n\n" + "\n".join(tail)
    room = _MESSAGE_MAX - len(_visible(fixed)) - 1
    answer = card.answer if len(card.answer) <= room else short(card.answer, room)
    return "\n".join(head) + "\n\n" + escape(answer) + "\n\n" + "\n".join(tail)


def _visible(text: str) -> str:
    """Roughly what Telegram counts: the text without tags and with entities decoded."""
    return html.unescape(_TAG_RE.sub("", text))


def description(card: Card) -> str:
    """The inline result's second line: the start of the answer (plain text, no HTML)."""
    return short(card.answer, DESCRIPTION_MAX)
