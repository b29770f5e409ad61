"""Real processes for end-to-end tests: ``python -m bot ...`` and ``python -m bot.emulator``.

Each child runs from a temporary folder with an environment cleared of the project's settings,
so a developer's ``.env`` or exported ``BOT_TOKEN`` never leaks into a test.
"""

from __future__ import annotations

import os
import queue
import re
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import IO

ROOT = Path(__file__).resolve().parents[2]
_PROJECT_PREFIXES = ("BOT_", "DATABASE_", "REDIS_", "WEBHOOK_", "ADMIN_", "TELEGRAM_", "PRICHAL_")
_PROJECT_NAMES = ("DEFAULT_LOCALE", "LOG_LEVEL")


def clean_env(**extra: str) -> dict[str, str]:
    """This process's environment without any of the project's settings, plus ``extra``."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(_PROJECT_PREFIXES) and key not in _PROJECT_NAMES
    }
    env["PYTHONPATH"] = str(ROOT)
    env["PYTHONUNBUFFERED"] = "1"
    env.update(extra)
    return env


def free_port(host: str = "127.0.0.1") -> int:
    """A TCP port nothing listens on right now."""
    with socket.socket() as probe:
        probe.bind((host, 0))
        return int(probe.getsockname()[1])


def is_listening(host: str, port: int) -> bool:
    """Whether something accepts connections on ``host:port``."""
    with socket.socket() as probe:
        probe.settimeout(0.5)
        return probe.connect_ex((host, port)) == 0


class Child:
    """A child process whose stdout is read line by line (so it never blocks on a full pipe)
    and whose stderr goes to a log file."""

    def __init__(self, args: list[str], *, env: dict[str, str], cwd: Path, log: Path) -> None:
        self.args = args
        self.log = log
        self._log_file = log.open("w", encoding="utf-8")
        self.process = subprocess.Popen(
            [sys.executable, *args],
            env=env,
            cwd=cwd,
            stdout=subprocess.PIPE,
            stderr=self._log_file,
            text=True,
            encoding="utf-8",
        )
        self.lines: list[str] = []
        self._queue: queue.Queue[str | None] = queue.Queue()
        assert self.process.stdout is not None
        self._reader = threading.Thread(target=self._read, args=(self.process.stdout,), daemon=True)
        self._reader.start()

    def _read(self, stream: IO[str]) -> None:
        for line in stream:
            self._queue.put(line.rstrip("\n"))
        self._queue.put(None)

    def wait_for_line(self, pattern: str, timeout: float = 60.0) -> re.Match[str]:
        """The first stdout line (from now on) matching ``pattern``; fails with the output."""
        regex = re.compile(pattern)
        deadline = time.monotonic() + timeout
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise AssertionError(
                    f"no line like {pattern!r} within {timeout} s\n{self.output()}"
                )
            try:
                line = self._queue.get(timeout=remaining)
            except queue.Empty:
                continue
            if line is None:
                self.process.wait()
                raise AssertionError(
                    f"{self.args} exited ({self.process.returncode}) before printing "
                    f"{pattern!r}\n{self.output()}"
                )
            self.lines.append(line)
            found = regex.search(line)
            if found:
                return found

    def rest_of_stdout(self, timeout: float = 10.0) -> list[str]:
        """Every stdout line until the process closes it (call after it was told to stop)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                line = self._queue.get(timeout=max(0.01, deadline - time.monotonic()))
            except queue.Empty:
                break
            if line is None:
                break
            self.lines.append(line)
        return self.lines

    def stop(self, sig: signal.Signals = signal.SIGINT, timeout: float = 30.0) -> int:
        """Send ``sig`` and wait for the exit code; kills it (and fails) if it hangs."""
        if self.process.poll() is None:
            self.process.send_signal(sig)
            try:
                self.process.wait(timeout)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
                self._log_file.close()
                raise AssertionError(
                    f"{self.args} did not stop within {timeout} s of {sig.name}\n{self.output()}"
                ) from None
        self._reader.join(5)
        self._log_file.close()
        return self.process.returncode

    def kill(self) -> None:
        """Last resort in a teardown that already failed."""
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()
        if not self._log_file.closed:
            self._log_file.close()

    def stderr(self) -> str:
        """What the child logged so far."""
        if not self._log_file.closed:
            self._log_file.flush()
        return self.log.read_text(encoding="utf-8", errors="replace")

    def output(self) -> str:
        return "--- stdout\n" + "\n".join(self.lines) + "\n--- stderr\n" + self.stderr()[-6000:]
