"""When the knowledge base cannot help: a person in crisis, a 👎, a question without an answer.

A frightened person gets a warm first line and the emergency and crisis lines of their country
before anything else, and what they wrote is kept nowhere; a 👎 or a question without a good
answer leads to the country's groups where people help with papers and banks."""

from __future__ import annotations

from tests.integration.features.faq.stories import open_gaps, settle
from tests.support.copy import t
from tests.support.directory import add_group
from tests.support.story import Harness


async def _groups_of_georgia(harness: Harness) -> None:
    await add_group(
        harness,
        slug="ge-tbilisi-legal",
        title="Юристы Тбилиси",
        city="Tbilisi",
        interests=["legal"],
    )
    await add_group(harness, slug="ge-banks", title="Банки Грузии", interests=["banking"])
    await add_group(
        harness,
        slug="ge-support",
        title="Поддержка в Тбилиси",
        city="Tbilisi",
        interests=["psychology"],
    )
    await add_group(harness, slug="ge-cooking", title="Кулинария", interests=["networking"])
    await add_group(
        harness, slug="am-legal", title="Юристы Еревана", country="AM", interests=["legal"]
    )


async def test_a_panicked_member_gets_her_countrys_crisis_lines_first_then_the_answer(
    harness: Harness,
) -> None:
    await _groups_of_georgia(harness)
    nina = await settle(harness, 7501, "GE", language="ru")
    replies = await nina.send("у меня паника, банк отказал открыть счёт")
    first, *rest = replies
    assert first.text.startswith("Мне очень жаль, что вам сейчас так тяжело")
    assert "Куда позвонить — 🇬🇪 Грузия" in first.text
    assert "🆘 Экстренная служба: 112" in first.text
    assert "📞 116 006 —" in first.text  # the violence hotline that speaks Russian
    assert [label for label, _ in first.buttons()][:1] == ["👥 Поддержка в Тбилиси"]
    assert rest and rest[-1].text.startswith("Как открыть счёт")  # then the matching answer
    assert "Банковский счёт" in rest[-1].text
    assert await open_gaps(harness) == []  # what she wrote is not passed on


async def test_thoughts_of_harm_come_first_with_the_emergency_number(harness: Harness) -> None:
    tom = await settle(harness, 7502, "RS")
    await tom.send("I don't see the point anymore, I want to die")
    text = tom.last.text
    assert text.startswith(t("faq-crisis-danger"))
    assert "Who to call — 🇷🇸 Serbia" in text and "🆘 Emergency: 194" in text
    assert "0800 300 303" in text  # Centar Srce
    assert await open_gaps(harness) == []


async def test_without_a_country_the_crisis_reply_points_to_the_lines_by_country(
    harness: Harness,
) -> None:
    stranger = harness.member(7503, language_code="en")
    crisis, answer = await stranger.send("I am so scared, I got scammed by a landlord")
    assert crisis.text.startswith(t("faq-crisis-distress"))
    assert "Set your country in /profile" in crisis.text
    assert "🌍 Every country · Scams" in answer.text  # then what helps against scams


async def test_a_thumbs_down_leads_to_the_countrys_groups_about_papers_and_banks(
    harness: Harness,
) -> None:
    await _groups_of_georgia(harness)
    anna = await settle(harness, 7504, "GE")
    await anna.send("how do I open a bank account?")
    await anna.press("👎 No")
    offer = anna.last
    assert offer.text.startswith(t("faq-unhelpful-groups"))
    groups = [(label, url) for label, url in offer.buttons() if label.startswith("👥")]
    assert [label for label, _ in groups] == ["👥 Юристы Тбилиси", "👥 Банки Грузии"]
    assert all(url.startswith("https://t.me/") for _, url in groups)


async def test_a_question_without_an_answer_offers_groups_and_the_volunteers(
    harness: Harness,
) -> None:
    await _groups_of_georgia(harness)
    anna = await settle(harness, 7505, "GE")
    await anna.send("how do I adopt a dog from a shelter in Georgia")
    labels = [label for label, _ in anna.last.buttons()]
    assert "👥 Юристы Тбилиси" in labels and "👥 Банки Грузии" in labels
    assert "🙋 Pass my question to the volunteers" in labels
    assert "Юристы Еревана" not in " ".join(labels)  # another country's group
