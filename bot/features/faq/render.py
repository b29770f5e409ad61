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

from bot.db.models import GLOBAL_ENTRY, TaxonomyKind
from bot.features.faq.service import Card
from bot.features.faq.sources import format_source_date, source_date
from bot.features.faq.topics import is_legal
from bot.features.faq.validation import Practical
from bot.geo import country_name
from bot.i18n import Markup, escape
from bot.taxonomy import label

#: Buttons show at most this much of a question.
BUTTON_TEXT_MAX: Final = 56
#: Inline results describe an answer with its first characters.
DESCRIPTION_MAX: Final = 120
# Telegram's limit on a message; a card stays under it whatever moderators wrote.
_MESSAGE_MAX: Final = 4096
#: A card lists this many sources (an answer built from many, such as the crisis lines of
#: every country, says how many more there are).
SOURCES_SHOWN: Final = 6
#: What a phone shows on its first screen, roughly: longer cards open compact with "more".
FIRST_SCREEN: Final = 900
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


def source_links(urls: tuple[str, ...], locale: str) -> Markup:
    """``<a href="…">tbcbank.ge</a> (Mar 2025) · …`` — host names as link texts, each with the
    date the source gives for itself when the fact base knows it."""
    links = []
    for url in urls[:SOURCES_SHOWN]:
        host = (urlsplit(url).hostname or url).removeprefix("www.")
        link = f'<a href="{html.escape(url, quote=True)}">{escape(host)}</a>'
        raw = source_date(url)
        when = format_source_date(raw, locale) if raw else None
        if when:
            link += f" ({escape(when)})"
        links.append(link)
    if len(urls) > SOURCES_SHOWN:
        links.append(f"+{len(urls) - SOURCES_SHOWN}")
    return Markup(" · ".join(links))


def _practical(i18n: I18nContext, practical: Practical, *, full: bool) -> list[str]:
    """The practical lines: where, cost and timeline always; steps, documents and caveats in
    the full view. Labels come from the catalogs; the values are joined here, escaped (Fluent
    refuses long interpolated values, and a list of crisis lines by country is long)."""
    lines = []
    for key in ("where", "cost", "timeline"):
        value = getattr(practical, key)
        if value:
            lines.append(f"{i18n.get(f'faq-card-{key}')} {escape(value)}")
    if not full:
        return lines
    if practical.steps:
        steps = (f"{n}. {escape(step)}" for n, step in enumerate(practical.steps, 1))
        lines.append("\n".join([i18n.get("faq-card-steps"), *steps]))
    if practical.documents:
        lines.append(f"{i18n.get('faq-card-documents')} {escape('; '.join(practical.documents))}")
    if practical.caveats:
        caveats = (f"• {escape(caveat)}" for caveat in practical.caveats)
        lines.append("\n".join([i18n.get("faq-card-caveats"), *caveats]))
    return lines


def _body(i18n: I18nContext, card: Card, *, full: bool) -> str:
    parts = [escape(card.answer)]
    lines = _practical(i18n, card.practical, full=full)
    if lines:
        parts.append("\n".join(lines))
    return "\n\n".join(parts)


def has_more(i18n: I18nContext, card: Card) -> bool:
    """Whether the card opens compact, with a "more" button for the steps, documents and
    caveats: only when the full text would not fit a phone's first screen."""
    full = _body(i18n, card, full=True)
    return full != _body(i18n, card, full=False) and len(_visible(full)) > FIRST_SCREEN


def card_text(
    i18n: I18nContext,
    card: Card,
    *,
    today: date,
    note: str | None = None,
    ask: bool = True,
    footer: str | None = None,
    full: bool = False,
) -> str:
    """The answer card: question, place and topic, the short answer and the practical lines,
    then sources (with their dates), when it was checked against them, a moderator's
    confirmation (only when one was given), one calm line when the review date has passed,
    "not legal advice" on legal topics and, in chat, "did this help?".

    Long cards open compact (see :func:`has_more`) unless ``full``."""
    head = [f"<b>{escape(card.question)}</b>"]
    head.append(f"{place_label(i18n, card.country)} · {escape(topic_label(i18n, card.topic))}")
    if note:
        head.append(note)
    tail: list[str] = []
    if card.sources:
        # Joined here, not interpolated: six long URLs exceed what Fluent takes in a value.
        tail.append(f"{i18n.get('faq-card-sources')} {source_links(card.sources, i18n.locale)}")
    if card.checked_on is not None:
        tail.append(i18n.get("faq-card-checked", date=day(card.checked_on, i18n.locale)))
    if card.confirmed:
        assert card.verified_at is not None
        tail.append(i18n.get("faq-card-confirmed", date=day(card.verified_at, i18n.locale)))
    if card.overdue(today):
        assert card.review_by is not None
        tail.append(i18n.get("faq-card-overdue", date=day(card.review_by, i18n.locale)))
    if is_legal(card.topic):
        tail.append(i18n.get("faq-card-disclaimer"))
    if ask:
        tail.append(i18n.get("faq-card-helpful"))
    if footer:
        tail.append(footer)
    body = _body(i18n, card, full=full or not has_more(i18n, card))
    fixed = "\n".join(head) + "\n\n" + "\n\n" + "\n".join(tail)
    room = _MESSAGE_MAX - len(_visible(fixed)) - 1
    if len(_visible(body)) > room:
        # Moderators may write long texts: the answer alone, cut, still fits Telegram's limit.
        body = escape(short(card.answer, max(room, 1)))
    return "\n".join(head) + "\n\n" + body + "\n\n" + "\n".join(tail)


def _visible(text: str) -> str:
    """Roughly what Telegram counts: the text without tags and with entities decoded."""
    return html.unescape(_TAG_RE.sub("", text))


def description(card: Card) -> str:
    """The inline result's second line: the start of the answer (plain text, no HTML)."""
    return short(card.answer, DESCRIPTION_MAX)
