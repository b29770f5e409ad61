"""The ``faq`` section of the import/export YAML (contract in DESIGN.md).

Validation is the whole file's, pure and positional (``faq[2].texts.ru.answer``); applying
upserts by slug through :func:`bot.features.faq.editing.upsert_item`; export writes the same
format, so exporting and importing again changes nothing. ``verified_at`` and ``verified_by``
(a moderator's confirmation) are exported with each other, as the contract says, so a restore
keeps who confirmed what; ``checked_on`` and the practical fields round-trip too.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.access import audit
from bot.db.models import FaqEntry, FaqStatus
from bot.features.faq.editing import AUDIT_KIND, upsert_item
from bot.features.faq.validation import FaqItem, validate_rows
from bot.transfer.base import SectionReport, TransferError


class FaqSection:
    """Implements :class:`bot.transfer.base.TransferSection` for the ``faq`` key."""

    name = "faq"

    def validate(self, rows: object) -> tuple[list[Any], list[TransferError]]:
        items, errors = validate_rows(rows, self.name)
        return list(items), [TransferError(position, message) for position, message in errors]

    async def apply(
        self, session: AsyncSession, items: list[Any], actor_id: int | None
    ) -> SectionReport:
        report = SectionReport()
        for item in items:
            assert isinstance(item, FaqItem)
            change = await upsert_item(session, item, actor_id=actor_id)
            if change == "unchanged":
                report.unchanged += 1
                continue
            if change == "created":
                report.created += 1
            else:
                report.updated += 1
            await audit(
                session,
                actor_id=actor_id,
                action="faq.import",
                target_kind=AUDIT_KIND,
                target_id=item.slug,
                scope=item.country,
                details={"change": change},
            )
        return report

    async def export(self, session: AsyncSession) -> list[dict[str, Any]]:
        entries = await session.scalars(select(FaqEntry).order_by(FaqEntry.slug))
        return [export_row(entry) for entry in entries]


def export_row(entry: FaqEntry) -> dict[str, Any]:
    """One entry in the import format (keys in the contract's order)."""
    row: dict[str, Any] = {
        "slug": entry.slug,
        "country": entry.country,
        "topic": entry.topic,
        "volatility": str(entry.volatility),
    }
    if entry.status != FaqStatus.PUBLISHED:
        row["status"] = str(entry.status)
    if entry.checked_on is not None:
        row["checked_on"] = entry.checked_on
    if entry.review_by is not None:
        row["review_by"] = entry.review_by
    if entry.verified_at is not None:
        row["verified_at"] = entry.verified_at
        if entry.verified_by is not None:
            row["verified_by"] = entry.verified_by
    row["sources"] = list(entry.sources or ())
    row["texts"] = {
        text.lang: {
            "question": text.question,
            "answer": text.answer,
            "keywords": list(text.keywords or ()),
            **(text.details or {}),
        }
        for text in sorted(entry.texts, key=lambda t: (t.lang not in ("ru", "en"), t.lang))
    }
    return row
