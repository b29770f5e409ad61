"""Countries and cities: names in the member's language, typo-tolerant matching, time zones.

Country names come from Babel (CLDR) and pycountry — never a hand-typed list. Cities come
from the small curated list in ``bot/content/cities.yaml`` (events reuse its time zones).
Everything is loaded lazily on first use and cached for the life of the process.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from zoneinfo import ZoneInfo

import pycountry
import yaml
from babel import Locale
from babel.core import get_global
from rapidfuzz import fuzz, process

# The countries offered as buttons, in the order newcomers most often need them.
MAIN_HOST_COUNTRIES = ("GE", "AM", "KZ", "RS", "TR", "IL", "CY", "ME", "KG", "UZ", "AE", "DE")

# Spellings CLDR does not carry but people type: native names and Russian transliterations.
_EXTRA_COUNTRY_ALIASES: dict[str, tuple[str, ...]] = {
    "GE": ("sakartvelo", "gruzia", "gruziya", "грузии"),
    "AM": ("hayastan", "armenia", "армении"),
    "KZ": ("qazaqstan", "kazakstan", "казахстане"),
    "RS": ("srbija", "serbija", "сербии"),
    "TR": ("turkey", "turkiye", "türkiye", "turtsiya", "турции"),
    "IL": ("israil", "израиле"),
    "CY": ("kipr", "кипре"),
    "ME": ("crna gora", "chernogoriya", "черногории"),
    "KG": ("kyrgyzstan", "kirgizia", "киргизия", "киргизии", "кыргызстане"),
    "UZ": ("uzbekistan", "узбекистане"),
    "AE": ("uae", "оаэ", "emirates", "эмираты", "дубай"),
    "DE": ("deutschland", "germaniya", "германии"),
    "US": ("usa", "сша", "америка"),
    "GB": ("uk", "великобритания", "англия"),
}

_RU_TO_LATIN = str.maketrans(
    {
        "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "e", "ж": "zh",
        "з": "z", "и": "i", "й": "y", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o",
        "п": "p", "р": "r", "с": "s", "т": "t", "у": "u", "ф": "f", "х": "kh", "ц": "ts",
        "ч": "ch", "ш": "sh", "щ": "shch", "ъ": "", "ы": "y", "ь": "", "э": "e", "ю": "yu",
        "я": "ya",
    }
)  # fmt: skip


def normalise_name(text: str) -> str:
    """Lower case, no accents, ё→е, punctuation and extra spaces removed."""
    text = unicodedata.normalize("NFKC", text).casefold().replace("ё", "е")
    # Accents go, but NFKD also splits "й" into "и" + a combining breve: keep that breve.
    kept: list[str] = []
    for ch in unicodedata.normalize("NFKD", text):
        if unicodedata.category(ch) == "Mn" and not (ch == "\u0306" and kept[-1:] == ["и"]):
            continue
        kept.append(ch)
    text = unicodedata.normalize("NFC", "".join(kept))
    text = re.sub(r"[^\w\s-]", " ", text).replace("_", " ")
    return re.sub(r"[\s-]+", " ", text).strip()


def to_latin(text: str) -> str:
    """A loose Latin spelling of Russian text ("Грузия" → "gruziya"), for fuzzy matching."""
    return normalise_name(text).translate(_RU_TO_LATIN)


@dataclass(frozen=True)
class City:
    country: str
    slug: str
    name_en: str
    name_ru: str
    timezone: str
    aliases: tuple[str, ...] = field(default=())

    def name(self, locale: str) -> str:
        return self.name_ru if locale == "ru" else self.name_en


@dataclass(frozen=True)
class Match:
    """A typed name matched to a code: ``exact`` when no guessing was needed."""

    code: str
    score: float
    exact: bool


def country_name(code: str, locale: str) -> str:
    """The country's name in ``locale`` (CLDR), e.g. ``country_name("GE", "ru") == "Грузия"``."""
    if code == "*":
        return "🌍"
    name = Locale.parse(locale).territories.get(code)
    if name:
        return str(name)
    entry = pycountry.countries.get(alpha_2=code)
    return str(entry.name) if entry else code


def is_country(code: str) -> bool:
    return code in _country_codes()


@cache
def _country_codes() -> frozenset[str]:
    return frozenset(str(entry.alpha_2) for entry in pycountry.countries)


