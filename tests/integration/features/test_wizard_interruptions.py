"""A newcomer mid-wizard types something else, uses other commands, or presses old buttons."""

from __future__ import annotations

from bot.db.models import Member
from tests.support.copy import has
from tests.support.story import Harness


async def start_to_professions(harness: Harness, user_id: int) -> None:
    person = harness.member(user_id, language_code="ru")
    await person.send("/start")
    await person.press("Русский")
    await person.press("Грузия")


async def test_random_text_at_a_button_step_shows_the_step_again(harness: Harness) -> None:
    await start_to_professions(harness, 3001)
    anna = harness.member(3001)
    await anna.send("Тбилиси")  # city step accepts text
    await anna.send("я программист, что дальше???")
    assert "воспользуйтесь кнопками" in anna.last.text
    assert "Чем вы занимаетесь" in anna.last.text
    await anna.press("IT")
    assert any(label.startswith("✅") for label, _ in anna.last.buttons())


async def test_a_sticker_mid_wizard_is_answered_kindly(harness: Harness) -> None:
    await start_to_professions(harness, 3002)
    anna = harness.member(3002)
    await anna.send_sticker()
    # The city step takes a typed name or a button: the step again, with what it needs.
    assert has(anna.last.text, "wizard-text-only", "ru")
    assert "В каком городе" in anna.last.text


async def test_other_commands_mid_wizard_work_and_nothing_is_lost(harness: Harness) -> None:
    await start_to_professions(harness, 3003)
    anna = harness.member(3003)
    await anna.send("/help")
    assert "Что я умею" in anna.last.text
    await anna.send("/cancel")
    assert "Пауза" in anna.last.text
    async with harness.services.sessions() as session:
        member = await session.get(Member, 3003)
        assert member is not None and member.country == "GE"  # saved before the pause
    await anna.send("/start")
    assert "В каком городе" in anna.last.text  # continues where she left off


async def test_an_unknown_command_offers_the_menu(harness: Harness) -> None:
    anna = harness.member(3004)
    await anna.send("/start")
    await anna.send("/frobnicate")
    assert "Такой команды я не знаю" in anna.last.text
    assert "Выберите язык" in anna.last.text  # and the step she was on


async def test_old_buttons_answer_politely_and_change_nothing(harness: Harness) -> None:
    await start_to_professions(harness, 3005)
    anna = harness.member(3005)
    welcome, language_message = anna.transcript()  # the welcome has no buttons
    # The language question was edited into later steps; press a country button again.
    await anna.press_data("su:c:RS", on=language_message)
    # The wizard says the button is from an earlier step and shows the one she is on.
    assert has(anna.last.text, "wizard-old-button", "ru")
    assert (
        "В каком городе" in anna.last.text and anna.last.message_id == language_message.message_id
    )
    assert "Добро пожаловать" in welcome.text
    async with harness.services.sessions() as session:
        member = await session.get(Member, 3005)
        assert member is not None and member.country == "GE"


async def test_forged_wizard_data_is_refused(harness: Harness) -> None:
    anna = harness.member(3006)
    await anna.send("/start")
    await anna.press("Русский")
    await anna.press_data("su:c:XX")  # not a country
    assert "старого сообщения" in (anna.last_answer() or "")
    await anna.press_data("garbage-that-no-handler-knows")
    assert "старого сообщения" in (anna.last_answer() or "")
    await anna.press("Армения")
    assert "В каком городе" in anna.last.text


async def test_someone_who_never_started_gets_a_pointer_to_start(harness: Harness) -> None:
    stranger = harness.member(3007, language_code="en")
    await stranger.send("hello?")
    assert has(stranger.last.text, "not-started")
    await stranger.send("/profile")
    assert has(stranger.last.text, "not-started")
