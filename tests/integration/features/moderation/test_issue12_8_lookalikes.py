"""Issue 12, attack 8: look-alike letters, invisible characters and disguised links.

"ІТ Gеоrgіа" (Cyrillic and Ukrainian letters) is flagged as similar to "IT Georgia"; a soft
hyphen no longer carries a t.me link or a phone number past the no-contacts filter; the
import drops U+202E from titles and refuses https://t.me@evil.example."""

from __future__ import annotations

from bot.db.models import Offer
from tests.support.copy import has
from tests.support.directory import ADMIN, add_group, group_by_title, onboarded, review_items
from tests.support.listings import latest, newcomer
from tests.support.story import Harness, Person

ANNA, OLGA = 12801, 12802


async def _propose_until_similar(person: Person, title: str) -> str:
    await person.send("/communities")
    await person.press("Предложить группу")
    await person.send("@another_it_chat")
    await person.press("Грузия")
    await person.press("Тбилиси")
    await person.send(title)
    return person.last.text


async def test_a_title_in_lookalike_letters_is_flagged_as_similar(harness: Harness) -> None:
    await add_group(harness, slug="ge-it", title="IT Georgia", city="Tbilisi")
    anna = await onboarded(harness, ANNA)
    # І (Ukrainian), Т, е, о, і, а are Cyrillic; a zero-width space hides in the middle too.
    screen = await _propose_until_similar(anna, "ІТ Gе\u200bоrgіа")
    assert "Похожие группы" in screen and "• IT Georgia" in screen


async def test_a_soft_hyphen_carries_no_contact_past_the_filter(harness: Harness) -> None:
    olga = await newcomer(harness, OLGA)
    await olga.send("/aid")
    await olga.press("I can help")
    await olga.press("Temporary housing")
    await olga.send("A sofa for a few nights")
    for disguised in (
        "Write to me at t\u00ad.me/sofa_tbilisi for the address, any day.",
        "Call +995\u00ad555\u00ad12\u00ad34\u00ad56 for the address, any day please.",
        "Write to me at t.mе/sofa_tbilisi (a Cyrillic е) for the address.",
    ):
        await olga.send(disguised)
        assert has(olga.last.text, "listing-no-contacts"), disguised
    await olga.send("A sofa in Vake\u202e for up to three nights, \u2066quiet\u2069 flat.")
    await olga.press("Send to moderation")  # the place is her profile's: Georgia, Tbilisi
    offer = await latest(harness, Offer)
    assert offer.description == "A sofa in Vake for up to three nights, quiet flat."


YAML_TEMPLATE = """\
groups:
  - slug: ge-evil
    title: "{title}"
    link: "{link}"
    kind: external
    country: GE
"""


async def test_the_import_cleans_titles_and_parses_links(harness: Harness) -> None:
    admin = harness.member(ADMIN, language_code="en")
    evil = YAML_TEMPLATE.format(title="Consulate", link="https://t.me@evil.example/form")
    await admin.send_document(evil.encode(), "evil.yaml")
    assert "groups[0].link (line 4): an external group needs an https:// link" in admin.last.text
    assert not any("Import now" in label for label, _ in admin.last.buttons())

    reversed_title = YAML_TEMPLATE.format(
        title="Tbilisi \\u202eIT\\u2066\\u061c\\ufeff chat\\u00ad", link="https://example.org/chat"
    )
    await admin.send_document(reversed_title.encode(), "title.yaml")
    await admin.press("Import now")
    group = await group_by_title(harness, "Tbilisi IT chat")
    assert group is not None and group.link == "https://example.org/chat"
    assert await review_items(harness) == []
