"""What the knowledge base keeps about a member is in /my_data and goes with /delete_me."""

from __future__ import annotations

import json

from tests.integration.features.faq.stories import Gap, open_gaps, settle
from tests.support.story import Harness


async def test_my_data_has_the_ratings_and_the_questions_passed_on(harness: Harness) -> None:
    anna = await settle(harness, 7401, "GE")
    await anna.send("where to find a vet for my cat in Georgia")
    await anna.press("Pass my question to the volunteers")
    await anna.send("how do I open a bank account?")
    await anna.press("👎 No")
    await anna.send("/my_data")
    _, _, payload = harness.telegram.documents[-1]
    mine = json.loads(payload)["knowledge_base"]
    assert mine["ratings"] == [
        {"answer": "ge/bank-account", "helpful": False, "at": mine["ratings"][0]["at"]}
    ]
    asked = [(q["question"], q["why"]) for q in mine["questions_passed_to_moderators"]]
    assert asked == [
        ("where to find a vet for my cat in Georgia", "no answer found"),
        ("how do I open a bank account?", "answer not helpful"),
    ]


async def test_delete_me_removes_my_questions_and_regroups_the_rest(harness: Harness) -> None:
    anna = await settle(harness, 7411, "GE")
    boris = await settle(harness, 7412, "GE")
    await anna.send("where to find a vet for my cat in Georgia")
    await anna.press("Pass my question to the volunteers")
    await boris.send("a vet for my cat in georgia please")
    await boris.press("Pass my question to the volunteers")
    await anna.send("where to buy a bicycle in Tbilisi")  # only she asked this
    await anna.press("Pass my question to the volunteers")
    assert {g.count for g in await open_gaps(harness)} == {2, 1}

    await anna.send("/delete_me")
    await anna.press("Yes, erase everything")
    assert await open_gaps(harness) == [
        Gap("no_match", "GE", 1, None, ("a vet for my cat in georgia please",))
    ]
