"""Admins import a YAML file by sending it to the bot, and get the export with /export.

The file is validated whole and the import is tried in a savepoint first: the admin sees
every error by position, or exactly what would change, and confirms before anything is
written. Only ``.yaml``/``.yml`` documents come here (anything else falls through to the
other features); the router's gate refuses non-admins and audits the attempt.
"""

from __future__ import annotations

import io
import logging

from aiogram import Bot, F, Router
from aiogram.exceptions import TelegramAPIError
from aiogram.filters import Command
from aiogram.filters.callback_data import CallbackData
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import BufferedInputFile, CallbackQuery, Message
from aiogram_i18n import I18nContext
from sqlalchemy.ext.asyncio import AsyncSession

from bot.access import Access
from bot.db.models import Role
from bot.db.types import utcnow
from bot.i18n import Markup, escape
from bot.middlewares.roles import RequireRole, audited
from bot.plugins import Plugins
from bot.transfer.engine import (
    MAX_DOCUMENT_BYTES,
    ImportResult,
    dump_document,
    export_data,
    import_document,
)
from bot.ui.keyboards import InlineKeyboardBuilder
from bot.ui.screens import edit_or_answer

log = logging.getLogger(__name__)

# Characters of error lines in one message (Telegram allows 4096 in all).
ERRORS_TEXT_LIMIT = 3000
YAML_SUFFIXES = (".yaml", ".yml")


class ImportCb(CallbackData, prefix="imp"):
    """``a``: go (import the file checked last), no (forget it)."""

    a: str


class AdminImport(StatesGroup):
    """A checked file waits for the admin's go. FSM data: ``file_id``, ``name``."""

    confirm = State()


class _UnreadableError(Exception):
    def __init__(self, key: str) -> None:
        self.key = key


async def _read(bot: Bot, file_id: str) -> str:
    buffer = io.BytesIO()
    try:
        await bot.download(file_id, destination=buffer)
    except TelegramAPIError as error:
        log.warning("import file not downloaded: %s", type(error).__name__)
        raise _UnreadableError("transfer-download-failed") from None
    content = buffer.getvalue()
    if len(content) > MAX_DOCUMENT_BYTES:
        raise _UnreadableError("transfer-too-large")
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise _UnreadableError("transfer-not-utf8") from None


def _summary(i18n: I18nContext, result: ImportResult) -> Markup:
    """One line per section, from the catalog (already escaped)."""
    return Markup(
        "\n".join(
            i18n.get(
                "transfer-section-summary",
                section=name,
                created=report.created,
                updated=report.updated,
                unchanged=report.unchanged,
            )
            for name, report in result.reports.items()
        )
        or i18n.get("transfer-nothing")
    )


async def _tell_errors(
    message: Message, i18n: I18nContext, result: ImportResult, name: str
) -> None:
    """Every error by position: as many as fit in one message, and all of them as a file
    when they do not."""
    lines: list[str] = []
    for error in result.errors:
        line = f"• {error}"
        if sum(len(item) + 1 for item in lines) + len(line) > ERRORS_TEXT_LIMIT:
            break
        lines.append(line)
    # The lines may be long together: escaped here, not interpolated by Fluent.
    text = (
        i18n.get("transfer-invalid", file=name, count=len(result.errors))
        + "\n"
        + escape("\n".join(lines))
    )
    hidden = len(result.errors) - len(lines)
    if hidden:
        text += "\n" + i18n.get("transfer-more-errors", count=hidden)
    await message.answer(text)
    if hidden:
        report = "\n".join(str(error) for error in result.errors).encode("utf-8")
        await message.answer_document(
            BufferedInputFile(report, filename="import-errors.txt"),
            caption=i18n.get("transfer-errors-file"),
        )


