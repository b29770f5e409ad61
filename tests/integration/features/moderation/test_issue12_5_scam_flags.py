"""Issue 12, attack 5: an honest offer ("помогу не попасться на залог до просмотра") was
flagged; after approval members still saw the warning; the moderator saw a raw
``scam:deposit`` and could not clear it."""

from __future__ import annotations

from bot.db.models import AuditOutcome, Offer, ReviewKind
from tests.support.directory import audit_entries, staff
from tests.support.listings import latest, newcomer, post_aid, queued_item
from tests.support.story import Harness

OLGA, IVAN, NINO, ARMEN = 12501, 12502, 12503, 12504


async def test_advice_is_not_flagged(harness: Harness) -> None:
    olga = await newcomer(harness, OLGA)
    await post_aid(
        olga,
        kind="offer",
        title="Проверю квартиру за вас",
        description="Помогу не попасться на залог до просмотра: схожу на показ вместе с вами.",
    )
    offer = await latest(harness, Offer)
    assert offer.scam_flags == []


async def test_a_moderator_reads_the_reason_clears_a_false_flag_and_members_never_see_it(
    harness: Harness,
) -> None:
    olga = await newcomer(harness, OLGA)
    await post_aid(
        olga,
        kind="offer",
        title="A room near the metro",
        description="Pay the deposit to book the room; I show it on Sunday, pay only then.",
    )
    offer = await latest(harness, Offer)
    assert offer.scam_flags == ["deposit"]  # the checker cannot tell: the moderator can

    armen = await staff(harness, ARMEN, "moderator", "AM")
    nino = await staff(harness, NINO, "moderator", "GE")
    await nino.send("/mod")
    await nino.press("Review, oldest first")
    card = nino.last.text
    assert "possible scam: a deposit before viewing" in card and "scam:deposit" not in card

    clear_data = next(
        data for label, data in nino.last.buttons() if "Not a scam: a deposit" in label
    )
    await armen.send("/mod")
    await armen.press_data(clear_data)  # another country's moderator, a forged button
    assert (await latest(harness, Offer)).scam_flags == ["deposit"]

    await nino.press("Not a scam: a deposit before viewing")
    assert "Warning cleared" in nino.last.text
    assert (await latest(harness, Offer)).scam_flags == []
    item = await queued_item(harness, ReviewKind.OFFER, offer.id)
    assert item is not None and item.flags == []
    entries = await audit_entries(harness, "review.clear_flag")
    assert [(e.actor_id, e.outcome) for e in entries] == [
        (ARMEN, AuditOutcome.DENIED),
        (NINO, AuditOutcome.OK),
    ]
    await nino.press("Approve")

    ivan = await newcomer(harness, IVAN)
    await ivan.press_data(f"ls:o:v:{offer.id}:")
    assert "A room near the metro" in ivan.last.text
    assert "Be careful" not in ivan.last.text
    assert not any("Tips:" in label for label, _ in ivan.last.buttons())
