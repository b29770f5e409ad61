"""Command line (contract): ``python -m bot run|demo|worker|migrate|import|export|faq search``.

A missing or invalid setting ends the program with one line naming the variable, exit code 2.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from bot.cli import all_commands
from bot.config import SettingsError, load_settings

EXIT_SETTINGS = 2


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m bot", description="Prichal bot")
    subparsers = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for command in all_commands():
        sub = subparsers.add_parser(command.name, help=command.help, description=command.help)
        command.configure(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    command = next(c for c in all_commands() if c.name == args.command)
    try:
        # A command that configures itself (the demo) must start whatever the environment holds.
        settings = load_settings(environment=command.reads_settings)
        if command.needs_token:
            settings.token()
    except SettingsError as error:
        print(f"error: {error}", file=sys.stderr)
        return EXIT_SETTINGS

    from bot.logs import setup_error_reporting, setup_logging

    setup_logging(settings)
    setup_error_reporting(settings)
    if command.reads_settings and not getattr(args, "new_key", False):
        import asyncio

        from bot.db.keys import open_data_keys

        try:
            # A server database without PRICHAL_DATA_KEYS, a malformed key, a lost key file or
            # a key that does not open this database's data stops here.
            asyncio.run(open_data_keys(settings))
        except SettingsError as error:
            print(f"error: {error}", file=sys.stderr)
            return EXIT_SETTINGS
    return command.run(args, settings)


if __name__ == "__main__":
    sys.exit(main())
