"""A wizard survives a restart of the bot: SQL storage by default, Redis when configured."""

from __future__ import annotations

from aiogram.fsm.storage.base import StorageKey
from sqlalchemy import event

from bot.db.context import current_session
from bot.fsm import SqlStorage
from tests.conftest import HarnessFactory


async def test_a_wizard_survives_a_restart_on_the_embedded_default(
    make_harness: HarnessFactory, sqlite_url: str
) -> None:
    first = await make_harness(sqlite_url)
    anna = first.member(7001, language_code="ru")
    await anna.send("/start")
    await anna.press("Русский")
    await anna.press("Грузия")  # now at the city step

    # A new process: new services, new storage, same database file.
    second = await make_harness(sqlite_url)
    second.telegram.continue_from(first.telegram)
    anna_again = second.member(7001, language_code="ru")
    await anna_again.send("Батуми")
    assert "Понял: Батуми" in anna_again.last.text
    assert "Чем вы занимаетесь" in anna_again.last.text
    # The city step shown by the first process lost its buttons once she typed the answer.
    assert [m for m in anna_again.transcript() if m.buttons()] == [anna_again.last]


async def test_a_wizard_survives_a_restart_with_redis(
    make_harness: HarnessFactory, redis_test_url: str
) -> None:
    first = await make_harness(redis_url=redis_test_url)
    tom = first.member(7002, language_code="en")
    await tom.send("/start")
    await tom.press("English")
    await tom.press("Armenia")

    second = await make_harness(first.services.settings.database_url, redis_url=redis_test_url)
    second.telegram.continue_from(first.telegram)
    tom_again = second.member(7002, language_code="en")
    await tom_again.send("Gyumri")
    assert "Got it: Gyumri" in tom_again.last.text


async def test_inside_an_update_the_state_is_read_once_and_a_rollback_forgets_it(
    make_harness: HarnessFactory, database_url: str
) -> None:
    harness = await make_harness(database_url)
    storage = harness.services.storage
    assert isinstance(storage, SqlStorage)
    key = StorageKey(bot_id=1, chat_id=7003, user_id=7003)
    statements: list[str] = []
    engine = harness.services.engine.sync_engine

    def count(*args: object) -> None:
        statements.append(str(args[2]))

    event.listen(engine, "before_cursor_execute", count)
    try:
        async with harness.services.sessions() as session:
            token = current_session.set(session)
            try:
                await session.begin()
                await storage.set_state(key, "Wizard:step")
                reads = sum("FROM fsm_states" in s for s in statements)
                assert await storage.get_state(key) == "Wizard:step"
                assert await storage.get_data(key) == {}
                # Written then read back twice in the same transaction: no new query.
                assert sum("FROM fsm_states" in s for s in statements) == reads
                await session.rollback()
                # A new transaction after the rollback reads again, and finds nothing.
                await session.begin()
                assert await storage.get_state(key) is None
                assert sum("FROM fsm_states" in s for s in statements) == reads + 1
            finally:
                current_session.reset(token)
    finally:
        event.remove(engine, "before_cursor_execute", count)
