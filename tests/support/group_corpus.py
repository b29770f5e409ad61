"""A labelled corpus of group messages (honest, spam, scam; Russian and English), generated
deterministically from templates: the same seed gives the same messages, in the same order.

Used by ``bench/group_messages.py`` (replayed through the real bot and the emulator). The
templates are the shapes these chats see daily: newcomers' questions, advice and meetups;
promotion and "easy money" spam with links, @usernames and phone numbers (and some without,
which the layers are not meant to catch: they show up as false negatives); and the scams of
bot.features.safety.scam. Some honest members warn about scams in the scammers' own words,
and some established members post links: neither should be acted on.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from typing import Literal

Label = Literal["honest", "spam", "scam"]
Sender = Literal["established", "newcomer"]

CITIES = {
    "ru": ["Тбилиси", "Ереване", "Алматы", "Белграде", "Стамбуле", "Батуми"],
    "en": ["Tbilisi", "Yerevan", "Almaty", "Belgrade", "Istanbul", "Batumi"],
}
WHO = {
    "ru": ["стоматолога", "юриста", "бухгалтера", "педиатра", "психолога", "репетитора"],
    "en": ["dentist", "lawyer", "accountant", "paediatrician", "therapist", "tutor"],
}
HANDLES = ["easy_money_pro", "promo_fast", "crypto_kings", "bestbets777", "followers_shop"]
DOMAINS = ["bit.ly/3xYzQ", "promo-fast.top", "bets777.win", "cheap-followers.shop"]

HONEST = {
    "ru": [
        "Привет! Кто знает хорошего {who} в {city}?",
        "Подскажите, в каком банке в {city} открывают счёт с российским паспортом?",
        "Ищу квартиру в {city}, бюджет до {n}$, без посредников. Посоветуйте районы",
        "Спасибо всем за помощь с переездом, вы лучшие!",
        "Встречаемся в субботу в {hour}:00 в парке, кто с нами?",
        "Никогда не переводите предоплату до просмотра квартиры — это развод",
        "Кто-нибудь получал ВНЖ в {city}? Сколько ждали ответа?",
        "Какие документы нужны, чтобы поменять права?",
        "Есть ли здесь кто-то из IT? Хочу обсудить налоги для ИП",
        "Добрый вечер! Мы только приехали, с чего начать?",
        "Где в {city} можно купить симку без местного паспорта?",
        "Осторожно: пишут в личку и просят номер карты — не отвечайте",
    ],
    "en": [
        "Hi! Does anyone know a good {who} in {city}?",
        "Which bank in {city} opens accounts for Russian passport holders?",
        "Looking for a flat in {city}, up to {n}$, no agents. Which areas are good?",
        "Thanks everyone for the help with the move!",
        "Meetup on Saturday at {hour}:00 in the park, who is coming?",
        "Never pay a deposit before viewing a flat, it is a scam",
        "Has anyone got a residence permit in {city}? How long did it take?",
        "What documents do I need to exchange my driving licence?",
        "Any IT people here? I would like to talk about taxes for sole traders",
        "Good evening! We have just arrived, where do we start?",
        "Where in {city} can I get a SIM card without a local ID?",
        "Careful: someone asks for card numbers in private messages, do not answer",
    ],
}
# Links established members share (the link layer leaves established members alone).
HONEST_LINKS = {
    "ru": [
        "Полезная памятка про налоги: https://example.org/taxes",
        "Расписание консульства: https://example.org/consulate",
    ],
    "en": [
        "Useful tax guide: https://example.org/taxes",
        "Consulate opening hours: https://example.org/consulate",
    ],
}
SPAM = {
    "ru": [
        "🔥 Заработок от {n}$ в день без опыта! Пиши @{handle}",
        "Продвижение каналов, накрутка подписчиков: https://{domain}",
        "Лучшие ставки на спорт тут 👉 {domain}",
        "Подработка на дому, звони +995 555 {d3} {d2} {d2b}",
        "Заработок в интернете от {n}$ в день, подробности в лс",
    ],
    "en": [
        "Make {n}$ a day from home! DM @{handle}",
        "Crypto signals, 500% profit: t.me/{handle}",
        "Cheap followers and likes: https://{domain}",
        "Work from home, call +995 555 {d3} {d2} {d2b}",
        "Earn {n}$ a day online, details in private",
    ],
}
SCAM = {
    "ru": [
        "Сдаю квартиру в центре, {n}$ в месяц, нужна предоплата до просмотра",
        "Сдай свою карту в аренду, платим {n}$ в неделю",
        "Для перевода пришлите номер карты и CVV код",
        "Обменяю USDT на наличные по лучшему курсу, пишите",
        "Поможем получить ВНЖ с гарантией 100%, без отказов",
    ],
    "en": [
        "Flat in the centre, {n}$ a month, send a deposit before viewing to book it",
        "Rent out your bank card, we pay {n}$ a week",
        "To receive the payment send me your card number and CVV",
        "Exchange USDT to cash, best rate, write me",
        "Residence permit guaranteed, no rejection, fast track",
    ],
}


@dataclass(frozen=True)
class GroupMessage:
    label: Label
    language: str
    text: str
    sender: Sender


def _fill(template: str, rng: random.Random, language: str) -> str:
    return template.format(
        city=rng.choice(CITIES[language]),
        who=rng.choice(WHO[language]),
        n=rng.choice([50, 100, 300, 500, 700]),
        hour=rng.randint(10, 19),
        handle=rng.choice(HANDLES),
        domain=rng.choice(DOMAINS),
        d3=rng.randint(100, 999),
        d2=rng.randint(10, 99),
        d2b=rng.randint(10, 99),
    )


def corpus(size: int, seed: int = 17) -> list[GroupMessage]:
    """``size`` messages: 70% honest (a tenth from newcomers; a tenth with links, which the
    link layer deletes when a newcomer posts them), 15% spam and 15% scam from newcomers (a
    tenth of the scams from established members)."""
    rng = random.Random(seed)
    out: list[GroupMessage] = []
    for _ in range(size):
        language = "ru" if rng.random() < 0.6 else "en"
        roll = rng.random()
        if roll < 0.70:
            newcomer = rng.random() < 0.1
            if rng.random() < 0.1:
                template = rng.choice(HONEST_LINKS[language])
            else:
                template = rng.choice(HONEST[language])
            sender: Sender = "newcomer" if newcomer else "established"
            out.append(GroupMessage("honest", language, _fill(template, rng, language), sender))
        elif roll < 0.85:
            text = _fill(rng.choice(SPAM[language]), rng, language)
            out.append(GroupMessage("spam", language, text, "newcomer"))
        else:
            text = _fill(rng.choice(SCAM[language]), rng, language)
            sender = "established" if rng.random() < 0.1 else "newcomer"
            out.append(GroupMessage("scam", language, text, sender))
    return out
