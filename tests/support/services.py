"""Throwaway PostgreSQL and Redis servers of a test's own, to stop and restart at will.

Fault tests must not restart the machine's shared services (other tests use them), so each one
starts its own: ``initdb`` into a temporary folder (run as the ``postgres`` user when the tests
run as root, as ``initdb`` refuses root) and ``redis-server`` on a free port.
"""

from __future__ import annotations

import contextlib
import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path

from tests.support.databases import IN_CI


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _wait_listening(port: int, seconds: float = 15.0) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.05)
    raise TimeoutError(f"nothing listens on {port} after {seconds}s")


def missing(what: str) -> str | None:
    """Why a private server cannot run here (``None`` when it can)."""
    if what == "postgres":
        if postgres_bin_dir() is None:
            return "no PostgreSQL server binaries (initdb, pg_ctl)"
        if os.geteuid() == 0 and not _has_user("postgres"):
            return "running as root without a 'postgres' user for initdb"
    if what == "redis" and shutil.which("redis-server") is None:
        return "no redis-server binary"
    return None


def skip_or_fail(what: str) -> None:
    import pytest

    reason = missing(what)
    if reason is None:
        return
    if IN_CI:
        pytest.fail(f"{reason}; CI=true requires it", pytrace=False)
    pytest.skip(reason)


def postgres_bin_dir() -> Path | None:
    for candidate in sorted(glob.glob("/usr/lib/postgresql/*/bin"), reverse=True):
        if (Path(candidate) / "initdb").exists():
            return Path(candidate)
    found = shutil.which("pg_ctl")
    return Path(found).parent if found else None


def _has_user(name: str) -> bool:
    try:
        pwd.getpwnam(name)
    except KeyError:
        return False
    return True


class PrivatePostgres:
    """A PostgreSQL cluster in a folder of its own on a free port, trust authentication, no
    fsync. The folder is made under the system temporary folder (pytest's is private to root,
    and the server runs as ``postgres``); :meth:`remove` deletes it."""

    def __init__(self) -> None:
        bin_dir = postgres_bin_dir()
        assert bin_dir is not None
        self.bin_dir = bin_dir
        folder = Path(tempfile.mkdtemp(prefix="prichal-pg-"))
        self.folder = folder
        self.data = folder / "data"
        self.port = _free_port()
        self._as_postgres = os.geteuid() == 0
        if self._as_postgres:
            shutil.chown(folder, user="postgres")
        self._run("initdb", "-D", str(self.data), "-A", "trust", "-U", "postgres", "--no-sync")

    @property
    def url(self) -> str:
        return f"postgresql+asyncpg://postgres@127.0.0.1:{self.port}/postgres"

    def _run(self, tool: str, *args: str) -> None:
        command = [str(self.bin_dir / tool), *args]
        if self._as_postgres:
            command = ["runuser", "-u", "postgres", "--", *command]
        subprocess.run(command, check=True, capture_output=True, timeout=60)

    def _ctl(self, action: str) -> None:
        options = f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1 -c fsync=off"
        self._run(
            "pg_ctl", "-D", str(self.data), "-o", options, "-l", str(self.folder / "log"),
            "-m", "fast", "-w", action,
        )  # fmt: skip

    def start(self) -> None:
        self._ctl("start")
        _wait_listening(self.port)

    def stop(self) -> None:
        self._ctl("stop")

    def remove(self) -> None:
        """Stop if running, and delete the cluster's folder."""
        with contextlib.suppress(subprocess.CalledProcessError):
            self.stop()
        shutil.rmtree(self.folder, ignore_errors=True)

    def restart(self) -> None:
        """A fast restart: open connections are cut, as when a server is rebooted."""
        self._ctl("restart")
        _wait_listening(self.port)


class PrivateRedis:
    """A Redis server on a free port that keeps nothing on disk."""

    def __init__(self) -> None:
        self.port = _free_port()
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        self.process = subprocess.Popen(
            [
                "redis-server", "--port", str(self.port), "--bind", "127.0.0.1",
                "--save", "", "--appendonly", "no",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )  # fmt: skip
        _wait_listening(self.port)

    def stop(self) -> None:
        if self.process is not None:
            self.process.kill()
            self.process.wait(timeout=10)
            self.process = None
