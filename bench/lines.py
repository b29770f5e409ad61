"""Lines of Python per package of ``bot/`` at two revisions, as a Markdown table.

    python bench/lines.py --before ef29913 [--after HEAD]

Packages are the features (``bot/features/<name>``), the other sub-packages of ``bot/`` and the
top-level modules together. Counted with git from the committed trees (the working tree is not
read), so any two commits can be compared. Issue 14 asks for this table in its closing note.
"""

from __future__ import annotations

import argparse
import subprocess
from collections import Counter
from pathlib import PurePosixPath


def _package(path: str) -> str:
    parts = PurePosixPath(path).parts  # ("bot", "features", "faq", "admin.py")
    if len(parts) >= 4 and parts[1] == "features":
        return f"features/{parts[2]}"
    if len(parts) >= 3:
        return parts[1]
    return "top-level modules"


def lines_per_package(revision: str) -> Counter[str]:
    """Lines of every ``bot/**/*.py`` file committed at ``revision``, summed per package."""
    listing = subprocess.run(
        ["git", "ls-tree", "-r", "--name-only", revision, "bot"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.split()
    counts: Counter[str] = Counter()
    for path in (name for name in listing if name.endswith(".py")):
        text = subprocess.run(
            ["git", "show", f"{revision}:{path}"], check=True, capture_output=True
        ).stdout
        counts[_package(path)] += text.count(b"\n")
    return counts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--before", required=True, help="the older revision")
    parser.add_argument("--after", default="HEAD", help="the newer revision (HEAD)")
    args = parser.parse_args()
    before, after = lines_per_package(args.before), lines_per_package(args.after)
    print(f"| package | {args.before} | {args.after} | change |")
    print("| --- | ---: | ---: | ---: |")
    for package in sorted(set(before) | set(after)):
        old, new = before.get(package, 0), after.get(package, 0)
        print(f"| {package} | {old} | {new} | {new - old:+d} |")
    total_old, total_new = sum(before.values()), sum(after.values())
    print(f"| all of bot/ | {total_old} | {total_new} | {total_new - total_old:+d} |")


if __name__ == "__main__":
    main()
