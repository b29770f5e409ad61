"""Subcommands of ``python -m bot`` (contract in DESIGN.md). Each lives in its own module and
is listed once in :func:`all_commands`."""

from __future__ import annotations

from bot.cli.base import CliCommand


def all_commands() -> list[CliCommand]:
    from bot.cli import (
        demo_command,
        faq_commands,
        key_commands,
        service_commands,
        transfer_commands,
    )

    return [
        service_commands.RUN,
        demo_command.DEMO,
        service_commands.WORKER,
        service_commands.MIGRATE,
        faq_commands.FAQ,
        transfer_commands.IMPORT,
        transfer_commands.EXPORT,
        key_commands.ROTATE_KEY,
    ]
