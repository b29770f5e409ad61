"""Issue 13, finding 4: a 351-byte alias bomb sent by an admin took 25 s and 1.8 GB at 7 levels
and killed the bot at 8 (the position mapper walked alias-shared nodes), on the event loop, so
every member waited; ~1000 levels of nesting raised an uncaught RecursionError.

Now the loader counts while it composes (nesting, aliases, nodes with aliases expanded) and
refuses with the position in one line; the checks run in a thread within a time limit."""

from __future__ import annotations

import asyncio
import re
import subprocess
import sys
import time
from pathlib import Path

from bot.features import plugins
from bot.transfer import yaml_loader
from bot.transfer.engine import check_document, parse_document
from tests.support.directory import ADMIN
from tests.support.processes import clean_env
from tests.support.story import Harness

OTHER = 5_301_013


def alias_bomb(levels: int = 8) -> bytes:
    """The "billion laughs": 9 ** ``levels`` values in a few hundred bytes."""
    lines = ['a: &a ["x","x","x","x","x","x","x","x","x"]']
    previous = "a"
    for level in range(levels):
        name = chr(ord("b") + level)
        lines.append(f"{name}: &{name} [" + ",".join([f"*{previous}"] * 9) + "]")
        previous = name
    return ("\n".join(lines) + "\n").encode()


DEEP = b"groups: " + b"[" * 1000 + b"]" * 1000 + b"\n"  # the issue's ~1000 levels
NESTED = b"groups: " + b"[" * 100 + b"]" * 100 + b"\n"  # within libyaml's own limit (1000)


async def test_an_alias_bomb_is_refused_in_one_line_while_another_member_is_answered(
    harness: Harness,
) -> None:
    bomb = alias_bomb(8)
    assert len(bomb) < 400
    admin = harness.member(ADMIN, language_code="en")
    other = harness.member(OTHER, language_code="en")
    started = time.perf_counter()
    await asyncio.gather(admin.send_document(bomb, "bomb.yaml"), other.send("/start"))
    elapsed = time.perf_counter() - started
    print(f"alias bomb (9**8 values, {len(bomb)} bytes) refused in {elapsed * 1000:.0f} ms")
    refusal = admin.last.text
    assert "bomb.yaml was not imported: one error" in refusal
    [line] = [line for line in refusal.splitlines() if line.startswith("•")]
    assert "refused: more than 1,000,000 values once its aliases are expanded" in line
    assert "(line 7, column 4)" in line  # where the expansion goes past the limit
    assert "Choose your language" in other.last.text  # the other member was answered
    assert not any("Import" in label for label, _ in admin.last.buttons())


async def test_deep_nesting_is_refused_with_its_position_not_a_traceback(
    harness: Harness,
) -> None:
    admin = harness.member(ADMIN, language_code="en")
    other = harness.member(OTHER, language_code="en")
    await asyncio.gather(admin.send_document(DEEP, "deep.yaml"), other.send("/start"))
    [line] = [line for line in admin.last.text.splitlines() if line.startswith("•")]
    # libyaml (when PyYAML has it) stops at 1000 levels itself; our composer at 32.
    assert re.search(r"(nested deeper than 32 levels|maximum nesting depth) \(line 1, column", line)
    assert "Choose your language" in other.last.text
    await admin.send_document(NESTED, "nested.yaml")
    [line] = [line for line in admin.last.text.splitlines() if line.startswith("•")]
    assert "refused: nested deeper than 32 levels (line 1, column 40)" in line
    # (make_harness fails the test if anything was logged as an error)


def test_every_limit_is_one_line_with_the_position() -> None:
    def errors(text: str) -> list[str]:
        return [str(error) for error in parse_document(text, plugins().transfer_sections).errors]

    many_aliases = "groups: &g []\nfaq: [" + ", ".join(["*g"] * 1001) + "]\n"
    cases = {
        alias_bomb(8).decode(): "more than 1,000,000 values once its aliases are expanded",
        NESTED.decode(): "nested deeper than 32 levels",
        many_aliases: "more than 1,000 aliases (line 2, column",
    }
    for text, expected in cases.items():
        [error] = errors(text)
        assert expected in error and "\n" not in error, error
    # Anchors and aliases in reason still work, and positions still point into the file.
    shared = """\
groups:
  - slug: ge-one
    title: One
    link: "@example_one"
    country: GE
    languages: &both [ru, en]
  - slug: ge-two
    title: Two
    link: "@example_two"
    country: GE
    city: Atlantis
    languages: *both
"""
    [error] = errors(shared)
    assert error.startswith("groups[1].city (line 11): unknown city of GE")


async def test_the_checks_run_off_the_event_loop() -> None:
    rows = "".join(
        f"  - {{slug: ge-g{n}, title: Group {n}, link: '@example_g{n}', country: GE,"
        f" professions: [it, design], languages: [ru, en]}}\n"
        for n in range(2000)
    )
    document = f"groups:\n{rows}"
    ticks: list[float] = []
    checking = asyncio.create_task(check_document(document, plugins().transfer_sections))

    async def tick() -> None:
        while not checking.done():
            ticks.append(time.perf_counter())
            await asyncio.sleep(0.01)

    started = time.perf_counter()
    await asyncio.gather(checking, tick())
    took = time.perf_counter() - started
    parsed = checking.result()
    assert parsed.errors == [] and len(parsed.items["groups"]) == 2000
    print(f"{len(document):,} characters checked in {took:.2f} s; the loop ticked {len(ticks)}x")
    # On the event loop the check would be one long call: no tick at all until it ended.
    assert len(ticks) >= 5


def test_the_command_line_refuses_a_bomb_in_one_line(tmp_path: Path) -> None:
    bomb = tmp_path / "bomb.yaml"
    bomb.write_bytes(alias_bomb(8))
    result = subprocess.run(
        [sys.executable, "-m", "bot", "import", str(bomb), "--dry-run"],
        env=clean_env(DATABASE_URL=f"sqlite+aiosqlite:///{tmp_path / 'data' / 'prichal.db'}"),
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert "Traceback" not in result.stderr
    assert lines[-2].startswith("error: (file): refused: more than 1,000,000 values")
    assert lines[-1] == "1 error; nothing was written"


def test_the_limits_are_what_the_readme_says() -> None:
    assert (yaml_loader.MAX_DEPTH, yaml_loader.MAX_ALIASES, yaml_loader.MAX_NODES) == (
        32,
        1_000,
        1_000_000,
    )
