"""Ranking: place first (city, country, transnational; other cities of the country only in the
whole country's list), then the overlap of professions and then interests, then the most
recently verified; another country never."""

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
    overlap,
    place_tier,
    rank,
    whole_country_of,
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
    assert titles(rank(groups, TBILISI_IT)) == ["tbilisi it", "georgia it", "worldwide it"]
    # "More in Georgia": the whole country, her city first, no transnational groups.
    whole = whole_country_of(TBILISI_IT)
    assert whole is not None
    assert titles(rank(groups, whole)) == ["tbilisi it", "georgia it", "batumi it"]


def test_an_it_newcomer_in_tbilisi_gets_the_tbilisi_it_chat_first_and_no_batumi_parents() -> None:
    """Issue 16: a Batumi parents' group ranked above transnational IT groups for an IT
    newcomer in Tbilisi, and a general housing channel above the Tbilisi IT chat that matches
    her profession and interests."""
    newcomer = Viewer("GE", "Tbilisi", frozenset({"it"}), frozenset({"housing", "jobs"}))
    groups = [
        group("batumi parents", city="Batumi", interests=("kids", "events"), verified_days_ago=1),
        group("tbilisi housing", city="Tbilisi", interests=("housing",), verified_days_ago=1),
        group("remote it jobs", ALL_COUNTRIES, professions=("it",), interests=("jobs",)),
        group("it relocation", ALL_COUNTRIES, professions=("it",), verified_days_ago=40),
        group(
            "tbilisi it",
            city="Tbilisi",
            professions=("it",),
            interests=("jobs",),
            verified_days_ago=90,
        ),
        group("georgia legal", interests=("legal",), verified_days_ago=2),
    ]
    ranked = titles(rank(groups, newcomer))
    assert ranked == [
        "tbilisi it",  # her city, her profession and an interest: first
        "tbilisi housing",  # her city, general: below the chat of her trade
        "georgia legal",  # her country
        "remote it jobs",  # transnational IT
        "it relocation",
    ]
    # The Batumi parents' group is not above the transnational IT groups: it is not in her
    # list at all, but one press away under "more in Georgia", after her own city.
    whole = whole_country_of(newcomer)
    assert whole is not None
    assert titles(rank(groups, whole)) == [
        "tbilisi it",
        "tbilisi housing",
        "georgia legal",
        "batumi parents",
    ]


def test_one_shared_profession_outweighs_shared_interests() -> None:
    assert overlap(group("x", professions=("it",)), TBILISI_IT) == (1, 0)
    groups = [
        group("housing and it talk", city="Tbilisi", interests=("housing",), verified_days_ago=1),
        group("it", city="Tbilisi", professions=("it",), verified_days_ago=300),
    ]
    assert titles(rank(groups, TBILISI_IT)) == ["it", "housing and it talk"]


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
    assert not is_for(group("x", city="Batumi"), TBILISI_IT)  # only under "more in Georgia"
    assert place_tier(group("x", ALL_COUNTRIES), TBILISI_IT) == TRANSNATIONAL
    assert SAME_CITY < WHOLE_COUNTRY < TRANSNATIONAL < OTHER_CITY
    assert place_tier(group("x", "RS"), TBILISI_IT) is None
    # No city in the profile: the country's groups are one tier.
    assert place_tier(group("x", city="Batumi"), Viewer("GE")) == WHOLE_COUNTRY
    # No country at all: transnational groups only.
    assert place_tier(group("x"), Viewer(None)) is None
    assert place_tier(group("x", ALL_COUNTRIES), Viewer(None)) == TRANSNATIONAL


def test_filters_replace_the_place_or_the_profession_not_the_profile() -> None:
    serbia = with_filters(TBILISI_IT, country="RS", profession=None)
    assert (serbia.country, serbia.city, serbia.professions) == ("RS", None, frozenset({"it"}))
    assert serbia.whole_country and place_tier(group("x", ALL_COUNTRIES), serbia) is None
    only_online = with_filters(TBILISI_IT, country=ALL_COUNTRIES, profession=None)
    assert place_tier(group("x"), only_online) is None
    assert place_tier(group("x", ALL_COUNTRIES), only_online) == TRANSNATIONAL
    same = with_filters(TBILISI_IT, country="GE", profession=None)
    assert same == whole_country_of(TBILISI_IT)  # her own country: the whole of it, city first
    assert TBILISI_IT.city == "Tbilisi" and TBILISI_IT.professions == frozenset({"it"})
