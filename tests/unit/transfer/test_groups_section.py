"""The groups section validates a whole file and says where each problem is."""

from __future__ import annotations

from datetime import date

from bot.features.directory.transfer import GroupRow, GroupSection
from bot.transfer.engine import parse_document

GOOD = """\
groups:
  - slug: ge-tbilisi-designers
    title: Дизайнеры в Тбилиси
    link: https://t.me/example_designers_tbilisi
    kind: chat
    country: GE
    city: tbilisi
    professions: [design]
    interests: [networking, jobs]
    languages: [ru, en]
    description: Портфолио-ревью, заказы, встречи раз в месяц.
    verified_at: 2026-01-10
  - slug: global-relocation
    title: Moving on
    link: "@example_moving_on"
    country: "*"
"""


def errors_of(text: str) -> list[str]:
    return [str(error) for error in parse_document(text, [GroupSection()]).errors]


def test_the_contract_example_is_valid_and_normalised() -> None:
    parsed = parse_document(GOOD, [GroupSection()])
    assert parsed.errors == []
    first, second = parsed.items["groups"]
    assert first == GroupRow(
        slug="ge-tbilisi-designers",
        title="Дизайнеры в Тбилиси",
        link="https://t.me/example_designers_tbilisi",
        kind="chat",  # type: ignore[arg-type]
        country="GE",
        city="Tbilisi",  # the English name, as stored
        professions=["design"],
        interests=["jobs", "networking"],
        languages=["ru", "en"],
        description="Портфолио-ревью, заказы, встречи раз в месяц.",
        verified_at=date(2026, 1, 10),
    )
    assert (second.link, second.country, second.city, second.kind) == (
        "https://t.me/example_moving_on",
        "*",
        None,
        "chat",
    )


def test_every_bad_row_is_reported_by_position_and_line() -> None:
    text = """\
groups:
  - slug: Bad Slug
    title: ok
    link: https://example.com/chat
    country: GE
  - slug: fine-one
    title: fine
    link: "@fine_one_group"
    country: GE
  - slug: no-title
    link: "@no_title_group"
    country: XX
  - slug: fine-one
    title: again
    link: "@fine_one_group"
    country: GE
    city: Belgrade
    professions: [it, wizardry]
    languages: [russian]
    colour: blue
  - just a string
"""
    assert errors_of(text) == [
        "groups[0].slug (line 2): use a-z, 0-9 and single dashes, up to 64",
        "groups[0].link (line 4): not a Telegram link (https://t.me/name, https://t.me/+invite"
        " or @name); a link outside Telegram needs kind: external",
        "groups[2].title (line 10): missing",
        'groups[2].country (line 12): an ISO 3166 code such as GE, or "*" for transnational',
        "groups[3].city (line 17): unknown city of GE; known: Tbilisi, Batumi, Kutaisi",
        "groups[3].professions (line 18): unknown: wizardry; known: arts, beauty, business,"
        " design, education, finance, health, hospitality, it, law, marketing, media, ngo,"
        " other, science, students, trades",
        "groups[3].languages (line 19): not ISO 639-1 codes: russian (e.g. ru, en, ka)",
        "groups[3].colour (line 20): unknown field; known: slug, title, link, kind, country,"
        " city, professions, interests, languages, description, verified_at",
        "groups[4] (line 21): should be a group (slug: ..., title: ..., link: ...)",
    ]


def test_duplicates_within_the_file_are_errors() -> None:
    text = """\
groups:
  - {slug: one-group, title: One, link: "@one_group_x", country: GE}
  - {slug: one-group, title: Two, link: "@two_group_x", country: GE}
  - {slug: three-group, title: Three, link: "https://t.me/ONE_GROUP_X", country: GE}
"""
    assert errors_of(text) == [
        "groups[1].slug (line 3): also used by groups[0]",
        "groups[2].link (line 4): also used by groups[0]",
    ]


def test_yaml_mistakes_unknown_sections_and_repeated_keys() -> None:
    [broken] = errors_of("groups:\n  - slug: a\n   title: b\n")
    # The wording is the YAML parser's (libyaml's or PyYAML's); the place is ours.
    assert broken.startswith("(file): not valid YAML: ") and broken.endswith("(line 3, column 4)")
    assert errors_of("") == ["(file): the file is empty; expected sections: groups"]
    assert errors_of("- a\n- b\n") == [
        "(file) (line 1): expected sections at the top (groups), not a list or a value"
    ]
    assert errors_of("grups: []\n") == ["grups (line 1): unknown section; expected one of: groups"]
    repeated = (
        "groups:\n  - slug: a-b\n    title: x\n    title: y\n    link: '@abcde_x'\n"
        "    country: GE\n"
    )
    assert errors_of(repeated) == ["groups[0].title (line 4): given twice; keep one"]
    assert errors_of("groups: {slug: x}\n") == [
        "groups (line 1): should be a list of groups (- slug: ...)"
    ]


def test_external_links_need_the_external_kind_and_https() -> None:
    base = "groups:\n  - {slug: ext, title: Forum, country: GE, kind: external, link: %s}\n"
    assert errors_of(base % "https://forum.example.org/ge") == []
    for refused in (
        "http://forum.example.org/ge",
        "https://t.me@evil.example/form",  # user info: it goes to evil.example (issue 12)
        "https://forum.example.org:8443/ge",
    ):
        assert errors_of(base % refused) == [
            "groups[0].link (line 2): an external group needs an https:// link"
        ], refused


def test_dates_in_the_future_or_not_dates_are_refused() -> None:
    base = "groups:\n  - {slug: d, title: D, country: GE, link: '@dated_group', verified_at: %s}\n"
    assert errors_of(base % "2026-13-40") == [
        "groups[0].verified_at (line 2): should be a date: 2026-11-01"
    ]
    assert errors_of(base % "2999-01-01") == ["groups[0].verified_at (line 2): is in the future"]
