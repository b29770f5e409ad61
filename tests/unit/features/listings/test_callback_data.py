"""Every button of listings fits Telegram's 64 bytes at its longest, and filter tokens that
were forged or went stale are refused rather than trusted."""

from __future__ import annotations

import pytest

from bot.db.models import OfferKind
from bot.features.listings.aid.keyboards import SECTION as AID_SECTION
from bot.features.listings.aid.keyboards import AidListCb, AidPickCb, AidWizCb
from bot.features.listings.aid.service import AidFilter
from bot.features.listings.aid.states import STEP_CODES as AID_STEPS
from bot.features.listings.aid.states import AidWizard
from bot.features.listings.conversation.keyboards import RelayCb
from bot.features.listings.job.keyboards import SECTION as JOB_SECTION
from bot.features.listings.job.keyboards import JobListCb, JobPickCb, JobSubCb, JobWizCb
from bot.features.listings.job.service import JobFilter
from bot.features.listings.job.states import STEP_CODES as JOB_STEPS
from bot.features.listings.keyboards import ListingCb, card_button_data
from bot.features.listings.kinds import ListingKind
from bot.features.listings.posting import step_codes
from bot.features.safety.keyboards import SafetyCb

# A trillion listings; the longest curated city; a taxonomy slug as long as its column allows
# (admins may add terms).
BIG_ID = 999_999_999_999
LONG_SLUG = "x" * 32
LONGEST_JOB = JobFilter(country="ME", city="Herceg Novi", profession=LONG_SLUG)
LONGEST_AID = AidFilter(OfferKind.REQUEST, "ME", "Herceg Novi", LONG_SLUG)


def test_the_longest_callback_data_fits_64_bytes() -> None:
    job_token, aid_token = LONGEST_JOB.pack(), LONGEST_AID.pack()
    packed = [
        card_button_data(ListingKind.JOB, BIG_ID, f"{job_token}.999"),
        card_button_data(ListingKind.OFFER, BIG_ID, f"{aid_token}.999"),
        ListingCb(k="j", a="rp!", id=BIG_ID, v="offensive").pack(),
        JobListCb(f=job_token, pg=999).pack(),
        JobPickCb(what="place", f=job_token).pack(),
        JobSubCb(a="add", f=job_token, m="i").pack(),
        JobSubCb(a="del", id=BIG_ID).pack(),
        JobWizCb(step="pr", v=LONG_SLUG).pack(),
        AidListCb(f=aid_token, pg=999).pack(),
        AidPickCb(what="place", f=aid_token).pack(),
        AidWizCb(step="ca", v=LONG_SLUG).pack(),
        RelayCb(a="rp!", t=BIG_ID, v="abuse").pack(),
        SafetyCb(topic="guaranteed-docs").pack(),
    ]
    too_long = [data for data in packed if len(data.encode()) > 64]
    assert too_long == []
    # A card keeps its way back to the list whenever that fits.
    usual = JobFilter(country="GE", city="Tbilisi", profession="hospitality").pack()
    assert card_button_data(ListingKind.JOB, 123, f"{usual}.2").endswith(f"{usual}.2")
    assert card_button_data(ListingKind.JOB, BIG_ID, f"{job_token}.999") == f"ls:j:v:{BIG_ID}:"


def test_filters_round_trip_through_their_tokens() -> None:
    for job_filter in (
        JobFilter(),
        JobFilter(remote=True, profession="it"),
        JobFilter(country="GE", city="Tbilisi", profession="design"),
        JobFilter(country="RS"),
    ):
        assert JobFilter.parse(job_filter.pack()) == job_filter
    for aid_filter in (
        AidFilter(OfferKind.OFFER),
        AidFilter(OfferKind.REQUEST, "AM", "Yerevan", "housing"),
    ):
        assert AidFilter.parse(aid_filter.pack()) == aid_filter


def test_forged_tokens_are_refused() -> None:
    for token in ("", "GE", "ZZ...", "GE.atlantis.0.", "GE..2.", "GE..0.IT!", "a.b.c.d.e"):
        assert JobFilter.parse(token) is None, token
    for token in ("x.GE..", "r.ZZ..", "o.GE.atlantis.", "r.GE..Bad Slug"):
        assert AidFilter.parse(token) is None, token


def test_buttons_already_sent_keep_their_data() -> None:
    # Filter tokens, section buttons and wizard steps as members' old messages carry them.
    assert LONGEST_JOB.pack() == f"ME.herceg-novi.0.{LONG_SLUG}"
    assert JobFilter(remote=True, profession="it").pack() == "..1.it"
    assert JobFilter.parse("GE.tbilisi.0.it") == JobFilter("GE", "Tbilisi", profession="it")
    assert LONGEST_AID.pack() == f"r.ME.herceg-novi.{LONG_SLUG}"
    assert AidFilter.parse("o.AM..") == AidFilter(OfferKind.OFFER, "AM")
    assert JOB_SECTION.cb("subs").pack() == "jobs:subs"
    assert AID_SECTION.cb("need").pack() == "aid:need"
    assert JobWizCb(step="pr", v="it").pack() == "jw:pr:it"
    assert AidWizCb(step="ur", v="today").pack() == "aw:ur:today"
    assert list(JOB_STEPS) == ["ti", "co", "pl", "ci", "pr", "em", "la", "sa", "de", "ha", "pv"]
    assert list(AID_STEPS) == ["ca", "ti", "de", "pl", "ci", "ur", "pv"]


def test_step_codes_name_every_step_once() -> None:
    with pytest.raises(ValueError, match="3 codes for 7"):
        step_codes(AidWizard, "ca ti de")
