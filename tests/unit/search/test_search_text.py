"""Normalisation and tokenising."""

from __future__ import annotations

from bot.search.text import detect_script_lang, normalize, script_of, tokenize


def words(text: str) -> list[str]:
    return [t.text for t in tokenize(text)]


def test_normalize_folds_case_yo_punctuation() -> None:
    assert normalize("Как открыть СЧЁТ в Грузии?!") == "как открыть счет в грузии"
    assert normalize("«Мир» — работает?..") == "мир работает"


def test_normalize_strips_invisible_characters() -> None:
    # zero-width space, zero-width joiner, soft hyphen, BOM, right-to-left mark
    assert normalize("сч\u200bёт\u200d ба\u00adнк\ufeff\u200f") == "счет банк"


def test_normalize_strips_latin_diacritics_but_keeps_cyrillic_letters() -> None:
    assert normalize("Paušal İstanbul Türkiye") == "pausal istanbul turkiye"
    assert normalize("Йошкар-Ола, ещё") == "йошкар ола еще"


def test_tokenize_splits_hyphens_and_marks_capitals() -> None:
    tokens = tokenize("ВНЖ в Нови-Саде, IT-компания")
    assert [t.text for t in tokens] == ["внж", "в", "нови", "саде", "it", "компания"]
    assert [t.upper for t in tokens] == [True, False, False, False, True, False]
    assert [t.pos for t in tokens] == list(range(6))


def test_tokenize_repairs_homoglyphs_in_mixed_script_words() -> None:
    # Latin "c" inside a Cyrillic word; Latin "B" and "H" inside "ВНЖ".
    assert words("cчёт") == ["счет"]
    assert words("BHЖ") == ["внж"]
    # A Cyrillic "о" inside an English word.
    assert words("bаnk") == ["bank"]


def test_tokenize_splits_real_mixed_words() -> None:
    assert words("ВНЖserbia") == ["внж", "serbia"]


def test_tokenize_limit_and_max_chars() -> None:
    assert len(tokenize("слово " * 100, limit=7)) == 7
    assert words(
        "раз два три" + " четыре" * 10,
    )[:3] == ["раз", "два", "три"]
    assert words(
        "абв где",
    ) == ["абв", "где"]
    assert tokenize("абв где", max_chars=3)[0].text == "абв"
    assert len(tokenize("абв где", max_chars=3)) == 1


def test_tokenize_odd_input() -> None:
    assert tokenize("") == []
    assert tokenize("🙂🙂🙂 ?!… \u200b") == []
    assert words("שלום עולם") == ["שלום", "עולם"]
    assert script_of("שלום") == "other"
    assert script_of("2026") == "num"


def test_detect_script_lang() -> None:
    assert detect_script_lang("Как открыть счёт") == "ru"
    assert detect_script_lang("How to open an account") == "en"
    assert detect_script_lang("ВНЖ in Serbia") == "en"
    assert detect_script_lang("ВНЖ в Сербии, IE") == "ru"
    assert detect_script_lang("🙂 123") is None
