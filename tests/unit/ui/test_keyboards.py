"""The UI kit's keyboards: one multi-select, one paginator row, one toggle."""

from __future__ import annotations

from aiogram.filters.callback_data import CallbackData

from bot.ui.keyboards import multiselect, pager, toggled


class PickCb(CallbackData, prefix="t"):
    v: str


class PageCb(CallbackData, prefix="p"):
    n: int


def test_the_multiselect_marks_the_chosen_and_carries_each_value() -> None:
    builder = multiselect(
        [("it", "IT"), ("law", "Law"), ("arts", "Arts")], ["law"], lambda v: PickCb(v=v)
    )
    rows = builder.export()
    assert [len(row) for row in rows] == [2, 1]
    buttons = [button for row in rows for button in row]
    assert [button.text for button in buttons] == ["IT", "✅ Law", "Arts"]
    assert [PickCb.unpack(b.callback_data or "").v for b in buttons] == ["it", "law", "arts"]


def test_the_pager_shows_only_the_ways_that_exist() -> None:
    def texts(page: int, pages: int) -> list[str]:
        return [
            b.text for b in pager(page, pages, lambda n: PageCb(n=n), counter=lambda n: PageCb(n=n))
        ]

    assert texts(0, 1) == []
    assert texts(0, 3) == ["1/3", "▶"]
    assert texts(1, 3) == ["◀", "2/3", "▶"]
    assert texts(2, 3) == ["◀", "3/3"]
    [back, _, forward] = pager(1, 3, lambda n: PageCb(n=n), counter=lambda n: PageCb(n=n))
    assert PageCb.unpack(back.callback_data or "").n == 0
    assert PageCb.unpack(forward.callback_data or "").n == 2


def test_a_press_adds_or_removes_the_value() -> None:
    assert toggled(["a", "b"], "c") == ["a", "b", "c"]
    assert toggled(["a", "b", "c"], "b") == ["a", "c"]
    assert toggled([], "a") == ["a"]
