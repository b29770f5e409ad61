"""The feature list: every feature folder with a descriptor is listed once, and the registries
built from the list hold what each descriptor declares."""

from __future__ import annotations

import importlib
from pathlib import Path

import pytest

import bot.features
from bot.db.models import ReviewKind
from bot.features import FEATURES, plugins
from bot.plugins import Feature, Plugins

FEATURES_DIR = Path(bot.features.__file__).parent


def test_every_feature_folder_with_a_descriptor_is_listed() -> None:
    declared: list[Feature] = []
    for path in sorted(FEATURES_DIR.glob("*/feature.py")):
        module = importlib.import_module(f"bot.features.{path.parent.name}.feature")
        declared += [value for value in vars(module).values() if isinstance(value, Feature)]
    assert declared, "no descriptor found"
    missing = [feature.name for feature in declared if feature not in FEATURES]
    assert not missing, f"descriptors not listed in bot/features/__init__.py: {missing}"


def test_each_feature_is_listed_once_and_the_catch_all_comes_last() -> None:
    names = [feature.name for feature in FEATURES]
    assert len(names) == len(set(names))
    routers = plugins().build_routers()
    assert routers[-1].name == "fallback"
    assert len({router.name for router in routers}) == len(routers)


def test_the_registries_gather_what_the_descriptors_declare() -> None:
    registry = plugins()
    # Every kind the queue decides on (the knowledge base has its editors' own screens).
    assert set(registry.review_handlers) == set(ReviewKind) - {ReviewKind.FAQ}
    assert [section.name for section in registry.transfer_sections] == ["groups", "faq"]
    # Erasure: conversations before the listings they are about, the profile last.
    names = [section.name for section in registry.personal_data]
    assert names.index("relay") < names.index("listings") and names[-1] == "profile"
    assert len({job.name for job in registry.jobs}) == len(registry.jobs)


def test_a_new_feature_plugs_in_by_its_descriptor_alone() -> None:
    async def load_nothing(session: object) -> int:
        return 0

    extra = Feature("newcomer_guide", demo={"guide": load_nothing})  # type: ignore[dict-item]
    registry = Plugins.of([*FEATURES, extra])
    assert registry.demo_loaders["guide"] is load_nothing
    with pytest.raises(ValueError, match="listed twice"):
        Plugins.of([*FEATURES, FEATURES[0]])
