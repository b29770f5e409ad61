"""A member proposes a group: the link must be Telegram's, duplicates are caught by link and by
a similar title, and the proposal waits for a moderator."""

from __future__ import annotations

from bot.db.models import GroupStatus, ReviewStatus
from tests.support.copy import has, t
from tests.support.directory import (
    add_group,
    group_by_title,
    onboarded,
    propose,
    review_items,
    staff,
)
from tests.support.story import Harness

ANNA = 3201


async def test_the_link_must_be_a_telegram_link_or_username(harness: Harness) -> None:
    anna = await onboarded(harness, ANNA)
    await anna.send("/communities")
    await anna.press("Предложить группу")
    for bad in ("https://chat.whatsapp.com/abc", "tbilisi_devs", "https://t.me/share/url?x", "@ab"):
        await anna.send(bad)
        assert "не похоже на ссылку Telegram" in anna.last.text, bad
    await anna.send("https://t.me/s/Tbilisi_Devs")  # the web preview form is fine
    assert "Для какой страны" in anna.last.text


async def test_a_link_already_listed_or_waiting_is_caught(harness: Harness) -> None:
    await add_group(harness, slug="ge-devs", title="Tbilisi Devs", link="@tbilisi_devs")
    anna = await onboarded(harness, ANNA)
    await anna.send("/communities")
    await anna.press("Предложить группу")
    await anna.send("https://t.me/TBILISI_DEVS/123")  # usernames ignore case; a post link too
    assert "уже есть в каталоге: «Tbilisi Devs»" in anna.last.text

    await propose(anna, link="@batumi_devs", title="Батуми: разработчики", city="Батуми")
    olga = await onboarded(harness, ANNA + 1)
    await olga.send("/communities")
    await olga.press("Предложить группу")
    await olga.send("@batumi_devs")
    assert "уже предложили («Батуми: разработчики»)" in olga.last.text
    assert len(await review_items(harness)) == 1


async def test_a_similar_title_is_shown_and_flagged_for_the_moderator(harness: Harness) -> None:
    await add_group(harness, slug="ge-tbilisi-it", title="IT в Тбилиси", city="Tbilisi")
    anna = await onboarded(harness, ANNA)
    await anna.send("/communities")
    await anna.press("Предложить группу")
    await anna.send("@another_it_chat")
    await anna.press("Грузия")
    await anna.press("Тбилиси")
    await anna.send("it в тбилиси!")
    assert "Похожие группы" in anna.last.text and "• IT в Тбилиси" in anna.last.text
    await anna.send("а вот и нет")  # text where buttons are expected
    # The step again, the reason above it, its buttons at the bottom.
    assert "воспользуйтесь кнопками" in anna.last.text and "Похожие группы" in anna.last.text
    await anna.press("Да, это другая группа")
    assert "для кого группа" in anna.last.text
    await anna.send("Коротко")  # too short
    assert has(anna.last.text, "directory-propose-description-length", "ru", min=10, limit=1500)
    await anna.send("Чат айтишников Тбилиси: вакансии, митапы, помощь с переездом.")
    await anna.press("канал", exact=True)
    await anna.press("Пропустить")
    await anna.press("Пропустить")
    assert not any("Готово" in label for label, _ in anna.last.buttons())  # none chosen yet
    await anna.press_data("dp:l:_done", anna.last)  # an old "Done" button, say
    assert "хотя бы один язык" in (anna.last_answer() or "")
    await anna.press("Русский", exact=True)
    await anna.press("Английский", exact=True)
    await anna.press("✅ Русский", exact=True)  # changed her mind
    await anna.press("Готово")
    preview = anna.last.text
    assert "Проверьте заявку" in preview and "https://t.me/another_it_chat" in preview
    assert "Английский" in preview and "Русский" not in preview.split("🗣")[1].split("\n")[0]
    await anna.press("Отправить на проверку")

    [item] = await review_items(harness)
    assert item.flags == ["similar-title"] and item.status == ReviewStatus.PENDING
    group = await group_by_title(harness, "it в тбилиси!")
    assert group is not None
    assert (group.status, group.country, group.city, group.kind) == (
        GroupStatus.PENDING,
        "GE",
        "Tbilisi",
        "channel",
    )
    assert group.submitted_by == ANNA and group.languages == ["en"]

    moderator = await staff(harness, ANNA + 100, "moderator", "GE")
    await moderator.send("/mod")
    await moderator.press("Review, oldest first")
    assert "a group with a similar title exists" in moderator.last.text
    assert (
        "Similar: “IT в Тбилиси” https://t.me/example_ge_tbilisi_it (listed)" in moderator.last.text
    )


