"""Every button of the directory, the queue and the import fits Telegram's 64 bytes, even with
the largest ids, pages and values it can carry."""

from __future__ import annotations

from aiogram.filters.callback_data import CallbackData

from bot.features.admin.transfer_router import ImportCb
from bot.features.directory.keyboards import DirCb, ProposeCb
from bot.features.moderation.keyboards import AppealCb, QueueCb, ReportsCb, StaleCb

BIGGEST_ID = 2**63 - 1
LONGEST_PROFESSION = "hospitality"


def test_the_largest_callback_data_fits_in_64_bytes() -> None:
    worst: list[CallbackData] = [
        DirCb(a="rr", page=99_999, c="GE", p=LONGEST_PROFESSION, g=BIGGEST_ID, r=3),
        ProposeCb(step="ci", v="tel-aviv"),
        ProposeCb(step="i", v="faith-ethnic"),
        QueueCb(a="gone", item=BIGGEST_ID, at=99_999, f="description"),
        ReportsCb(a="keep", report=BIGGEST_ID, at=99_999),
        StaleCb(a="hide", group=BIGGEST_ID, at=99_999),
        AppealCb(item=BIGGEST_ID),
        ImportCb(a="go"),
    ]
    sizes = {type(cb).__name__ + ":" + cb.pack(): len(cb.pack().encode()) for cb in worst}
    assert all(size <= 64 for size in sizes.values()), sizes
