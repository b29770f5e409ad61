"""Issue 13, finding 7: relay messages of 2,501–3,000 characters were lost (Fluent refuses an
interpolated value over 2,500 characters, counted after HTML escaping: 900 ``<`` were enough),
and a job description of 1,500 ``&`` broke the wizard — the sender was told "nothing was lost"
while nothing was delivered.

Now the catalog core splices long values in after Fluent formatted the message, and each limit
a member is told is one that the rendered message (escaped, within Telegram's 4096 characters)
really fits."""

from __future__ import annotations

from bot.features.listings.conversation import service as relay
from tests.integration.features.listings.test_relay import employer_and_candidate
from tests.support.listings import newcomer, post_job
from tests.support.story import Harness

HOSTILE = "<b>" * 300 + "&amp;" * 300  # 2,400 characters that escape to 8,700


async def test_a_relay_message_of_up_to_3000_characters_arrives_whole(harness: Harness) -> None:
    anastasia, borislav, job = await employer_and_candidate(harness)
    await borislav.press_data(f"ls:j:rs:{job.id}:")
    text = ("<" * 900 + " " + "x" * 1700)[:2_601]
    await borislav.send(text)
    assert "Delivered" in borislav.last.text
    assert text in anastasia.last.text  # shown as typed, not a character lost

    await anastasia.press("Answer")
    longest = ("&" * 1_500 + HOSTILE)[: relay.MAX_TEXT]
    assert len(longest) == relay.MAX_TEXT
    await anastasia.send(longest)
    assert "Delivered" in anastasia.last.text
    assert longest in borislav.last.text

    await borislav.press("Answer")
    await borislav.send(longest + "!")
    assert "the limit is 3,000" in borislav.last.text  # told the limit; still writing
    await borislav.send("Shorter then.")
    assert "Delivered" in borislav.last.text


async def test_a_job_description_of_1500_ampersands_goes_through_the_wizard(
    harness: Harness,
) -> None:
    anna = await newcomer(harness, 2_013_001)
    await post_job(
        anna, description="&" * 1_500, how_to_apply="<" * 500, title="&" * 120, salary="<" * 80
    )
    assert "Sent to a moderator" in anna.last.text
