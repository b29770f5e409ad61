"""Plain values exchanged with the search index."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

__all__ = ["GLOBAL_COUNTRY", "FaqDocument", "FaqText", "SearchHit"]

#: The ``country`` of an entry that applies everywhere.
GLOBAL_COUNTRY = "*"


@dataclass(frozen=True, slots=True)
class FaqText:
    """One language version of an entry."""

    question: str
    answer: str = ""
    keywords: tuple[str, ...] = ()


def _frozen_texts(texts: Mapping[str, FaqText]) -> Mapping[str, FaqText]:
    return MappingProxyType(dict(texts))


@dataclass(frozen=True, slots=True)
class FaqDocument:
    """What the index needs of a knowledge-base entry; built from database rows or YAML.

    ``slug`` is the stable id (``"ge/bank-account"``), ``country`` an ISO alpha-2 code in
    capitals or ``"*"`` for a global entry, ``topic`` a FAQ topic slug, and ``texts`` maps a
    language code (``"ru"``, ``"en"``) to that language's :class:`FaqText`.
    """

    slug: str
    country: str
    topic: str
    texts: Mapping[str, FaqText] = field(default_factory=dict, hash=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "country", (self.country or GLOBAL_COUNTRY).strip().upper())
        object.__setattr__(self, "texts", _frozen_texts(self.texts))

    @property
    def is_global(self) -> bool:
        """True for an entry that applies in every country (``country == "*"``)."""
        return self.country == GLOBAL_COUNTRY

    def title(self, lang: str | None) -> tuple[str, str]:
        """``(lang, question)`` in ``lang`` when the entry has it, else in another language
        (Russian, then English, then any), so a hit always has a title."""
        order = [lang] if lang else []
        order += ["ru", "en", *sorted(self.texts)]
        for code in order:
            text = self.texts.get(code) if code else None
            if text is not None and text.question.strip():
                return code, text.question.strip()
        return (lang or "ru"), self.slug

    @classmethod
    def from_mapping(cls, data: Mapping[str, Any]) -> FaqDocument:
        """Build from the FAQ YAML contract's shape (``slug``, ``country``, ``topic``,
        ``texts: {lang: {question, answer, keywords}}``); extra keys are ignored.

        Raises :class:`ValueError` when ``slug`` is missing or ``texts`` is malformed.
        """
        slug = str(data.get("slug") or "").strip()
        if not slug:
            raise ValueError("FAQ entry without a slug")
        raw_texts = data.get("texts") or {}
        if not isinstance(raw_texts, Mapping):
            raise ValueError(f"{slug}: texts must be a mapping of language to text")
        texts: dict[str, FaqText] = {}
        for lang, raw in raw_texts.items():
            if not isinstance(raw, Mapping):
                raise ValueError(f"{slug}: texts.{lang} must be a mapping")
            keywords = raw.get("keywords") or ()
            if isinstance(keywords, str):
                keywords = [keywords]
            texts[str(lang)] = FaqText(
                question=str(raw.get("question") or ""),
                answer=str(raw.get("answer") or ""),
                keywords=tuple(str(k) for k in keywords),
            )
        topic = str(data.get("topic") or "").strip()
        if not topic and "/" in slug:
            topic = slug.split("/", 1)[1]
        return cls(slug=slug, country=str(data.get("country") or "*"), topic=topic, texts=texts)


@dataclass(frozen=True, slots=True)
class SearchHit:
    """One search result. ``title`` is the entry's question in ``lang``; ``score`` is in
    ``[0, 1]`` (1 = every word of the question found where it matters most)."""

    slug: str
    country: str
    topic: str
    lang: str
    title: str
    score: float

    def as_dict(self) -> dict[str, str | float]:
        """The JSON shape of the ``faq search --json`` contract."""
        return {
            "slug": self.slug,
            "country": self.country,
            "topic": self.topic,
            "lang": self.lang,
            "title": self.title,
            "score": self.score,
        }
