"""A listing that matches a scam pattern is flagged to moderators with the reason, members see
a warning on its card, and every category has a safety-tips page in both languages."""

from __future__ import annotations

import pytest

from bot.db.models import Offer, ReviewKind
from bot.features.listings.aid.review import OfferReviewHandler
from bot.features.safety.keyboards import TOPICS
from tests.integration.features.listings.test_jobs import published_job
from tests.support.listings import decide, latest, newcomer, post_aid, queued_item
from tests.support.story import Harness


async def test_a_rent_deposit_scheme_is_flagged_and_members_are_warned(harness: Harness) -> None:
    olga = await newcomer(harness, 7001)
    await post_aid(
        olga,
        kind="offer",
        title="A cosy flat for newcomers",
        description="Pay the deposit before viewing, I am abroad. Send it to my card today.",
    )
    offer = await latest(harness, Offer)
    assert offer.scam_flags == ["deposit"]
    item = await queued_item(harness, ReviewKind.OFFER, offer.id)
    assert item is not None and item.flags == ["scam:deposit"]
    async with harness.services.sessions() as session:
        card = await OfferReviewHandler().describe(session, str(offer.id), "en")
    assert card is not None and "a deposit before viewing" in card

    await decide(harness, ReviewKind.OFFER, offer.id)  # approved, but the warning stays
    ivan = await newcomer(harness, 7002)
    await ivan.send("/aid")
    await ivan.press("Who offers help")
    assert any(label.startswith("⚠️") for label, _ in ivan.last.buttons())
    await ivan.press("A cosy flat")
    assert "Be careful" in ivan.last.text and "a deposit before viewing" in ivan.last.text
    await ivan.press("Tips: a deposit before viewing")
    assert "Rent deposits" in ivan.last.text
    assert "before you have seen the flat" in ivan.last.text


async def test_a_clean_job_carries_no_warning(harness: Harness) -> None:
    await newcomer(harness, 7010)
    job = await published_job(harness, 7010)
    assert job.scam_flags == []
    ivan = await newcomer(harness, 7011)
    await ivan.press_data(f"ls:j:v:{job.id}:")
    assert "Be careful" not in ivan.last.text
    assert not any("Tips:" in label for label, _ in ivan.last.buttons())


async def test_card_rental_in_a_job_is_flagged(harness: Harness) -> None:
    await newcomer(harness, 7020)
    job = await published_job(
        harness,
        7020,
        title="Easy remote income",
        description="Processing payments through your card, 10% for you. No experience needed.",
    )
    assert job.scam_flags == ["card-rental"]


@pytest.mark.parametrize("language", ["ru", "en"])
async def test_every_safety_page_opens_in_both_languages(harness: Harness, language: str) -> None:
    person = await newcomer(harness, 7030, language=language)
    await person.send("/safety")
    index = person.last
    assert len([label for label, data in index.buttons() if data.startswith("sf:")]) == len(TOPICS)
    for topic in TOPICS:
        await person.press_data(f"sf:{topic}", on=index)
        page = person.last.text
        assert page.startswith(harness.services.text(language, f"safety-topic-{topic}")), topic
        assert page.count("•") >= 3, topic
    await person.press_data("sf:nonsense")
    assert person.last_answer() == harness.services.text(language, "stale-button")
