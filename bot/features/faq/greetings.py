"""Greetings ("привет", "hi", "добрый день!") told from questions. Pure: no database, no aiogram.

A message that is only a greeting (with "всем", "bot", emoji and punctuation around it) gets a
friendly hello and the main menu instead of "type your question"; a greeting followed by a
question ("привет, как открыть счёт?") is a question and goes to the search.
"""

from __future__ import annotations

import re
from typing import Final

# Lower-cased, ё → е. Single words and the two-word greetings ("добрый день") as one phrase.
_GREETINGS: Final = frozenset(
    {
        # Russian
        "привет", "приветик", "приветы", "приветствую", "здравствуйте", "здравствуй",
        "здрасте", "здрасьте", "здорово", "салют", "хай", "хелло", "хеллоу", "доброго",
        "добрый день", "добрый вечер", "доброе утро", "доброй ночи", "доброго дня",
        "доброго времени суток", "всем привет", "ку",
        # English
        "hi", "hello", "hey", "heya", "hiya", "howdy", "greetings", "yo", "hallo", "hola",
        "good morning", "good afternoon", "good evening", "good day",
    }
)  # fmt: skip
# Words that may stand beside a greeting without making it a question.
_FILLER: Final = frozenset(
    {
        "всем", "все", "бот", "ботик", "причал", "there", "all", "everyone", "bot", "prichal",
        "again", "снова", "еще",
    }
)  # fmt: skip
_WORD: Final = re.compile(r"[^\W\d_]+", re.UNICODE)
# A greeting is short: anything longer carries something else.
_MAX_WORDS: Final = 5


def is_greeting(text: str) -> bool:
    """True when ``text`` is nothing but a greeting ("Привет!", "hi there 👋", "Добрый
    вечер"), in Russian or English."""
    words = _WORD.findall(text.lower().replace("ё", "е"))
    if not words or len(words) > _MAX_WORDS:
        return False
    greeted = False
    i = 0
    while i < len(words):
        # The longest greeting phrase starting here (up to three words), else one word.
        for size in (3, 2, 1):
            phrase = " ".join(words[i : i + size])
            if len(words[i : i + size]) == size and phrase in _GREETINGS:
                greeted = True
                i += size
                break
        else:
            if words[i] not in _FILLER:
                return False
            i += 1
    return greeted
