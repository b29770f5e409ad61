"""Showing a screen: in place of the pressed message, or as a new message after typed text."""

from __future__ import annotations

from contextlib import suppress

from aiogram.exceptions import TelegramBadRequest
from aiogram.fsm.context import FSMContext
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


# FSM data: the message that shows a wizard's current step, so that when the member answers it
# by typing its buttons are taken away instead of staying on screen under a finished question.
STEP_MESSAGE_KEY = "step_message"


async def show_step_screen(
    target: Target,
    text: str,
    markup: InlineKeyboardMarkup | None,
    *,
    state: FSMContext,
    prefix: str | None = None,
) -> None:
    """:func:`show` for a wizard's step: remembers which message shows it and, after typed
    text, takes the buttons off the step shown before (only the current step offers any)."""
    if prefix:
        text = f"{prefix}\n\n{text}"
    if isinstance(target, CallbackQuery):
        shown = await edit_or_answer(target, text, markup)
    else:
        await drop_step_buttons(target, state)
        shown = await target.answer(text, reply_markup=markup)
    if shown is not None:
        await state.update_data({STEP_MESSAGE_KEY: shown.message_id})


async def drop_step_buttons(message: Message, state: FSMContext) -> None:
    """Take the buttons off the message that showed the step just answered by typing."""
    shown = (await state.get_data()).get(STEP_MESSAGE_KEY)
    if not isinstance(shown, int) or message.bot is None:
        return
    # Already gone, too old to edit, or without buttons: nothing to take away.
    with suppress(TelegramBadRequest):
        await message.bot.edit_message_reply_markup(
            chat_id=message.chat.id, message_id=shown, reply_markup=None
        )
    await state.update_data({STEP_MESSAGE_KEY: None})


__all__ = ["Target", "drop_step_buttons", "edit_or_answer", "show", "show_step_screen"]
