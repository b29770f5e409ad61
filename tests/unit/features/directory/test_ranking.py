"""Ranking: place first (city, country, other cities, transnational), then the overlap of
professions and interests, then the most recently verified; another country never."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from itertools import count

from bot.db.models import ALL_COUNTRIES, Group
from bot.features.directory.service import (
    ANY,
    OTHER_CITY,
    SAME_CITY,
    TRANSNATIONAL,
    WHOLE_COUNTRY,
    Viewer,
    is_for,
    place_tier,
    rank,
    with_filters,
)

NOW = datetime(2026, 11, 20, tzinfo=UTC)
_ids = count(1)


def group(
    title: str,
    country: str = "GE",
    city: str | None = None,
    professions: tuple[str, ...] = (),
    interests: tuple[str, ...] = (),
    verified_days_ago: int | None = 10,
) -> Group:
    return Group(
        id=next(_ids),
        title=title,
        country=country,
        city=city,
        professions=list(professions),
        interests=list(interests),
        verified_at=None if verified_days_ago is None else NOW - timedelta(days=verified_days_ago),
    )


TBILISI_IT = Viewer("GE", "Tbilisi", frozenset({"it"}), frozenset({"housing"}))


def titles(groups: list[Group]) -> list[str]:
    return [g.title for g in groups]


def test_a_tbilisi_it_member_gets_city_then_country_then_transnational_and_never_serbia() -> None:
    groups = [
        group("worldwide it", ALL_COUNTRIES, professions=("it",)),
        group("serbia it", "RS", professions=("it",)),
        group("belgrade it", "RS", "Belgrade", professions=("it",)),
        group("georgia it", professions=("it",)),
        group("tbilisi it", city="Tbilisi", professions=("it",)),
        group("batumi it", city="Batumi", professions=("it",)),
    ]
    assert titles(rank(groups, TBILISI_IT)) == [
        "tbilisi it",
        "georgia it",
        "batumi it",
        "worldwide it",
    ]


def test_more_overlap_first_within_a_place_then_the_freshest_verification() -> None:
    groups = [
        group("general, verified yesterday", city="Tbilisi", verified_days_ago=1),
        group("it, verified long ago", city="Tbilisi", professions=("it",), verified_days_ago=300),
        group("it and housing", city="Tbilisi", professions=("it",), interests=("housing",)),
        group("never verified general", city="Tbilisi", verified_days_ago=None),
        group("general, verified a month ago", city="Tbilisi", verified_days_ago=30),
    ]
    assert titles(rank(groups, TBILISI_IT)) == [
        "it and housing",
        "it, verified long ago",
        "general, verified yesterday",
        "general, verified a month ago",
        "never verified general",
    ]


def test_a_group_for_other_professions_is_left_out_but_the_filter_finds_it() -> None:
    designers = group("designers", city="Tbilisi", professions=("design",))
    assert not is_for(designers, TBILISI_IT)
    assert is_for(designers, with_filters(TBILISI_IT, country=None, profession="design"))
    assert is_for(designers, with_filters(TBILISI_IT, country=None, profession=ANY))
    # A member who named no profession sees groups of every profession.
    assert is_for(designers, Viewer("GE", "Tbilisi"))


def test_place_tiers() -> None:
    assert place_tier(group("x", city="Tbilisi"), TBILISI_IT) == SAME_CITY
    assert place_tier(group("x"), TBILISI_IT) == WHOLE_COUNTRY
    assert place_tier(group("x", city="Batumi"), TBILISI_IT) == OTHER_CITY
    assert place_tier(group("x", ALL_COUNTRIES), TBILISI_IT) == TRANSNATIONAL
    assert place_tier(group("x", "RS"), TBILISI_IT) is None
    # No city in the profile: the country's groups are one tier.
    assert place_tier(group("x", city="Batumi"), Viewer("GE")) == WHOLE_COUNTRY
    # No country at all: transnational groups only.
    assert place_tier(group("x"), Viewer(None)) is None
    assert place_tier(group("x", ALL_COUNTRIES), Viewer(None)) == TRANSNATIONAL


def test_filters_replace_the_place_or_the_profession_not_the_profile() -> None:
    serbia = with_filters(TBILISI_IT, country="RS", profession=None)
    assert (serbia.country, serbia.city, serbia.professions) == ("RS", None, frozenset({"it"}))
    only_online = with_filters(TBILISI_IT, country=ALL_COUNTRIES, profession=None)
    assert place_tier(group("x"), only_online) is None
    assert place_tier(group("x", ALL_COUNTRIES), only_online) == TRANSNATIONAL
    same = with_filters(TBILISI_IT, country="GE", profession=None)
    assert same == TBILISI_IT  # "another country" set to one's own changes nothing
    assert TBILISI_IT.city == "Tbilisi" and TBILISI_IT.professions == frozenset({"it"})
