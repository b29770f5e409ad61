"""The demo groups: valid import data, a few per main host country, links that go nowhere,
loaded idempotently through the import engine and marked as demo everywhere."""

from __future__ import annotations

from collections import Counter

import yaml
from sqlalchemy import select

from bot.db.models import ALL_COUNTRIES, Group
from bot.db.uow import unit_of_work
from bot.features.directory.demo import demo_document, load_demo_groups
from bot.features.directory.transfer import GroupSection
from bot.transfer.engine import parse_document
from tests.conftest import HarnessFactory
from tests.support.directory import onboarded

MAIN_HOSTS = ("GE", "AM", "KZ", "RS", "TR", "IL")


def test_the_demo_file_is_valid_and_clearly_demo() -> None:
    rows = demo_document()["groups"]
    parsed = parse_document(yaml.safe_dump({"groups": rows}), [GroupSection()])
    assert parsed.errors == []
    by_country = Counter(row["country"] for row in rows)
    for country in MAIN_HOSTS:
        assert by_country[country] >= 4, country
        professions = {
            p for row in rows if row["country"] == country for p in row.get("professions", [])
        }
        assert len(professions) >= 2, country
    assert by_country[ALL_COUNTRIES] >= 2
    for row in rows:
        assert row["link"].startswith("https://t.me/example_"), row["slug"]
        assert row["slug"].startswith("demo-")
        assert "Демо" in row["title"] and "Демо" in row["description"]


async def test_loading_twice_creates_them_once_and_members_see_them_as_demo(
    make_harness: HarnessFactory, database_url: str
) -> None:
    harness = await make_harness(database_url)
    expected = len(demo_document()["groups"])
    async with unit_of_work(harness.services.sessions) as session:
        assert await load_demo_groups(session) == expected
    async with unit_of_work(harness.services.sessions) as session:
        assert await load_demo_groups(session) == 0
    async with harness.services.sessions() as session:
        groups = list(await session.scalars(select(Group)))
    assert len(groups) == expected and all(group.is_demo for group in groups)

    anna = await onboarded(harness, 8101, payload="ge-tbilisi_it")
    await anna.send("/communities")
    assert "Демо · IT в Тбилиси" in anna.last.text
    await anna.press("Демо · IT в Тбилиси")  # its card
    assert "(демо)" in anna.last.text
    assert "Проверено модератором" in anna.last.text  # dates moved along with today
