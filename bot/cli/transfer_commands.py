"""``import FILE [--dry-run]`` and ``export [FILE]`` (YAML contract in DESIGN.md)."""

from __future__ import annotations

import argparse
import asyncio
import sys
from pathlib import Path

from bot.cli.base import CliCommand
from bot.config import Settings


async def run_import(settings: Settings, text: str, *, dry_run: bool) -> tuple[int, list[str]]:
    """Import ``text`` into the configured database; returns the exit code and the lines."""
    from bot.app import prepare_database
    from bot.db.uow import unit_of_work
    from bot.factory import create_services
    from bot.features import plugins
    from bot.transfer.engine import import_document

    services = create_services(settings)
    try:
        await prepare_database(services)
        async with unit_of_work(services.sessions) as session:
            result = await import_document(
                session,
                text,
                actor_id=None,
                dry_run=dry_run,
                sections=plugins().transfer_sections,
            )
    finally:
        await services.close()
    if not result.ok:
        count = len(result.errors)
        lines = [f"error: {error}" for error in result.errors]
        return 1, [*lines, f"{count} error{'s' if count != 1 else ''}; nothing was written"]
    lines = result.summary()
    if dry_run:
        lines.append("dry run: the file is valid; nothing was written")
    return 0, lines


async def run_export(settings: Settings) -> str:
    from bot.app import prepare_database
    from bot.factory import create_services
    from bot.features import plugins
    from bot.transfer.engine import export_document

    services = create_services(settings)
    try:
        await prepare_database(services)
        async with services.sessions() as session:
            return await export_document(session, plugins().transfer_sections)
    finally:
        await services.close()


def _import(args: argparse.Namespace, settings: Settings) -> int:
    from bot.app import SchemaNotReadyError

    try:
        text = Path(args.file).read_text("utf-8")
    except OSError as error:
        print(f"error: cannot read {args.file}: {error.strerror or error}", file=sys.stderr)
        return 1
    except UnicodeDecodeError:
        print(f"error: {args.file} is not UTF-8 text", file=sys.stderr)
        return 1
    try:
        code, lines = asyncio.run(run_import(settings, text, dry_run=args.dry_run))
    except SchemaNotReadyError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    print("\n".join(lines), file=sys.stderr if code else sys.stdout)
    return code


def _export(args: argparse.Namespace, settings: Settings) -> int:
    from bot.app import SchemaNotReadyError

    try:
        document = asyncio.run(run_export(settings))
    except SchemaNotReadyError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    if args.file is None:
        sys.stdout.write(document)
        return 0
    try:
        Path(args.file).write_text(document, "utf-8")
    except OSError as error:
        print(f"error: cannot write {args.file}: {error.strerror or error}", file=sys.stderr)
        return 1
    print(f"exported to {args.file}", file=sys.stderr)
    return 0


def _configure_import(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", metavar="FILE", help="the YAML file to import")
    parser.add_argument(
        "--dry-run", action="store_true", help="validate and show what would change; write nothing"
    )


def _configure_export(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "file", metavar="FILE", nargs="?", default=None, help="where to write (default: stdout)"
    )


IMPORT = CliCommand(
    "import",
    "import groups and other content from YAML (all or nothing; --dry-run validates only)",
    _import,
    configure=_configure_import,
)
EXPORT = CliCommand(
    "export",
    "export groups and other content as YAML (stdout without FILE)",
    _export,
    configure=_configure_export,
)
