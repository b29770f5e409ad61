"""The import/export engine: one YAML document, the sections it is given (every feature's
``Plugins.transfer_sections``, handed down by the composition root).

Import is all or nothing. The text is parsed (a YAML error is reported with its line and
column), unknown top-level keys are errors, every section validates its rows, and only when
nothing at all is wrong are the sections applied — in the caller's transaction, which the
caller commits (the CLI's unit of work, or the update's session middleware). A dry run applies
inside a savepoint and rolls it back, so its summary is exactly what a real import would do.

Errors carry a position such as ``groups[2].link``; the engine adds the line of the file it
comes from, so an admin can find it in their editor.
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import yaml
from sqlalchemy.ext.asyncio import AsyncSession

from bot.access import audit
from bot.transfer.base import SectionReport, TransferError, TransferSection
from bot.transfer.yaml_loader import LimitError, compose

# What an admin may send to the bot as a document (the CLI reads files of any size).
MAX_DOCUMENT_BYTES = 2 * 1024 * 1024
FILE = "(file)"


# How long the checks of one document may take (they run in a thread: the bot goes on serving).
PARSE_SECONDS = 60.0


@dataclass(frozen=True)
class LocatedError:
    """A :class:`TransferError` with the line (1-based) it points at, when known."""

    position: str
    message: str
    line: int | None = None

    def __str__(self) -> str:
        where = f"{self.position} (line {self.line})" if self.line else self.position
        return f"{where}: {self.message}"


@dataclass
class ParsedDocument:
    """The validated items of each section, or the errors that stop the import."""

    items: dict[str, list[Any]] = field(default_factory=dict)
    errors: list[LocatedError] = field(default_factory=list)


@dataclass
class ImportResult:
    errors: list[LocatedError] = field(default_factory=list)
    reports: dict[str, SectionReport] = field(default_factory=dict)
    dry_run: bool = False

    @property
    def ok(self) -> bool:
        return not self.errors

    def summary(self) -> list[str]:
        """One line per section: ``groups: 3 created, 1 updated, 5 unchanged``."""
        return [
            f"{name}: {r.created} created, {r.updated} updated, {r.unchanged} unchanged"
            for name, r in self.reports.items()
        ]


def _lines_of(
    node: yaml.Node,
    path: str,
    lines: dict[str, int],
    errors: list[LocatedError],
    walked: set[int] | None = None,
) -> None:
    """Record the line of every position under ``node``; flag keys given twice (YAML would
    silently keep the last one). A node reached again through an alias is not walked again:
    its lines are those of its anchor."""
    walked = set() if walked is None else walked
    lines.setdefault(path, node.start_mark.line + 1)
    if id(node) in walked:
        return
    walked.add(id(node))
    if isinstance(node, yaml.MappingNode):
        seen: set[str] = set()
        for key_node, value_node in node.value:
            key = str(key_node.value)
            child = key if path == FILE else f"{path}.{key}"
            if key in seen:
                errors.append(
                    LocatedError(child, "given twice; keep one", key_node.start_mark.line + 1)
                )
            seen.add(key)
            lines[child] = key_node.start_mark.line + 1
            _lines_of(value_node, child, lines, errors, walked)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _lines_of(item, f"{path}[{index}]", lines, errors, walked)


def _line_for(position: str, lines: dict[str, int]) -> int | None:
    """The line of ``position``, or of the nearest enclosing position that exists."""
    while position:
        if position in lines:
            return lines[position]
        cut = max(position.rfind("."), position.rfind("["))
        if cut <= 0:
            break
        position = position[:cut]
    return lines.get(position)


def parse_document(text: str, sections: Sequence[TransferSection]) -> ParsedDocument:
    """Parse and validate the whole document; nothing touches the database here.

    CPU work only (call :func:`check_document` from async code). Whatever the text, the result
    is errors by position, never an exception: a document past the loader's limits (aliases,
    nesting, size: :mod:`bot.transfer.yaml_loader`) is one error line saying where.
    """
    sections = list(sections)
    parsed = ParsedDocument()
    try:
        node, data = compose(text)
    except LimitError as error:
        parsed.errors.append(LocatedError(FILE, f"refused: {_where(error)}"))
        return parsed
    except yaml.MarkedYAMLError as error:
        parsed.errors.append(LocatedError(FILE, f"not valid YAML: {_where(error)}"))
        return parsed
    except (yaml.YAMLError, ValueError, TypeError) as error:
        parsed.errors.append(LocatedError(FILE, f"not valid YAML: {_one_line(str(error))}"))
        return parsed
    except RecursionError:  # the limits should stop it first; never a traceback all the same
        parsed.errors.append(LocatedError(FILE, "refused: nested too deeply"))
        return parsed
    known = {section.name: section for section in sections}
    names = ", ".join(known)
    if data is None:
        parsed.errors.append(LocatedError(FILE, f"the file is empty; expected sections: {names}"))
        return parsed
    if not isinstance(data, dict):
        parsed.errors.append(
            LocatedError(FILE, f"expected sections at the top ({names}), not a list or a value", 1)
        )
        return parsed
    lines: dict[str, int] = {}
    assert node is not None
    _lines_of(node, FILE, lines, parsed.errors)
    for key in data:
        if key not in known:
            parsed.errors.append(
                LocatedError(
                    str(key), f"unknown section; expected one of: {names}", lines.get(str(key))
                )
            )
    for name, section in known.items():
        if name not in data:
            continue
        items, errors = section.validate(data[name])
        parsed.errors.extend(
            LocatedError(error.position, error.message, _line_for(error.position, lines))
            for error in errors
        )
        parsed.items[name] = items
    # In the order of the file, so an admin can fix them top to bottom.
    parsed.errors.sort(key=lambda error: error.line or 0)
    return parsed


def _where(error: yaml.MarkedYAMLError) -> str:
    """The problem and its position, on one line."""
    mark = error.problem_mark or error.context_mark
    problem = _one_line(error.problem or error.context or "not valid YAML")
    if mark is not None:
        problem = f"{problem} (line {mark.line + 1}, column {mark.column + 1})"
    return problem


def _one_line(text: str) -> str:
    return " ".join(text.split())


async def check_document(text: str, sections: Sequence[TransferSection]) -> ParsedDocument:
    """:func:`parse_document` in a worker thread, within :data:`PARSE_SECONDS`: however long a
    document takes to check, the event loop goes on serving every other member."""
    sections = list(sections)
    try:
        return await asyncio.wait_for(
            asyncio.to_thread(parse_document, text, sections), PARSE_SECONDS
        )
    except TimeoutError:
        parsed = ParsedDocument()
        parsed.errors.append(
            LocatedError(FILE, f"refused: checking it took longer than {PARSE_SECONDS:.0f} s")
        )
        return parsed


async def import_document(
    session: AsyncSession,
    text: str,
    *,
    actor_id: int | None,
    dry_run: bool = False,
    sections: Sequence[TransferSection],
) -> ImportResult:
    """Validate everything, then apply every section (or, on a dry run, apply and roll back).

    Never commits: the caller owns the transaction. Nothing is applied when there is any error.
    """
    sections = list(sections)
    parsed = await check_document(text, sections)
    if parsed.errors:
        return ImportResult(errors=parsed.errors, dry_run=dry_run)
    result = ImportResult(dry_run=dry_run)
    if dry_run:
        savepoint = await session.begin_nested()
        try:
            await _apply(session, sections, parsed, actor_id, result)
        finally:
            await savepoint.rollback()
        return result
    await _apply(session, sections, parsed, actor_id, result)
    await audit(
        session,
        actor_id=actor_id,
        action="transfer.import",
        details={
            name: {"created": r.created, "updated": r.updated, "unchanged": r.unchanged}
            for name, r in result.reports.items()
        },
    )
    return result


async def _apply(
    session: AsyncSession,
    sections: Sequence[TransferSection],
    parsed: ParsedDocument,
    actor_id: int | None,
    result: ImportResult,
) -> None:
    for section in sections:
        if section.name in parsed.items:
            result.reports[section.name] = await section.apply(
                session, parsed.items[section.name], actor_id
            )
    await session.flush()


async def export_data(
    session: AsyncSession, sections: Sequence[TransferSection]
) -> dict[str, list[dict[str, Any]]]:
    sections = list(sections)
    return {section.name: await section.export(session) for section in sections}


def dump_document(data: dict[str, list[dict[str, Any]]]) -> str:
    """Exported sections as YAML text (libyaml's emitter when available)."""
    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
    return yaml.dump(data, Dumper=dumper, allow_unicode=True, sort_keys=False, width=100)


async def export_document(session: AsyncSession, sections: Sequence[TransferSection]) -> str:
    """Every section in the import format (importing it again changes nothing)."""
    return dump_document(await export_data(session, sections))


__all__ = [
    "MAX_DOCUMENT_BYTES",
    "ImportResult",
    "LocatedError",
    "TransferError",
    "check_document",
    "dump_document",
    "export_data",
    "export_document",
    "import_document",
    "parse_document",
]
