"""Texts of mutual aid: the card, list lines, the filter, the moderator's card, notices."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from bot.db.models import Offer, OfferKind
from bot.features.listings.aid.service import AidFilter
from bot.features.listings.render import (
    Texts,
    card_footer,
    category_label,
    filter_place_text,
    place_text,
    short_title,
)
from bot.i18n import Markup


def offer_card(t: Texts, offer: Offer, zone: ZoneInfo, *, for_author: bool) -> str:
    key = "aid-card-request" if offer.kind == OfferKind.REQUEST else "aid-card-offer"
    parts = [
        t.get(
            key,
            title=offer.title,
            category=category_label(t, offer.category),
            place=place_text(t, offer.country, offer.city),
            urgency=t.get(f"aid-urgency-{offer.urgency}") if offer.urgency else "—",
            description=offer.description,
        )
    ]
    parts += card_footer(t, offer, zone, for_author=for_author)
    return "\n\n".join(parts)


def offer_line(t: Texts, offer: Offer) -> str:
    """One button label (plain text): urgency mark, title, place."""
    urgent = "🔥 " if offer.urgency == "today" else ""
    warn = "⚠️ " if offer.scam_flags else ""
    return f"{warn}{urgent}{short_title(offer, 40)} · {place_text(t, offer.country, offer.city)}"


def filter_text(t: Texts, aid_filter: AidFilter) -> str:
    """The filter in words, as plain text ("jobs-filter"-like message without markup)."""
    place = filter_place_text(t, aid_filter.country, aid_filter.city)
    category = (
        category_label(t, aid_filter.category) if aid_filter.category else t.get("aid-any-category")
    )
    return t.get(f"aid-filter-{aid_filter.kind}", place=Markup(place), category=Markup(category))


def moderator_card(t: Texts, offer: Offer, zone: ZoneInfo) -> str:
    header = t.get("aid-moderator-header", id=str(offer.id))
    return f"{header}\n\n{offer_card(t, offer, zone, for_author=True)}"


def notice_text(t: Texts, offer: Offer) -> str:
    key = "aid-notice-request" if offer.kind == OfferKind.REQUEST else "aid-notice-offer"
    return t.get(
        key,
        title=offer.title,
        category=category_label(t, offer.category),
        place=place_text(t, offer.country, offer.city),
    )
