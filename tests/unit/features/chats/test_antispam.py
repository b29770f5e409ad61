"""The anti-spam layers as pure functions: each layer, who it applies to, and its switch."""

from __future__ import annotations

import pytest

from bot.features.chats.antispam import Act, Facts, facts_of, impersonates, is_promo, judge
from bot.features.chats.settings import LAYERS, ChatSettings
from tests.support.group_corpus import corpus

DEFAULT = ChatSettings()


def plain(text: str) -> Facts:
    return facts_of(text, link_entity=False, channel_forward=False, shared_contact=False)


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("Сдаю квартиру, нужна предоплата до просмотра", "scam-deposit"),
        ("Rent out your bank card, we pay 100$ a week", "scam-card-rental"),
        ("Заходи https://promo-fast.top", "links"),
        ("Пиши мне @easy_money_pro", "links"),  # a @name is a link Telegram makes clickable
        ("Звони +995 555 123 45 67", "contacts"),
        ("Earn 300$ a day online, details in private", "promo"),
    ],
)
def test_a_newcomers_message_is_judged_by_the_first_layer_that_objects(
    text: str, reason: str
) -> None:
    verdict = judge(plain(text), DEFAULT, newcomer=True, flooding=False)
    assert verdict.reason == reason
    expected = Act.DELETE_RESTRICT if reason.startswith("scam-") else Act.DELETE
    assert verdict.act == expected


def test_established_members_are_judged_only_for_scams_and_then_only_reported() -> None:
    for text in ("Заходи https://promo-fast.top", "Звони +995 555 123 45 67"):
        assert judge(plain(text), DEFAULT, newcomer=False, flooding=False).act == Act.NOTHING
    scam = judge(plain("Сдаю квартиру, нужна предоплата до просмотра"), DEFAULT, newcomer=False,
                 flooding=False)  # fmt: skip
    assert scam.act == Act.REPORT


def test_a_channel_forward_from_a_newcomer_is_deleted() -> None:
    facts = facts_of("Новости", link_entity=False, channel_forward=True, shared_contact=False)
    assert judge(facts, DEFAULT, newcomer=True, flooding=False).reason == "forwards"


def test_a_flood_mutes_anyone() -> None:
    verdict = judge(plain("ок"), DEFAULT, newcomer=False, flooding=True)
    assert verdict.act == Act.MUTE


def test_every_layer_can_be_switched_off() -> None:
    cases = {
        "scam": plain("Сдаю квартиру, нужна предоплата до просмотра"),
        "links": plain("https://promo-fast.top"),
        "forwards": facts_of("x", link_entity=False, channel_forward=True, shared_contact=False),
        "contacts": facts_of("", link_entity=False, channel_forward=False, shared_contact=True),
        "promo": plain("Make 50$ a day from home!"),
    }
    for layer, facts in cases.items():
        on = judge(facts, DEFAULT, newcomer=True, flooding=False)
        off = judge(facts, DEFAULT.toggled(layer), newcomer=True, flooding=False)
        assert on.act != Act.NOTHING and off.act == Act.NOTHING, layer
    assert judge(plain("x"), DEFAULT.toggled("flood"), newcomer=False, flooding=True).act == (
        Act.NOTHING
    )
    assert set(cases) | {"flood", "lookalike"} == set(LAYERS)


def test_honest_words_about_money_are_not_promotions() -> None:
    for text in (
        "Ищу работу, зарплата 1000$ в месяц",
        "Какой доход нужен для ВНЖ?",
        "Earning money as a freelancer: how are taxes here?",
    ):
        assert not is_promo(text), text


def test_a_newcomer_named_like_an_admin_is_a_lookalike() -> None:
    admins = ["Nino Admin", "David"]
    assert impersonates("Nіno Admin", admins)  # a Cyrillic і
    assert impersonates("Nino\u200b Admin", admins)  # an invisible character
    assert impersonates("David", admins)  # a plain copy: the newcomer is not that admin
    assert not impersonates("Nina Admin", admins)
    assert not impersonates("Anna", admins)
    assert not impersonates("\u200b", admins)


def test_settings_keep_only_valid_values() -> None:
    stored = {"door_seconds": 7, "welcome": "yes", "links": False, "unknown": 1}
    settings = ChatSettings.of(stored)
    assert settings.door_seconds == DEFAULT.door_seconds
    assert settings.welcome is True and settings.links is False
    assert DEFAULT.cycled("door_seconds").door_seconds != DEFAULT.door_seconds
    with pytest.raises(ValueError, match="door_seconds"):
        DEFAULT.toggled("door_seconds")


def test_the_corpus_is_deterministic_and_mixed() -> None:
    first, second = corpus(500), corpus(500)
    assert first == second
    labels = {m.label for m in first}
    assert labels == {"honest", "spam", "scam"}
    assert {m.language for m in first} == {"ru", "en"}
