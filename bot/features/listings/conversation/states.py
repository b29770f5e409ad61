"""Writing a message that the bot relays (the data says to whom: a listing or a thread)."""

from aiogram.fsm.state import State, StatesGroup


class RelayStates(StatesGroup):
    writing = State()
