"""A bare greeting is told from a question (issue 16: "привет" got "Напишите вопрос…")."""

from __future__ import annotations

import pytest

from bot.features.faq.greetings import is_greeting


@pytest.mark.parametrize(
    "text",
    [
        "привет",
        "Привет!",
        "Здравствуйте",
        "здравствуйте!!",
        "Добрый день",
        "доброе утро 🙂",
        "Доброго времени суток",
        "всем привет",
        "hi",
        "Hello!",
        "hey there",
        "Good evening",
        "hi bot 👋",
    ],
)
def test_greetings(text: str) -> None:
    assert is_greeting(text)


@pytest.mark.parametrize(
    "text",
    [
        "привет, как открыть счёт в Грузии?",
        "hello, where can I find a vet",
        "спасибо!",
        "фывапролдж",
        "",
        "???",
        "добрый",
        "hi hi hi hi hi hi",
        "all",
    ],
)
def test_not_greetings(text: str) -> None:
    assert not is_greeting(text)
