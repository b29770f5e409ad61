"""/my_data hands over a member's listings, subscriptions and conversations — their own words,
not the other side's."""

from __future__ import annotations

import json

from bot.db.models import DeliveryMode
from bot.features.listings.job.service import JobFilter, subscribe
from tests.integration.features.listings.test_jobs import published_job
from tests.support.listings import newcomer
from tests.support.story import Harness


async def test_my_data_holds_listings_subscriptions_and_my_side_of_conversations(
    harness: Harness,
) -> None:
    anna = await newcomer(harness, 8001)
    boris = await newcomer(harness, 8002, name="Boris")
    job = await published_job(harness, 8001, title="Barista wanted")
    async with harness.services.sessions() as session, session.begin():
        await subscribe(session, 8001, JobFilter(remote=True), DeliveryMode.DAILY)
    await boris.press_data(f"ls:j:rs:{job.id}:")
    await boris.send("Boris's private words")
    await anna.press("Answer")
    await anna.send("Anna's own answer")

    await anna.send("/my_data")
    chat_id, _, payload = harness.telegram.documents[-1]
    assert chat_id == 8001
    data = json.loads(payload)
    [mine] = data["listings"]["jobs"]
    assert (mine["title"], mine["status"], mine["professions"]) == (
        "Barista wanted",
        "published",
        ["hospitality"],
    )
    assert data["listings"]["job_subscriptions"] == [
        {
            "country": None,
            "city": None,
            "remote_only": True,
            "profession": None,
            "delivery": "daily",
            "created_at": data["listings"]["job_subscriptions"][0]["created_at"],
        }
    ]
    [conversation] = data["relay"]
    assert conversation["my_side"] == "author"
    assert [m["text"] for m in conversation["my_messages"]] == ["Anna's own answer"]
    assert conversation["messages_received"] == 1
    assert "Boris's private words" not in payload.decode()
    assert "8002" not in payload.decode()  # not even the other side's id
