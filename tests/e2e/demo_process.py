"""``python -m bot demo`` as a process of its own, the way a person starts it."""

from __future__ import annotations

from pathlib import Path

from tests.support.processes import Child, clean_env

START_TIMEOUT = 120.0  # imports and migrations on a machine shared with other test runs


def start_demo(folder: Path, *args: str, env: dict[str, str] | None = None) -> tuple[Child, str]:
    """Start the demo from ``folder``; returns it and the chat URL once the banner is out."""
    demo = Child(
        ["-m", "bot", "demo", *args],
        env=env if env is not None else clean_env(),
        cwd=folder,
        log=folder / "demo.log",
    )
    try:
        url = demo.wait_for_line(r"^Prichal demo: open (http://\S+/) in a browser", START_TIMEOUT)
        demo.wait_for_line(r"^Ctrl-C stops everything")
    except BaseException:
        demo.kill()
        raise
    return demo, url.group(1)


def children_of(pid: int) -> list[int]:
    """The processes ``pid`` started that are still alive (Linux ``/proc``)."""
    found: list[int] = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        children = (task / "children").read_text().split()
        found += [int(child) for child in children]
    return found


def logged_problems(log: str) -> list[str]:
    """Error lines and tracebacks in what a process wrote to stderr."""
    return [
        line
        for line in log.splitlines()
        if " ERROR " in line or " CRITICAL " in line or line.startswith("Traceback")
    ]
