"""Where a moderator or an author is while the bot waits for their words."""

from aiogram.fsm.state import State, StatesGroup


class Review(StatesGroup):
    """A moderator typing: the reason for a rejection, a corrected field, a take-down reason.

    FSM data: ``item`` (review item id) or ``report`` (report id), ``at`` (queue position),
    ``field`` (while editing).
    """

    reason = State()
    edit_value = State()
    takedown_reason = State()
    ban_reason = State()  # why the member behind an item is banned


class Appeal(StatesGroup):
    """The author explaining their appeal. FSM data: ``item``."""

    text = State()
