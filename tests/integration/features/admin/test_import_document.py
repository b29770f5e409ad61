"""An admin sends the YAML file to the bot: every error by position and nothing written, or a
summary to confirm; /export gives the file back. Nobody else can."""

from __future__ import annotations

from sqlalchemy import func, select

from bot.db.models import AuditOutcome, Group
from tests.support.copy import has, t
from tests.support.directory import ADMIN, audit_entries, onboarded
from tests.support.story import Harness

VALID = b"""\
groups:
  - slug: ge-tbilisi-it
    title: Tbilisi IT
    link: "@example_tbilisi_it"
    country: GE
    city: Tbilisi
    professions: [it]
    languages: [ru, en]
  - slug: global-relocation
    title: Moving on
    link: "@example_moving_on"
    country: "*"
"""


async def groups_count(harness: Harness) -> int:
    async with harness.services.sessions() as session:
        return int(await session.scalar(select(func.count()).select_from(Group)) or 0)


async def test_an_admin_imports_after_seeing_what_will_change(harness: Harness) -> None:
    admin = harness.member(ADMIN, language_code="en")
    await admin.send_document(VALID, "directory.yaml")
    assert "directory.yaml is valid" in admin.last.text
    assert "groups: 2 new, 0 changed, 0 unchanged" in admin.last.text
    assert await groups_count(harness) == 0  # nothing until confirmed
    await admin.press("Import now")
    assert "directory.yaml imported" in admin.last.text
    assert await groups_count(harness) == 2

    await admin.send("/export")
    [(chat, filename, content)] = harness.telegram.documents
    assert chat == ADMIN and filename.startswith("prichal-export-") and filename.endswith(".yaml")
    await admin.send_document(content, filename)
    assert "groups: 0 new, 0 changed, 2 unchanged" in admin.last.text


async def test_a_broken_file_lists_every_error_by_position_and_writes_nothing(
    harness: Harness,
) -> None:
    admin = harness.member(ADMIN, language_code="ru")
    broken = VALID.replace(b"city: Tbilisi", b"city: Atlantis").replace(
        b'link: "@example_moving_on"', b"link: https://example.com/<b>x</b>"
    )
    await admin.send_document(broken + b"unknown: 1\n", "directory.yml")
    text = admin.last.text
    assert "не импортирован: 3 ошибки" in text and "Ничего не записано" in text
    assert "groups[0].city (line 6): unknown city of GE" in text
    assert "groups[1].link (line 11): not a Telegram link" in text
    assert "unknown (line 13): unknown section" in text
    assert not any("Импортировать" in label for label, _ in admin.last.buttons())
    assert await groups_count(harness) == 0


async def test_many_errors_come_as_a_file_too(harness: Harness) -> None:
    admin = harness.member(ADMIN, language_code="en")
    rows = "".join(
        f"  - {{slug: bad-{n}, title: Bad, link: 'https://example.com/{n}', country: GE}}\n"
        for n in range(80)
    )
    await admin.send_document(f"groups:\n{rows}".encode(), "big.yaml")
    assert "80 errors" in admin.transcript()[-2].text and "more" in admin.transcript()[-2].text
    [(_, filename, content)] = harness.telegram.documents
    assert filename == "import-errors.txt"
    assert len(content.decode().splitlines()) == 80


async def test_files_that_cannot_be_read_are_explained(harness: Harness) -> None:
    admin = harness.member(ADMIN, language_code="en")
    await admin.send_document("groups: []\n".encode("utf-16"), "utf16.yaml")
    assert "not UTF-8" in admin.last.text
    await admin.send_message(
        document={
            "file_id": "huge",
            "file_unique_id": "u-huge",
            "file_name": "huge.yaml",
            "file_size": 50 * 1024 * 1024,
        }
    )
    assert "too large" in admin.last.text
    await admin.send_document(b"groups:\n  - slug: [\n", "broken.yaml")
    assert "not valid YAML" in admin.last.text and "line" in admin.last.text


async def test_a_member_cannot_import_and_is_audited(harness: Harness) -> None:
    mallory = await onboarded(harness, 5301)
    await mallory.send_document(VALID, "directory.yaml")
    assert has(mallory.last.text, "access-denied", "ru", role=t("role-admin", "ru"))
    await mallory.send("/export")
    assert harness.telegram.documents == []
    await mallory.press_data("imp:go")
    assert await groups_count(harness) == 0
    denied = [
        (entry.action, entry.outcome)
        for action in ("admin.received_file", "admin.export_command", "admin.confirmed")
        for entry in await audit_entries(harness, action)
    ]
    assert denied == [
        ("admin.received_file", AuditOutcome.DENIED),
        ("admin.export_command", AuditOutcome.DENIED),
    ]  # the forged confirmation matched no handler outside the admin's import state


async def test_an_old_confirmation_button_imports_nothing(harness: Harness) -> None:
    admin = harness.member(ADMIN, language_code="en")
    await admin.send_document(VALID, "directory.yaml")
    await admin.press("Do not import")
    assert "Not imported" in admin.last.text
    await admin.press_data("imp:go")
    assert await groups_count(harness) == 0
