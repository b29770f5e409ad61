"""Issue 13, finding 8: on SQLite an id freed by a deletion was given to the next row, so after
``/delete_me`` a new request became "#1" again and an old "📄 The listing" button opened
someone else's listing. Ids are never reused now, and a stale button says the item is gone."""

from __future__ import annotations

from sqlalchemy import text

from bot.db.base import Base
from tests.conftest import HarnessFactory
from tests.integration.features.listings.test_jobs import published_job
from tests.integration.features.listings.test_relay import employer_and_candidate
from tests.support.listings import newcomer

CAROL = 655_000_003


async def test_a_stale_button_for_an_erased_listing_never_opens_another(
    make_harness: HarnessFactory, database_url: str
) -> None:
    harness = await make_harness(database_url, admin_ids="1")
    anastasia, borislav, job = await employer_and_candidate(harness)
    await borislav.press_data(f"ls:j:v:{job.id}:")
    await borislav.press("Apply through the bot")
    await borislav.send("Hello! Five years of Python here.")
    await anastasia.press("Answer")
    await anastasia.send("Thank you, we will write back.")
    answer = borislav.last
    assert any("The listing" in label for label, _ in answer.buttons())

    # The employer erases themselves: the job goes, and it was the newest row of its table.
    await anastasia.send("/delete_me")
    await anastasia.press("Yes, erase everything")
    carol = await newcomer(harness, CAROL, name="Carol")
    assert carol.user_id == CAROL
    newer = await published_job(harness, CAROL, title="Carol's own job")
    assert newer.id > job.id  # never the erased job's id again

    await borislav.press_on(answer, "The listing")
    shown = borislav.last_answer() or borislav.last.text
    assert "no longer available" in shown
    assert "Carol's own job" not in borislav.last.text


async def test_every_surrogate_key_on_sqlite_is_autoincrement(sqlite_url: str) -> None:
    """SQLite reuses the largest freed rowid unless the table says AUTOINCREMENT."""
    from bot.db.engine import create_engine

    engine = create_engine(sqlite_url)
    try:
        async with engine.connect() as connection:
            rows = await connection.execute(text("SELECT name, sql FROM sqlite_master"))
            schema = {name: sql or "" for name, sql in rows}
    finally:
        await engine.dispose()
    tables = Base.metadata.sorted_tables
    surrogate = [table.name for table in tables if table.autoincrement_column is not None]
    assert len(surrogate) >= 15
    missing = [name for name in surrogate if "AUTOINCREMENT" not in schema[name].upper()]
    assert missing == []
