"""Issue 12, attack 7: a moderator scoped to Armenia opened a pending Georgian event (by its
id) and saw its venue. Every moderator view of a pending item now checks the item's country
against the moderator's scope; the refusal is audited."""

from __future__ import annotations

from bot.access import load_member
from bot.db.models import AuditOutcome
from bot.features.events import service as events
from tests.integration.features.events.stories import draft, make_organiser
from tests.support.directory import audit_entries, staff
from tests.support.story import Harness

DAVID, ARMEN, NINO = 12701, 12702, 12703
VENUE = "Cafe Linville, Rustaveli 1"


async def _pending_georgian_event(harness: Harness) -> int:
    await make_organiser(harness, DAVID, "GE")
    async with harness.services.sessions() as session, session.begin():
        _, access = await load_member(session, DAVID, harness.services.settings.admin_ids)
        event = await events.create_event(session, access, draft(title="Quiet meeting"))
        return event.id


async def test_a_moderator_of_another_country_cannot_open_a_pending_event(
    harness: Harness,
) -> None:
    event_id = await _pending_georgian_event(harness)
    armen = await staff(harness, ARMEN, "moderator", "AM")
    await armen.send("/start am-yerevan")
    await armen.press_data(f"ev:open:{event_id}:")
    assert VENUE not in "".join(sent.text for sent in armen.transcript())
    assert "Quiet meeting" not in "".join(sent.text for sent in armen.transcript())
    await armen.press_data(f"ev:ics:{event_id}:")
    assert all(doc[0] != ARMEN for doc in harness.telegram.documents)
    denied = await audit_entries(harness, "event.view")  # the card, then the calendar file
    assert len(denied) == 2
    assert all(e.outcome == AuditOutcome.DENIED and e.actor_id == ARMEN for e in denied)

    nino = await staff(harness, NINO, "moderator", "GE")  # the event's own country: may look
    await nino.send("/start ge-tbilisi")
    await nino.press_data(f"ev:open:{event_id}:")
    assert VENUE in nino.last.text
