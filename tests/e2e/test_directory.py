"""Communities end to end, through the emulator and the real bot process: a member proposes a
group, a moderator approves it in /mod, another member finds it; an admin imports a file."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from bot.db.models import Group, GroupStatus, ReviewItem, ReviewKind, ReviewStatus
from tests.support.e2e import E2E, BotMessage, Player

pytestmark = pytest.mark.e2e


async def find_in_communities(player: Player, title: str) -> BotMessage:
    """Open Communities, page until ``title`` is listed and open its card (or, when it is not
    there, the last page of the list)."""
    reply = await player.send("/communities")
    while title not in reply.text and reply.has_button("Дальше"):
        reply = await player.press("Дальше")
    # A group's button reads "3. Title": press it by its whole label.
    labels = [label for label in reply.buttons if title in label]
    if labels:
        reply = await player.press(labels[0])
    return reply


async def test_a_proposal_approved_in_mod_appears_in_communities(e2e: E2E) -> None:
    anna = await e2e.user("Аня", language="ru")
    await anna.onboard("ge-tbilisi_it")
    reply = await anna.send("/communities")
    reply = await anna.press("Предложить группу")
    assert "Пришлите ссылку" in reply.text
    reply = await anna.send("https://t.me/e2e_tbilisi_devs")
    assert "Для какой страны" in reply.text
    await anna.press("Грузия")
    reply = await anna.press("Тбилиси")
    assert "Название группы" in reply.text
    reply = await anna.send("E2E: разработчики Тбилиси")
    assert "для кого группа" in reply.text
    reply = await anna.send("Митапы, вакансии и помощь с переездом для айтишников.")
    await anna.press("чат")
    await anna.press("IT")
    await anna.press("Готово")
    await anna.press("Пропустить")
    await anna.press("Русский")
    reply = await anna.press("Готово")
    assert "Проверьте заявку" in reply.text and "E2E: разработчики Тбилиси" in reply.text
    reply = await anna.press("Отправить на проверку")
    assert "ждёт модератора" in reply.text

    olga = await e2e.user("Оля", language="ru")
    await olga.onboard("ge-tbilisi_it")
    assert "E2E: разработчики Тбилиси" not in (await find_in_communities(olga, "E2E:")).text

    nino = await e2e.user("Nino", language="en")
    await nino.onboard("ge-tbilisi")
    await e2e.grant(nino, "moderator", "GE")
    reply = await nino.send("/mod")
    assert "Waiting for review" in reply.text
    reply = await nino.press("Review, oldest first")
    while "E2E: разработчики Тбилиси" not in reply.text:
        reply = await nino.press("Next")
    assert "https://t.me/e2e_tbilisi_devs" in reply.text
    reply = await nino.press("Approve")
    assert "Approved: “E2E: разработчики Тбилиси”" in reply.text

    notice = await anna.last()
    assert "одобрена модератором" in notice.text and "E2E: разработчики Тбилиси" in notice.text

    card = await find_in_communities(olga, "E2E: разработчики Тбилиси")
    assert "E2E: разработчики Тбилиси" in card.text and "Проверено модератором" in card.text
    assert card.has_button("Открыть группу")
    async with e2e.session() as session:
        group = await session.scalar(
            select(Group).where(Group.link == "https://t.me/e2e_tbilisi_devs")
        )
        assert group is not None and group.status == GroupStatus.PUBLISHED
        item = await session.scalar(
            select(ReviewItem).where(
                ReviewItem.kind == ReviewKind.GROUP, ReviewItem.target_id == str(group.id)
            )
        )
        assert item is not None and item.status == ReviewStatus.APPROVED
        assert item.decided_by == nino.id


async def test_an_admin_imports_groups_by_sending_the_file(e2e: E2E) -> None:
    admin = await e2e.admin()
    broken = b"groups:\n  - {slug: am-e2e, title: E2E Yerevan, link: 'not a link', country: AM}\n"
    reply = await admin.send_document("groups.yaml", broken, "application/x-yaml")
    assert "was not imported" in reply.text
    assert "groups[0].link (line 2): not a Telegram link" in reply.text

    good = (
        "groups:\n"
        "  - slug: am-e2e-yerevan\n"
        "    title: E2E Yerevan newcomers\n"
        "    link: '@example_e2e_yerevan'\n"
        "    country: AM\n"
        "    city: Yerevan\n"
        "    languages: [ru, hy]\n"
        "    description: Встречи и взаимопомощь в Ереване.\n"
    ).encode()
    reply = await admin.send_document("groups.yaml", good, "application/x-yaml")
    assert "groups.yaml is valid" in reply.text and "groups: 1 new" in reply.text
    reply = await admin.press("Import now")
    assert "groups.yaml imported" in reply.text

    gor = await e2e.user("Гор", language="ru")
    await gor.onboard("am-yerevan")
    card = await find_in_communities(gor, "E2E Yerevan newcomers")
    assert "E2E Yerevan newcomers" in card.text
