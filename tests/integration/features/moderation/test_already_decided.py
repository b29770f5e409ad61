"""A moderator who taps a decision twice (a double tap, a second device) hears that she has
already decided; only a different moderator hears that another moderator decided."""

from __future__ import annotations

from bot.db.models import ReviewStatus
from bot.i18n import translator
from tests.support.directory import onboarded, propose, review_items, staff
from tests.support.story import Harness

ANNA, NINO, GIORGI = 2301, 2302, 2303


async def test_a_double_tap_is_her_own_decision_and_a_colleague_hears_of_another(
    harness: Harness,
) -> None:
    anna = await onboarded(harness, ANNA)
    await propose(anna, link="https://t.me/tbilisi_cooks", title="Тбилиси: повара")
    nino = await staff(harness, NINO, "moderator", "GE", language="ru")
    giorgi = await staff(harness, GIORGI, "moderator", "GE", language="en")

    await nino.send("/mod")
    await nino.press("Проверять, старые первыми")
    card = nino.last
    approve = next(data for label, data in card.buttons() if "Одобрить" in label)
    await nino.press_data(approve, card)
    [item] = await review_items(harness)
    assert (item.status, item.decided_by) == (ReviewStatus.APPROVED, NINO)

    # Her second tap on the same card: her own decision, not "another moderator's".
    await nino.press_data(approve, card)
    assert nino.last_answer() == translator("ru")("mod-already-decided-by-you")

    # A colleague's tap on the same button (his own stale copy of the card): another decided.
    await giorgi.press_data(approve, card)
    assert giorgi.last_answer() == translator("en")("mod-already-decided")
    [after] = await review_items(harness)
    assert (after.status, after.decided_by) == (ReviewStatus.APPROVED, NINO)
