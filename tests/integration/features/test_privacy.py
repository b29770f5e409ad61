"""/privacy explains, /my_data hands over a copy, /delete_me erases everything."""

from __future__ import annotations

import json

from sqlalchemy import select

from bot.db.models import AuditEntry, FsmRecord, Member
from tests.support.story import Harness


async def onboard(harness: Harness, user_id: int) -> None:
    person = harness.member(user_id, language_code="ru")
    await person.send("/start ge-tbilisi_it")
    await person.press("Готово")
    await person.press("Банки")
    await person.press("Готово")
    await person.press("Да, присылайте")


async def test_privacy_explains_what_why_who_how_long_and_how_to_erase(harness: Harness) -> None:
    for language, words in (
        ("ru", ["Что:", "Чего не храним", "Зачем", "Кто видит", "Как долго", "Как удалить"]),
        ("en", ["What:", "What we don't store", "Why", "Who sees it", "How long", "How to erase"]),
    ):
        person = harness.member(6000 + len(language), language_code=language)
        await person.send("/privacy")
        for word in words:
            assert word in person.last.text, (language, word)


async def test_my_data_is_a_json_copy_of_the_profile(harness: Harness) -> None:
    await onboard(harness, 6001)
    anna = harness.member(6001)
    await anna.send("/my_data")
    chat_id, filename, payload = harness.telegram.documents[-1]
    assert (chat_id, filename) == (6001, "prichal-my-data.json")
    data = json.loads(payload)
    profile = data["profile"]
    assert profile["telegram_id"] == 6001
    assert (profile["country"], profile["city"]) == ("GE", "Tbilisi")
    assert profile["professions"] == ["it"] and profile["interests"] == ["banking"]
    assert "first_name" not in json.dumps(data) and "Anna" not in json.dumps(data)


async def test_delete_me_asks_first_and_keeping_keeps(harness: Harness) -> None:
    await onboard(harness, 6002)
    anna = harness.member(6002)
    await anna.send("/delete_me")
    assert "Удалить всё о вас?" in anna.last.text
    await anna.press("Нет, оставить")
    async with harness.services.sessions() as session:
        assert await session.get(Member, 6002) is not None


async def test_delete_me_erases_the_member_and_their_conversation_state(harness: Harness) -> None:
    await onboard(harness, 6003)
    anna = harness.member(6003)
    await anna.send("/profile")
    await anna.press("Страна")  # mid-wizard: FSM state exists
    async with harness.services.sessions() as session:
        assert await session.scalar(select(FsmRecord).where(FsmRecord.user_id == 6003))
    await anna.send("/delete_me")
    await anna.press("Да, удалить всё")
    assert "всё о вас удалено" in anna.last.text
    async with harness.services.sessions() as session:
        assert await session.get(Member, 6003) is None
        assert await session.scalar(select(FsmRecord).where(FsmRecord.user_id == 6003)) is None
    shown = await anna.send("/start")
    assert "Добро пожаловать" in shown[0].text  # a fresh start, nothing remembered


async def test_erasure_keeps_the_audit_trail_but_not_the_person(harness: Harness) -> None:
    admin = harness.member(1, language_code="en")
    await admin.send("/grant 6004 organiser GE")
    person = harness.member(6004, language_code="en")
    await person.send("/start")
    await person.send("/delete_me")
    await person.press("Yes, erase everything")
    async with harness.services.sessions() as session:
        entries = list(await session.scalars(select(AuditEntry)))
    assert entries, "the grant was audited"
    assert all(6004 not in (entry.actor_id, entry.subject_id) for entry in entries)


async def test_a_banned_member_can_still_read_privacy_and_erase(harness: Harness) -> None:
    await onboard(harness, 6005)
    async with harness.services.sessions() as session, session.begin():
        member = await session.get(Member, 6005)
        assert member is not None
        member.status = "banned"  # type: ignore[assignment]
    anna = harness.member(6005)
    await anna.send("/menu")
    assert "ограничили ваш доступ" in anna.last.text
    await anna.send("/privacy")
    assert "Что хранит Причал" in anna.last.text
    await anna.send("/delete_me")
    await anna.press("Да, удалить всё")
    async with harness.services.sessions() as session:
        assert await session.get(Member, 6005) is None
