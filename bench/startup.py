"""Start-up benchmark: how soon the demo takes a member's first message, and what a one-off
command costs.

    python bench/startup.py [--runs N] [--baseline DIR]

For each checkout (this one and, with ``--baseline``, another checkout with its own ``.venv``,
measured in the same run, alternating, so that the machine's load weighs on both alike):

* ``python -m bot demo`` on a fresh data folder (it migrates and seeds) and again on the same
  folder (a warm start: what a person who ran it before waits for), timed until the banner with
  the web chat's URL is printed — the demo prints it only once the bot polls the emulator. Wall
  seconds, and the CPU seconds the process spent by then (``/proc/<pid>/stat``), which the
  machine's other work does not move; and the process's peak RSS (``VmHWM``) by then.
* ``python -m bot faq search "bank account" --country GE --json`` on the demo's database: wall
  and CPU seconds of the whole command.

Each figure is the median of ``--runs`` runs (default 3). The last line is one JSON object:
``demo_ready_s_warm``, ``demo_cpu_s_warm``, ``demo_ready_s_fresh``, ``demo_cpu_s_fresh``,
``demo_rss_mb``, ``faq_search_s``, ``faq_search_cpu_s`` (and each ``*_baseline``, with
``ratio_*`` = this / baseline for the CPU figures). Targets (issue 15): the demo ready in under
5 s on a warm install, ``faq search`` under 1.5 s.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
BANNER = "Prichal demo: open"
READY_TIMEOUT = 240.0
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def python_of(checkout: Path) -> str:
    venv = checkout / ".venv" / "bin" / "python"
    return str(venv) if venv.exists() else sys.executable


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS  # utime + stime


def peak_rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return 0.0


def demo_start(checkout: Path, folder: Path) -> dict[str, float]:
    """Start the demo on ``folder``; time it until the banner; stop it."""
    started = time.monotonic()
    process = subprocess.Popen(
        [python_of(checkout), "-m", "bot", "demo", "--port", "0", "--data-dir", str(folder)],
        cwd=checkout,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        stdin=subprocess.DEVNULL,
        text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    try:
        assert process.stdout is not None
        seen: list[str] = []
        for line in process.stdout:
            seen.append(line)
            if BANNER in line:
                break
            if time.monotonic() - started > READY_TIMEOUT:
                break
        else:
            raise RuntimeError("the demo stopped before it was ready:\n" + "".join(seen))
        if BANNER not in seen[-1]:
            raise RuntimeError(f"the demo was not ready in {READY_TIMEOUT:.0f} s")
        return {
            "ready_s": time.monotonic() - started,
            "cpu_s": cpu_seconds(process.pid),
            "rss_mb": peak_rss_mb(process.pid),
        }
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def faq_search(checkout: Path, folder: Path) -> dict[str, float]:
    """One ``faq search`` on the demo's database, timed as a whole command."""
    environment = {
        **os.environ,
        "DATABASE_URL": f"sqlite+aiosqlite:///{folder / 'prichal.db'}",
        "PRICHAL_DATA_KEY_FILE": str(folder.with_name(folder.name + ".key")),
        "BOT_TOKEN": "123456:startup-bench",
    }
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.monotonic()
    command = ["-m", "bot", "faq", "search", "bank account", "--country", "GE", "--json"]
    subprocess.run(
        [python_of(checkout), *command],
        cwd=checkout,
        env=environment,
        check=True,
        capture_output=True,
        timeout=READY_TIMEOUT,
    )
    wall = time.monotonic() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return {"s": wall, "cpu_s": cpu}


def one_round(checkout: Path) -> dict[str, float]:
    with tempfile.TemporaryDirectory(prefix="prichal-startup-") as temporary:
        folder = Path(temporary) / "data"
        fresh = demo_start(checkout, folder)
        warm = demo_start(checkout, folder)
        search = faq_search(checkout, folder)
    return {
        "demo_ready_s_fresh": fresh["ready_s"],
        "demo_cpu_s_fresh": fresh["cpu_s"],
        "demo_ready_s_warm": warm["ready_s"],
        "demo_cpu_s_warm": warm["cpu_s"],
        "demo_rss_mb": warm["rss_mb"],
        "faq_search_s": search["s"],
        "faq_search_cpu_s": search["cpu_s"],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=3, help="runs per figure (the median)")
    parser.add_argument("--baseline", type=Path, help="another checkout, measured alike")
    args = parser.parse_args()
    checkouts = {"": ROOT}
    if args.baseline is not None:
        checkouts["_baseline"] = args.baseline.resolve()
    rounds: dict[str, list[dict[str, float]]] = {suffix: [] for suffix in checkouts}
    for run in range(args.runs):
        for suffix, checkout in checkouts.items():
            figures = one_round(checkout)
            rounds[suffix].append(figures)
            shown = ", ".join(f"{k} {v:.2f}" for k, v in figures.items())
            print(f"run {run + 1}{suffix or ' (this checkout)'}: {shown}", flush=True)
    result: dict[str, Any] = {}
    for suffix, measured in rounds.items():
        for key in measured[0]:
            result[key + suffix] = round(statistics.median(m[key] for m in measured), 2)
    if args.baseline is not None:
        for key in ("demo_cpu_s_warm", "demo_cpu_s_fresh", "faq_search_cpu_s", "demo_rss_mb"):
            result["ratio_" + key] = round(result[key] / result[key + "_baseline"], 3)
    print(json.dumps(result))


if __name__ == "__main__":
    main()
