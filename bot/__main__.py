"""Command line (contract): ``python -m bot run|demo|worker|migrate|import|export|faq search``.

A missing or invalid setting ends the program with one line naming the variable, exit code 2.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
from collections.abc import Sequence

from bot.config import SettingsError, load_settings

EXIT_SETTINGS = 2


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m bot", description="Prichal bot")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    commands.add_parser("run", help="the bot: long polling, or a webhook when WEBHOOK_URL is set")
    commands.add_parser("migrate", help="bring the database schema up to date, load starter content")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        settings = load_settings()
        if args.command == "run":
            settings.token()
    except SettingsError as error:
        print(f"error: {error}", file=sys.stderr)
        return EXIT_SETTINGS

    from bot.logs import setup_logging

    setup_logging(settings)
    if args.command == "run":
        from bot.app import SchemaNotReady, run_bot

        try:
            asyncio.run(run_bot(settings))
        except SchemaNotReady as error:
            print(f"error: {error}", file=sys.stderr)
            return 1
        except KeyboardInterrupt:
            pass
        return 0
    if args.command == "migrate":
        from bot.app import run_migrate

        loaded = asyncio.run(run_migrate(settings))
        print(f"schema up to date; starter content loaded: {loaded}")
        return 0
    return 1


if __name__ == "__main__":
    sys.exit(main())
