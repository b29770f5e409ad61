"""``run``, ``worker`` and ``migrate``."""

from __future__ import annotations

import argparse
import asyncio
import sys

from bot.cli.base import CliCommand
from bot.config import Settings, SettingsError


def _run(args: argparse.Namespace, settings: Settings) -> int:
    from bot.app import SchemaNotReadyError, run_bot

    try:
        asyncio.run(run_bot(settings))
    except SchemaNotReadyError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    except SettingsError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        pass
    return 0


def _worker(args: argparse.Namespace, settings: Settings) -> int:
    from bot.app import SchemaNotReadyError, run_worker

    try:
        asyncio.run(run_worker(settings))
    except SchemaNotReadyError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    except SettingsError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        pass
    return 0


def _migrate(args: argparse.Namespace, settings: Settings) -> int:
    from bot.app import run_migrate

    loaded = asyncio.run(run_migrate(settings))
    summary = ", ".join(f"{kind}: {count}" for kind, count in loaded.items())
    print(f"schema up to date; new starter content loaded ({summary})")
    return 0


RUN = CliCommand(
    "run",
    "the bot: long polling, or a webhook server when WEBHOOK_URL is set",
    _run,
    needs_token=True,
)
WORKER = CliCommand(
    "worker", "background worker only (deliveries, reminders, expiry)", _worker, needs_token=True
)
MIGRATE = CliCommand("migrate", "bring the schema up to date and load starter content", _migrate)
