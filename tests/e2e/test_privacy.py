"""A member takes a copy of their data, then erases themselves, through the real bot."""

from __future__ import annotations

import json

import aiohttp
import pytest
from sqlalchemy import func, select

from bot.db.models import Member, MemberProfession
from tests.support.e2e import E2E

pytestmark = pytest.mark.e2e


async def test_my_data_then_delete_me_leaves_nothing_behind(e2e: E2E) -> None:
    mira = await e2e.user("Mira", language="en")
    await mira.onboard("ge-tbilisi_design")

    copy = await mira.send("/my_data")
    assert copy.document is not None and copy.document["file_name"] == "prichal-my-data.json"
    assert copy.document["mime_type"] == "application/json"

    confirm = await mira.send("/delete_me")
    assert "Erase everything about you?" in confirm.text
    farewell = await mira.press("Yes, erase everything")
    assert "everything about you has been erased" in farewell.text
    assert farewell.buttons == ()  # the confirmation cannot be pressed twice

    async with e2e.session() as session:
        assert await session.get(Member, mira.id) is None
        left = await session.scalar(
            select(func.count())
            .select_from(MemberProfession)
            .where(MemberProfession.member_id == mira.id)
        )
    assert left == 0


async def test_the_copy_of_my_data_holds_what_the_member_chose(e2e: E2E) -> None:
    oleg = await e2e.user("Олег", language="ru")
    await oleg.onboard("am-yerevan_it")
    reply = await oleg.send("/my_data")
    assert reply.document is not None and reply.document["size"] > 0

    # The bytes the bot uploaded, read back as the web chat's download link serves them.
    uploaded = (await e2e.client.changes(oleg.id))["messages"][-1]["document"]
    async with (
        aiohttp.ClientSession() as http,
        http.get(f"{e2e.url}/_emulator/files/{uploaded['file_id']}") as resp,
    ):
        body = await resp.read()
    assert len(body) == reply.document["size"]
    profile = json.loads(body)["profile"]
    assert (profile["country"], profile["city"]) == ("AM", "Yerevan")
    assert profile["professions"] == ["it"]