async def test_cancel_mid_wizard_sends_nothing(harness: Harness) -> None:
    anna = await onboarded(harness, ANNA)
    await anna.send("/communities")
    await anna.press("Предложить группу")
    await anna.send("@half_done_chat")
    await anna.press("Армения")
    await anna.send("/cancel")
    assert "Отменено" in anna.last.text
    await anna.send("Ереван: чат")  # no longer in the wizard
    assert await review_items(harness) == []


async def test_a_transnational_group_skips_the_city_and_a_typed_country_works(
    harness: Harness,
) -> None:
    anna = await onboarded(harness, ANNA)
    await anna.send("/communities")
    await anna.press("Предложить группу")
    await anna.send("@relocate_anywhere")
    await anna.send("Атлантида")
    assert "воспользуйтесь кнопками" in anna.last.text and "Для какой страны" in anna.last.text
    await anna.send("казахстан")
    assert "Какой город" in anna.last.text and "Казахстан" in anna.last.text
    await anna.press("Вся страна")
    assert "Название группы" in anna.last.text
    await anna.send("/cancel")

    await propose(
        anna, link="@relocate_anywhere", title="Переезд дальше", country="Без страны", city=None
    )
    group = await group_by_title(harness, "Переезд дальше")
    assert group is not None and (group.country, group.city) == ("*", None)


async def test_five_waiting_proposals_are_the_limit(harness: Harness) -> None:
    anna = await onboarded(harness, ANNA)
    for number in range(5):
        await propose(anna, link=f"@ge_group_number_{number}", title=f"Группа номер {number}")
    await anna.send("/communities")
    await anna.press("Предложить группу")
    assert (anna.last_answer() or "") == t("directory-propose-too-many", "ru", limit=5)


async def test_back_keeps_what_was_typed(harness: Harness) -> None:
    anna = await onboarded(harness, ANNA)
    await anna.send("/communities")
    await anna.press("Предложить группу")
    await anna.send("@kept_link_chat")
    await anna.press("Назад")
    assert "Предложить группу" in anna.last.text and "kept_link_chat" in anna.last.text
    await anna.press("Оставить как есть")
    await anna.press("Армения")
    await anna.press("Ереван")
    await anna.send("Ереван: разработчики")
    await anna.press("Назад")  # from the description to the title (no similar titles)
    assert "Название группы" in anna.last.text and "Ереван: разработчики" in anna.last.text
    await anna.press("Назад")
    assert "Какой город" in anna.last.text
    await anna.press("Вся страна")
    await anna.press("Оставить как есть")  # the title stays
    assert "для кого группа" in anna.last.text
    await anna.press("Отмена")
    assert "ничего не отправлено" in anna.last.text
    assert await review_items(harness) == []


async def test_start_over_and_the_preview_buttons_of_older_messages(harness: Harness) -> None:
    """A preview sent before the wizard ran on the step engine had "dp:stop:" and "dp:send:"."""
    anna = await onboarded(harness, ANNA)
    await propose(anna, link="@old_buttons_chat", title="Старые кнопки", send=False)
    await anna.press("Начать заново")
    assert "Предложить группу" in anna.last.text
    assert not any("Оставить" in label for label, _ in anna.last.buttons())  # nothing kept
    await anna.press_data("dp:stop:", anna.last)
    assert "ничего не отправлено" in anna.last.text

    await propose(anna, link="@old_buttons_chat", title="Старые кнопки", send=False)
    await anna.press_data("dp:send:", anna.last)
    assert "ждёт модератора" in anna.last.text
    assert len(await review_items(harness)) == 1
