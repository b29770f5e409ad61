"""``python -m bot faq search`` (contract in DESIGN.md).

``faq search QUERY [--country CC] [--lang ru|en] [--limit N] [--json]`` prints the best entries
for one question; ``faq search --batch FILE [--limit N]`` reads JSON lines
``{"q": ..., "country": "GE" | null, "lang": "ru"}`` (``-`` for standard input; ``--country`` and
``--lang`` fill keys a line leaves out) and prints one
JSON array per line, in order — a blank or unreadable line gives ``[]`` so that output line *n*
always answers input line *n* (unreadable lines are reported on standard error, exit code 1).
The index is built once from the published entries of ``DATABASE_URL`` and reused for every
line. The embedded SQLite default is migrated (and seeded) first, as ``run`` does.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import re
import sys
from collections.abc import Iterable
from typing import IO, TYPE_CHECKING, Any

from bot.cli.base import CliCommand
from bot.config import Settings

if TYPE_CHECKING:
    from bot.search import FaqSearchIndex

EXIT_BAD_INPUT = 1
EXIT_USAGE = 2
MAX_LIMIT = 50
_COUNTRY_RE = re.compile(r"^[A-Za-z]{2}$")


def _country(value: str) -> str:
    if not _COUNTRY_RE.match(value):
        raise argparse.ArgumentTypeError("a two-letter ISO country code, e.g. GE")
    return value.upper()


def _limit(value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError("a whole number") from None
    if not 1 <= number <= MAX_LIMIT:
        raise argparse.ArgumentTypeError(f"between 1 and {MAX_LIMIT}")
    return number


def _configure(parser: argparse.ArgumentParser) -> None:
    subcommands = parser.add_subparsers(dest="faq_command", required=True, metavar="SUBCOMMAND")
    search = subcommands.add_parser(
        "search",
        help="search the knowledge base as a member would",
        description="Search the published knowledge base entries. A country named in the "
        "question wins over --country (the asking member's profile country).",
    )
    search.add_argument("query", nargs="?", help="the question, in any words")
    search.add_argument("--country", type=_country, help="the asker's profile country (GE)")
    search.add_argument("--lang", choices=("ru", "en"), help="language of the titles")
    search.add_argument("--limit", type=_limit, default=5, help="at most N results (default 5)")
    search.add_argument("--json", action="store_true", help="print one JSON array")
    search.add_argument(
        "--batch",
        metavar="FILE",
        help='JSON lines {"q": ..., "country": ..., "lang": ...}; "-" reads standard input',
    )


def _run(args: argparse.Namespace, settings: Settings) -> int:
    if args.faq_command != "search":  # pragma: no cover - argparse allows only "search"
        return EXIT_USAGE
    if (args.query is None) == (args.batch is None):
        print("error: give either a QUERY or --batch FILE", file=sys.stderr)
        return EXIT_USAGE
    try:
        index = asyncio.run(_load_index(settings))
    except _NotReadyError as error:
        print(f"error: {error}", file=sys.stderr)
        return EXIT_BAD_INPUT
    if args.batch is None:
        hits = index.search(args.query, country=args.country, lang=args.lang, limit=args.limit)
        rows = [hit.as_dict() for hit in hits]
        if args.json:
            print(json.dumps(rows, ensure_ascii=False))
        else:
            _print_table(rows)
        return 0
    defaults = (args.country, args.lang)
    if args.batch == "-":
        return _batch(index, sys.stdin, args.limit, defaults)
    try:
        with open(args.batch, encoding="utf-8") as lines:
            return _batch(index, lines, args.limit, defaults)
    except OSError as error:
        print(f"error: cannot read {args.batch}: {error.strerror}", file=sys.stderr)
        return EXIT_BAD_INPUT


class _NotReadyError(Exception):
    pass


async def _load_index(settings: Settings) -> FaqSearchIndex:
    """The index over the published entries, built once."""
    # Only what a search needs: no aiogram, no routers (start-up in well under 1.5 s).
    from bot.db.crypto import configure_data_keys, data_keys_for
    from bot.db.engine import create_engine, create_session_factory
    from bot.features.faq.service import FaqLibrary
    from bot.features.faq.starter import STARTER_CONTENT
    from bot.prepare import SchemaNotReadyError, prepare_database

    configure_data_keys(data_keys_for(settings))
    engine = create_engine(settings.database_url)
    sessions = create_session_factory(engine)
    try:
        try:
            # The knowledge base's own starter content only: the other features' descriptors
            # import aiogram and every router (seconds); ``run`` and ``migrate`` load theirs.
            await prepare_database(settings, engine, sessions, STARTER_CONTENT)
        except SchemaNotReadyError as error:
            raise _NotReadyError(str(error)) from None
        async with sessions() as session:
            loaded = await FaqLibrary().current(session)
        return loaded.index
    finally:
        await engine.dispose()


def _batch(
    index: FaqSearchIndex,
    lines: Iterable[str] | IO[str],
    limit: int,
    defaults: tuple[str | None, str | None] = (None, None),
) -> int:
    failed = 0
    for number, line in enumerate(lines, start=1):
        rows: list[dict[str, Any]] = []
        if line.strip():
            try:
                question, country, lang = _parse_line(line, defaults)
            except ValueError as error:
                print(f"line {number}: {error}", file=sys.stderr)
                failed += 1
            else:
                hits = index.search(question, country=country, lang=lang, limit=limit)
                rows = [hit.as_dict() for hit in hits]
        sys.stdout.write(json.dumps(rows, ensure_ascii=False) + "\n")
        sys.stdout.flush()
    return EXIT_BAD_INPUT if failed else 0


def _parse_line(
    line: str, defaults: tuple[str | None, str | None]
) -> tuple[str, str | None, str | None]:
    try:
        item = json.loads(line)
    except json.JSONDecodeError as error:
        raise ValueError(f"not JSON ({error.msg})") from None
    if not isinstance(item, dict):
        raise ValueError('expected an object like {"q": "...", "country": "GE", "lang": "ru"}')
    question = item.get("q")
    if not isinstance(question, str):
        raise ValueError('"q" must be a string')
    country = item.get("country", defaults[0])
    if country is not None and (not isinstance(country, str) or not _COUNTRY_RE.match(country)):
        raise ValueError('"country" must be a two-letter code or null')
    lang = item.get("lang", defaults[1])
    if lang is not None and lang not in ("ru", "en"):
        raise ValueError('"lang" must be "ru", "en" or null')
    return question, country.upper() if country else None, lang


def _print_table(rows: list[dict[str, Any]]) -> None:
    if not rows:
        print("no answers")
        return
    for row in rows:
        print(f"{row['score']:.2f}  {row['slug']:<32} {row['title']}")


FAQ = CliCommand("faq", "the knowledge base: faq search QUERY | --batch FILE", _run, _configure)
