"""Russian and English stemming, and stop words.

Stemming uses the Snowball algorithms (``snowballstemmer``, pure Python): Russian for Cyrillic
words, Porter2 English for Latin ones. Snowball was chosen over pymorphy3 lemmatisation by
measurement on the development set (see ``bench/search.py``): same or better ranking, no
dictionary to load, total recall on words no dictionary knows (place names, ``ВНЖ``, slang),
and a quarter of the time per word. Derivational relatives that Snowball leaves apart
(``банк``/``банковский``, ``налог``/``налоговый``) are joined by prefix matching in the index and
by the synonym table.

Stemmers are created lazily and results are cached; nothing is built at import time.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Final, Protocol

import snowballstemmer  # type: ignore[import-untyped]

from bot.search.text import is_cyrillic, is_latin
from bot.search.translit import skeleton, to_cyrillic

__all__ = [
    "STOPWORDS",
    "WEAK_WORDS",
    "is_stopword",
    "is_translit_stopword",
    "is_weak_stem",
    "lang_of_word",
    "stem",
    "stem_word",
]


class _Stemmer(Protocol):
    def stemWord(self, word: str) -> str: ...  # noqa: N802 - third-party API


@lru_cache(maxsize=2)
def _stemmer(lang: str) -> _Stemmer:
    algorithm = "russian" if lang == "ru" else "english"
    stemmer: _Stemmer = snowballstemmer.stemmer(algorithm)
    return stemmer


def lang_of_word(word: str) -> str | None:
    """``"ru"`` for a Cyrillic word, ``"en"`` for a Latin one, ``None`` for digits and others."""
    for ch in word:
        if is_cyrillic(ch):
            return "ru"
        if is_latin(ch):
            return "en"
    return None


@lru_cache(maxsize=65536)
def stem(word: str, lang: str) -> str:
    """Stem one normalised word in ``lang`` (``"ru"`` or ``"en"``).

    Short words (three letters or fewer) are left as they are: stemming them only creates
    collisions (``ип`` and ``ипотека`` must stay apart).
    """
    if len(word) <= 3:
        return word
    result = _stemmer(lang).stemWord(word)
    if lang == "en" and len(result) < 3:
        return word
    if lang == "ru" and len(result) < 2:
        return word
    return result


def stem_word(word: str) -> str:
    """Stem a normalised word in the language its script says (digits stay as they are)."""
    lang = lang_of_word(word)
    if lang is None:
        return word
    return stem(word, lang)


# Function words and conversational filler that carry no topic. Kept short on purpose: a word
# that may name a subject ("работа", "жить", "деньги") is never here.
_RU_STOP_TEXT: Final = """
а более бы был была были было быть в вам вас весь во вот все всего всех вы где да даже для
до его ее если есть еще же за здесь и из или им их к как какая какие какой каком ко когда кто
ли либо между меня мне много может можно мой мы на над надо наш не него нее нет ни них но ну о
об однако он она они оно от очень по под при с со так такая также такой там те тем то того
тоже той только том ты у уже хотя чего чей чем что чтобы чье чья эта эти это этот я ее её
пожалуйста подскажите подскажи скажите скажи знает знаете кто-нибудь кто-то ребята ребят
привет здравствуйте добрый день вечер утро всем спасибо заранее помогите помочь вопрос
хочу хотел хотела хотим нужно нужен нужна нужны надо ли бы мне меня мой моя мои мою сейчас
вообще просто вроде типа как-то какие-то кто-нибудь подскажете поделитесь интересует
какую какое каких каким какими каком короче блин плиз пжл пж тут кому куда-нибудь
про насчет поводу щас чтоб свой своя свое свои своего своей своих своим свою своими
возможно реально ли правда действительно например сейчас теперь уже пока еще
через после перед около вместо кроме против среди ради возле вокруг
"""

_EN_STOP_TEXT: Final = """
a about above after again all am an and any are as at be because been before being below
between both but by can could did do does doing down during each few for from further had has
have having he her here hers him his how i if in into is it its itself just me more most my
myself no nor not of off on once only or other our ours out over own same she should so some
such than that the their theirs them then there these they this those through to too under
until up very was we were what when where which while who whom why will with would you your
yours yourself hi hello hey please thanks thank anyone anybody someone somebody guys folks
know need want wanted wondering question help i'm im ive i've it's s t don doesn didn can't
cant wont won't ok okay also really actually currently still already
"""

STOPWORDS: Final[frozenset[str]] = frozenset(_RU_STOP_TEXT.split()) | frozenset(
    _EN_STOP_TEXT.split()
)


def is_stopword(word: str) -> bool:
    """True for a normalised function word or filler (``как``, ``подскажите``, ``the``)."""
    return word in STOPWORDS


# Question words that say nothing about the topic when transliterated ("kakuyu"): in
# Cyrillic they stay weak words, in Latin letters they are too easily misread.
_TRANSLIT_EXTRA_STOP: Final = frozenset({"какую", "какое", "каких", "каким"})
# English words that read as Russian function words in Latin letters ("hotel" is "хотел").
_EN_LOOKALIKES: Final = frozenset(
    {"hotel", "net", "tom", "period", "eta", "ie", "doo", "ss", "ten", "one", "mine", "tut"}
)


@lru_cache(maxsize=1)
def _translit_stop_keys() -> tuple[frozenset[str], frozenset[str]]:
    words = frozenset(_RU_STOP_TEXT.split()) | _TRANSLIT_EXTRA_STOP
    return words, frozenset(skeleton(w) for w in words)


@lru_cache(maxsize=16384)
def is_translit_stopword(word: str) -> bool:
    """True for a Latin word that is a Russian function word typed in Latin letters
    (``v``, ``na``, ``kak``, ``dlya``, ``mozhno``, ``skolko``), matched through the
    transliteration skeleton; English words that look like one (``hotel``) are not."""
    if not word.isascii() or not word.isalpha() or word in _EN_LOOKALIKES:
        return False
    words, keys = _translit_stop_keys()
    if to_cyrillic(word) in words:
        return True
    # The skeleton folds doubled letters and vowel spellings: too lossy for one letter ("e").
    return len(word) >= 3 and skeleton(word) in keys


# Generic verbs and quantifiers of questions, words of the asker's situation ("живу в ...",
# "я уехал", "мы переехали": they say where the asker is, not what they ask about), and the
# origin country every member shares: they do carry some meaning, so they are searched for,
# but at a fraction of their weight — being rare in a small knowledge base must not make
# "сделать", "many" or one odd inflection of "россиянин" outweigh "вид на жительство".
_WEAK_TEXT: Final = """
сделать делать сделают делают делаю получить получать получу получаю получают оформить
оформлять оформляют оформляю стать становиться становлюсь стану будет будут мочь могу может
могут должен должна должны нужен нужна нужно сколько который которая которые узнать узнаю
хотеть дать дают давать иметь имеют использовать пользоваться человек люди способ вариант
варианты какие бывают сейчас сегодня вопрос ответ инфа информация нормально лучше быстро
make making get getting gets got many much use using become becoming way ways able possible
allowed thing things someone one best better quickly info information exactly
без without
купить покупать найти искать ищу посоветуйте посоветовать подскажете buy find looking
россия россии россию россией россиян россиянам россиянину россиянин россияне россиянка
российский российская российское российские российского российским русский русская русские
русским рф russia russian russians
перестать перестал перестала перестали перестает перестаю начать начал начала стали
живу живем живет живут живя жил жила жили проживаю проживаем уехал уехала уехали уехавших
уехавшим уезжаю переехал переехала переехали переехавших переезжаю
выбрать выбирать ситуация ситуации проблема проблемы просит просят попросили попросил
просили требует требуют спрашивать спрашивают спросили
месяц месяца месяцев неделя недели недель полгода month months week weeks
новый новая новое новые нового новую new
"""
WEAK_WORDS: Final[frozenset[str]] = frozenset(_WEAK_TEXT.split())


@lru_cache(maxsize=1)
def _weak_stems() -> frozenset[str]:
    return frozenset(stem_word(w) for w in WEAK_WORDS)


def is_weak_stem(term: str) -> bool:
    """True for the stem of a generic question word (see :data:`WEAK_WORDS`), for years
    ("2026": every other answer mentions one) and for one-digit numbers ("4 месяца", "2 года":
    how long, not what about)."""
    if term.isdigit() and (len(term) == 1 or (len(term) == 4 and term[:2] in ("19", "20"))):
        return True
    return term in _weak_stems()
