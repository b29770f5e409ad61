"""Rebuild the before → after table of ``locales/WORDING.md`` from the catalogs.

    python locales/wording.py [BEFORE_COMMIT]

Keeps the table's rows (screen and catalog key) and writes, for each, the message's Fluent source
in ru and en as it was at ``BEFORE_COMMIT`` (default: where issue 16 started) and as it is now.
A key that did not exist before shows "(new)".
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from fluent.syntax import FluentParser, FluentSerializer, ast

HERE = Path(__file__).resolve().parent
TABLE = HERE / "WORDING.md"
START = "4863102"  # main when issue 16 began
LANGUAGES = ("ru", "en")
ROW = re.compile(r"^\| (?P<screen>[^|]+) \| `(?P<key>[a-z0-9-]+)` \|")


def catalog(text: str) -> dict[str, str]:
    """Each message's value as Fluent source, on one line (``<br>`` for line breaks)."""
    found: dict[str, str] = {}
    serializer = FluentSerializer()
    for entry in FluentParser().parse(text).body:
        if isinstance(entry, ast.Message) and entry.value is not None:
            source = serializer.serialize_entry(entry).split("=", 1)[1]
            lines = [line.strip() for line in source.strip("\n").splitlines()]
            found[entry.id.name] = "<br>".join(lines).replace("|", "\\|")
    return found


def messages(commit: str | None) -> dict[str, dict[str, str]]:
    """Every message of every catalog file, per language, at ``commit`` (None: the work tree)."""
    result: dict[str, dict[str, str]] = {}
    for language in LANGUAGES:
        merged: dict[str, str] = {}
        folder = HERE / language
        if commit is None:
            for path in sorted(folder.glob("*.ftl")):
                merged.update(catalog(path.read_text(encoding="utf-8")))
        else:
            paths = subprocess.run(
                ["git", "ls-tree", "--name-only", commit, f"{language}/"],
                capture_output=True,
                text=True,
                check=True,
                cwd=HERE,
            ).stdout.split()
            for path in paths:
                if path.endswith(".ftl"):
                    text = subprocess.run(
                        ["git", "show", f"{commit}:locales/{path}"],
                        capture_output=True,
                        text=True,
                        check=True,
                        cwd=HERE,
                    ).stdout
                    merged.update(catalog(text))
        result[language] = merged
    return result


def cell(found: dict[str, dict[str, str]], key: str) -> str:
    parts = [f"**{language}:** {found[language].get(key, '(new)')}" for language in LANGUAGES]
    return "<br><br>".join(parts)


def main() -> None:
    before = messages(sys.argv[1] if len(sys.argv) > 1 else START)
    after = messages(None)
    lines = TABLE.read_text(encoding="utf-8").splitlines()
    rebuilt = []
    for line in lines:
        row = ROW.match(line)
        if row is None:
            rebuilt.append(line)
            continue
        key = row["key"]
        rebuilt.append(f"| {row['screen']} | `{key}` | {cell(before, key)} | {cell(after, key)} |")
    TABLE.write_text("\n".join(rebuilt) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
