"""The scam checker on a labelled corpus (issue 12, attack 5): false positives and false
negatives are counted and printed; honest advice and warnings are not flagged."""

from __future__ import annotations

from bot.features.safety.scam import scam_flags
from tests.unit.features.safety.corpus import CORPUS

# What the checker does on the corpus now; a change that makes either worse fails.
MAX_FALSE_POSITIVES = 0
MAX_FALSE_NEGATIVES = 0


def measure() -> dict[str, int]:
    false_positives = sum(1 for _, text, scam in CORPUS if not scam and scam_flags(text))
    false_negatives = sum(1 for _, text, scam in CORPUS if scam and not scam_flags(text))
    return {
        "texts": len(CORPUS),
        "scams": sum(1 for _, _, scam in CORPUS if scam),
        "honest": sum(1 for _, _, scam in CORPUS if not scam),
        "false_positives": false_positives,
        "false_negatives": false_negatives,
    }


def test_the_corpus_is_large_enough_in_both_languages() -> None:
    assert len(CORPUS) >= 100
    for language in ("ru", "en"):
        labels = {scam for lang, _, scam in CORPUS if lang == language}
        assert labels == {True, False}, language


def test_false_positives_and_negatives_on_the_corpus(capsys: object) -> None:
    figures = measure()
    print(f"\nscam corpus: {figures}")
    wrong = [(scam, text) for _, text, scam in CORPUS if bool(scam_flags(text)) != scam]
    assert figures["false_positives"] <= MAX_FALSE_POSITIVES, wrong
    assert figures["false_negatives"] <= MAX_FALSE_NEGATIVES, wrong


def test_advice_and_negation_do_not_trigger() -> None:
    for text in (
        "помогу не попасться на залог до просмотра",
        "Никогда не переводите предоплату до просмотра",
        "How to avoid paying a deposit before viewing",
    ):
        assert scam_flags(text) == [], text
    assert scam_flags("Нужна предоплата до просмотра") == ["deposit"]
