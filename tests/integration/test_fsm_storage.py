"""A wizard survives a restart of the bot: SQL storage by default, Redis when configured."""

from __future__ import annotations

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
    anna_again = second.member(7001, language_code="ru")
    await anna_again.send("Батуми")
    assert "Понял: Батуми" in anna_again.last.text
    assert "Чем вы занимаетесь" in anna_again.last.text


async def test_a_wizard_survives_a_restart_with_redis(
    make_harness: HarnessFactory, redis_test_url: str
) -> None:
    first = await make_harness(redis_url=redis_test_url)
    tom = first.member(7002, language_code="en")
    await tom.send("/start")
    await tom.press("English")
    await tom.press("Armenia")

    second = await make_harness(first.services.settings.database_url, redis_url=redis_test_url)
    tom_again = second.member(7002, language_code="en")
    await tom_again.send("Gyumri")
    assert "Got it: Gyumri" in tom_again.last.text
