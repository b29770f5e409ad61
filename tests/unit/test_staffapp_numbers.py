"""The small pure parts of the staff app's read models: suppression and the edit diff."""

from __future__ import annotations

from bot.features.staffapp.service import diff_lines, suppressed


def test_one_to_four_people_are_suppressed_nobody_and_five_are_shown() -> None:
    assert [suppressed(n) for n in range(7)] == [0, None, None, None, None, 5, 6]


def test_the_diff_shows_removed_and_added_lines_against_the_current_text() -> None:
    current = "Open an account.\nBring your passport.\nIt takes a day."
    proposed = "Open an account.\nBring your passport and a lease.\nIt takes a day."
    assert diff_lines(current, proposed) == [
        {"op": "=", "text": "Open an account."},
        {"op": "-", "text": "Bring your passport."},
        {"op": "+", "text": "Bring your passport and a lease."},
        {"op": "=", "text": "It takes a day."},
    ]
    assert all(line["op"] == "=" for line in diff_lines(current, current))
