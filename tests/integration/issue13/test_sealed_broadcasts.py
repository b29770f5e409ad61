"""An announcement to a sensitive interest reaches exactly those members (matched by their
pseudonyms, chunk by chunk), and once it is done its recipient list is forgotten: only the
counts stay, so the database never says who has that interest or went to that event."""

from __future__ import annotations

import pytest

from bot.features.broadcast import delivery
from bot.features.broadcast.segment import Segment
from tests.conftest import HarnessFactory
from tests.integration.features.broadcast.stories import (
    ADMIN,
    broadcast,
    broadcast_by,
    deliveries,
    received,
    residents,
    run_until_idle,
)

PEOPLE = range(3_301, 3_341)  # 40 members; every third has the interest, every fifth "jobs"


async def test_a_sealed_announcement_reaches_its_members_and_forgets_them(
    make_harness: HarnessFactory, database_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    harness = await make_harness(database_url, admin_ids=str(ADMIN))
    await residents(
        harness,
        {"id": ADMIN, "country": "GE", "opt_in": False},
        *(
            {
                "id": member,
                "country": "GE",
                "interests": [
                    *(["psychology"] if member % 3 == 0 else []),
                    *(["jobs"] if member % 5 == 0 else []),
                ],
            }
            for member in PEOPLE
        ),
    )
    meant = {member for member in PEOPLE if member % 3 == 0 or member % 5 == 0}
    monkeypatch.setattr(delivery, "CHUNK", 7)  # several chunks of candidates
    broadcast_id = await broadcast_by(
        harness, ADMIN, Segment(interests=("jobs", "psychology")), send_now=True
    )
    assert (await broadcast(harness, broadcast_id)).total_count == 0
    await run_until_idle(harness)

    got = {member for member in PEOPLE if received(harness, member)}
    assert got == meant
    done = await broadcast(harness, broadcast_id)
    assert (str(done.status), done.total_count, done.sent_count) == ("done", len(meant), len(meant))
    assert await deliveries(harness, broadcast_id) == {}  # who got it: forgotten

    # An ordinary announcement keeps its rows (the member's /my_data lists what they got).
    ordinary = await broadcast_by(harness, ADMIN, Segment(interests=("jobs",)), send_now=True)
    await run_until_idle(harness)
    assert set(await deliveries(harness, ordinary)) == {m for m in PEOPLE if m % 5 == 0}
