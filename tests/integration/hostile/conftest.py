"""The world of the hostile tests: one harness per test, a fresh member per example."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from tests.conftest import HarnessFactory
from tests.support.hostile import ADMIN, Watch, World


@pytest.fixture
async def world(make_harness: HarnessFactory) -> AsyncIterator[World]:
    harness = await make_harness(admin_ids=str(ADMIN))
    watch = Watch(harness)
    yield World(harness, watch)
    watch.close()
    # How often member text came back (run with -s): walks that never see it prove little.
    print(f"canaries shown back escaped: {watch.canaries_shown} in {watch.checked_texts} texts")
