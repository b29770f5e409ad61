"""Showing a screen: in place of the pressed message, or as a new message after typed text."""

from __future__ import annotations

from aiogram.exceptions import TelegramBadRequest
from aiogram.types import CallbackQuery, InaccessibleMessage, InlineKeyboardMarkup, Message

Target = Message | CallbackQuery
"""What a screen answers: a typed message, or a pressed button."""


async def edit_or_answer(
    query: CallbackQuery,
    text: str,
    reply_markup: InlineKeyboardMarkup | None = None,
    *,
    toast: str | None = None,
) -> Message | None:
    """Show ``text`` in place of the pressed message; send a new one when it cannot be edited.

    Telegram refuses to edit messages older than 48 hours (and unchanged content); the member
    must still get an answer, so fall back to a new message. ``toast`` is the short notice
    shown on the button press (a callback query is answered exactly once, here).
    """
    await query.answer(toast)
    message = query.message
    if message is None or isinstance(message, InaccessibleMessage):
        if query.from_user is None:
            return None
        assert query.bot is not None
        return await query.bot.send_message(query.from_user.id, text, reply_markup=reply_markup)
    if message.text == text and message.reply_markup == reply_markup:
        return message
    try:
        edited = await message.edit_text(text, reply_markup=reply_markup)
    except TelegramBadRequest as error:
        if "message is not modified" in error.message:
            return message
        return await message.answer(text, reply_markup=reply_markup)
    return edited if isinstance(edited, Message) else message


async def show(
    target: Target,
    text: str,
    markup: InlineKeyboardMarkup | None = None,
    *,
    prefix: str | None = None,
) -> None:
    """Reply or edit: ``text`` in place of the pressed message when ``target`` is a button press
    (see :func:`edit_or_answer`), else as a new message. ``prefix`` (a note such as "saved" or
    a validation message) goes above the screen, a blank line between."""
    if prefix:
        text = f"{prefix}\n\n{text}"
    if isinstance(target, CallbackQuery):
        await edit_or_answer(target, text, markup)
    else:
        await target.answer(text, reply_markup=markup)


__all__ = ["Target", "edit_or_answer", "show"]
