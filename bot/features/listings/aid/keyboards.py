"""Buttons of mutual aid and their callback data (ids, codes and a compact filter token)."""

from __future__ import annotations

from aiogram.types import InlineKeyboardButton

from bot.db.models import OfferKind, TaxonomyKind
from bot.features.listings.aid.render import filter_text, offer_line
from bot.features.listings.aid.service import AidFilter, browse
from bot.features.listings.board import Board, BoardListCb, BoardPickCb, Topic
from bot.features.listings.kinds import ListingKind
from bot.features.listings.posting import StepCb
from bot.features.listings.render import Texts
from bot.features.listings.section import Section, SectionCb


class AidCb(SectionCb, prefix="aid"):
    """A button of mutual aid's home (``SECTION.buttons``)."""


class AidWizCb(StepCb, prefix="aw"):
    """A button of the aid posting wizard (steps: ``states.STEP_CODES``)."""


class AidListCb(BoardListCb, prefix="al"):
    """A page of the list for the filter token ``f`` (``AidFilter.pack``)."""


class AidPickCb(BoardPickCb, prefix="ap"):
    """Open a filter picker: ``what`` is place, city or cat."""


SECTION = Section(
    AidCb,
    {
        "need": "aid-need",  # post a request
        "give": "aid-give",  # post an offer
        "requests": "aid-browse-requests",
        "offers": "aid-browse-offers",
        "mine": "aid-mine",
    },
    safety="aid",
)
"""Mutual aid's home: ask for help or offer it, browse requests or offers, mine."""


def _next_steps(t: Texts, listing_filter: AidFilter) -> list[list[InlineKeyboardButton]]:
    """An empty list of requests or offers: ask for help or offer it — the one that answers
    what was looked for first (no offers yet: ask, and those who can help are told)."""
    need, give = SECTION.button(t, "need"), SECTION.button(t, "give")
    return [[need, give] if listing_filter.kind == OfferKind.OFFER else [give, need]]


BOARD: Board[AidFilter] = Board(
    ListingKind.OFFER,
    "aid",
    SECTION,
    AidListCb,
    AidPickCb,
    parse=AidFilter.parse,
    browse=browse,
    describe=filter_text,
    line=offer_line,
    topic=Topic("cat", "category", TaxonomyKind.OFFER_CATEGORY),
    next_steps=_next_steps,
    mine_mark=lambda offer: "🙋 " if offer.kind == OfferKind.REQUEST else "🤲 ",
)
"""Requests' and offers' lists and their pickers (``bot.features.listings.board``)."""
