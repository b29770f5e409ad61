"""The shape of one CLI subcommand."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from dataclasses import dataclass

from bot.config import Settings


@dataclass(frozen=True)
class CliCommand:
    """``run`` returns the exit code. ``needs_token``: refuse to start without ``BOT_TOKEN``."""

    name: str
    help: str
    run: Callable[[argparse.Namespace, Settings], int]
    configure: Callable[[argparse.ArgumentParser], None] = lambda parser: None
    needs_token: bool = False
    # Some commands (the demo) configure themselves and must start even with no environment.
    reads_settings: bool = True
