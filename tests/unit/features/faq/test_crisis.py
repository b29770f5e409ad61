"""The crisis lexicon and the gibberish check: what must trigger and what must not."""

from __future__ import annotations

import pytest

from bot.features.faq.crisis import Crisis, crisis_level, help_lines, is_gibberish

DANGER = [
    "не хочу больше жить",
    "думаю покончить с собой",
    "мне угрожают коллекторы из России",
    "бывший шантажирует меня фотографиями",
    "муж избил меня, что делать",
    "I want to die",
    "my landlord threatens me",
    "I keep thinking about suicide",
    "he beats me every week",
]
DISTRESS = [
    "у меня паника, банк отказал",
    "мне очень страшно, закончился срок пребывания",
    "меня обманули с арендой квартиры",
    "нас кинули на залог",
    "я больше не могу, всё валится из рук",
    "не справляюсь одна с ребёнком",
    "помогите пожалуйста срочно",
    "я не могу...",
    "I panic, my card was blocked",
    "I got scammed by a fake landlord",
    "I am so scared of the border",
    "I can't cope anymore",
]
CALM = [
    "как открыть счёт в Грузии",
    "не могу открыть счёт в TBC",
    "можно ли жить в Сербии без визы",
    "how to get a residence permit in Armenia",
    "I can't find my tax number",
    "какие документы нужны для ВНЖ",
    "где купить сим-карту",
    "what are the emergency numbers in Turkey",
]


@pytest.mark.parametrize("text", DANGER)
def test_thoughts_of_harm_threats_and_violence_are_danger(text: str) -> None:
    assert crisis_level(text) is Crisis.DANGER


@pytest.mark.parametrize("text", DISTRESS)
def test_panic_fear_being_cheated_and_not_coping_are_distress(text: str) -> None:
    assert crisis_level(text) is Crisis.DISTRESS


@pytest.mark.parametrize("text", CALM)
def test_ordinary_questions_are_not_a_crisis(text: str) -> None:
    assert crisis_level(text) is Crisis.NONE


def test_every_main_host_country_has_its_emergency_and_crisis_lines() -> None:
    for country in ("GE", "AM", "KZ", "RS", "TR", "IL"):
        lines = help_lines(country)
        assert lines is not None, country
        assert lines.emergency and lines.lines
        assert all(line.describe("ru") and line.describe("en") for line in lines.lines)
    assert help_lines(None) is None and help_lines("ZZ") is None


@pytest.mark.parametrize("text", ["фывапролд", "asdfgh qwerty", "ззззз", "ghjkl", "йцукен фыва"])
def test_keyboard_mashing_is_gibberish(text: str) -> None:
    assert is_gibberish(text)


@pytest.mark.parametrize(
    "text", ["теудат зеут", "как получить внж", "iin kazakhstan", "ок", "?!", "ВНЖ", "vnzh serbia"]
)
def test_questions_and_short_replies_are_not_gibberish(text: str) -> None:
    assert not is_gibberish(text)
