"""Scam patterns that target emigrants, found in listing texts (Russian and English).

The schemes newcomers lose money to are few and well known: a deposit or prepayment for a
flat nobody has seen, "rent out your card / your account" (money-mule work), requests for
card details, crypto or cash exchange offers, and "guaranteed" visas and residence permits.
A listing that matches is flagged to moderators with the category as the reason, and members
see a warning on its card with a link to that category's safety tips.

Matching works on normalised words (``bot.search.text.tokenize``: case, ё, homoglyphs such as
a Latin "с" in a Russian word), and each word of a pattern is a *prefix*, so Russian
inflection is tolerated (``предоплат`` matches предоплата, предоплату, предоплатой). A pattern
word ending in ``!`` must match exactly (short words: ``до!``, ``btc!``). A rule is a few
*concepts* that must all occur close together (within ``window`` words), which keeps ordinary
texts ("залог при заселении", "зарплата в долларах") from being flagged.

A match is not a scam when the words just before it warn or deny: advice ("помогу не
попасться на залог до просмотра", "how to avoid paying a deposit before viewing") and
negation ("никогда не переводите предоплату", "no deposit before viewing") are what honest
members and moderators write. The labelled corpus in ``tests/unit/features/safety`` keeps the
false positives and false negatives counted (``bench/scam.py`` prints them).

Pure functions; the rules are compiled once, on first use.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass
from functools import cache

from bot.search.text import tokenize

DEPOSIT = "deposit"
CARD_RENTAL = "card-rental"
CARD_DETAILS = "card-details"
EXCHANGE = "exchange"
GUARANTEED_DOCS = "guaranteed-docs"

# Every category, in the order warnings list them; each has a safety-tips page
# (catalog key ``safety-tips-<category>``) and a short label (``scam-flag-<category>``).
CATEGORIES: tuple[str, ...] = (DEPOSIT, CARD_RENTAL, CARD_DETAILS, EXCHANGE, GUARANTEED_DOCS)

# Texts longer than this are checked on their first part only (listings are shorter anyway).
MAX_CHECKED_CHARS = 10_000
# Words a phrase may skip between two of its words ("номер вашей карты").
PHRASE_GAP = 2

_MONEY_UPFRONT = (
    "предоплат|аванс|задат|залог|депозит|оплат вперед|оплат заранее|перевед деньг|"
    "перевест деньг|скин деньг|prepay|pre pay|upfront|deposit|advance payment|pay first|"
    "pay in advance|payment in advance|wire money|send money"
)
_BEFORE = "до!|без!|перед!|прежде!|заранее!|before!|without!|prior!"
_VIEWING = (
    "просмотр|посмотр|показ|осмотр|приезд|заезд|заселен|встреч|view|seeing|see!|visit|arriv|"
    "meeting|move in"
)
_BOOKING = "брон|забронир|book|reserv|hold!|secure the"
_DOCUMENTS = (
    "виз|внж|вид на жительств|рвп|пмж|гражданств|разрешен на работ|разрешен на жительств|"
    "ворк пермит|паспорт|грин карт|голуб карт|visa|permit|residenc|citizenship|passport|"
    "green card|blue card"
)
_GUARANTEE = (
    "гарант|100!|стопроцент|без отказ|без очеред|guarante|no rejection|"
    "no refusal|without rejection|fast track|100 approval"
)
_BUY = "куплю|купить|купим|покупк|продам|продаж|продаю|buy|sell|purchase"
_EXCHANGE_VERB = (
    "обмен|обменя|меняю!|меняем!|поменя|куплю|продам|продаю|покупаю|exchange|swap|buy!|sell!"
)
_EXCHANGE_ASSET = (
    "крипт|usdt|usdc|tether|btc!|bitcoin|биткоин|биткойн|налич|кэш|cash|валют|currency|рубл|"
    "rub!|rubles|roubles|доллар|usd!|dollars|евро|eur!|euros"
)


# Words that, before a match, turn it into a warning or a denial (word prefixes as in the
# rules; ``!``: the exact word). A *weak* guard ("не", "no") reaches a few words back within
# its clause ("не переводите предоплату"); a *strong* one ("никогда", "beware", "как не
# попасться") reaches back through the whole sentence ("Careful: card rental ...").
_WEAK_GUARD = "не!|нет!|ни!|без!|no!|not!|dont!|don!|doesn!"
_STRONG_GUARD = (
    "нельзя|никогда|никаких|никакой|никакого|избег|остерег|осторожн|берег|предостер|"
    "предупрежд|опасайт|опасн|поберег|попада|попаст|развод|мошен|обман|скам|"
    "никому|никто|nobody|never|avoid|beware|careful|warn|scam|fraud|refuse|danger"
)
WEAK_REACH = 4
# Sentences hold a scheme's words together; clauses (split by ":" and ";") bound a
# weak guard.
_SENTENCES = re.compile(r"[.!?\n]+")
_CLAUSES = re.compile(r"[:;]+")


@dataclass(frozen=True)
class Rule:
    """``concepts`` (each a ``|``-list of alternative phrases) all within ``window`` words."""

    category: str
    concepts: tuple[str, ...]
    window: int = 0


RULES: tuple[Rule, ...] = (
    # Money before anyone has seen the flat (or met the "landlord").
    Rule(DEPOSIT, (_MONEY_UPFRONT, _BEFORE, _VIEWING), window=8),
    Rule(DEPOSIT, (_MONEY_UPFRONT, _BOOKING), window=6),
    Rule(DEPOSIT, ("без просмотр|sight unseen|without seeing|without viewing",)),
    # Money first, keys "by courier": the flat is never shown.
    Rule(
        DEPOSIT,
        (
            _MONEY_UPFRONT + "|оплат вперед|вперед за|upfront",
            "ключ курьер|ключ почт|ключ передам|ключ отправ|keys by courier|keys by post|"
            "send the keys|send you the keys|mail the keys",
        ),
        window=8,
    ),
    # Rent out / sell your card or account, or let money pass through it.
    Rule(
        CARD_RENTAL,
        (
            "аренд карт|аренд банковск|аренд счет|аренд аккаунт|карт в аренд|счет в аренд|"
            "аккаунт в аренд|карт на прокат|сда карт|сдат карт|сдай карт|одолж карт|прода карт|"
            "прода счет|прода аккаунт|куп аккаунт|куп банковск|куп счет в|передай карт|"
            "передат карт|buy bank account|buy your account|rent card|rent out card|"
            "rent account|rent out account|rent bank|lend card|lend account|card for rent|"
            "account for rent|sell card|sell account|sell bank",
        ),
    ),
    Rule(
        CARD_RENTAL,
        (
            "дроп!|дропы!|дропов!|дроповод|дропам!|money mule|mule!|прогна деньг|прогон деньг|"
            "пропуст деньг|пропуск деньг|пропуст платеж|принима платеж на карт|"
            "принима перевод на карт|через ваш карт|через ваш счет|через тво карт|через тво счет|"
            "на ваш карт|на тво карт|оформ карт на себ|оформ на себ карт|оформ счет на себ|"
            "открыт счет на себ|payments to your card|payments on your card|"
            "payments to your account|payments on your account|through your card|"
            "through your account|use your card|use your account|using your card|"
            "using your account|your card for|your account for",
        ),
    ),
    # Someone asking for what only the card holder should know.
    Rule(
        CARD_DETAILS,
        (
            "номер карт|данные карт|данные банковск|реквизит карт|cvv|cvc|код из смс|код из sms|"
            "смс код|sms код|код с обратн|срок действ карт|три цифр|3 цифр|пин код|пинкод|"
            "card number|card details|card data|security code|sms code|expiry date|"
            "expiration date|pin code|three digits|3 digits|code on the back",
        ),
    ),
    # Crypto and cash exchange between strangers.
    Rule(EXCHANGE, (_EXCHANGE_VERB, _EXCHANGE_ASSET), window=4),
    Rule(
        EXCHANGE,
        (
            "обнал|обменник|обменн пункт|обменяю|обменяем|выгодн курс|лучш курс|p2p!|р2р!|"
            "cash out|cashout|currency exchange|crypto exchange",
        ),
    ),
    # "Guaranteed" visas, permits, citizenship — and documents for sale.
    Rule(GUARANTEED_DOCS, (_GUARANTEE, _DOCUMENTS), window=5),
    Rule(GUARANTEED_DOCS, (_BUY, _DOCUMENTS), window=3),
)

Phrase = tuple[str, ...]


@dataclass(frozen=True)
class _Compiled:
    category: str
    concepts: tuple[tuple[Phrase, ...], ...]
    window: int


def _word_matches(pattern: str, word: str) -> bool:
    if pattern.endswith("!"):
        return word == pattern[:-1]
    return word.startswith(pattern)


def _normalise_pattern(word: str) -> str:
    exact = word.endswith("!")
    [token] = [t.text for t in tokenize(word.rstrip("!"))] or [word]
    return token + ("!" if exact else "")


@cache
def _compiled() -> tuple[_Compiled, ...]:
    compiled = []
    for rule in RULES:
        concepts = tuple(
            tuple(
                tuple(_normalise_pattern(word) for word in phrase.split())
                for phrase in concept.split("|")
                if phrase.strip()
            )
            for concept in rule.concepts
        )
        compiled.append(_Compiled(rule.category, concepts, rule.window))
    return tuple(compiled)


@cache
def _guards(patterns: str) -> tuple[str, ...]:
    return tuple(_normalise_pattern(word) for word in patterns.split("|") if word.strip())


@dataclass(frozen=True)
class _Sentence:
    words: list[str]
    clauses: list[int]  # the clause of each word


def _guarded(sentence: _Sentence, first: int) -> bool:
    """Whether a match starting at ``first`` is a warning or a denial (see the guards)."""
    words, clauses = sentence.words, sentence.clauses
    if any(_word_matches(g, w) for w in words[:first] for g in _guards(_STRONG_GUARD)):
        return True
    weak = range(max(0, first - WEAK_REACH), first)
    return any(
        clauses[i] == clauses[first] and _word_matches(g, words[i])
        for i in weak
        for g in _guards(_WEAK_GUARD)
    )


def _phrase_spans(words: list[str], phrase: Phrase) -> list[tuple[int, int]]:
    """Where ``phrase`` occurs: (first word, last word) positions."""
    spans = []
    for start, word in enumerate(words):
        if not _word_matches(phrase[0], word):
            continue
        position = start
        for pattern in phrase[1:]:
            following = range(position + 1, min(len(words), position + 2 + PHRASE_GAP))
            position = next((i for i in following if _word_matches(pattern, words[i])), -1)
            if position < 0:
                break
        if position >= 0:
            spans.append((start, position))
    return spans


def _rule_matches(sentence: _Sentence, rule: _Compiled) -> bool:
    words = sentence.words
    occurrences: list[list[tuple[int, int]]] = []
    for concept in rule.concepts:
        spans = sorted(span for phrase in concept for span in _phrase_spans(words, phrase))
        if not spans:
            return False
        occurrences.append(spans)
    if len(occurrences) == 1:
        return any(not _guarded(sentence, start) for start, _ in occurrences[0])
    # Is there a stretch [first, first + window] holding one occurrence of every concept?
    # Only an occurrence's start can be the stretch's first word; bisect keeps it O(n log n).
    starts = [[start for start, _ in spans] for spans in occurrences]
    for first in sorted({start for spans in starts for start in spans}):
        if _guarded(sentence, first):
            continue
        # A scheme is said in one clause: "без предоплаты: платите после просмотра" is two.
        clause_end = first
        while (
            clause_end + 1 < len(words)
            and sentence.clauses[clause_end + 1] == (sentence.clauses[first])
        ):
            clause_end += 1
        last = min(first + rule.window, clause_end)
        if all(
            _fits(spans, concept_starts, first, last)
            for spans, concept_starts in zip(occurrences, starts, strict=True)
        ):
            return True
    return False


def _fits(spans: list[tuple[int, int]], starts: list[int], first: int, last: int) -> bool:
    index = bisect_left(starts, first)
    while index < len(spans) and spans[index][0] <= last:
        if spans[index][1] <= last:
            return True
        index += 1
    return False


def _sentences(text: str) -> list[_Sentence]:
    found = []
    for part in _SENTENCES.split(text):
        words: list[str] = []
        clauses: list[int] = []
        for number, clause in enumerate(_CLAUSES.split(part)):
            tokens = [token.text for token in tokenize(clause)]
            words += tokens
            clauses += [number] * len(tokens)
        if words:
            found.append(_Sentence(words, clauses))
    return found


def scam_flags(*texts: str | None) -> list[str]:
    """The scam categories the texts match, in :data:`CATEGORIES` order (empty: none)."""
    joined = "\n".join(text for text in texts if text)[:MAX_CHECKED_CHARS]
    sentences = _sentences(joined)
    found = {
        rule.category
        for rule in _compiled()
        if any(_rule_matches(sentence, rule) for sentence in sentences)
    }
    return [category for category in CATEGORIES if category in found]


SCAM_FLAG_PREFIX = "scam:"


def review_flags(categories: list[str]) -> list[str]:
    """The flags a moderator sees in the queue (``scam:<category>``)."""
    return [f"{SCAM_FLAG_PREFIX}{category}" for category in categories]


def category_of(flag: str) -> str | None:
    """The scam category of a queue flag (``scam:deposit`` → ``deposit``), if it is one."""
    category = flag.removeprefix(SCAM_FLAG_PREFIX)
    return category if flag.startswith(SCAM_FLAG_PREFIX) and category in CATEGORIES else None
