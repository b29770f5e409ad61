"""``python -m bot import FILE [--dry-run]`` and ``python -m bot export [FILE]`` as an operator
runs them: on a fresh SQLite file, errors by position on stderr and exit code 1."""

from __future__ import annotations

from pathlib import Path

import yaml

from tests.integration.test_cli import run_cli

GROUPS = """\
groups:
  - slug: am-yerevan-it
    title: Ереван IT
    link: "@example_yerevan_it"
    country: AM
    city: Yerevan
    professions: [it]
    languages: [ru, hy]
    verified_at: 2026-03-01
  - slug: kz-almaty-doctors
    title: Врачи в Алматы
    link: https://t.me/example_almaty_doctors
    kind: channel
    country: KZ
    city: Almaty
    professions: [health]
    languages: [ru, kk]
"""


def test_import_and_export_round_trip_through_the_command_line(tmp_path: Path) -> None:
    env = {"DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path / 'prichal.db'}"}
    source = tmp_path / "groups.yaml"
    source.write_text(GROUPS, "utf-8")

    checked = run_cli("import", str(source), "--dry-run", env=env, cwd=tmp_path)
    assert checked.returncode == 0, checked.stderr
    assert checked.stdout.splitlines() == [
        "groups: 2 created, 0 updated, 0 unchanged",
        "dry run: the file is valid; nothing was written",
    ]
    empty = run_cli("export", env=env, cwd=tmp_path)
    assert yaml.safe_load(empty.stdout)["groups"] == []  # the dry run wrote nothing

    imported = run_cli("import", str(source), env=env, cwd=tmp_path)
    assert imported.stdout.strip() == "groups: 2 created, 0 updated, 0 unchanged"

    exported = tmp_path / "export.yaml"
    written = run_cli("export", str(exported), env=env, cwd=tmp_path)
    assert written.returncode == 0 and written.stdout == ""
    rows = yaml.safe_load(exported.read_text("utf-8"))["groups"]
    assert [row["slug"] for row in rows] == ["am-yerevan-it", "kz-almaty-doctors"]

    again = run_cli("import", str(exported), env=env, cwd=tmp_path)
    # The export holds the starter knowledge base too: all of it comes back unchanged.
    assert again.stdout.splitlines() == [
        "groups: 0 created, 0 updated, 2 unchanged",
        "faq: 0 created, 0 updated, 199 unchanged",
    ]


def test_a_broken_file_exits_1_with_every_error_and_writes_nothing(tmp_path: Path) -> None:
    env = {"DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path / 'prichal.db'}"}
    broken = tmp_path / "broken.yaml"
    broken.write_text(
        GROUPS.replace("city: Almaty", "city: Astana City").replace("[ru, hy]", "[ru, armenian]")
        + "jobs: []\n",
        "utf-8",
    )
    result = run_cli("import", str(broken), env=env, cwd=tmp_path)
    assert result.returncode == 1
    errors = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert errors == [
        "error: groups[0].languages (line 8): not ISO 639-1 codes: armenian (e.g. ru, en, ka)",
        "error: groups[1].city (line 15): unknown city of KZ;"
        " known: Almaty, Astana, Shymkent, Karaganda",
        "error: jobs (line 18): unknown section; expected one of: groups, faq",
    ]
    assert "3 errors; nothing was written" in result.stderr
    assert result.stdout == ""
    exported = run_cli("export", env=env, cwd=tmp_path)
    assert yaml.safe_load(exported.stdout)["groups"] == []

    missing = run_cli("import", str(tmp_path / "nope.yaml"), env=env, cwd=tmp_path)
    assert missing.returncode == 1 and "cannot read" in missing.stderr