@cache
def _country_aliases() -> dict[str, str]:
    """Every normalised spelling → ISO code (ru and en CLDR names, pycountry names, codes)."""
    aliases: dict[str, str] = {}
    ru, en = Locale.parse("ru"), Locale.parse("en")
    for entry in pycountry.countries:
        code = str(entry.alpha_2)
        names = {
            code,
            str(entry.alpha_3),
            str(entry.name),
            str(getattr(entry, "common_name", "")),
            str(getattr(entry, "official_name", "")),
            str(ru.territories.get(code, "")),
            str(en.territories.get(code, "")),
        }
        names |= set(_EXTRA_COUNTRY_ALIASES.get(code, ()))
        ru_name = ru.territories.get(code)
        if ru_name:
            names.add(to_latin(str(ru_name)))
        for name in names:
            key = normalise_name(name)
            # Main host countries win a clash ("ge" is Georgia, not a name fragment).
            if len(key) >= 2 and (key not in aliases or code in MAIN_HOST_COUNTRIES):
                aliases[key] = code
    return aliases


def match_country(text: str) -> list[Match]:
    """Codes that ``text`` may name, best first; empty when nothing is close enough.

    Tolerates case, typos and transliteration: "Грузия", "грузия", "Gruzia", "Georgia" and
    "GE" all give Georgia. A single confident result has ``exact`` or a clear lead.
    """
    key = normalise_name(text)[:60]
    if not key:
        return []
    aliases = _country_aliases()
    code = aliases.get(key) or aliases.get(to_latin(key))
    if code:
        return [Match(code, 100.0, exact=True)]
    if len(key) < 3:
        return []
    candidates: dict[str, float] = {}
    for probe in {key, to_latin(key)}:
        for alias, score, _ in process.extract(
            probe, list(aliases), scorer=fuzz.ratio, limit=8, score_cutoff=72
        ):
            code = aliases[alias]
            bonus = 3.0 if code in MAIN_HOST_COUNTRIES else 0.0
            candidates[code] = max(candidates.get(code, 0.0), float(score) + bonus)
    ranked = sorted(candidates.items(), key=lambda item: -item[1])
    return [Match(code, score, exact=False) for code, score in ranked[:4]]


@cache
def _cities() -> dict[str, tuple[City, ...]]:
    raw = yaml.safe_load(resources.files("bot.content").joinpath("cities.yaml").read_text("utf-8"))
    return {
        country: tuple(
            City(
                country=country,
                slug=item["slug"],
                name_en=item["en"],
                name_ru=item["ru"],
                timezone=item["tz"],
                aliases=tuple(item.get("aliases", ())),
            )
            for item in items
        )
        for country, items in raw.items()
    }


def cities_of(country: str | None) -> tuple[City, ...]:
    """The curated cities of a country (empty for countries without a list)."""
    if not country:
        return ()
    return _cities().get(country, ())


def find_city(country: str | None, value: str) -> City | None:
    """A city of ``country`` by slug or English name (as stored), exactly."""
    for city in cities_of(country):
        if value in (city.slug, city.name_en) or normalise_name(value) == normalise_name(
            city.name_en
        ):
            return city
    return None


def match_city(country: str | None, text: str) -> City | None:
    """The city of ``country`` a member typed, tolerating case, typos and transliteration."""
    key = normalise_name(text)[:60]
    if not key:
        return None
    choices: dict[str, City] = {}
    for city in cities_of(country):
        for name in (city.name_en, city.name_ru, city.slug, *city.aliases):
            choices[normalise_name(name)] = city
            choices[to_latin(name)] = city
    if key in choices:
        return choices[key]
    if len(key) < 3:
        return None
    best = process.extractOne(to_latin(key), list(choices), scorer=fuzz.ratio, score_cutoff=75)
    return choices[best[0]] if best else None


def timezone_for(country: str | None, city: str | None = None) -> ZoneInfo:
    """The IANA zone of a city, else the country's first CLDR zone, else UTC."""
    found = find_city(country, city) if city else None
    if found:
        return ZoneInfo(found.timezone)
    if country:
        zones = get_global("territory_zones").get(country)
        if zones:
            return ZoneInfo(zones[0])
    return ZoneInfo("UTC")
