"""The keyboards every wizard and list shares: one multi-select, one paginator row."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from aiogram.filters.callback_data import CallbackData
from aiogram.types import InlineKeyboardButton
from aiogram.utils import keyboard

CHOSEN_MARK = "✅ "


class InlineKeyboardBuilder(keyboard.InlineKeyboardBuilder):
    """aiogram's builder without its quadratic copying: use this one everywhere.

    aiogram's ``add`` deep-copies every button already added (pydantic ``__deepcopy__``) each
    time a button is added, so a 20-button keyboard cost milliseconds per update
    (``bench/updates.py``). Rows are copied here, buttons are shared: nothing mutates a button
    once it is built.
    """

    def export(self) -> list[list[InlineKeyboardButton]]:
        return [list(row) for row in self._markup]


def multiselect(
    options: Iterable[tuple[str, str]],
    chosen: Iterable[str],
    callback: Callable[[str], CallbackData],
    *,
    columns: int = 2,
) -> InlineKeyboardBuilder:
    """Toggle buttons for ``options`` (``(value, label)`` pairs), ``columns`` a row; the chosen
    values are marked ✅. ``callback(value)`` is the button's data.

    Returns the builder so the caller adds its own closing rows (Done / Skip / Cancel). The
    handler of a toggle must still check that the value it got is one it offers: callback data
    is forgeable, and this keyboard only draws.
    """
    picked = set(chosen)
    builder = InlineKeyboardBuilder()
    for value, text in options:
        mark = CHOSEN_MARK if value in picked else ""
        builder.button(text=f"{mark}{text}", callback_data=callback(value))
    builder.adjust(columns)
    return builder


def pager(
    page: int,
    pages: int,
    callback: Callable[[int], CallbackData],
    *,
    previous: str = "◀",
    following: str = "▶",
    counter: Callable[[int], CallbackData] | None = None,
) -> list[InlineKeyboardButton]:
    """The paginator row for ``page`` (0-based) of ``pages``: ◀ before the first page no, ▶ after
    the last no; with ``counter`` (the data of the "n/N" button, e.g. a no-op or "refresh"),
    the position between them. Empty when everything fits one page. ``callback(n)`` is the data
    of the button that opens page ``n``; the handler clamps a forged page number itself.
    """
    row: list[InlineKeyboardButton] = []
    if pages <= 1:
        return row
    if page > 0:
        row.append(InlineKeyboardButton(text=previous, callback_data=callback(page - 1).pack()))
    if counter is not None:
        row.append(
            InlineKeyboardButton(text=f"{page + 1}/{pages}", callback_data=counter(page).pack())
        )
    if page + 1 < pages:
        row.append(InlineKeyboardButton(text=following, callback_data=callback(page + 1).pack()))
    return row


def toggled(chosen: Iterable[str], value: str) -> list[str]:
    """``chosen`` after a press on ``value``'s :func:`multiselect` button: taken out when it was
    there, else added at the end. The caller has already checked that ``value`` is one it
    offers (and any limit on how many)."""
    current = list(chosen)
    return [item for item in current if item != value] if value in current else [*current, value]


__all__ = ["CHOSEN_MARK", "InlineKeyboardBuilder", "multiselect", "pager", "toggled"]
