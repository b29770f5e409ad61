"""``python -m bot demo``: the emulator, the bot, its worker and demo data, with no setup."""

from __future__ import annotations

import argparse
from pathlib import Path

from bot.cli.base import CliCommand
from bot.config import Settings
from bot.demo import DEFAULT_HOST, DEFAULT_PORT


def _port(value: str) -> int:
    port = int(value)
    if not 0 <= port <= 65535:
        raise argparse.ArgumentTypeError("a port is 0-65535 (0: any free port)")
    return port


def _configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--host", default=DEFAULT_HOST, help=f"where the web chat listens (default {DEFAULT_HOST})"
    )
    parser.add_argument(
        "--port",
        type=_port,
        default=DEFAULT_PORT,
        help=f"the web chat and Bot API port (default {DEFAULT_PORT})",
    )
    where = parser.add_mutually_exclusive_group()
    where.add_argument(
        "--data-dir",
        type=Path,
        help="keep the SQLite database in this folder (default: a temporary folder, removed "
        "on exit)",
    )
    where.add_argument("--database-url", help="run the demo on an existing database instead")
    parser.add_argument("--verbose", action="store_true", help="log what the bot does")


def _run(args: argparse.Namespace, settings: Settings) -> int:
    # The demo configures itself: ``settings`` are the bare defaults, never the environment.
    try:
        from bot.demo.runner import DemoOptions, run_demo
    except KeyboardInterrupt:  # Ctrl-C while the bot's libraries load: nothing runs yet
        return 130
    return run_demo(
        DemoOptions(
            host=args.host,
            port=args.port,
            data_dir=args.data_dir,
            database_url=args.database_url,
            verbose=args.verbose,
        )
    )


DEMO = CliCommand(
    "demo",
    "try Prichal: a local Telegram emulator with a web chat, the bot, its worker and demo "
    "data; prints the chat URL",
    _run,
    configure=_configure,
    reads_settings=False,
)
