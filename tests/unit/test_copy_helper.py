"""tests/support/copy.py: a test names the message it expects, not its words."""

from __future__ import annotations

from tests.support.copy import has, t


def test_t_is_the_visible_text_with_values_escaped_by_the_bots_core() -> None:
    text = t("setup-city", "ru", country="Грузия <b>")
    assert "<b>" in text and "В каком городе" in text  # tags gone, the value shown as typed
    assert t("setup-city", country="Georgia").startswith("🏙 Which city in Georgia")


def test_has_matches_a_message_inside_a_longer_reply_and_only_that_one() -> None:
    reply = "📍 Got it: Serbia.\n\n" + t("setup-city", country="Serbia")
    assert has(reply, "setup-city", country="Serbia")
    assert has(reply, "setup-city")  # a value not given matches any
    assert not has(reply, "setup-city", country="Georgia")
    assert not has(reply, "setup-country")


def test_has_takes_the_plural_variant_of_the_number_given() -> None:
    digest = t("job-digest", count=2, lines="Barista — Coffee Lab, Tbilisi")
    assert has(digest, "job-digest", count=2)
    assert not has(digest, "job-digest", count=1)
