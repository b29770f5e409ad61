"""Issue 13, finding 1: the full text of a member's question stayed in the FSM table with no
expiry (and 30 days in Redis). Wizard data is encrypted now in both, and forgotten after
``FSM_TTL`` without a change in both."""

from __future__ import annotations

from datetime import timedelta

from aiogram.fsm.storage.base import StorageKey
from sqlalchemy import select, text, update

from bot.db import crypto
from bot.db.models import FaqGapQuestion, FsmRecord
from bot.db.types import utcnow
from bot.features import plugins
from bot.fsm import FSM_TTL
from bot.plugins import JobContext
from bot.worker.builtin import forget_stale_fsm
from tests.conftest import HarnessFactory
from tests.support.databases import TEST_DATA_KEY
from tests.support.fake_telegram import BOT_ID
from tests.support.story import Harness

ASKER = 7_013_001
QUESTION = "can I open a bank account with a russian passport if my brother deserted"


async def ask_and_thumb_down(harness: Harness) -> None:
    asker = harness.member(ASKER, language_code="en")
    await asker.send("/start ge-tbilisi_it")
    await asker.press("Done")
    await asker.press("Skip")
    await asker.press("No, thanks")
    await asker.send(QUESTION)  # remembered in the wizard data, for a 👎
    await asker.press("👎 No")


async def test_redis_keeps_wizard_data_encrypted_and_expiring(
    make_harness: HarnessFactory, redis_test_url: str
) -> None:
    harness = await make_harness(redis_url=redis_test_url, admin_ids="1")
    await ask_and_thumb_down(harness)
    redis = harness.services.redis
    assert redis is not None
    keys = [key async for key in redis.scan_iter(match="prichal:fsm:*")]
    data_keys = [key for key in keys if key.endswith(b":data")]
    assert data_keys, keys
    for key in data_keys:
        value = (await redis.get(key)).decode()
        assert value.startswith(crypto.PREFIX) and "deserted" not in value
        assert 0 < await redis.ttl(key) <= FSM_TTL.total_seconds()
    # The bot reads it all the same: the question reached the knowledge gaps with the 👎.
    async with harness.services.sessions() as session:
        asked = list(await session.scalars(select(FaqGapQuestion.text)))
    assert " ".join(QUESTION.split()) in asked


async def test_redis_data_under_a_removed_key_is_forgotten_not_an_error(
    make_harness: HarnessFactory, redis_test_url: str
) -> None:
    harness = await make_harness(redis_url=redis_test_url)
    storage = harness.services.storage
    key = StorageKey(bot_id=BOT_ID, chat_id=ASKER, user_id=ASKER)
    await storage.set_data(key, {"draft": "text"})
    crypto.configure_data_keys([crypto.new_key()])  # the key it was written with is gone
    try:
        assert await storage.get_data(key) == {}
    finally:
        crypto.configure_data_keys([TEST_DATA_KEY])


async def test_the_table_keeps_wizard_data_encrypted_and_forgets_it_after_30_days(
    make_harness: HarnessFactory, database_url: str
) -> None:
    harness = await make_harness(database_url, admin_ids="1")
    await ask_and_thumb_down(harness)
    async with harness.services.sessions() as session:
        raw = [row[0] for row in await session.execute(text("SELECT data FROM fsm_states"))]
        assert raw and all(str(value).startswith(crypto.PREFIX) for value in raw)
        assert not any("deserted" in str(value) for value in raw)
        fresh = await session.scalar(select(FsmRecord.key))
    context = JobContext(harness.services, harness.bot, "test", plugins())
    assert await forget_stale_fsm(context) == 0  # fresh conversations stay
    async with harness.services.sessions() as session, session.begin():
        await session.execute(
            update(FsmRecord).values(updated_at=utcnow() - FSM_TTL - timedelta(minutes=1))
        )
    assert await forget_stale_fsm(context) >= 1
    async with harness.services.sessions() as session:
        assert await session.get(FsmRecord, fresh) is None