async def received_file(
    message: Message,
    bot: Bot,
    i18n: I18nContext,
    session: AsyncSession,
    access: Access,
    state: FSMContext,
    plugins: Plugins,
) -> None:
    document = message.document
    assert document is not None
    name = document.file_name or "import.yaml"
    if document.file_size is not None and document.file_size > MAX_DOCUMENT_BYTES:
        await message.answer(i18n.get("transfer-too-large"))
        return
    try:
        text = await _read(bot, document.file_id)
    except _UnreadableError as problem:
        await message.answer(i18n.get(problem.key))
        return
    result = await import_document(
        session,
        text,
        actor_id=access.user_id,
        dry_run=True,
        sections=plugins.transfer_sections,
    )
    if not result.ok:
        await state.clear()
        await _tell_errors(message, i18n, result, name)
        return
    await state.set_state(AdminImport.confirm)
    await state.set_data({"file_id": document.file_id, "name": name})
    builder = InlineKeyboardBuilder()
    builder.button(text=i18n.get("transfer-button-go"), callback_data=ImportCb(a="go"))
    builder.button(text=i18n.get("transfer-button-no"), callback_data=ImportCb(a="no"))
    builder.adjust(1)
    await message.answer(
        i18n.get("transfer-valid", file=name, summary=_summary(i18n, result)),
        reply_markup=builder.as_markup(),
    )


async def confirmed(
    query: CallbackQuery,
    bot: Bot,
    i18n: I18nContext,
    session: AsyncSession,
    access: Access,
    state: FSMContext,
    plugins: Plugins,
) -> None:
    data = await state.get_data()
    await state.clear()
    try:
        text = await _read(bot, str(data["file_id"]))
    except _UnreadableError as problem:
        await edit_or_answer(query, i18n.get(problem.key))
        return
    result = await import_document(
        session, text, actor_id=access.user_id, sections=plugins.transfer_sections
    )
    if not result.ok:  # the database changed since the check; still all or nothing
        await query.answer()
        assert isinstance(query.message, Message)
        await _tell_errors(query.message, i18n, result, str(data.get("name", "")))
        return
    await edit_or_answer(
        query,
        i18n.get("transfer-done", file=str(data.get("name", "")), summary=_summary(i18n, result)),
    )


async def declined(query: CallbackQuery, i18n: I18nContext, state: FSMContext) -> None:
    await state.clear()
    await edit_or_answer(query, i18n.get("transfer-declined"))


async def export_command(
    message: Message, i18n: I18nContext, session: AsyncSession, plugins: Plugins
) -> None:
    data = await export_data(session, plugins.transfer_sections)
    document = dump_document(data)
    summary = ", ".join(f"{name}: {len(rows)}" for name, rows in data.items())
    filename = f"prichal-export-{utcnow():%Y-%m-%d}.yaml"
    await message.answer_document(
        BufferedInputFile(document.encode("utf-8"), filename=filename),
        caption=i18n.get("transfer-exported", summary=summary),
    )


def _is_yaml(message: Message) -> bool:
    name = (message.document.file_name or "") if message.document else ""
    return name.lower().endswith(YAML_SUFFIXES)


def create_router() -> Router:
    """A new router with this feature's handlers (one per Dispatcher)."""
    router = Router(name="admin.transfer")
    router.message.filter(F.chat.type == "private")
    router.callback_query.filter(F.message.chat.type == "private")
    router.message.middleware(RequireRole(Role.ADMIN, area="admin"))
    router.callback_query.middleware(RequireRole(Role.ADMIN, area="admin"))
    router.message.register(
        received_file, F.document, _is_yaml, flags=audited("admin.received_file")
    )
    router.message.register(
        export_command, Command("export"), flags=audited("admin.export_command")
    )
    router.callback_query.register(
        confirmed,
        AdminImport.confirm,
        ImportCb.filter(F.a == "go"),
        flags=audited("admin.confirmed"),
    )
    router.callback_query.register(
        declined, ImportCb.filter(F.a == "no"), flags=audited("admin.declined")
    )
    return router
