"""Taxonomies: professions, interests/needs, FAQ topics, offer categories (slugs are contract)."""

from __future__ import annotations

from enum import StrEnum

from sqlalchemy import Boolean, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from bot.db.base import Base


class TaxonomyKind(StrEnum):
    PROFESSION = "profession"
    INTEREST = "interest"
    FAQ_TOPIC = "faq_topic"
    OFFER_CATEGORY = "offer_category"

    @property
    def label_prefix(self) -> str:
        """The Fluent key prefix of this kind's labels."""
        return _LABEL_PREFIX[self]


_LABEL_PREFIX = {
    TaxonomyKind.PROFESSION: "profession",
    TaxonomyKind.INTEREST: "interest",
    TaxonomyKind.FAQ_TOPIC: "topic",
    TaxonomyKind.OFFER_CATEGORY: "offer-category",
}


class TaxonomyTerm(Base):
    """A slug of one taxonomy, its place on the buttons, and whether it is offered.

    Labels live in the Fluent catalogs (``locales/<lang>/taxonomy.ftl``, key
    ``<kind prefix>-<slug>``) so that translators work in one place. The starter set comes
    from ``bot/content/taxonomy.yaml``.
    """

    __tablename__ = "taxonomy_terms"

    kind: Mapped[TaxonomyKind] = mapped_column(String(16), primary_key=True)
    slug: Mapped[str] = mapped_column(String(32), primary_key=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    is_active: Mapped[bool] = mapped_column(Boolean, default=True)
