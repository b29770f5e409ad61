"""The main menu has a staff entry for moderators and organisers only: it opens the tools of
their roles (each button the owning feature's own, gated again); a member never sees it, and
a member's forged press is refused and audited."""

from __future__ import annotations

from sqlalchemy import select

from bot.db.models import AuditEntry, AuditOutcome
from bot.i18n import translator
from tests.support.directory import onboarded, staff
from tests.support.story import Harness

NINO, DAVID, ANNA = 2501, 2502, 2503


def _labels(person_buttons: list[tuple[str, str]]) -> list[str]:
    return [label for label, _ in person_buttons]


async def test_staff_see_their_tools_and_members_do_not(harness: Harness) -> None:
    en = translator("en")
    anna = await onboarded(harness, ANNA, language="en")
    await anna.send("/menu")
    assert en("menu-staff") not in _labels(anna.last.buttons())

    nino = await onboarded(harness, NINO, language="en")
    await staff(harness, NINO, "moderator", "GE")
    await nino.send("/menu")
    assert en("menu-staff") in _labels(nino.last.buttons())
    await nino.press(en("menu-staff"))
    hub = nino.last
    assert "Staff tools" in hub.text and "/mod" in hub.text and "/new_event" not in hub.text
    labels = _labels(hub.buttons())
    assert en("staff-tool-queue") in labels and en("staff-tool-faq") in labels
    assert en("staff-tool-new-event") not in labels
    await nino.press(en("staff-tool-queue"))
    assert "Moderation" in nino.last.text  # the queue's own screen

    david = await onboarded(harness, DAVID, language="ru")
    await staff(harness, DAVID, "organiser", "GE")
    ru = translator("ru")
    await david.send("/menu")
    await david.press(ru("menu-staff"))
    labels = _labels(david.last.buttons())
    assert ru("staff-tool-new-event") in labels and ru("staff-tool-broadcasts") in labels
    assert ru("staff-tool-queue") not in labels
    await david.press(ru("staff-tool-my-events"))
    assert david.last_answer() is None or "⛔" not in (david.last_answer() or "")


async def test_a_menu_shown_to_staff_is_never_the_one_a_member_gets(harness: Harness) -> None:
    """Main menus are built once per language and kind (``main_menu``): a moderator's menu
    shown first, in the same language, does not reach the member who opens it next."""
    en = translator("en")
    nino = await onboarded(harness, NINO, language="en")
    await staff(harness, NINO, "moderator", "GE")
    anna = await onboarded(harness, ANNA, language="en")
    for _ in range(2):
        await nino.send("/menu")
        assert en("menu-staff") in _labels(nino.last.buttons())
        await anna.send("/menu")
        assert en("menu-staff") not in _labels(anna.last.buttons())
        assert en("menu-jobs") in _labels(anna.last.buttons())


async def test_a_members_forged_press_is_refused_and_audited(harness: Harness) -> None:
    anna = await onboarded(harness, ANNA, language="en")
    await anna.send("/menu")
    before = len(anna.transcript())
    await anna.press_data("m:staff")
    assert "⛔" in (anna.last_answer() or "")
    assert len(anna.transcript()) == before
    async with harness.services.sessions() as session:
        refused = list(
            await session.scalars(
                select(AuditEntry).where(
                    AuditEntry.actor_id == ANNA, AuditEntry.outcome == AuditOutcome.DENIED
                )
            )
        )
    assert [entry.action for entry in refused] == ["common.staff_hub"]
