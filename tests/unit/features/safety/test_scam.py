"""The scam checker finds the schemes that target emigrants, in Russian and English, in any
inflection — and leaves ordinary listings alone."""

from __future__ import annotations

import pytest

from bot.features.safety.scam import (
    CARD_DETAILS,
    CARD_RENTAL,
    CATEGORIES,
    DEPOSIT,
    EXCHANGE,
    GUARANTEED_DOCS,
    review_flags,
    scam_flags,
)

SCAMS = [
    (DEPOSIT, "Сдаю квартиру в центре. Нужна предоплата до просмотра, желающих много."),
    (DEPOSIT, "Квартира уйдёт быстро: внесите предоплату, чтобы забронировать."),
    (DEPOSIT, "Залог переводите заранее, до вашего приезда, ключи оставлю у соседки."),
    (DEPOSIT, "Сдам комнату без просмотра, фото пришлю."),
    (DEPOSIT, "Nice flat. A deposit is required before viewing, lots of interest."),
    (DEPOSIT, "Pay the deposit to book the room, I am abroad now."),
    (CARD_RENTAL, "Подработка: аренда карты любого банка, 500$ в месяц."),
    (CARD_RENTAL, "Сдай карту в аренду и получай пассивный доход"),
    (CARD_RENTAL, "Нужны люди, чтобы принимать платежи на карту, процент ваш."),
    (CARD_RENTAL, "Оформите на себя карту грузинского банка, мы заплатим."),
    (CARD_RENTAL, "Easy money: rent out your bank account to our company."),
    (CARD_RENTAL, "We process payments through your card, 10% commission for you."),
    (CARD_DETAILS, "Для выплаты пришлите номер вашей карты и срок действия."),
    (CARD_DETAILS, "Назовите код из СМС, это для подтверждения."),
    (CARD_DETAILS, "Send me your card number and the CVV so I can pay you."),
    (EXCHANGE, "Обменяю рубли на лари по хорошему курсу, наличными."),
    (EXCHANGE, "Куплю USDT, продам наличные доллары. Быстро."),
    (EXCHANGE, "Выгодный курс, обмен без комиссии"),
    (EXCHANGE, "P2P, cash out any amount, best service"),
    (EXCHANGE, "We exchange crypto to cash in Tbilisi"),
    (GUARANTEED_DOCS, "Гарантированное получение ВНЖ за 2 недели!"),
    (GUARANTEED_DOCS, "Визы в Шенген со 100% гарантией одобрения."),
    (GUARANTEED_DOCS, "Поможем купить гражданство, недорого."),
    (GUARANTEED_DOCS, "Guaranteed work permit in 10 days, no rejection."),
    (GUARANTEED_DOCS, "Residence permit — 100% guaranteed."),
]

ORDINARY = [
    "Сдаю двухкомнатную квартиру в Тбилиси, залог при заселении один месяц.",
    "Ищем backend-разработчика на Python, зарплата в долларах, удалённо.",
    "Помогу с переводом документов с грузинского на русский.",
    "Могу приютить на пару ночей, есть диван. Позвоню перед встречей.",
    "Отдам детскую коляску, самовывоз.",
    "Подскажу, как открыть счёт в банке и какие документы нужны для ВНЖ.",
    "Senior designer, remote, salary 3000 USD, paid by bank transfer.",
    "Looking for a flat to rent in Belgrade from December, two rooms.",
    "We help with residence permit paperwork: forms, translations, appointments.",
    "Картина маслом, отдам даром. Могу показать перед тем, как заберёте.",
    "",
]


@pytest.mark.parametrize(("category", "text"), SCAMS)
def test_a_known_scheme_is_flagged_with_its_category(category: str, text: str) -> None:
    assert category in scam_flags(text)


@pytest.mark.parametrize("text", ORDINARY)
def test_an_ordinary_listing_is_not_flagged(text: str) -> None:
    assert scam_flags(text) == []


def test_inflection_case_and_lookalike_letters_do_not_hide_a_scheme() -> None:
    for text in (
        "ПРЕДОПЛАТОЙ до ПРОСМОТРА",
        "предоплаты без просмотров",
        "аренду карт",
        # A Latin "c" and "p" inside Russian words.
        "\u0441дам квартиру, нужна пред\u043eплата д\u043e пр\u043e\u0441м\u043eтра".replace(
            "\u0441", "c"
        ),
    ):
        assert scam_flags(text), text


def test_several_schemes_are_listed_in_one_fixed_order() -> None:
    text = "Гарантия ВНЖ. Пришлите номер карты. Предоплата до просмотра."
    assert scam_flags(text) == [DEPOSIT, CARD_DETAILS, GUARANTEED_DOCS]
    assert scam_flags("a", None, "предоплата до просмотра") == [DEPOSIT]
    assert review_flags([DEPOSIT]) == ["scam:deposit"]


def test_every_category_has_at_least_one_scheme_in_each_language() -> None:
    for category in CATEGORIES:
        texts = [text for found, text in SCAMS if found == category]
        assert any(any("а" <= ch <= "я" for ch in t.casefold()) for t in texts), category
        assert any(t.isascii() for t in texts), category


def test_a_huge_text_is_checked_quickly_and_safely() -> None:
    text = "до " * 5000 + "предоплата просмотр"
    assert scam_flags(text) == []  # beyond the checked part: not read at all
    assert scam_flags("предоплата до просмотра " + "слово " * 5000) == [DEPOSIT]


def test_many_far_apart_words_do_not_add_up_to_a_scheme() -> None:
    # Many occurrences of every concept, never close enough together.
    text = ("предоплата " + "слово " * 9) * 100 + ("до " + "слово " * 9) * 100
    assert scam_flags(text) == []
