"""A member's professions and interests are read in one statement, sensitive ones included."""

from __future__ import annotations

from sqlalchemy import event

from bot.db.models import Member
from bot.features.profile.service import (
    add_profession,
    interest_slugs,
    profession_slugs,
    profile_slugs,
    toggle_interest,
)
from tests.conftest import HarnessFactory


async def test_professions_and_interests_come_in_one_statement(
    make_harness: HarnessFactory, database_url: str
) -> None:
    harness = await make_harness(database_url=database_url)
    async with harness.services.sessions() as session:
        session.add(Member(id=4101, locale="en", country="GE"))
        await session.flush()
        await add_profession(session, 4101, "it")
        await add_profession(session, 4101, "design")
        await toggle_interest(session, 4101, "housing")
        await toggle_interest(session, 4101, "psychology")  # sensitive: sealed by pseudonym
        await session.commit()

    statements: list[str] = []

    def count(_connection: object, _cursor: object, statement: str, *_args: object) -> None:
        statements.append(statement)

    async with harness.services.sessions() as session:
        # This session's own connection: the harness's background work shares the engine.
        connection = (await session.connection()).sync_connection
        event.listen(connection, "before_cursor_execute", count)
        both = await profile_slugs(session, 4101)
        event.remove(connection, "before_cursor_execute", count)

    assert both == (("design", "it"), ("housing", "psychology"))
    assert len(statements) == 1, statements
    async with harness.services.sessions() as session:
        assert both == (
            await profession_slugs(session, 4101),
            await interest_slugs(session, 4101),
        )
