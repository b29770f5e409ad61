"""The two kinds of listing, and how each maps to its table and its review kind."""

from __future__ import annotations

from enum import StrEnum

from bot.db.models import Job, Offer, ReviewKind

Listing = Job | Offer


class ListingKind(StrEnum):
    """Short codes: they travel in callback data."""

    JOB = "j"
    OFFER = "o"

    @property
    def model(self) -> type[Job] | type[Offer]:
        return Job if self is ListingKind.JOB else Offer

    @property
    def review_kind(self) -> ReviewKind:
        return ReviewKind.JOB if self is ListingKind.JOB else ReviewKind.OFFER

    @classmethod
    def of(cls, listing: Listing) -> ListingKind:
        return _KIND_OF_MODEL[type(listing)]

    @classmethod
    def parse(cls, value: str) -> ListingKind | None:
        try:
            return cls(value)
        except ValueError:
            return None


_KIND_OF_MODEL: dict[type[Listing], ListingKind] = {Job: ListingKind.JOB, Offer: ListingKind.OFFER}
