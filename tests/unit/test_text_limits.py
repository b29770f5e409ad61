"""Each limit a member is told is one the rendered message really fits (issue 13, finding 7):
the longest text a member may type, made only of characters that grow when escaped, renders
in every language without a Fluent error and within Telegram's 4096 characters."""

from __future__ import annotations

import html
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from bot.db.models import Job, ListingStatus, Offer, OfferKind, RelayThread, Urgency
from bot.features.listings.aid import service as offers
from bot.features.listings.aid.render import offer_card
from bot.features.listings.conversation import render as relay_render
from bot.features.listings.conversation import service as relay
from bot.features.listings.job import service as jobs
from bot.features.listings.job.render import job_card
from bot.features.listings.render import Texts
from bot.i18n import TELEGRAM_TEXT_LIMIT, offline_core, visible_length

LOCALES = ("ru", "en")
ZONE = ZoneInfo("Asia/Tbilisi")
EVERY_FLAG = ["deposit", "card-rental", "card-details", "exchange", "guaranteed-docs"]


def hostile(length: int) -> str:
    """``length`` characters that escape to five times as many."""
    return ("&<>" * length)[:length]


def texts(locale: str) -> Texts:
    return Texts(lambda key, **values: offline_core().get(key, locale, **values), locale)


def longest_job() -> Job:
    now = datetime.now(UTC)
    return Job(
        id=10**12,
        author_id=1,
        title=hostile(jobs.TITLE[1]),
        company=hostile(jobs.COMPANY[1]),
        country="GE",
        city="Tbilisi",
        remote=False,
        employment="full",
        languages=["ru", "en", "uk", "local"],
        salary=hostile(jobs.SALARY[1]),
        description=hostile(jobs.DESCRIPTION[1]),
        how_to_apply=hostile(jobs.HOW_TO_APPLY[1]),
        status=ListingStatus.PUBLISHED,
        scam_flags=EVERY_FLAG,
        published_at=now,
        expires_at=now,
    )


@pytest.mark.parametrize("locale", LOCALES)
def test_the_longest_job_and_offer_fit_one_message(locale: str) -> None:
    t = texts(locale)
    card = job_card(t, longest_job(), ["it", "design", "media"], ZONE, for_author=True)
    assert html.escape(hostile(jobs.DESCRIPTION[1]), quote=False) in card
    assert visible_length(card) <= TELEGRAM_TEXT_LIMIT
    offer = Offer(
        id=10**12,
        author_id=1,
        kind=OfferKind.REQUEST,
        category="housing",
        urgency=Urgency.TODAY,
        title=hostile(offers.TITLE[1]),
        description=hostile(offers.DESCRIPTION[1]),
        country="GE",
        city="Tbilisi",
        status=ListingStatus.PUBLISHED,
        scam_flags=EVERY_FLAG,
    )
    card = offer_card(t, offer, ZONE, for_author=True)
    assert visible_length(card) <= TELEGRAM_TEXT_LIMIT


@pytest.mark.parametrize("locale", LOCALES)
@pytest.mark.parametrize("to_author", [True, False])
def test_the_longest_relay_message_fits_one_message(locale: str, to_author: bool) -> None:
    thread = RelayThread(id=10**12, job_id=1, author_ref=1, responder_ref=2)
    side = relay.Side(thread, is_author=to_author)
    text = hostile(relay.MAX_TEXT)
    rendered = relay_render.incoming(texts(locale), side, longest_job(), text, EVERY_FLAG)
    assert html.escape(text, quote=False) in rendered
    assert visible_length(rendered) <= TELEGRAM_TEXT_LIMIT


def test_visible_length_counts_what_telegram_shows() -> None:
    assert visible_length("<b>&lt;3</b> &amp; ok") == len("<3 & ok")
