"""``python -m bot faq search`` per the contract, as a separate process on a migrated database."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.integration.test_cli import run_cli

KEYS = ["slug", "country", "topic", "lang", "title", "score"]


@pytest.fixture(scope="module")
def migrated(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict[str, str], Path]:
    """A freshly migrated SQLite database (the starter base loaded by ``migrate``)."""
    folder = tmp_path_factory.mktemp("faq-cli")
    env = {"DATABASE_URL": f"sqlite+aiosqlite:///{folder / 'prichal.db'}", "LOG_LEVEL": "WARNING"}
    result = run_cli("migrate", env=env, cwd=folder)
    assert result.returncode == 0, result.stderr
    return env, folder


def test_one_question_as_json_with_the_profile_country_and_language(
    migrated: tuple[dict[str, str], Path],
) -> None:
    env, folder = migrated
    result = run_cli(
        "faq", "search", "как открыть счёт", "--country", "rs", "--lang", "en", "--limit", "3",
        "--json", env=env, cwd=folder,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    [line] = result.stdout.splitlines()
    hits = json.loads(line)
    assert 1 <= len(hits) <= 3
    assert all(list(hit) == KEYS for hit in hits)
    best = hits[0]
    assert (best["slug"], best["country"], best["topic"], best["lang"]) == (
        "rs/bank-account",
        "RS",
        "bank-account",
        "en",
    )
    assert "bank account in Serbia" in best["title"]
    assert 0 < best["score"] <= 1
    assert [h["score"] for h in hits] == sorted((h["score"] for h in hits), reverse=True)


def test_a_batch_answers_every_line_in_order_and_the_question_country_wins(
    migrated: tuple[dict[str, str], Path],
) -> None:
    env, folder = migrated
    batch = folder / "questions.jsonl"
    lines = [
        {"q": "как открыть счёт в Грузии", "country": "RS", "lang": "ru"},
        {"q": "sim card", "country": "KZ", "lang": "en"},
        None,  # a blank line
        {"q": "kak poluchit vnzh", "country": "AM", "lang": "ru"},
        {"q": "апостиль на диплом", "country": None, "lang": "ru"},
    ]
    batch.write_text(
        "\n".join("" if item is None else json.dumps(item, ensure_ascii=False) for item in lines)
        + "\n",
        encoding="utf-8",
    )
    result = run_cli("faq", "search", "--batch", str(batch), "--limit", "2", env=env, cwd=folder)
    assert result.returncode == 0, result.stderr
    answers = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(answers) == len(lines)
    assert [a[0]["slug"] if a else None for a in answers] == [
        "ge/bank-account",
        "kz/sim-card",
        None,
        "am/residence-permit",
        "global/apostille",
    ]
    assert all(len(a) <= 2 for a in answers)
    assert answers[0][0]["lang"] == "ru" and answers[1][0]["lang"] == "en"


def test_bad_usage_and_unreadable_lines_are_reported(
    migrated: tuple[dict[str, str], Path],
) -> None:
    env, folder = migrated
    result = run_cli("faq", "search", env=env, cwd=folder)
    assert result.returncode == 2
    assert "give either a QUERY or --batch FILE" in result.stderr

    batch = folder / "bad.jsonl"
    batch.write_text('{"q": "sim card"}\nnot json\n{"q": 5}\n', encoding="utf-8")
    result = run_cli("faq", "search", "--batch", str(batch), env=env, cwd=folder)
    assert result.returncode == 1
    out = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(out) == 3 and out[0] and out[1] == [] and out[2] == []
    assert "line 2: not JSON" in result.stderr and 'line 3: "q" must be a string' in result.stderr
