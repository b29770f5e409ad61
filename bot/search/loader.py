"""Read knowledge-base entries from the FAQ YAML contract (a top-level ``faq:`` list)."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import yaml

from bot.search.documents import FaqDocument

__all__ = ["INACTIVE_STATUSES", "load_documents_from_yaml", "starter_faq_paths"]

#: Entries with one of these ``status`` values are not searchable.
INACTIVE_STATUSES = frozenset({"archived", "draft", "rejected", "retired", "deleted", "hidden"})


def load_documents_from_yaml(paths: Iterable[str | Path]) -> list[FaqDocument]:
    """Every active FAQ entry of the given YAML files, in file order.

    A file without a ``faq`` list contributes nothing; a malformed entry raises
    :class:`ValueError` naming the file and the entry's position.
    """
    documents: list[FaqDocument] = []
    for path in paths:
        path = Path(path)
        with path.open(encoding="utf-8") as fh:
            data = yaml.safe_load(fh) or {}
        if not isinstance(data, dict):
            raise ValueError(f"{path}: expected a mapping with a 'faq' list")
        entries = data.get("faq") or []
        if not isinstance(entries, list):
            raise ValueError(f"{path}: 'faq' must be a list")
        for position, entry in enumerate(entries, start=1):
            if not isinstance(entry, dict):
                raise ValueError(f"{path}: faq entry #{position} is not a mapping")
            status = str(entry.get("status") or "").strip().lower()
            if status in INACTIVE_STATUSES:
                continue
            try:
                documents.append(FaqDocument.from_mapping(entry))
            except ValueError as exc:
                raise ValueError(f"{path}: faq entry #{position}: {exc}") from exc
    return documents


def starter_faq_paths() -> list[Path]:
    """The starter knowledge base shipped in ``bot/content/faq/*.yaml``, sorted by name."""
    folder = Path(__file__).resolve().parent.parent / "content" / "faq"
    return sorted(folder.glob("*.yaml")) + sorted(folder.glob("*.yml"))
