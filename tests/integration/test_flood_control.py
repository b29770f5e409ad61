"""A member flooding the bot is slowed down with one note, not answered a hundred times."""

from __future__ import annotations

from tests.conftest import HarnessFactory
from tests.support.copy import has, t


async def test_flooding_gets_one_note_and_the_excess_is_dropped(
    make_harness: HarnessFactory,
) -> None:
    harness = await make_harness(PRICHAL_THROTTLE_RATE=0.001, PRICHAL_THROTTLE_BURST=3)
    spammer = harness.member(8001, language_code="en")
    for _ in range(10):
        await spammer.send("/help")
    texts = [message.text for message in spammer.transcript()]
    assert len([t for t in texts if "What I can do" in t]) == 3
    assert len([text for text in texts if has(text, "throttled")]) == 1
    calm = harness.member(8002, language_code="en")
    await calm.send("/help")  # others are not affected
    assert "What I can do" in calm.last.text


async def test_flood_control_is_shared_through_redis(
    make_harness: HarnessFactory, redis_test_url: str
) -> None:
    one = await make_harness(
        redis_url=redis_test_url, PRICHAL_THROTTLE_RATE=0.001, PRICHAL_THROTTLE_BURST=2
    )
    two = await make_harness(
        one.services.settings.database_url,
        redis_url=redis_test_url,
        PRICHAL_THROTTLE_RATE=0.001,
        PRICHAL_THROTTLE_BURST=2,
    )
    await one.member(8003, language_code="en").send("/help")
    await two.member(8003, language_code="en").send("/help")
    replies = await two.member(8003, language_code="en").send("/help")
    assert [m.text for m in replies] == [t("throttled")]
