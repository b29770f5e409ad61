"""Texts of broadcasts for organisers and moderators: the segment, the progress, a card.

Values from members (the announcement's text) are escaped by the catalog core; labels come
from the catalogs and Babel/CLDR (country names).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import timedelta

from babel.dates import format_timedelta

from bot.db.models import Broadcast, BroadcastStatus, TaxonomyKind
from bot.features.broadcast.segment import Segment
from bot.features.broadcast.service import FEWEST_SHOWN, UNSUBSCRIBE_REASONS, Progress
from bot.geo import country_name, find_city
from bot.i18n import Markup
from bot.taxonomy import label

Translate = Callable[..., str]

STATUS_MARKS = {
    BroadcastStatus.DRAFT: "📝",
    BroadcastStatus.PENDING: "⏳",
    BroadcastStatus.APPROVED: "🟢",
    BroadcastStatus.SENDING: "📤",
    BroadcastStatus.PAUSED: "⏸",
    BroadcastStatus.CANCELLED: "🚫",
    BroadcastStatus.REJECTED: "❌",
    BroadcastStatus.DONE: "✅",
}


def city_label(country_codes: tuple[str, ...], name: str, locale: str) -> str:
    for code in country_codes or ():
        city = find_city(code, name)
        if city is not None:
            return city.name(locale)
    return name


def segment_text(t: Translate, locale: str, segment: Segment, event_title: str | None) -> str:
    """One line per chosen dimension (safe HTML)."""
    lines: list[str] = []
    if segment.countries:
        names = ", ".join(country_name(code, locale) for code in segment.countries)
        lines.append(t("bc-seg-countries", values=names))
    if segment.cities:
        names = ", ".join(city_label(segment.countries, c, locale) for c in segment.cities)
        lines.append(t("bc-seg-cities", values=names))
    if segment.professions:
        names = ", ".join(label(t, TaxonomyKind.PROFESSION, s) for s in segment.professions)
        lines.append(t("bc-seg-professions", values=names))
    if segment.interests:
        names = ", ".join(label(t, TaxonomyKind.INTEREST, s) for s in segment.interests)
        lines.append(t("bc-seg-interests", values=names))
    if segment.languages:
        names = ", ".join(t(f"bc-lang-{code}") for code in segment.languages)
        lines.append(t("bc-seg-languages", values=names))
    if event_title is not None:
        lines.append(t("bc-seg-event", title=event_title))
    if not lines:
        lines.append(t("bc-seg-everyone"))
    return "\n".join(lines)


def count_text(t: Translate, count: int, *, exact: bool) -> str:
    """A number of recipients as shown: exact, or "fewer than 5" (see ``FEWEST_SHOWN``)."""
    if exact:
        return t("bc-count", count=count)
    return t("bc-count-few", limit=FEWEST_SHOWN)


def eta_text(eta: timedelta | None, locale: str) -> str:
    if eta is None:
        return "—"
    return format_timedelta(max(eta, timedelta(seconds=1)), locale=locale, threshold=1.1)


def reasons_text(t: Translate, counts: Mapping[str, int]) -> str:
    """Why members turned announcements off, over every broadcast (counts tied to nobody);
    empty when nobody said."""
    said = [(reason, counts[reason]) for reason in UNSUBSCRIBE_REASONS if counts.get(reason)]
    if not said:
        return ""
    reasons = ", ".join(f"{t(f'bc-reason-{reason}')}: {count}" for reason, count in said)
    return t("bc-unsubscribe-reasons", reasons=reasons)


def progress_text(
    t: Translate, locale: str, broadcast: Broadcast, progress: Progress, segment_lines: str
) -> str:
    status = BroadcastStatus(broadcast.status)
    return t(
        "bc-progress",
        mark=STATUS_MARKS[status],
        status=t(f"bc-status-{status}"),
        segment=Markup(segment_lines),
        total=progress.total,
        sent=progress.sent,
        failed=progress.failed,
        pending=progress.pending,
        deferred=progress.deferred,
        eta=eta_text(progress.eta, locale),
    )
