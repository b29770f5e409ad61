"""Find the country a question names ("ВНЖ в Грузии", "bank account in Serbia", "v armenii").

Base names come from CLDR through Babel (every territory, in Russian and English) and from
pycountry; Russian names are declined by rule (``Грузия`` → ``Грузии``, ``Грузию``,
``Грузией``), and the main host countries get curated aliases: adjectives (``грузинский``,
``турецкого``), demonyms, capitals and big cities in both languages (``Ереван``,
``Алма-Ата``/``Алматы``, ``Нови-Сад``, ``Стамбул``, ``Тель-Авив``), and abbreviations (``ОАЭ``,
``КР``). Transliterated Russian (``v gruzii``, ``kazakhstane``) is matched through the
transliteration skeleton. :func:`misspelled_country` finds a host country's name one edit away
(``турцыя``, ``turkye``, ``izrael``, ``кипер``); it is for words that mean nothing better, so
the index calls it only for those. An ISO code counts only when written in capitals and only
for codes that are not also common words or abbreviations (``KZ`` and ``RS`` count; ``IT`` and
``IE`` never do).

Origin countries (Russia, Belarus, Ukraine) are never returned: "российские права в Грузии"
is about Georgia, and questions about Russia itself live in global entries, which every search
includes anyway.

Tables are built lazily on first use and cached.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Final

from bot.search.text import Token, normalize, tokenize
from bot.search.translit import skeleton

__all__ = [
    "ORIGIN_COUNTRIES",
    "CountryMention",
    "country_name",
    "detect_country",
    "find_countries",
    "misspelled_country",
]

#: Countries people come *from*; never treated as the country a question is about.
ORIGIN_COUNTRIES: Final = frozenset({"RU", "BY", "UA", "SU"})

# Names whose forms collide with common Russian or English words.
# fmt: off
_SKIP_NAMES: Final = frozenset(
    {"того", "чад", "мали", "перу", "гана", "ниуэ", "гуам", "chad", "jersey", "guernsey",
     "man", "reunion", "niger", "jordan", "mali", "guinea", "turkey", "georgia", "sark",
     "остров мэн", "реюньон", "джерси", "гернси", "ирландия", "ireland", "россия", "russia"}
)
# fmt: on
# "turkey" and "georgia" are skipped here only to be re-added as curated aliases below (so the
# generated tables stay free of ambiguity rules); "ireland" is skipped because "IE" and
# "Ireland" questions do not occur in this knowledge base while "IE" (entrepreneur) does.

#: Capital ISO codes that count as a country when written in capitals.
# fmt: off
_ISO_CODES: Final = frozenset(
    {"GE", "KZ", "RS", "TR", "IL", "CY", "KG", "UZ", "AE", "DE", "US", "UK", "GB", "PL", "FR",
     "ES", "PT", "NL", "CZ", "LV", "LT", "EE", "FI", "AZ", "TJ", "MN", "TH", "VN"}
)
# fmt: on

# Curated aliases for the host countries: Russian nouns are declined by rule, except entries
# starting with "=" (indeclinable, or whose forms would be common words: "Котор" → "котором");
# entries ending in "*" match as prefixes (adjectives).
# fmt: off
_ALIASES: Final[dict[str, tuple[str, ...]]] = {
    "GE": ("Грузия", "Сакартвело", "грузинск*", "грузин", "грузины", "грузинка", "Тбилиси",
           "Батуми", "Кутаиси", "Рустави", "Зугдиди", "Гудаури", "Аджария", "Джорджия", "Georgia",
           "Georgian", "Georgians", "Sakartvelo", "Tbilisi", "Batumi", "Kutaisi", "Rustavi",
           "Adjara", "Adjaria"),
    "AM": ("Армения", "армянск*", "армянин", "армяне", "Ереван", "Гюмри", "Ванадзор",
           "Дилижан", "Armenia", "Armenian", "Armenians", "Yerevan", "Erevan", "Gyumri",
           "Vanadzor", "Dilijan", "Hayastan"),
    "KZ": ("Казахстан", "казахстанск*", "казахск*", "казах", "казахи", "=Алматы",
           "Алма-Ата", "Астана", "Нур-Султан", "Шымкент", "Караганда", "Актобе", "Атырау",
           "Актау", "Усть-Каменогорск", "Павлодар", "Костанай", "Уральск", "Kazakhstan",
           "Kazakh", "Kazakhstani", "Almaty", "Alma-Ata", "Astana", "Shymkent", "Karaganda",
           "Aktau", "Qazaqstan"),
    "RS": ("Сербия", "сербск*", "серб", "сербы", "Белград", "Нови-Сад", "Нови Сад", "=Ниш",
           "Суботица", "Крагуевац", "Србија", "Serbia", "Serbian", "Serbians", "Belgrade",
           "Beograd", "Novi Sad", "Subotica", "Kragujevac", "Srbija"),
    "TR": ("Турция", "турецк*", "турок", "турки", "Стамбул", "Анталья", "Анталия", "Аланья",
           "Алания", "Анкара", "Измир", "Мерсин", "Фетхие", "Бодрум",
           "Turkey", "Türkiye", "Turkiye", "Turkish", "Istanbul", "Antalya", "Alanya",
           "Ankara", "Izmir", "Mersin", "Fethiye", "Bodrum"),
    "IL": ("Израиль", "израильск*", "израильтяне", "Тель-Авив", "Тель Авив", "Иерусалим",
           "Хайфа", "Ашдод", "Нетания", "Беэр-Шева", "Бат-Ям", "Ришон-ле-Цион", "Israel",
           "Israeli", "Israelis", "Tel Aviv", "Tel-Aviv", "Jerusalem", "Haifa", "Ashdod",
           "Netanya", "Beersheba", "Bat Yam", "Rishon LeZion"),
    "CY": ("Кипр", "кипрск*", "Лимасол", "Лимассол", "Никосия", "Ларнака", "Cyprus",
           "Cypriot", "Limassol", "Nicosia", "Larnaca", "Paphos"),
    "ME": ("Черногория", "черногорск*", "Подгорица", "Будва", "Тиват", "Херцег-Нови",
           "=Котор", "Улцинь", "Montenegro", "Montenegrin", "Podgorica", "Budva", "Tivat",
           "Herceg Novi", "Kotor", "Crna Gora"),
    "KG": ("Киргизия", "Кыргызстан", "Киргизстан", "киргизск*", "кыргызск*", "Бишкек", "=Ош",
           "=КР", "Кыргызия", "Kyrgyz Republic", "Kirgizia",
           "Каракол", "Иссык-Куль", "Kyrgyzstan", "Kyrgyz", "Kirghizia", "Bishkek", "Osh",
           "Karakol"),
    "UZ": ("Узбекистан", "узбекск*", "узбекистанск*", "Ташкент", "Самарканд", "Бухара",
           "Uzbekistan", "Uzbek", "Tashkent", "Samarkand", "Bukhara"),
    "AE": ("ОАЭ", "Эмираты", "эмиратск*", "Дубай", "Дубаи", "Абу-Даби", "Шарджа", "UAE",
           "Emirates", "Emirati", "United Arab Emirates", "Dubai", "Abu Dhabi", "Sharjah"),
    "DE": ("Германия", "немецк*", "Берлин", "Мюнхен", "Франкфурт", "Гамбург", "Germany",
           "German", "Deutschland", "Berlin", "Munich", "Frankfurt", "Hamburg"),
    "US": ("США", "Америка", "Штаты", "американск*", "USA", "America", "United States"),
    "GB": ("Англия", "Британия", "британск*", "Лондон", "UK", "England", "Britain",
           "London"),
    "TH": ("Таиланд", "Тайланд", "Пхукет", "Бангкок", "Thailand", "Phuket", "Bangkok"),
    "VN": ("Вьетнам", "Vietnam"),
    "MN": ("Монголия", "Mongolia"),
    "AZ": ("Азербайджан", "Баку", "Azerbaijan", "Baku"),
    "TJ": ("Таджикистан", "Душанбе", "Tajikistan", "Dushanbe"),
    "ID": ("Индонезия", "Бали", "Indonesia", "Bali"),
    "ES": ("Испания", "Барселона", "Мадрид", "Валенсия", "Spain", "Barcelona", "Madrid"),
    "PT": ("Португалия", "Лиссабон", "Portugal", "Lisbon"),
    "FR": ("Франция", "Париж", "France", "Paris"),
    "NL": ("Нидерланды", "Голландия", "Амстердам", "Netherlands", "Holland", "Amsterdam"),
    "PL": ("Польша", "Варшава", "Poland", "Warsaw"),
    "CZ": ("Чехия", "Прага", "Czechia", "Czech Republic", "Prague"),
    "FI": ("Финляндия", "Хельсинки", "Finland", "Helsinki"),
    "AR": ("Аргентина", "Буэнос-Айрес", "Argentina", "Buenos Aires"),
}
# fmt: on

_PARENS_RE: Final = re.compile(r"\([^)]*\)")
_INDECLINABLE_ENDINGS: Final = tuple("оеиуыэю")
_HUSHING: Final = tuple("кгхжшчщ")


def _ru_forms(word: str) -> set[str]:
    """Case forms of one normalised Russian noun used as a place name."""
    forms = {word}
    if word.endswith("ия"):
        stem = word[:-2]
        forms |= {stem + e for e in ("ии", "ию", "ией")}
    elif word.endswith("я"):
        stem = word[:-1]
        forms |= {stem + e for e in ("и", "е", "ю", "ей")}
    elif word.endswith("а"):
        stem = word[:-1]
        forms |= {stem + e for e in ("ы", "и", "е", "у", "ой")}
    elif word.endswith("ь"):
        stem = word[:-1]
        forms |= {stem + e for e in ("я", "ю", "ем", "е", "и")}
    elif word.endswith("й"):
        stem = word[:-1]
        forms |= {stem + e for e in ("я", "ю", "ем", "е")}
    elif word.endswith("ы") and len(word) > 4:
        stem = word[:-1]  # plural names: Эмираты, Нидерланды, Штаты
        forms |= {stem + e for e in ("ах", "ам", "ов", "ами")}
    elif word.endswith(_INDECLINABLE_ENDINGS):
        pass
    elif word[-1].isalpha():
        forms |= {word + e for e in ("а", "у", "е", "ом")}
    if word.endswith(_HUSHING):
        forms.discard(word + "ы")
    return forms


@dataclass(frozen=True, slots=True)
class _Tables:
    phrases: dict[tuple[str, ...], str]  # normalised word sequence -> code
    prefixes: tuple[tuple[str, str], ...]  # (prefix, code), Cyrillic adjectives
    skeletons: dict[str, str]  # skeleton of a one-word Cyrillic form -> code
    prefix_skeletons: tuple[tuple[str, str], ...]
    max_len: int


def _add_name(phrases: dict[tuple[str, ...], str], name: str, code: str, *, curated: bool) -> None:
    declinable = not name.startswith("=")
    name = _PARENS_RE.sub(" ", name.lstrip("="))
    words = tuple(normalize(name).split())
    if not words:
        return
    if not curated and " ".join(words) in _SKIP_NAMES:
        return
    last = words[-1]
    is_cyr = any("а" <= ch <= "я" for ch in last)
    variants = _ru_forms(last) if is_cyr and declinable else {last}
    for form in variants:
        key = (*words[:-1], form)
        phrases.setdefault(key, code)


@lru_cache(maxsize=1)
def _tables() -> _Tables:
    # Local imports: nothing heavy happens at import time.
    import pycountry
    from babel import Locale

    phrases: dict[tuple[str, ...], str] = {}
    prefixes: list[tuple[str, str]] = []
    # Curated aliases first: they win over generated names.
    for code, aliases in _ALIASES.items():
        for alias in aliases:
            if alias.endswith("*"):
                prefixes.append((normalize(alias[:-1]), code))
            else:
                _add_name(phrases, alias, code, curated=True)
    codes = {c.alpha_2 for c in pycountry.countries}
    for lang in ("ru", "en"):
        territories = Locale.parse(lang).territories
        for code in sorted(codes):
            name = territories.get(code)
            if name:
                _add_name(phrases, name, code, curated=False)
    for country in pycountry.countries:
        for attr in ("name", "common_name"):
            value = getattr(country, attr, None)
            if isinstance(value, str):
                _add_name(phrases, value, country.alpha_2, curated=False)
    skeletons: dict[str, str] = {}
    for words, code in phrases.items():
        if len(words) == 1 and any("а" <= ch <= "я" for ch in words[0]) and len(words[0]) >= 4:
            skeletons.setdefault(skeleton(words[0]), code)
    prefix_skeletons = tuple((skeleton(p), c) for p, c in prefixes)
    return _Tables(
        phrases=phrases,
        prefixes=tuple(prefixes),
        skeletons=skeletons,
        prefix_skeletons=prefix_skeletons,
        max_len=max(len(k) for k in phrases),
    )


@dataclass(frozen=True, slots=True)
class CountryMention:
    """A country named in a text: ISO alpha-2 ``code``, token span ``[start, end)``, and whether
    it is marked as the place one comes *from* (``из Грузии``, ``from Serbia``)."""

    code: str
    start: int
    end: int
    origin: bool


_FROM_WORDS: Final = frozenset({"из", "from", "iz", "izo"})


def _match_one(word: str, tables: _Tables) -> str | None:
    code = tables.phrases.get((word,))
    if code is not None:
        return code
    is_cyr = any("а" <= ch <= "я" for ch in word)
    if is_cyr:
        for prefix, pcode in tables.prefixes:
            if word.startswith(prefix):
                return pcode
        return None
    if len(word) >= 4 and word.isalpha():  # transliterated Russian: "gruzii", "armenii"
        sk = skeleton(word)
        code = tables.skeletons.get(sk)
        if code is not None:
            return code
        for prefix, pcode in tables.prefix_skeletons:
            if len(prefix) >= 5 and sk.startswith(prefix):
                return pcode
    return None


def find_countries(tokens: Sequence[Token]) -> list[CountryMention]:
    """Every country named in a tokenised text, in order of appearance (origins excluded)."""
    tables = _tables()
    words = [t.text for t in tokens]
    mentions: list[CountryMention] = []
    i = 0
    while i < len(words):
        found: tuple[str, int] | None = None
        for n in range(min(tables.max_len, len(words) - i), 1, -1):
            code = tables.phrases.get(tuple(words[i : i + n]))
            if code is not None:
                found = (code, n)
                break
        if found is None:
            token = tokens[i]
            if token.upper and token.text.upper() in _ISO_CODES and len(token.text) == 2:
                iso = token.text.upper()
                found = ("GB" if iso == "UK" else iso, 1)
            else:
                code = _match_one(words[i], tables)
                if code is not None:
                    found = (code, 1)
        if found is None:
            i += 1
            continue
        code, n = found
        if code not in ORIGIN_COUNTRIES:
            origin = i > 0 and words[i - 1] in _FROM_WORDS
            mentions.append(CountryMention(code, i, i + n, origin))
        i += n
    return mentions


@lru_cache(maxsize=1)
def _alias_skeletons() -> tuple[dict[str, str], dict[int, list[str]]]:
    """Skeletons of the one-word curated names (every case form): exact lookup, and by
    length for near matches."""
    exact: dict[str, str] = {}
    for code, aliases in _ALIASES.items():
        if code in ORIGIN_COUNTRIES:
            continue
        for alias in aliases:
            if alias.endswith("*"):
                continue
            name = normalize(_PARENS_RE.sub(" ", alias.lstrip("=")))
            if " " in name:
                continue
            is_cyr = any("а" <= ch <= "я" for ch in name)
            forms = _ru_forms(name) if is_cyr and not alias.startswith("=") else {name}
            for form in forms:
                key = skeleton(form)
                if len(key) >= 5:
                    exact.setdefault(key, code)
    by_len: dict[int, list[str]] = {}
    for key in sorted(exact):
        by_len.setdefault(len(key), []).append(key)
    return exact, by_len


@lru_cache(maxsize=4096)
def misspelled_country(word: str) -> str | None:
    """The host country a misspelled name stands for (``турцыя``, ``turkye``, ``izrael``,
    ``израел``, ``кипер``): one normalised word of five letters or more whose transliteration
    skeleton is at most one edit from a curated name's. Meant for words the question does not
    otherwise explain: ``find_countries`` stays exact."""
    if len(word) < 5 or not word.isalpha():
        return None
    from rapidfuzz import process
    from rapidfuzz.distance import OSA

    exact, by_len = _alias_skeletons()
    key = skeleton(word)
    code = exact.get(key)
    if code is not None:
        return code
    best: tuple[int, str] | None = None
    for length in (len(key) - 1, len(key), len(key) + 1):
        choices = by_len.get(length)
        if not choices:
            continue
        match = process.extractOne(key, choices, scorer=OSA.distance, score_cutoff=1)
        if match is not None and (best is None or (match[1], match[0]) < best):
            best = (int(match[1]), match[0])
    return exact[best[1]] if best is not None else None


def pick_country(mentions: Sequence[CountryMention]) -> str | None:
    """The country a question is about: the first one not marked as an origin, else the first."""
    for mention in mentions:
        if not mention.origin:
            return mention.code
    return mentions[0].code if mentions else None


def detect_country(text: str) -> str | None:
    """ISO alpha-2 code of the country a question names, or ``None``.

    >>> detect_country("Как открыть счёт в Грузии?"), detect_country("IE in Belgrade")
    ('GE', 'RS')
    >>> detect_country("переезд из Грузии в Сербию"), detect_country("российские права")
    ('RS', None)
    """
    return pick_country(find_countries(tokenize(text)))


def country_name(code: str, lang: str = "en") -> str:
    """The CLDR name of a country in ``lang`` (the code itself when unknown)."""
    from babel import Locale

    name = Locale.parse(lang).territories.get(code.upper())
    return name if isinstance(name, str) else code
