"""The scam checker on the labelled corpus (ru and en, honest and scam texts).

    python bench/scam.py [--quick]

Prints each misjudged text, then the counts: ``texts``, ``scams``, ``honest``,
``false_positives`` (honest texts flagged), ``false_negatives`` (scams missed) and
``ms_per_text``. The last line is one JSON object of the figures.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bot.features.safety.scam import scam_flags
from tests.unit.features.safety.corpus import CORPUS


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="the same corpus (it is small)")
    parser.parse_args()
    false_positives = false_negatives = 0
    started = time.perf_counter()
    for language, text, scam in CORPUS:
        flags = scam_flags(text)
        if bool(flags) != scam:
            kind = "missed scam" if scam else "honest flagged"
            print(f"  {kind} [{language}] {flags}: {text}", flush=True)
            false_positives += not scam
            false_negatives += scam
    elapsed = time.perf_counter() - started
    figures = {
        "texts": len(CORPUS),
        "scams": sum(1 for _, _, scam in CORPUS if scam),
        "honest": sum(1 for _, _, scam in CORPUS if not scam),
        "false_positives": false_positives,
        "false_negatives": false_negatives,
        "ms_per_text": round(elapsed * 1000 / len(CORPUS), 3),
    }
    print(f"scam corpus: {figures}", flush=True)
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
